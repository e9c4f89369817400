// NodeProto: input 1, output 2, name 3, op_type 4, attribute 5, domain 7.
// AttributeProto: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, strings 9, type 20.

import Infer
extension ONNXNode {
    init(message: ProtobufMessage, index: Int) throws(ONNXError) {
        let context = "graph.node[\(index)]"
        let strings = { (number: Int) throws(ONNXError) -> [String] in
            var values: [String] = []
            for field in message.fields(number) {
                values.append(try decoding(context) { try message.string(in: field) })
            }
            return values
        }
        inputs = try strings(1)
        outputs = try strings(2)
        let nodeName = try decoding(context) { try message.string(3) }
        opType = try decoding(context) { try message.string(4) }
        domain = try decoding(context) { try message.string(7) }
        // Nameless nodes are legal; name them by position so errors can point at them.
        name = nodeName.isEmpty ? "#\(index) (\(opType))" : nodeName
        attributes = [:]
        for field in message.fields(5) {
            let attribute = try decoding("\(context) '\(name)'.attribute") {
                try message.message(in: field)
            }
            let (key, value) = try Self.decodeAttribute(attribute, node: name)
            attributes[key] = value
        }
    }

    private static func decodeAttribute(
        _ message: ProtobufMessage, node: String
    ) throws(ONNXError) -> (String, ONNXAttribute) {
        let name = try decoding("node '\(node)'.attribute") { try message.string(1) }
        let context = "node '\(node)'.attribute '\(name)'"
        let type = try decoding(context) { try message.int64(20) }
        let value: ONNXAttribute
        switch type {
        case 1:
            let bits = try decoding(context) { try message.last(2)?.fixed32() ?? 0 }
            value = .float(Float(bitPattern: bits))
        case 2: value = .int(try decoding(context) { try message.int64(3) })
        case 3: value = .string(try decoding(context) { try message.string(4) })
        case 4:
            guard let field = message.last(5) else {
                throw .malformed(context: context, reason: "tensor attribute without a tensor")
            }
            let tensor = try decoding(context) { try message.message(in: field) }
            value = .tensor(try ONNXTensor(message: tensor, context: context))
        case 6: value = .floats(try decoding(context) { try message.floats(7) })
        case 7: value = .ints(try decoding(context) { try message.int64s(8) })
        case 8:
            var strings: [String] = []
            for field in message.fields(9) {
                strings.append(try decoding(context) { try message.string(in: field) })
            }
            value = .strings(strings)
        default: value = .unsupported(type: Int(truncatingIfNeeded: type))
        }
        return (name, value)
    }
}
