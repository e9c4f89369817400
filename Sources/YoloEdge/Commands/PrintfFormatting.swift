import Glibc

extension String {
    /// Numbers formatted the way C's `printf` does (`"%8.3f ms"`, `"%.4g"`, `"%3d"`), in the C
    /// locale (yolo-edge never sets another), so a decimal point is always a point.
    ///
    /// Foundation's `String(format:)` does the same through `vsnprintf`; it is written here
    /// because full Foundation keeps megabytes of pages resident in every process that links
    /// it (docs/measurements.md), and this was one of the few things yolo-edge used it for.
    init(printf format: String, _ arguments: any CVarArg...) {
        // One pass measures, the second writes: a va_list is used up by each call.
        let length = Int(withVaList(arguments) { vsnprintf(nil, 0, format, $0) })
        var characters = [CChar](repeating: 0, count: Swift.max(length, 0) + 1)
        _ = withVaList(arguments) { vsnprintf(&characters, characters.count, format, $0) }
        self = String(decoding: characters.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
