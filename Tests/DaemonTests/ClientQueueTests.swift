import NIOCore
import Testing
@testable import Daemon

struct ClientQueueTests {
    private func message(_ number: Int) -> ByteBuffer { ByteBuffer(string: "m\(number)\n") }

    @Test func slowClientLosesOldestAndIsToldHowMany() async {
        let queue = ClientQueue(capacity: 3, stallTimeout: 10)
        var outcomes: [ClientQueue.Outcome] = []
        for number in 1...5 { outcomes.append(queue.offer(message(number), now: 0)) }
        #expect(outcomes == [.queued, .queued, .queued, .droppedOldest, .droppedOldest])

        let overflow = await queue.next().map { String(buffer: $0) }
        #expect(overflow == "{\"type\":\"overflow\",\"dropped\":2,\"dropped_total\":2}\n")
        var rest: [String] = []
        for _ in 0..<3 { rest.append(String(buffer: await queue.next()!)) }
        #expect(rest == ["m3\n", "m4\n", "m5\n"], "the newest messages survive, in order")
        #expect(queue.droppedTotal == 2)
    }

    @Test func queueFullPastTheStallTimeoutEvicts() {
        let queue = ClientQueue(capacity: 2, stallTimeout: 1)
        #expect(queue.offer(message(1), now: 0) == .queued)
        #expect(queue.offer(message(2), now: 0) == .queued)
        #expect(queue.offer(message(3), now: 100_000_000) == .droppedOldest)  // full since 0.1 s
        #expect(queue.offer(message(4), now: 1_000_000_000) == .droppedOldest)
        #expect(queue.offer(message(5), now: 1_200_000_000) == .evict)
        #expect(queue.offer(message(6), now: 1_300_000_000) == .evict, "stays evicted")
    }

    @Test func readingResetsTheStallClock() async {
        let queue = ClientQueue(capacity: 1, stallTimeout: 1)
        _ = queue.offer(message(1), now: 0)
        #expect(queue.offer(message(2), now: 500_000_000) == .droppedOldest)
        _ = await queue.next()  // overflow report
        _ = await queue.next()  // m2: the queue is no longer full
        #expect(queue.offer(message(3), now: 2_000_000_000) == .queued)
        #expect(queue.offer(message(4), now: 2_500_000_000) == .droppedOldest, "full again, but only since 2.5 s")
    }

    /// The hello comes from the connection's thread and a detection from the publisher's, each
    /// with its own clock reading; the publisher's may be the older one (a crash in CI once).
    @Test func anOfferTimedBeforeTheQueueFilledIsNotAStall() {
        let queue = ClientQueue(capacity: 1, stallTimeout: 1)
        _ = queue.offer(message(1), now: 5_000_000_000)
        #expect(queue.offer(message(2), now: 5_000_000_000) == .droppedOldest)
        #expect(queue.offer(message(3), now: 4_999_000_000) == .droppedOldest)
        #expect(queue.offer(message(4), now: 6_500_000_000) == .evict)
    }

    @Test func waitingReaderGetsTheNextMessage() async {
        let queue = ClientQueue(capacity: 4, stallTimeout: 1)
        async let received = queue.next()
        try? await Task.sleep(for: .milliseconds(50))
        _ = queue.offer(message(7))
        #expect(await received.map { String(buffer: $0) } == "m7\n")
    }

    @Test func finishEndsAWaitingReader() async {
        let queue = ClientQueue(capacity: 4, stallTimeout: 1)
        async let received = queue.next()
        try? await Task.sleep(for: .milliseconds(50))
        queue.finish()
        #expect(await received == nil)
        #expect(queue.offer(message(1)) == .evict)
    }

    @Test func cancellingTheReaderEndsIt() async {
        let queue = ClientQueue(capacity: 4, stallTimeout: 1)
        let reader = Task { await queue.next() }
        try? await Task.sleep(for: .milliseconds(50))
        reader.cancel()
        #expect(await reader.value == nil)
    }
}
