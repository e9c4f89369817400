/// Why a model cannot be used for detection.
public struct DetectorSetupError: Error, CustomStringConvertible {
    public let description: String
}
