/// How a string is written as a JSON string literal: the one escaping rule for every JSON
/// yolo-edge writes (`detect --json` lines, the socket protocol). Quotes, backslashes and
/// control characters are escaped; everything else, non-ASCII UTF-8 included, is copied.
public enum JSONString {
    /// Hands `write` the bytes of `text` as a quoted JSON string, one at a time.
    @inlinable
    public static func writeQuoted(_ text: String, _ write: (UInt8) -> Void) {
        write(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): write(UInt8(ascii: "\\")); write(byte)
            case UInt8(ascii: "\n"): write(UInt8(ascii: "\\")); write(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): write(UInt8(ascii: "\\")); write(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): write(UInt8(ascii: "\\")); write(UInt8(ascii: "t"))
            case 0..<0x20:
                for escaped in "\\u00".utf8 { write(escaped) }
                write(hexDigit(byte >> 4))
                write(hexDigit(byte & 0xF))
            default: write(byte)
            }
        }
        write(UInt8(ascii: "\""))
    }

    /// `text` as a quoted JSON string.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        writeQuoted(text) { bytes.append($0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @usableFromInline
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
