import Testing
@testable import Infer

/// RESHAPE target shapes at another input size (YOLO11's attention flattens
/// a 20x20 map into 400 positions and restores it).
@Suite struct ReshapeResizingTests {
    static let square = (height: (new: 384, old: 640), width: (new: 640, old: 640))

    @Test func flattenedPositionsTakeTheNewCount() {
        #expect(ReshapeResizing.target(
            [1, 2, 128, 400], oldInput: [1, 256, 20, 20], newInput: [1, 256, 12, 20],
            heightScale: Self.square.height, widthScale: Self.square.width) == [1, 2, 128, 240])
    }

    @Test func restoredPositionsScaleByHeightAndWidth() {
        #expect(ReshapeResizing.target(
            [1, 128, 20, 20], oldInput: [1, 2, 64, 400], newInput: [1, 2, 64, 240],
            heightScale: Self.square.height, widthScale: Self.square.width) == [1, 128, 12, 20])
        #expect(ReshapeResizing.target(
            [1, 20, 20, 1], oldInput: [400], newInput: [300], heightScale: (15, 20), widthScale: (20, 20)) == [1, 15, 20, 1])
    }

    @Test func reshapesThatCannotFollowAreRefused() {
        // Three sized axes from one count, and factors that give no whole sizes.
        #expect(ReshapeResizing.target(
            [2, 10, 20], oldInput: [400], newInput: [240], heightScale: Self.square.height, widthScale: Self.square.width) == nil)
        #expect(ReshapeResizing.target(
            [20, 20], oldInput: [400], newInput: [420], heightScale: (21, 40), widthScale: (20, 20)) == nil)
    }

    /// A graph that flattens its 4x4 map and restores it resizes to 8x4, the shape operands with it.
    @Test func aGraphWithReshapesResizes() throws {
        let quantization = Quantization(scale: 0.1, zeroPoint: 0)
        func int32(_ values: [Int]) -> Tensor {
            Tensor(
                name: "shape", type: .int32, shape: [values.count],
                data: values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: Int32(value) >> (8 * $0)) } })
        }
        let tensors = [
            Tensor(name: "input", type: .int8, shape: [1, 4, 4, 2], quantization: quantization),
            int32([1, 16, 2]), Tensor(name: "flat", type: .int8, shape: [1, 16, 2], quantization: quantization),
            int32([1, 4, 4, 2]), Tensor(name: "output", type: .int8, shape: [1, 4, 4, 2], quantization: quantization),
        ]
        let graph = Graph(
            tensors: tensors,
            nodes: [Node(op: .reshape, inputs: [0, 1], outputs: [2]), Node(op: .reshape, inputs: [2, 3], outputs: [4])],
            inputs: [0], outputs: [4])
        let resized = try graph.resized(height: 8, width: 4)
        #expect(resized.tensors[2].shape == [1, 32, 2])
        #expect(resized.tensors[4].shape == [1, 8, 4, 2])
        #expect(resized.nodes.map { resized.tensors[$0.inputs[1]].integerValues() } == [[1, 32, 2], [1, 8, 4, 2]])
    }
}
