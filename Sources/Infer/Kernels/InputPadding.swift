/// Zero-point padding a convolution applies around its input in addition to
/// its own: a PAD before it, folded in so that the padded tensor is never
/// written (its border is the input zero point, which is real zero).
public struct InputPadding: Sendable, Equatable {
    public var top: Int, bottom: Int, left: Int, right: Int

    public init(top: Int, bottom: Int, left: Int, right: Int) {
        self.top = top
        self.bottom = bottom
        self.left = left
        self.right = right
    }
}
