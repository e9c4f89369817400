/// The format and size picked for a camera before asking the driver for them.
public struct FormatChoice: Sendable, Equatable {
    public var format: PixelFormat
    public var size: FrameSize
    public var isEmulated: Bool

    public init(format: PixelFormat, size: FrameSize, isEmulated: Bool) {
        self.format = format
        self.size = size
        self.isEmulated = isEmulated
    }

    /// Picks the best offer for `request` among `offers`, or nil if no requested format is offered.
    ///
    /// In order of importance: a format the camera produces itself (libv4l's software
    /// conversions cost CPU on every frame), one that reaches the requested frame rate,
    /// the size closest to the requested one, then the request's format preference.
    public static func best(among offers: [FormatDescription], for request: CaptureRequest)
        -> FormatChoice?
    {
        var best: (choice: FormatChoice, rank: [Int])?
        for offer in offers {
            guard let preference = request.formats.firstIndex(of: offer.format) else { continue }
            for (size, maximumRate) in candidateSizes(offer.sizes, near: request.size) {
                let missesRate = request.framesPerSecond.map { wanted in
                    maximumRate.map { $0 + 0.01 < wanted } ?? false
                } ?? false
                let rank = [
                    offer.isEmulated ? 1 : 0, missesRate ? 1 : 0,
                    distance(size, request.size), preference,
                ]
                if best.map({ rank.lexicographicallyPrecedes($0.rank) }) ?? true {
                    best = (FormatChoice(format: offer.format, size: size, isEmulated: offer.isEmulated), rank)
                }
            }
        }
        return best?.choice
    }

    /// The sizes worth considering, with the highest frame rate known for each.
    private static func candidateSizes(_ sizes: FrameSizes, near wanted: FrameSize)
        -> [(FrameSize, Double?)]
    {
        switch sizes {
        case .discrete(let list):
            return list.map { ($0.size, $0.rates.maximum) }
        case .stepwise(let minimum, let maximum, let step):
            let width = snap(wanted.width, minimum.width, maximum.width, step.width)
            let height = snap(wanted.height, minimum.height, maximum.height, step.height)
            return [(FrameSize(width: width, height: height), nil)]
        }
    }

    /// The value of `lower + k * step` within `lower...upper` nearest to `value`.
    private static func snap(_ value: Int, _ lower: Int, _ upper: Int, _ step: Int) -> Int {
        let clamped = min(max(value, lower), upper)
        guard step > 1 else { return clamped }
        let snapped = lower + (clamped - lower + step / 2) / step * step
        return snapped > upper ? snapped - step : snapped
    }

    private static func distance(_ a: FrameSize, _ b: FrameSize) -> Int {
        abs(a.width - b.width) + abs(a.height - b.height)
    }
}
