import TestSupport
/// Damages model files the ways storage and transfers do, plus the values
/// that break size arithmetic.
struct ModelMutator {
    var generator: SeededGenerator

    private static let interestingWords: [UInt32] = [
        0, 1, 2, 3, 4, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
    ]

    /// A position biased to the file's ends: FlatBuffers keep the root and
    /// small tables at the front and the subgraph tables behind the weights.
    private mutating func position(in bytes: [UInt8]) -> Int {
        let count = bytes.count
        switch Int.random(in: 0..<5, using: &generator) {
        case 0, 1: return Int.random(in: 0..<min(count, 4096), using: &generator)
        case 2, 3: return Int.random(in: max(0, count - 131_072)..<count, using: &generator)
        default: return Int.random(in: 0..<count, using: &generator)
        }
    }

    /// One or two damages; in-place ones are likelier than shifting ones
    /// (truncation, insertion, deletion), which mostly break the same first offset.
    mutating func mutate(_ original: [UInt8]) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int.random(in: 1...2, using: &generator) where !bytes.isEmpty {
            let at = position(in: bytes)
            switch Int.random(in: 0..<9, using: &generator) {
            case 0, 1:
                bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            case 2, 3:
                bytes[at] = UInt8.random(in: 0...255, using: &generator)
            case 4, 5:
                let word = Self.interestingWords.randomElement(using: &generator) ?? 0
                for byte in 0..<4 where at + byte < bytes.count {
                    bytes[at + byte] = UInt8(truncatingIfNeeded: word >> (8 * byte))
                }
            case 6:
                bytes.removeSubrange(at...)
            case 7:
                let garbage = (0..<Int.random(in: 1...16, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
                bytes.insert(contentsOf: garbage, at: at)
            default:
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...64, using: &generator)))
            }
        }
        return bytes
    }
}
