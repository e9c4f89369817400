/// The element types a graph tensor may hold.
public enum ElementType: String, Sendable, Codable, CaseIterable {
    case int8, uint8, int16, int32, int64, float32

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .int8, .uint8: 1
        case .int16: 2
        case .int32, .float32: 4
        case .int64: 8
        }
    }
}
