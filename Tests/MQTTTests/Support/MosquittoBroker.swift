import Foundation
import Glibc
import TestSupport
import Testing

/// A real `mosquitto` on 127.0.0.1 for one test, with a config file the test writes: password
/// authentication or anonymous, plain TCP or TLS. It can be stopped and started again on the
/// same port, and is killed when the test lets go of it.
final class MosquittoBroker {
    static let executable = "/usr/sbin/mosquitto"

    /// Fails the test under CI=true, otherwise skips it, unless the broker, its clients and
    /// openssl are installed.
    static func requireInstalled() throws {
        let tools = [executable, MosquittoSubscriber.executable, MosquittoSubscriber.lineBuffering, "/usr/bin/mosquitto_passwd", "/usr/bin/openssl"]
        let missing = tools.filter { !FileManager.default.isExecutableFile(atPath: $0) }
        try Prerequisite.require(
            missing.isEmpty,
            "not installed: \(missing.joined(separator: ", ")) (apt-get install mosquitto mosquitto-clients openssl)")
    }

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    struct User {
        var name: String
        var password: String
    }

    let port: Int
    let directory: TemporaryDirectory
    private var process: Process?

    /// - Parameters:
    ///   - users: who may log in; empty lets anyone in without a password.
    ///   - tls: the broker's certificate, its key and the CA file: a TLS listener.
    ///   - start: false leaves the broker down until `start()`; the port is reserved in name only.
    init(users: [User] = [], tls: TestCertificates? = nil, start: Bool = true) throws {
        port = try LoopbackPort.unused()
        directory = try TemporaryDirectory()
        var config = "listener \(port) 127.0.0.1\n"
        if users.isEmpty {
            config += "allow_anonymous true\n"
        } else {
            let passwords = directory.file("passwords").path
            for (index, user) in users.enumerated() {
                _ = try Subprocess.check(
                    "/usr/bin/mosquitto_passwd", (index == 0 ? ["-c"] : []) + ["-b", passwords, user.name, user.password])
            }
            config += "allow_anonymous false\npassword_file \(passwords)\n"
        }
        if let tls {
            config += "cafile \(tls.caFile)\ncertfile \(tls.serverCertificateFile)\nkeyfile \(tls.serverKeyFile)\n"
        }
        try directory.write(config, to: "mosquitto.conf")
        _ = FileManager.default.createFile(atPath: directory.file("broker.log").path, contents: nil)
        if start { try self.start() }
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        directory.remove()
    }

    /// What the broker logged, over all its starts.
    var log: String {
        (try? String(contentsOf: directory.file("broker.log"), encoding: .utf8)) ?? ""
    }

    /// Starts the broker and waits until its port accepts connections.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["-c", directory.file("mosquitto.conf").path]
        let log = try FileHandle(forWritingTo: directory.file("broker.log"))
        try log.seekToEnd()
        process.standardOutput = log
        process.standardError = log
        try ChildProcess.launch(process)
        self.process = process
        let accepting = eventually { !process.isRunning || LoopbackPort.accepts(port) }
        guard accepting, process.isRunning else {
            throw StartFailure(description: "mosquitto did not start on port \(port): \(self.log)")
        }
    }

    /// Stops the broker as `systemctl stop` would (SIGTERM) and waits for it to exit.
    func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        if !eventually(within: .seconds(5), { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }
}
