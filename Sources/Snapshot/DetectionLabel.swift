/// The text of a detection's label, `person #12 0.87` (`person 0.87` untracked), spelled out
/// character by character on demand, so that labelling a frame allocates nothing.
struct DetectionLabel {
    /// The class name in printable ASCII, or `class` for an id without a name (the id follows).
    let name: [UInt8]
    let unnamedClassID: DecimalDigits?
    let trackID: DecimalDigits?
    /// The score in hundredths, 0...100, spelled `0.87`.
    let hundredths: Int

    init(name: [UInt8]?, classID: Int, trackID: UInt64?, score: Float) {
        self.name = name ?? Self.unnamed
        unnamedClassID = name == nil ? DecimalDigits(UInt64(clamping: classID)) : nil
        self.trackID = trackID.map(DecimalDigits.init)
        hundredths = score.isNaN ? 0 : Int(min(max(score, 0), 1) * 100 + 0.5)
    }

    var count: Int {
        name.count + (unnamedClassID?.count ?? 0) + (trackID.map { 2 + $0.count } ?? 0) + Self.scoreCharacters
    }

    subscript(position: Int) -> UInt8 {
        var index = position
        if index < name.count { return name[index] }
        index -= name.count
        if let unnamedClassID {
            if index < unnamedClassID.count { return unnamedClassID[index] }
            index -= unnamedClassID.count
        }
        if let trackID {
            if index < 2 { return index == 0 ? UInt8(ascii: " ") : UInt8(ascii: "#") }
            index -= 2
            if index < trackID.count { return trackID[index] }
            index -= trackID.count
        }
        return scoreCharacter(index)
    }

    private static let unnamed = Array("class".utf8)
    /// ` 0.87`
    private static let scoreCharacters = 5

    private func scoreCharacter(_ index: Int) -> UInt8 {
        switch index {
        case 0: UInt8(ascii: " ")
        case 2: UInt8(ascii: ".")
        case 1: UInt8(ascii: "0") + UInt8(hundredths / 100)
        case 3: UInt8(ascii: "0") + UInt8(hundredths / 10 % 10)
        default: UInt8(ascii: "0") + UInt8(hundredths % 10)
        }
    }
}

/// The decimal digits of a number, as ASCII, computed per digit.
struct DecimalDigits {
    let value: UInt64
    let count: Int

    init(_ value: UInt64) {
        self.value = value
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        self.count = count
    }

    /// Digit `index`, most significant first.
    subscript(index: Int) -> UInt8 {
        var rest = value
        for _ in 0..<(count - 1 - index) { rest /= 10 }
        return UInt8(ascii: "0") + UInt8(rest % 10)
    }
}
