/// Hard limits on what a model file may ask for, so that a hostile or
/// corrupt file cannot make the loader (or later the planner) allocate
/// gigabytes or overflow size arithmetic. Generous for edge detection
/// models: YOLOv8n needs 412 tensors and about 40 MB of tensors in total.
public enum ModelLimits {
    /// Largest model file. TFLite's scheme for models over 2 GB (buffers
    /// addressed by offset behind the flatbuffer) is read, but such models
    /// exceed this and the tensor limits.
    public static let maxFileBytes = 1 << 31
    public static let maxRank = 8
    public static let maxTensors = 1 << 16
    public static let maxNodes = 1 << 16
    /// Largest single tensor, in bytes.
    public static let maxTensorBytes = 1 << 28
    /// All tensors together (constants and activations), in bytes.
    public static let maxTotalTensorBytes = 1 << 30

    /// The byte size of a tensor of `shape` and `type`, or an error naming
    /// the offending dimension or limit. Dimensions must be at least 1.
    public static func byteCount(shape: [Int], type: ElementType) throws(ModelLoadError) -> Int {
        guard shape.count <= maxRank else {
            throw .unsupported("rank \(shape.count) exceeds the limit of \(maxRank)")
        }
        var bytes = type.byteWidth
        for (axis, dimension) in shape.enumerated() {
            guard dimension >= 1 else {
                throw .malformed("dimension \(axis) of shape \(shape) is \(dimension), must be at least 1")
            }
            let (product, overflow) = bytes.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= maxTensorBytes else {
                throw .unsupported(
                    "shape \(shape) \(type) exceeds the limit of \(maxTensorBytes) bytes per tensor")
            }
            bytes = product
        }
        return bytes
    }
}
