/// COCO bbox metrics of a detection run, as pycocotools' COCOeval reports them.
public struct EvaluationResult: Hashable, Sendable {
    /// mAP averaged over IoU thresholds 0.50:0.05:0.95 (COCOeval `stats[0]`);
    /// -1, as in COCOeval, when no class has ground truth.
    public var map50_95: Double
    /// mAP at IoU 0.50 (COCOeval `stats[1]`); -1 when no class has ground truth.
    public var map50: Double
    /// Number of evaluated images, with or without objects.
    public var images: Int
    /// The classes with ground truth, by ascending class id; the means above are over these.
    public var perClass: [ClassAveragePrecision]

    public init(map50_95: Double, map50: Double, images: Int, perClass: [ClassAveragePrecision]) {
        self.map50_95 = map50_95
        self.map50 = map50
        self.images = images
        self.perClass = perClass
    }
}

/// Average precision of one class over all images.
public struct ClassAveragePrecision: Hashable, Sendable {
    public var classID: Int
    public var ap50_95: Double
    public var ap50: Double
    /// Objects of the class in all images that recall counts (those inside the area range).
    public var objects: Int

    public init(classID: Int, ap50_95: Double, ap50: Double, objects: Int) {
        self.classID = classID
        self.ap50_95 = ap50_95
        self.ap50 = ap50
        self.objects = objects
    }
}
