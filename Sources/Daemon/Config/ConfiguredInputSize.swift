import Capture
import Detect

/// The config's `size` (and `run --size`): `"auto"`, fitted to the source's frames; an integer
/// N for NxN; or `"WxH"`.
package enum ConfiguredInputSize: Equatable, Sendable {
    case auto
    case fixed(FrameSize)

    /// Reads "auto", "640" or "640x384"; the reason it is refused otherwise.
    package static func parse(_ text: String) -> Result<ConfiguredInputSize, Refusal> {
        if text == "auto" { return .success(.auto) }
        guard let size = DetectorSettingRules.inputSize(parsing: text) else {
            return .failure(Refusal(reason: #"must be "auto", N (for NxN) or "WxH", e.g. 640 or "640x384", got '\#(text)'"#))
        }
        if let reason = DetectorSettingRules.inputSize(size) { return .failure(Refusal(reason: reason)) }
        return .success(.fixed(size))
    }

    package struct Refusal: Error {
        package let reason: String
    }

    /// What the detector is asked for, given the size of the source's frames when known before
    /// it streams. Without it, `auto` is the model's own size.
    package func request(frameSize: FrameSize?) -> InputSizeRequest {
        switch self {
        case .auto: frameSize.map { .fitting($0) } ?? .model
        case .fixed(let size): .fixed(size)
        }
    }
}
