extension RGBImage {
    /// Loads and decodes the JPEG file at `path` (with a one-off decoder; a
    /// frame loop should keep a `JPEGDecoder` and one image instead).
    public init(contentsOfJPEGFile path: String) throws(JPEGError) {
        self.init()
        try JPEGDecoder().decodeFile(atPath: path, into: &self)
    }
}
