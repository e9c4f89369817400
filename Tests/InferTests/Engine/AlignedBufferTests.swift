import Testing
@testable import Infer

struct AlignedBufferTests {
    /// Kernels and the planner rely on both: SIMD loads need the alignment,
    /// and padding the arena never writes must read as zero.
    @Test(arguments: [0, 1, 63, 4096, 3_297_344])
    func isAlignedAndZeroFilled(byteCount: Int) {
        let buffer = AlignedBuffer(byteCount: byteCount)
        let base = buffer.address(at: 0)
        #expect(Int(bitPattern: base) % AlignedBuffer.alignment == 0)
        let bytes = UnsafeRawBufferPointer(start: base, count: byteCount)
        #expect(bytes.allSatisfy { $0 == 0 })
    }

    @Test func copiesLandAtTheirOffset() {
        let buffer = AlignedBuffer(byteCount: 256)
        buffer.copy(from: [1, 2, 3], to: 128)
        let bytes = UnsafeRawBufferPointer(start: buffer.address(at: 0), count: 256)
        #expect(Array(bytes[126..<132]) == [0, 0, 1, 2, 3, 0])
    }
}
