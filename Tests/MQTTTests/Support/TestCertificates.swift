import Foundation
import TestSupport

/// A CA made for the test, a broker certificate it signed for "localhost" and 127.0.0.1, and a
/// second CA that signed nothing the broker has.
struct TestCertificates {
    let caFile: String
    let serverCertificateFile: String
    let serverKeyFile: String
    let unrelatedCAFile: String

    /// Makes the files in `directory` with openssl (EC keys: quick to make).
    init(in directory: TemporaryDirectory) throws {
        func path(_ name: String) -> String { directory.file(name).path }
        caFile = path("ca.crt")
        serverCertificateFile = path("server.crt")
        serverKeyFile = path("server.key")
        unrelatedCAFile = path("unrelated-ca.crt")
        let openssl = "/usr/bin/openssl"
        let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for (name, key) in [("ca.crt", "ca.key"), ("unrelated-ca.crt", "unrelated-ca.key")] {
            _ = try Subprocess.check(
                openssl,
                ["req", "-x509"] + newKey + ["-keyout", path(key), "-out", path(name), "-days", "2", "-subj", "/CN=yolo-edge test CA \(name)"])
        }
        _ = try Subprocess.check(
            openssl, ["req"] + newKey + ["-keyout", serverKeyFile, "-out", path("server.csr"), "-subj", "/CN=localhost"])
        try directory.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n", to: "server.ext")
        _ = try Subprocess.check(
            openssl,
            ["x509", "-req", "-in", path("server.csr"), "-CA", caFile, "-CAkey", path("ca.key"), "-CAcreateserial",
             "-out", serverCertificateFile, "-days", "2", "-extfile", path("server.ext")])
        // Started as root, mosquitto drops to its own user before it reads the key.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: serverKeyFile)
    }
}
