import Testing
@testable import MQTT

struct OutgoingQueueTests {
    private func message(_ name: String) -> MQTTMessage {
        MQTTMessage(topic: "t", payload: name)
    }

    private func drain(_ queue: inout OutgoingQueue) -> [String] {
        var names: [String] = []
        while let next = queue.popFirst(if: { _ in true }) { names.append(String(decoding: next.payload, as: UTF8.self)) }
        return names
    }

    @Test func dropsTheOldestWhenFull() {
        var queue = OutgoingQueue(capacity: 3, byteCapacity: 1000)
        for name in ["a", "b", "c", "d", "e"] { queue.append(message(name)) }
        #expect(queue.dropped == 2)
        #expect(drain(&queue) == ["c", "d", "e"])
    }

    @Test func theFirstLaneGoesAheadInItsOwnOrderAndIsDroppedLast() {
        var queue = OutgoingQueue(capacity: 3, byteCapacity: 1000)
        queue.append(message("a"))
        queue.append(message("b"))
        queue.append(message("online"), first: true)
        queue.append(message("state"), first: true)
        #expect(queue.dropped == 1)
        #expect(drain(&queue) == ["online", "state", "b"])
    }

    @Test func dropsTheOldestToStayWithinItsBytes() {
        // Each message takes 1 byte of topic and 4 of payload.
        var queue = OutgoingQueue(capacity: 10, byteCapacity: 12)
        for name in ["aaaa", "bbbb", "cccc"] { queue.append(message(name)) }
        #expect(queue.dropped == 1)
        queue.append(message(String(repeating: "x", count: 12)))
        #expect(queue.dropped == 2, "larger than the whole capacity: dropped itself")
        #expect(drain(&queue) == ["bbbb", "cccc"])
        queue.append(message("dddd"))
        #expect(drain(&queue) == ["dddd"], "the bytes of what left are free again")
    }

    @Test func aMessageThatMustWaitHoldsBackTheOnesBehindIt() {
        var queue = OutgoingQueue(capacity: 3, byteCapacity: 1000)
        queue.append(MQTTMessage(topic: "t", payload: "qos1", qos: .atLeastOnce))
        queue.append(MQTTMessage(topic: "t", payload: "qos0", qos: .atMostOnce))
        #expect(queue.popFirst { $0.qos == .atMostOnce } == nil)
        #expect(queue.count == 2)
    }
}
