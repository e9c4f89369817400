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

    /// Rows slow enough that every thread wakes while some are still left.
    @Test func rowsRunOnSeveralThreads() {
        let pool = WorkerPool(threadCount: 3)
        let threadsSeen = Mutex<Set<UInt>>([])
        for _ in 0..<5 {
            pool.forEachPart(of: 24, task: 0, in: ClosureWork { _, _ in
                let id = UInt(bitPattern: Int(bitPattern: pthread_self()))
                threadsSeen.withLock { _ = $0.insert(id) }
                usleep(2_000)
            })
        }
        #expect(threadsSeen.withLock { $0.count } == 3)
    }

    /// Each participant's index is its own while it runs (scratch memory is per part).
    @Test func partIndicesAreNeverSharedAtOnce() {
        let pool = WorkerPool(threadCount: 3)
        let busy = Mutex([Bool](repeating: false, count: 3))
        let collisions = Mutex(0)
        pool.forEachPart(of: 60, task: 0, in: ClosureWork { part, _ in
            busy.withLock { if $0[part] { collisions.withLock { $0 += 1 } }; $0[part] = true }
            usleep(200)
            busy.withLock { $0[part] = false }
        })
        #expect(collisions.withLock { $0 } == 0)
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
