import Foundation

/// A binary PPM (P6) or PGM (P5) image as `djpeg` writes them, for comparing
/// decoded pixels, and for writing test inputs for `cjpeg`.
struct NetpbmImage: Equatable {
    var width: Int
    var height: Int
    var channels: Int
    var pixels: [UInt8]

    init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    init(parsing data: Data) throws {
        let bytes = [UInt8](data)
        var fields: [String] = []
        var index = 0
        // Magic, width, height, maxval: whitespace-separated, then one byte.
        while fields.count < 4 {
            while index < bytes.count, bytes[index] == UInt8(ascii: "#") || isSpace(bytes[index]) {
                if bytes[index] == UInt8(ascii: "#") {
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                } else {
                    index += 1
                }
            }
            let start = index
            while index < bytes.count, !isSpace(bytes[index]) { index += 1 }
            guard start < index else { throw ToolFailure(description: "truncated netpbm header") }
            fields.append(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        index += 1
        guard let width = Int(fields[1]), let height = Int(fields[2]), fields[3] == "255",
            fields[0] == "P6" || fields[0] == "P5"
        else { throw ToolFailure(description: "unsupported netpbm header \(fields)") }
        self.width = width
        self.height = height
        channels = fields[0] == "P6" ? 3 : 1
        pixels = Array(bytes[index...])
        guard pixels.count == width * height * channels else {
            throw ToolFailure(description: "netpbm has \(pixels.count) pixel bytes")
        }
    }

    var encoded: Data {
        Data("\(channels == 3 ? "P6" : "P5")\n\(width) \(height)\n255\n".utf8) + Data(pixels)
    }
}

private func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
}
