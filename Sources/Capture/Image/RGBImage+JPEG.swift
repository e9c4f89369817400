extension RGBImage {
    /// Loads and decodes the JPEG file at `path` (with a one-off decoder; a
    /// frame loop should keep a `JPEGDecoder` and one image instead).
    public init(contentsOfJPEGFile path: String) throws(JPEGError) {
        self.init()
        do {
            try JPEGDecoder().decodeFile(atPath: path, into: &self)
        } catch {
            throw error.path == nil ? error.at(path: path) : error
        }
    }
}
