import Foundation
import Testing
@testable import Daemon

struct NewestSlotTests {
    @Test func keepsOnlyTheNewestAndCountsReplacements() {
        let slot = NewestSlot(spare: 0)
        var produced = 1
        #expect(slot.put(&produced) == false)
        #expect(produced == 0, "the producer gets the spare back")
        produced = 2
        #expect(slot.put(&produced) == true, "1 was never taken: dropped")
        var consumed = -1
        #expect(slot.take(&consumed, timeout: 0))
        #expect(consumed == 2)
        #expect(slot.take(&consumed, timeout: 0.01) == false, "nothing new")
    }

    @Test func buffersCirculateWithoutCopies() {
        // Three arrays circulate; their storage is swapped, never reallocated.
        let spare = [UInt8](repeating: 0, count: 16)
        let spareAddress = spare.withUnsafeBufferPointer { $0.baseAddress }
        let slot = NewestSlot(spare: spare)
        var producer = [UInt8](repeating: 1, count: 16)
        let producerAddress = producer.withUnsafeBufferPointer { $0.baseAddress }
        slot.put(&producer)
        #expect(producer.withUnsafeBufferPointer { $0.baseAddress } == spareAddress)
        var consumer = [UInt8](repeating: 2, count: 16)
        #expect(slot.take(&consumer, timeout: 0))
        #expect(consumer.withUnsafeBufferPointer { $0.baseAddress } == producerAddress)
    }

    @Test func aReadingTakeLeavesTheBufferForTheProducer() {
        // Two arrays circulate: the consumer reads the newest in place and holds none.
        let slot = NewestSlot(spare: [UInt8](repeating: 0, count: 16))
        var producer = [UInt8](repeating: 7, count: 16)
        let filledAddress = producer.withUnsafeBufferPointer { $0.baseAddress }
        slot.put(&producer)
        var read: UInt8 = 0
        #expect(slot.take(timeout: 0) { read = $0[0] })
        #expect(read == 7)
        #expect(slot.take(timeout: 0.01) { _ in Issue.record("nothing new to read") } == false)
        producer[0] = 8
        #expect(slot.put(&producer) == false, "the value read counts as taken, not dropped")
        #expect(producer.withUnsafeBufferPointer { $0.baseAddress } == filledAddress, "the read buffer comes back")
    }

    @Test func closeWakesAWaiter() async {
        let slot = NewestSlot(spare: 0)
        let waiter = Task.detached {
            var value = 0
            return slot.take(&value, timeout: 5)
        }
        try? await Task.sleep(for: .milliseconds(50))
        let start = Date()
        slot.close()
        #expect(await waiter.value == false)
        #expect(Date().timeIntervalSince(start) < 1)
    }
}
