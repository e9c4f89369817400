import Capture

extension LetterboxTransform {
    /// Maps a box from model-input pixels to source-image pixels and clips it
    /// to the image, as Ultralytics' `scale_boxes` and `clip_boxes` do, in
    /// Float like its float32 tensors.
    ///
    /// The padding is the letterbox's own, as Ultralytics' validation passes
    /// it (`ratio_pad`). Its predictor recomputes the padding from the
    /// unrounded resized size instead, which can be one pixel off.
    public func mapToSource(_ box: BoundingBox) -> BoundingBox {
        let gain = Float(self.gain)
        let padX = Float(self.padX)
        let padY = Float(self.padY)
        let maxX = Float(sourceWidth)
        let maxY = Float(sourceHeight)
        return BoundingBox(
            x1: clamp((box.x1 - padX) / gain, to: maxX),
            y1: clamp((box.y1 - padY) / gain, to: maxY),
            x2: clamp((box.x2 - padX) / gain, to: maxX),
            y2: clamp((box.y2 - padY) / gain, to: maxY))
    }

    private func clamp(_ value: Float, to upper: Float) -> Float {
        min(max(value, 0), upper)
    }
}
