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
