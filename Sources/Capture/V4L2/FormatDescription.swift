/// A width and height in pixels.
public struct FrameSize: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)x\(height)" }
}

/// The frame rates a device offers at one size.
public enum FrameRates: Sendable, Equatable, CustomStringConvertible {
    case discrete([Double])
    case range(minimum: Double, maximum: Double)
    case unknown

    public var maximum: Double? {
        switch self {
        case .discrete(let rates): rates.max()
        case .range(_, let maximum): maximum
        case .unknown: nil
        }
    }

    /// "25", "5-25", or "" when unknown.
    public var description: String {
        let (low, high): (Double?, Double?) =
            switch self {
            case .discrete(let rates): (rates.min(), rates.max())
            case .range(let minimum, let maximum): (minimum, maximum)
            case .unknown: (nil, nil)
            }
        guard let low, let high else { return "" }
        return low == high ? formatRate(high) : "\(formatRate(low))-\(formatRate(high))"
    }
}

/// One size of a device's discrete size list, with the frame rates it offers there.
public struct DiscreteFrameSize: Sendable, Equatable {
    public var size: FrameSize
    public var rates: FrameRates

    public init(_ size: FrameSize, rates: FrameRates) {
        self.size = size
        self.rates = rates
    }
}

/// The frame sizes a device offers for one pixel format.
public enum FrameSizes: Sendable, Equatable {
    case discrete([DiscreteFrameSize])
    /// Any size from `minimum` to `maximum` in steps of `step` (continuous when the step is 1).
    case stepwise(minimum: FrameSize, maximum: FrameSize, step: FrameSize)
}

/// One pixel format a device offers, as listed by VIDIOC_ENUM_FMT and friends.
public struct FormatDescription: Sendable, Equatable {
    public var format: PixelFormat
    /// The driver's name for it, e.g. "YUYV 4:2:2".
    public var name: String
    /// True when libv4l produces it by converting another format in software.
    public var isEmulated: Bool
    public var sizes: FrameSizes

    public init(format: PixelFormat, name: String, isEmulated: Bool, sizes: FrameSizes) {
        self.format = format
        self.name = name
        self.isEmulated = isEmulated
        self.sizes = sizes
    }
}
