#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import Infer

@Suite struct WorkerPoolTests {
    @Test(arguments: [1, 2, 3, 4])
    func partsCoverTheRangeExactlyOnce(threads: Int) {
        let pool = WorkerPool(threadCount: threads)
        for count in [0, 1, 2, 5, 97, 1000] {
            let hits = Mutex([Int](repeating: 0, count: count))
            pool.forEachPart(of: count, task: 0, in: ClosureWork { _, range in
                hits.withLock { for index in range { $0[index] += 1 } }
            })
            #expect(hits.withLock { $0.allSatisfy { $0 == 1 } }, "count \(count)")
        }
    }

    @Test func partsRunOnSeveralThreads() {
        let pool = WorkerPool(threadCount: 3)
        let threadsSeen = Mutex<Set<UInt>>([])
        for _ in 0..<50 {
            pool.forEachPart(of: 3, task: 0, in: ClosureWork { _, _ in
                let id = UInt(bitPattern: Int(bitPattern: pthread_self()))
                threadsSeen.withLock { _ = $0.insert(id) }
            })
        }
        #expect(threadsSeen.withLock { $0.count } == 3)
    }

    @Test func droppingThePoolJoinsItsThreads() {
        for _ in 0..<20 {
            let pool = WorkerPool(threadCount: 4)
            pool.forEachPart(of: 8, task: 0, in: ClosureWork { _, _ in })
        }
    }
}

/// Test work that calls a closure with each part's index and rows.
private final class ClosureWork: PartitionedWork, @unchecked Sendable {
    let body: (Int, Range<Int>) -> Void
    init(_ body: @escaping (Int, Range<Int>) -> Void) { self.body = body }
    func run(task: Int, part: Int, rows: Range<Int>) { body(part, rows) }
}
