import Testing

@testable import Capture

@Suite struct YCbCrMatrixTests {
    /// The textbook formula in Double: the fixed-point matrix must round to
    /// within one level of it everywhere.
    static func exact(_ matrix: YCbCrMatrix, y: Int, cb: Int, cr: Int) -> [Double] {
        let limited = matrix.range == .limited
        let luma = limited ? Double(y - 16) * 255 / 219 : Double(y)
        let chromaScale = limited ? 255.0 / 224 : 1
        let blue = Double(cb - 128) * chromaScale
        let red = Double(cr - 128) * chromaScale
        let kg = 1 - matrix.kr - matrix.kb
        return [
            luma + 2 * (1 - matrix.kr) * red,
            luma - 2 * matrix.kb * (1 - matrix.kb) / kg * blue - 2 * matrix.kr * (1 - matrix.kr) / kg * red,
            luma + 2 * (1 - matrix.kb) * blue,
        ].map { min(max($0.rounded(), 0), 255) }
    }

    @Test(arguments: [YCbCrMatrix.bt601, .bt709, .jpeg])
    func withinOneLevelOfTheFormula(matrix: YCbCrMatrix) {
        var largest = 0.0
        for y in stride(from: 0, through: 255, by: 3) {
            for cb in stride(from: 0, through: 255, by: 5) {
                for cr in stride(from: 0, through: 255, by: 7) {
                    let pixel = matrix.rgb(y: UInt8(y), cb: UInt8(cb), cr: UInt8(cr))
                    let expected = Self.exact(matrix, y: y, cb: cb, cr: cr)
                    let actual = [Double(pixel.red), Double(pixel.green), Double(pixel.blue)]
                    largest = max(largest, zip(actual, expected).map { abs($0 - $1) }.max()!)
                }
            }
        }
        #expect(largest <= 1)
    }

    /// BT.601 limited-range anchors: black, white, grey, and 100% colour bars
    /// (Y, Cb, Cr of red 81/90/240, green 145/54/34, blue 41/240/110).
    @Test(arguments: [
        (16, 128, 128, 0, 0, 0), (235, 128, 128, 255, 255, 255), (126, 128, 128, 128, 128, 128),
        (81, 90, 240, 255, 0, 0), (145, 54, 34, 0, 255, 0), (41, 240, 110, 0, 0, 255),
        (0, 0, 0, 0, 135, 0), (255, 255, 255, 255, 125, 255),
    ])
    func bt601Anchors(y: UInt8, cb: UInt8, cr: UInt8, red: Int, green: Int, blue: Int) {
        let pixel = YCbCrMatrix.bt601.rgb(y: y, cb: cb, cr: cr)
        #expect(abs(Int(pixel.red) - red) <= 1 && abs(Int(pixel.green) - green) <= 1 && abs(Int(pixel.blue) - blue) <= 1,
            "\(pixel)")
    }

    @Test func fullRangeKeepsLumaAsIs() {
        for y in [0, 1, 100, 254, 255] {
            let pixel = YCbCrMatrix.jpeg.rgb(y: UInt8(y), cb: 128, cr: 128)
            #expect(pixel == (UInt8(y), UInt8(y), UInt8(y)))
        }
    }
}
