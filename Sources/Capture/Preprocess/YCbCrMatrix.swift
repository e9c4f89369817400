/// Converts 8-bit Y′CbCr to RGB in 16-bit fixed point.
///
/// Sums stay below 2^26, so the hot path uses wrapping arithmetic (no
/// overflow traps to check).
///
/// The default, BT.601 limited range (Y 16...235, Cb/Cr 16...240), is what
/// UVC webcams and most V4L2 drivers send as YUYV and NV12 unless they say
/// otherwise; HD CSI/ISP pipelines may use BT.709. A frame does not carry
/// its matrix, so it is a setting of the preprocessor.
public struct YCbCrMatrix: Sendable, Equatable {
    public enum Range: Sendable, Equatable {
        /// "TV" range: luma 16...235, chroma 16...240.
        case limited
        /// "PC"/JFIF range: all of 0...255.
        case full
    }

    /// Luma weights of red and blue (green's is `1 - kr - kb`).
    public let kr: Double
    public let kb: Double
    public let range: Range

    private static let fractionBits: Int32 = 16
    private let lumaOffset: Int32
    private let lumaGain: Int32
    private let crToRed: Int32
    private let cbToGreen: Int32
    private let crToGreen: Int32
    private let cbToBlue: Int32

    public init(kr: Double, kb: Double, range: Range) {
        self.kr = kr
        self.kb = kb
        self.range = range
        let kg = 1 - kr - kb
        let (lumaScale, chromaScale) = range == .limited ? (255.0 / 219, 255.0 / 224) : (1.0, 1.0)
        func fixed(_ value: Double) -> Int32 {
            Int32((value * Double(1 << Self.fractionBits)).rounded())
        }
        lumaOffset = range == .limited ? 16 : 0
        lumaGain = fixed(lumaScale)
        crToRed = fixed(2 * (1 - kr) * chromaScale)
        cbToGreen = fixed(2 * kb * (1 - kb) / kg * chromaScale)
        crToGreen = fixed(2 * kr * (1 - kr) / kg * chromaScale)
        cbToBlue = fixed(2 * (1 - kb) * chromaScale)
    }

    /// BT.601 limited range: the usual matrix of UVC/V4L2 YUYV and NV12.
    public static let bt601 = YCbCrMatrix(kr: 0.299, kb: 0.114, range: .limited)
    /// BT.709 limited range, common for HD sensors.
    public static let bt709 = YCbCrMatrix(kr: 0.2126, kb: 0.0722, range: .limited)
    /// BT.601 full range, as in JFIF (JPEG) files.
    public static let jpeg = YCbCrMatrix(kr: 0.299, kb: 0.114, range: .full)

    /// One pixel; chroma shared by neighbours should go through `chroma` once instead.
    public func rgb(y: UInt8, cb: UInt8, cr: UInt8) -> (red: UInt8, green: UInt8, blue: UInt8) {
        let terms = chroma(cb: cb, cr: cr)
        let luma = lumaTerm(y)
        return (channel(luma + terms.red), channel(luma + terms.green), channel(luma + terms.blue))
    }

    /// The chroma parts of red, green and blue, shared by the pixels of one chroma sample.
    func chroma(cb: UInt8, cr: UInt8) -> ChromaTerms {
        let blueDifference = Int32(cb) &- 128
        let redDifference = Int32(cr) &- 128
        return ChromaTerms(
            red: crToRed &* redDifference,
            green: 0 &- cbToGreen &* blueDifference &- crToGreen &* redDifference,
            blue: cbToBlue &* blueDifference)
    }

    /// Writes one pixel's R, G, B at `index` of `row`.
    func store(y: UInt8, _ terms: ChromaTerms, into row: inout MutableSpan<UInt8>, at index: Int) {
        let luma = lumaTerm(y)
        row[index] = channel(luma &+ terms.red)
        row[index + 1] = channel(luma &+ terms.green)
        row[index + 2] = channel(luma &+ terms.blue)
    }

    /// Scaled luma plus one half, so the final shift rounds to nearest.
    private func lumaTerm(_ y: UInt8) -> Int32 {
        (Int32(y) &- lumaOffset) &* lumaGain &+ (1 << (Self.fractionBits - 1))
    }

    private func channel(_ fixedPoint: Int32) -> UInt8 {
        UInt8(min(max(fixedPoint >> Self.fractionBits, 0), 255))
    }
}

/// A chroma sample's contribution to red, green and blue, in the matrix's fixed point.
struct ChromaTerms {
    let red: Int32
    let green: Int32
    let blue: Int32
}
