import AllocationCounter
import Testing

@Suite struct AllocationCounterTests {
    /// The zero-allocation tests are only as good as the counter: it must see
    /// an allocation that is really made.
    @Test func countsAnAllocationOnThisThread() {
        allocation_counter_thread_start()
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 16)
        let counted = allocation_counter_thread_stop()
        buffer.deallocate()
        #expect(counted == 1)
    }

    @Test func countsNothingWhenNothingIsAllocated() {
        var sum = 0
        allocation_counter_thread_start()
        for value in 0..<1000 { sum &+= value }
        let counted = allocation_counter_thread_stop()
        #expect(counted == 0)
        #expect(sum == 499_500)
    }
}
