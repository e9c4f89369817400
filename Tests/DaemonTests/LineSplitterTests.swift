import NIOCore
import Testing
@testable import Daemon

struct LineSplitterTests {
    @Test func linesSplitAcrossChunksComeOutWhole() {
        var splitter = LineSplitter()
        var lines: [String] = []
        for chunk in ["{\"a\":", "1}\n{\"b\"", ":2}\n\n{\"c\":3", "}\nrest"] {
            splitter.append(ByteBuffer(string: chunk))
            while let line = splitter.nextLine() { lines.append(line) }
        }
        #expect(lines == ["{\"a\":1}", "{\"b\":2}", "", "{\"c\":3}"])
        #expect(splitter.pendingByteCount == 4)
    }

    /// A long line arriving in many chunks (a snapshot) is found once it ends, and scanning it
    /// chunk by chunk does not rescan what came before.
    @Test func aLongLineInManyChunks() {
        var splitter = LineSplitter()
        let chunk = ByteBuffer(string: String(repeating: "x", count: 65_536))
        for _ in 0..<256 {
            splitter.append(chunk)
            #expect(splitter.nextLine() == nil)
        }
        #expect(splitter.pendingByteCount == 16 << 20)
        splitter.append(ByteBuffer(string: "y\nz\n"))
        #expect(splitter.nextLine()?.count == (16 << 20) + 1)
        #expect(splitter.nextLine() == "z")
        #expect(splitter.nextLine() == nil && splitter.pendingByteCount == 0)
    }
}
