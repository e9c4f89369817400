import Capture

/// The colour of each class's boxes and labels: a fixed cycle of twenty, the palette
/// Ultralytics draws with, so a class keeps its colour from frame to frame and run to run.
public enum ClassPalette {
    public static let colors: [RGBColor] = ([
        0xFF3838, 0xFF9D97, 0xFF701F, 0xFFB21D, 0xCFD231, 0x48F90A, 0x92CC17, 0x3DDB86, 0x1A9334, 0x00D4BB,
        0x2C99A8, 0x00C2FF, 0x344593, 0x6473FF, 0x0018EC, 0x8438FF, 0x520085, 0xCB38FF, 0xFF95C8, 0xFF37C7,
    ] as [UInt32]).map { RGBColor(hex: $0) }

    /// Zones are outlined in yellow and lines in magenta, colours no class has.
    public static let zone = RGBColor(hex: 0xFFFF00)
    public static let line = RGBColor(hex: 0xFF00FF)

    public static func color(ofClass classID: Int) -> RGBColor {
        colors[((classID % colors.count) + colors.count) % colors.count]
    }

    /// Black or white, whichever reads better on `background`.
    static func text(on background: RGBColor) -> RGBColor {
        background.luma >= 150 ? .black : .white
    }
}
