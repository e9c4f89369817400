/// The parameters of pycocotools' COCOeval for bbox mAP (stats[0] and stats[1]):
/// area range "all" and at most 100 detections per image and class.
enum COCOParameters {
    /// 0.50, 0.55, ..., 0.95 as numpy.linspace computes them (the ninth is 0.8999999999999999).
    static let iouThresholds = evenlySpaced(from: 0.5, to: 0.95, count: 10)
    /// The 101 recall points 0.00, 0.01, ..., 1.00 of the interpolated precision.
    static let recallThresholds = evenlySpaced(from: 0, to: 1, count: 101)
    static let maxDetectionsPerImage = 100
    /// Area range "all" (0 to 1e5²); objects and unmatched detections outside it are ignored.
    static let areaRange: ClosedRange<Double> = 0...1e10
    /// COCOeval never lets a match need an IoU above this, so IoU 1 thresholds still match.
    static let highestMatchThreshold = 1 - 1e-10

    /// numpy.linspace's arithmetic: `start + i * ((end - start) / (count - 1))`, last point
    /// exactly `end`. Thresholds computed any other way differ in the last bit, and matches at
    /// exactly-threshold IoUs would then differ from pycocotools.
    static func evenlySpaced(from start: Double, to end: Double, count: Int) -> [Double] {
        let step = (end - start) / Double(count - 1)
        return (0..<count).map { $0 == count - 1 ? end : Double($0) * step + start }
    }
}
