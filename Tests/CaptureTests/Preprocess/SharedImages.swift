import Testing

/// The COCO validation images in ../shared: present, they are used; missing,
/// the test is skipped, except in CI (`CI=true`), where it fails.
enum SharedImages {
    static func paths(_ count: Int) throws -> [String] {
        guard TestEnvironment.hasValidationImages else {
            if TestEnvironment.isCI {
                throw ToolFailure(description: "CI needs \(TestEnvironment.validationImages.path)")
            }
            try Test.cancel("needs ../shared/data/coco128 (set CI=true to require it)")
        }
        return try TestEnvironment.validationImagePaths(count)
    }
}
