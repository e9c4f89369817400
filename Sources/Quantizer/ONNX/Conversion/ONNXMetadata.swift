import Infer

/// Model metadata from ONNX `metadata_props`. Ultralytics writes there the
/// same Python literals it embeds in TFLite files (`names` is a dict literal
/// such as `{0: 'person', ...}`), so the TFLite reader's parser reads them;
/// as there, unreadable names mean a model without class names.
enum ONNXMetadata {
    static func modelMetadata(from properties: [String: String]) -> ModelMetadata {
        UltralyticsMetadata.metadata(namesLiteral: properties["names"], description: properties["description"] ?? "")
    }
}
