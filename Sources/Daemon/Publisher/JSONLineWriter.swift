import Detect
import NIOCore

/// Writes one JSON object as a newline-terminated line straight into a `ByteBuffer`.
///
/// Hand-written because every frame is encoded once per subscription and Foundation's encoders
/// build intermediate dictionaries and strings. Numbers are written in fixed point, which JSON
/// allows and which keeps lines short and stable.
struct JSONLineWriter {
    private(set) var buffer: ByteBuffer
    // After a value a comma must precede the next key or element; after `{` or `[` it must not.
    // One flag suffices: closing a nested container always leaves the parent just after a value.
    private var needsComma = false

    init(allocator: ByteBufferAllocator = ByteBufferAllocator(), capacity: Int = 256) {
        buffer = allocator.buffer(capacity: capacity)
    }

    /// The finished line.
    mutating func finish() -> ByteBuffer {
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer
    }

    mutating func beginObject() { separate(); buffer.writeInteger(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { buffer.writeInteger(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separate(); buffer.writeInteger(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { buffer.writeInteger(UInt8(ascii: "]")); needsComma = true }

    mutating func key(_ name: StaticString) {
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        buffer.writeStaticString(name)
        buffer.writeStaticString("\":")
        needsComma = false
    }

    /// A key that is data (a zone's or a class's name), escaped as a string is.
    mutating func key(_ name: String) {
        string(name)
        buffer.writeInteger(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        JSONString.writeQuoted(value) { buffer.writeInteger($0) }
        needsComma = true
    }

    mutating func integer<Value: BinaryInteger>(_ value: Value) {
        separate()
        if value < 0 { buffer.writeInteger(UInt8(ascii: "-")) }
        writeDigits(UInt64(value.magnitude))
        needsComma = true
    }

    /// Writes `value` rounded to `decimals` places (at most 9); NaN, infinities and values too
    /// large to print exactly become `null`.
    mutating func number(_ value: Double, decimals: Int) {
        separate()
        needsComma = true
        var scale: UInt64 = 1
        for _ in 0..<min(max(decimals, 0), 9) { scale *= 10 }
        // Past 2^63 the scaled value no longer fits the integer it is printed from.
        guard value.isFinite, abs(value) * Double(scale) < 9.2e18 else {
            buffer.writeStaticString("null")
            return
        }
        let scaled = UInt64((abs(value) * Double(scale)).rounded())
        if value < 0 && scaled != 0 { buffer.writeInteger(UInt8(ascii: "-")) }
        writeDigits(scaled / scale)
        guard scale > 1 else { return }
        buffer.writeInteger(UInt8(ascii: "."))
        var fraction = scaled % scale
        var divisor = scale / 10
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    mutating func bool(_ value: Bool) {
        separate()
        buffer.writeStaticString(value ? "true" : "false")
        needsComma = true
    }

    mutating func null() {
        separate()
        buffer.writeStaticString("null")
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { buffer.writeInteger(UInt8(ascii: ",")) }
    }

    private mutating func writeDigits(_ value: UInt64) {
        // Most significant digit first, without building a String.
        var divisor: UInt64 = 1
        while value / divisor >= 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
