import CTurboJPEG

/// A DCT scaling factor for decoding a JPEG at a reduced size, which is much
/// cheaper than decoding fully and resizing.
public struct JPEGScale: Sendable, Hashable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    public init(numerator: Int, denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public static let full = JPEGScale(numerator: 1, denominator: 1)
    public static let half = JPEGScale(numerator: 1, denominator: 2)
    public static let quarter = JPEGScale(numerator: 1, denominator: 4)
    public static let eighth = JPEGScale(numerator: 1, denominator: 8)

    /// The factors this libjpeg-turbo decodes with (`tjGetScalingFactors`).
    public static let supported: [JPEGScale] = {
        var count: Int32 = 0
        guard let factors = tjGetScalingFactors(&count) else { return [.full] }
        return (0..<Int(count)).map {
            JPEGScale(numerator: Int(factors[$0].num), denominator: Int(factors[$0].denom))
        }
    }()

    /// A dimension after scaling, rounded up as libjpeg-turbo's `TJSCALED` does.
    public func scaled(_ dimension: Int) -> Int {
        (dimension * numerator + denominator - 1) / denominator
    }

    public var description: String { "\(numerator)/\(denominator)" }
}
