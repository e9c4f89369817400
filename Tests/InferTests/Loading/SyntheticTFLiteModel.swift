/// A small, valid TFLite model assembled by hand (field ids from TFLite's
/// schema.fbs, written out here independently of the reader), which tests
/// edit to produce exactly one defect at a time.
///
///     input int8 [1,4,4,2] ─ CONV_2D (per-channel filter [3,1,1,2], bias [3])
///       ─ LOGISTIC ─ MUL(conv, logistic) ─ QUANTIZE (extended builtin code) ─ output
struct SyntheticTFLiteModel {
    var version: UInt32 = 3
    var operatorCodes: [FlatTableValue] = [
        opcode(deprecated: 3),  // CONV_2D
        opcode(deprecated: 14),  // LOGISTIC
        opcode(deprecated: 18),  // MUL
        FlatTableValue([0: .int8(127), 3: .int32(114)]),  // QUANTIZE, schema 3a style
    ]
    var tensors: [FlatTableValue] = [
        tensor("input", shape: [1, 4, 4, 2], type: 9, scales: [0.5], zeroPoints: [-3]),
        tensor(
            "filter", shape: [3, 1, 1, 2], type: 9, buffer: 1, scales: [0.25, 0.5, 0.125],
            zeroPoints: [0, 0, 0], axis: 0),
        tensor(
            "bias", shape: [3], type: 2, buffer: 2, scales: [0.125, 0.25, 0.0625],
            zeroPoints: [0, 0, 0]),
        tensor("conv", shape: [1, 4, 4, 3], type: 9, scales: [0.1], zeroPoints: [5]),
        tensor("sigmoid", shape: [1, 4, 4, 3], type: 9, scales: [1.0 / 256], zeroPoints: [-128]),
        tensor("silu", shape: [1, 4, 4, 3], type: 9, scales: [0.05], zeroPoints: [-100]),
        tensor("output", shape: [1, 4, 4, 3], type: 9, scales: [0.06], zeroPoints: [-90]),
    ]
    var operators: [FlatTableValue] = [
        FlatTableValue([
            0: .uint32(0), 1: .int32s([0, 1, 2]), 2: .int32s([3]), 3: .uint8(1),
            // Conv2DOptions: padding VALID, stride_w 2, stride_h 1, RELU6, dilation_w 1, dilation_h 3
            4: .table(
                FlatTableValue([
                    0: .int8(1), 1: .int32(2), 2: .int32(1), 3: .int8(3),
                    5: .int32(3),
                ])),
        ]),
        FlatTableValue([0: .uint32(1), 1: .int32s([3]), 2: .int32s([4])]),
        FlatTableValue([
            0: .uint32(2), 1: .int32s([3, 4]), 2: .int32s([5]), 3: .uint8(21),
            4: .table(FlatTableValue([0: .int8(1)])),  // MulOptions: RELU
        ]),
        FlatTableValue([0: .uint32(3), 1: .int32s([5]), 2: .int32s([6])]),
    ]
    var buffers: [FlatTableValue] = [
        FlatTableValue(),
        FlatTableValue([0: .bytes([1, 2, 3, 4, 5, 6])]),
        FlatTableValue([0: .bytes([UInt8](repeating: 7, count: 12))]),
    ]
    var inputs: [Int32] = [0]
    var outputs: [Int32] = [6]
    /// Bytes appended after the flatbuffer (Ultralytics puts a ZIP there).
    var trailer: [UInt8] = []

    static func opcode(deprecated: Int8) -> FlatTableValue {
        FlatTableValue([0: .int8(deprecated)])
    }

    static func tensor(
        _ name: String, shape: [Int32], type: Int8, buffer: UInt32 = 0,
        scales: [Float], zeroPoints: [Int64], axis: Int32 = 0
    ) -> FlatTableValue {
        FlatTableValue([
            0: .int32s(shape), 1: .int8(type), 2: .uint32(buffer), 3: .string(name),
            4: .table(FlatTableValue([2: .float32s(scales), 3: .int64s(zeroPoints), 6: .int32(axis)])),
        ])
    }

    func bytes() -> [UInt8] {
        let subgraph = FlatTableValue([
            0: .tables(tensors), 1: .int32s(inputs), 2: .int32s(outputs), 3: .tables(operators),
        ])
        let model = FlatTableValue([
            0: .uint32(version), 1: .tables(operatorCodes), 2: .tables([subgraph]), 4: .tables(buffers),
        ])
        return FlatBufferTestBuilder.build(root: model) + trailer
    }
}
