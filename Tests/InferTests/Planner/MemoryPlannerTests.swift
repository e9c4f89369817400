import TestSupport
import Testing
@testable import Infer

@Suite struct MemoryPlannerTests {
    /// No two buffers that are alive in the same step may share bytes.
    func expectNoConflicts(_ requests: [BufferRequest], _ plan: MemoryPlan) {
        for a in requests.indices {
            for b in requests.indices where a < b && requests[a].overlapsInTime(requests[b]) {
                let rangeA = plan.offsets[a]..<(plan.offsets[a] + requests[a].size)
                let rangeB = plan.offsets[b]..<(plan.offsets[b] + requests[b].size)
                #expect(!rangeA.overlaps(rangeB), "buffers \(a) and \(b) overlap in time and space")
            }
        }
    }

    @Test func disjointLifetimesShareTheSameBytes() {
        let requests = [
            BufferRequest(size: 100, firstStep: 0, lastStep: 1),
            BufferRequest(size: 100, firstStep: 2, lastStep: 3),
        ]
        let plan = MemoryPlanner.plan(requests)
        #expect(plan.offsets == [0, 0])
        #expect(plan.arenaSize == 128)
        #expect(plan.sumOfSizes == 200)
        #expect(plan.livenessLowerBound == 100)
    }

    @Test func overlappingLifetimesAreStackedLargestFirst() {
        let requests = [
            BufferRequest(size: 10, firstStep: 0, lastStep: 2),
            BufferRequest(size: 300, firstStep: 1, lastStep: 2),
        ]
        let plan = MemoryPlanner.plan(requests)
        #expect(plan.offsets == [320, 0])
        #expect(plan.livenessLowerBound == 310)
        expectNoConflicts(requests, plan)
    }

    @Test func smallBufferFillsGapBetweenLiveBuffers() {
        // A (0..2) at 0, B (0..2) above it, C (1..1) fits in the hole D left.
        let requests = [
            BufferRequest(size: 256, firstStep: 0, lastStep: 4),
            BufferRequest(size: 128, firstStep: 0, lastStep: 0),
            BufferRequest(size: 128, firstStep: 2, lastStep: 4),
            BufferRequest(size: 64, firstStep: 1, lastStep: 1),
        ]
        let plan = MemoryPlanner.plan(requests)
        expectNoConflicts(requests, plan)
        #expect(plan.arenaSize == 384)
        #expect(plan.arenaSize >= plan.livenessLowerBound)
    }

    /// A chain of producers and consumers, as in the backbone: by size alone
    /// the two 12-byte buffers take offset 0 and the second 8-byte link goes
    /// above both neighbours (28 bytes); with it placed first, the arena is
    /// the lower bound.
    @Test func theBufferThatSetsTheSizeIsPlacedFirstInALaterRound() {
        let requests = [
            BufferRequest(size: 12, firstStep: 0, lastStep: 1),
            BufferRequest(size: 8, firstStep: 1, lastStep: 2),
            BufferRequest(size: 8, firstStep: 2, lastStep: 3),
            BufferRequest(size: 12, firstStep: 3, lastStep: 9),
        ]
        #expect(MemoryPlanner.plan(requests, alignment: 1, refinements: 0).arenaSize == 28)
        let plan = MemoryPlanner.plan(requests, alignment: 1)
        #expect(plan.arenaSize == 20)
        #expect(plan.livenessLowerBound == 20)
        expectNoConflicts(requests, plan)
    }

    @Test func offsetsAreAligned() {
        let requests = (0..<7).map { BufferRequest(size: 3 + $0 * 13, firstStep: 0, lastStep: 0) }
        let plan = MemoryPlanner.plan(requests, alignment: 64)
        #expect(plan.offsets.allSatisfy { $0 % 64 == 0 })
        expectNoConflicts(requests, plan)
    }

    @Test(arguments: 1...40) func randomPlansAreValidAndWithinBounds(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let requests = (0..<30).map { _ -> BufferRequest in
            let first = Int.random(in: 0..<20, using: &generator)
            return BufferRequest(
                size: Int.random(in: 1...5000, using: &generator),
                firstStep: first, lastStep: first + Int.random(in: 0..<6, using: &generator))
        }
        let plan = MemoryPlanner.plan(requests)
        expectNoConflicts(requests, plan)
        #expect(plan.arenaSize >= plan.livenessLowerBound)
        #expect(plan.livenessLowerBound <= plan.sumOfSizes)
    }
}
