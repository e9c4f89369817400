import Testing

@testable import Capture

@Suite struct ImageSourceSpecTests {
    @Test(arguments: [
        ("images:/data/frames", ImageFileSource.Configuration(.directory("/data/frames"))),
        ("images:/data/frames:loop", .init(.directory("/data/frames"), loops: true)),
        ("images:/data/a:b:once:fps=2.5", .init(.directory("/data/a:b"), loops: false, framesPerSecond: 2.5)),
        ("photo.jpg", .init(.file("photo.jpg"))),
        ("/x/Photo.JPEG:loop:fps=1", .init(.file("/x/Photo.JPEG"), loops: true, framesPerSecond: 1)),
    ])
    func parses(text: String, expected: ImageFileSource.Configuration) throws {
        #expect(try SourceSpec(parsing: text) == .images(expected))
    }

    @Test(arguments: [
        ("images:", "images: needs a directory"),
        ("images:/d:fps=0", "fps= needs a positive number"),
        ("photo.png", "FILE.jpg"),
    ])
    func rejects(text: String, problem: String) {
        let error = #expect(throws: SourceSpecError.self) { try SourceSpec(parsing: text) }
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
    }

    @Test func opensAnImageSource() throws {
        let directory = try ImageDirectory(jpegCount: 1)
        let source = try SourceSpec(parsing: "images:\(directory.path):loop").makeSource()
        #expect(source is ImageFileSource)
        #expect(source.name == directory.path)
    }
}
