import Testing
import TestSupport

/// The COCO validation images in ../shared: present, they are used; missing,
/// the test is skipped, except in CI (`CI=true`), where it fails.
enum SharedImages {
    static func paths(_ count: Int) throws -> [String] {
        try ReferenceData.require()
        return try ReferenceData.validationImageURLs(count: count).map(\.path)
    }
}
