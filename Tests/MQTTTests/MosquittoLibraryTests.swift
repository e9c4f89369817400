@testable import MQTT
import Testing

/// libmosquitto is opened at run time (MosquittoShim), not linked.
struct MosquittoLibraryTests {
    @Test func theInstalledLibraryOpens() throws {
        try MosquittoLibrary.load()
    }

    @Test func aMissingLibraryIsNamedWithThePackageToInstall() {
        guard case .failure(let unavailable) = MosquittoLibrary.open("libmosquitto.so.0-absent") else {
            Issue.record("a library that does not exist opened")
            return
        }
        #expect(unavailable.description == """
            MQTT needs libmosquitto (libmosquitto.so.0-absent), which cannot be loaded: libmosquitto.so.0-absent: \
            cannot open shared object file: No such file or directory; install the package libmosquitto1
            """)
    }
}
