import Testing
@testable import Infer

struct MemoryPlanTimelineTests {
    /// Three buffers in an 800-byte arena drawn 8 columns wide: each row shows who lives
    /// where in that step, and the legend says who each letter is.
    @Test func drawsEachStepsBuffersWhereTheyLive() {
        let buffers = [
            PlannedBuffer(owner: .tensor(7), offset: 0, size: 400, firstStep: 0, lastStep: 1),
            PlannedBuffer(owner: .scratch(step: 1), offset: 400, size: 100, firstStep: 1, lastStep: 1),
            PlannedBuffer(owner: .tensor(9), offset: 200, size: 600, firstStep: 2, lastStep: 2),
        ]
        let text = MemoryPlanTimeline.render(buffers, arenaBytes: 800, stepCount: 3, width: 8) { owner in
            switch owner {
            case .tensor(let index): "tensor \(index)"
            case .scratch(let step): "scratch \(step)"
            }
        }
        #expect(text == """
            arena 800 bytes, 8 columns of 100 bytes
               0 AAAA....  50%
               1 AAAAB...  63%
               2 ..CCCCCC  75%

            A tensor 7: 400 bytes at 0, steps 0...1
            B scratch 1: 100 bytes at 400, steps 1...1
            C tensor 9: 600 bytes at 200, steps 2...2

            """)
    }

    /// More buffers than letters: a letter is reused only once its last holder is dead, so
    /// no row shows one letter for two buffers.
    @Test func lettersAreNeverSharedByBuffersAliveTogether() {
        let buffers = (0..<200).map { index in
            PlannedBuffer(owner: .tensor(index), offset: (index % 4) * 10, size: 10, firstStep: index / 2, lastStep: index / 2 + 1)
        }
        let text = MemoryPlanTimeline.render(buffers, arenaBytes: 40, stepCount: 101, width: 4) { _ in "t" }
        for step in 0..<101 {
            let row = text.split(separator: "\n")[1 + step]
            let letters = row.split(separator: " ")[1]
            let drawn = buffers.filter { $0.isAlive(at: step) }.count
            #expect(Set(letters.filter { $0 != "." }).count == drawn, "step \(step): \(row)")
        }
    }

    @Test func aRealPlanHasARowPerStepAndALegendLinePerBuffer() throws {
        let engine = try Engine(graph: EngineTests.siluBlock(seed: 1))
        let text = MemoryPlanTimeline.render(engine.arenaPlan, arenaBytes: engine.memory.arenaBytes, stepCount: engine.stepCount) { _ in "b" }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 1 + engine.stepCount + 1 + engine.arenaPlan.count + 1)
        #expect(engine.arenaPlan.allSatisfy { $0.offset + $0.size <= engine.memory.arenaBytes })
    }
}
