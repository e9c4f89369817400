// ValueInfoProto: name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1, shape 2
// → TensorShapeProto.dim 1 → dim_value 1 | dim_param 2.

import Infer
extension ONNXValueInfo {
    init(message: ProtobufMessage, context: String) throws(ONNXError) {
        name = try decoding(context) { try message.string(1) }
        elementType = nil
        shape = nil
        guard let typeField = message.last(2) else { return }
        let type = try decoding(context) { try message.message(in: typeField) }
        guard let tensorField = type.last(1) else { return }
        let tensorType = try decoding(context) { try type.message(in: tensorField) }
        let elementCode = try decoding(context) { try tensorType.int64(1) }
        elementType = ONNXDataType(rawValue: Int(truncatingIfNeeded: elementCode))
        guard let shapeField = tensorType.last(2) else { return }
        let shapeMessage = try decoding(context) { try tensorType.message(in: shapeField) }
        var dimensions: [Dimension] = []
        for field in shapeMessage.fields(1) {
            let dimension = try decoding(context) { try shapeMessage.message(in: field) }
            if let value = dimension.last(1) {
                let size = Int64(bitPattern: try decoding(context) { try value.varint() })
                guard size >= 0, size <= Int32.max else {
                    throw .malformed(context: context, reason: "dimension \(size) of '\(name)' is out of range")
                }
                dimensions.append(.fixed(Int(size)))
            } else {
                dimensions.append(.symbolic(try decoding(context) { try dimension.string(2) }))
            }
        }
        shape = dimensions
    }
}
