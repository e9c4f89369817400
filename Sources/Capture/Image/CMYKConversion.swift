/// Converts libjpeg-turbo's (Adobe-inverted) CMYK pixels to RGB with the
/// rule `djpeg` uses, `round(C * K / 255)` per channel, so that CMYK JPEGs
/// decode as `djpeg -ppm` shows them.
func convertCMYK(_ cmyk: [UInt8], toRGB rgb: UnsafeMutableBufferPointer<UInt8>) {
    for pixel in 0..<(cmyk.count / 4) {
        let black = Int(cmyk[pixel * 4 + 3])
        for channel in 0..<3 {
            let ink = Int(cmyk[pixel * 4 + channel])
            rgb[pixel * 3 + channel] = UInt8((ink * black + 127) / 255)
        }
    }
}
