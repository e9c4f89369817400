import Capture
import Foundation
import TestSupport
import Testing
@testable import Daemon

struct ConfigTests {
    private static let exampleFile = ReferenceData.repositoryRoot.appendingPathComponent("config.example.toml").path

    @Test func exampleFileStatesTheDefaults() throws {
        var expected = DaemonConfig()
        expected.threads = 3  // the example leaves threads commented out
        let parsed = try ConfigLoader.load(path: Self.exampleFile, defaults: expected)
        #expect(parsed == expected)
    }

    @Test func exampleFileDocumentsEveryKey() throws {
        let text = try String(contentsOfFile: Self.exampleFile, encoding: .utf8)
        let locator = TOMLKeyLocator(text: text.replacingOccurrences(of: "# threads =", with: "threads ="))
        for field in ConfigField.all {
            #expect(locator.line(ofKey: field.name, inSection: field.section) != nil, "\(field.path) is documented")
        }
    }

    @Test func piDefaults() {
        let config = DaemonConfig()
        #expect(config.source == "/dev/video0")
        #expect(config.size == .auto)
        #expect(config.socket == "/run/yolo-edge/detections.sock")
        #expect(config.threads == ProcessInfo.processInfo.activeProcessorCount)
    }

    @Test func readsValuesFromSectionsAndDottedKeys() throws {
        let config = try ConfigLoader.parse("""
            source = "images:/data"
            size = 320
            detection.iou = 0.5
            [clients]
            stall_timeout = 3
            """, origin: "test.toml")
        #expect(config.source == "images:/data")
        #expect(config.size == .fixed(FrameSize(width: 320, height: 320)))
        #expect(config.detection.iou == 0.5)
        #expect(config.clients.stallTimeout == 3.0, "an integer is accepted for a number of seconds")
    }

    @Test(arguments: [
        ("source = \"/dev/video1\"\nsnapshot = true\n", "test.toml:2: key 'snapshot': unknown key"),
        ("size = \"big\"\n", #"test.toml:1: key 'size': must be "auto", N (for NxN) or "WxH", e.g. 640 or "640x384", got 'big'"#),
        ("size = 640.0\n", #"test.toml:1: key 'size': expected an integer or a string ("auto", "WxH"), found double"#),
        ("size = 650\n", "test.toml:1: key 'size': must be a multiple of 32, got 650"),
        ("threads = 0\n", "test.toml:1: key 'threads': must be between 1 and 256, got 0"),
        ("[detection]\nconfidence = 0.3\n\niou = 1.5\n", "test.toml:4: key 'detection.iou': must be greater than 0 and at most 1, got 1.5"),
        ("[clients]\nqueue = 8\n", "test.toml:2: key 'clients.queue': unknown key"),
        ("[health]\nstatus_interval = \"fast\"\n", "test.toml:2: key 'health.status_interval': expected a number, found string"),
        ("detection = 3\n", "test.toml:1: key 'detection': expected a table, found int"),
        ("log_level = \"loud\"\n", "test.toml:1: key 'log_level': must be one of trace, debug, info, notice, warning, error, critical, got 'loud'"),
        ("socket = \"\(String(repeating: "s", count: 120))\"\n", "test.toml:1: key 'socket': is 120 bytes long; a Unix socket path may have at most 103"),
        ("[health]\nstatus_interval = 1e-300\n", "test.toml:2: key 'health.status_interval': must be at least 0.1 and at most 3600 seconds, got 1e-300"),
        ("[health]\nwatchdog_interval = 0.01\n", "test.toml:2: key 'health.watchdog_interval': must be 0 (automatic) or from 0.1 to 3600 seconds, got 0.01"),
        ("detection.max_detections = 0\n", "test.toml:1: key 'detection.max_detections': must be between 1 and 1000, got 0"),
        ("size = 640\ndetection = { iou = 2 }\n", "test.toml:2: key 'detection.iou': must be greater than 0 and at most 1, got 2.0"),
    ])
    func rejectsBadFilesNamingKeyAndLine(text: String, message: String) {
        do {
            _ = try ConfigLoader.parse(text, origin: "test.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func syntaxErrorsCarryTheParserLine() {
        do {
            _ = try ConfigLoader.parse("size = 640\nsource = \n", origin: "test.toml")
            Issue.record("a syntax error was accepted")
        } catch {
            #expect(error.line == 2)
            #expect(error.description.hasPrefix("test.toml:2: invalid TOML: "))
        }
    }

    @Test func missingFileIsAClearError() {
        do {
            _ = try ConfigLoader.load(path: "/nonexistent/yolo-edge.toml")
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.description == "/nonexistent/yolo-edge.toml: cannot read the config file: no such file")
        }
    }

    @Test func devNullIsAnEmptyConfig() throws {
        #expect(try ConfigLoader.load(path: "/dev/null") == DaemonConfig())
    }

    @Test(arguments: [
        ("/tmp", "/tmp: cannot read the config file: is a directory, not a regular file"),
        ("/dev/zero", "/dev/zero: cannot read the config file: is a character device, not a regular file"),
    ])
    func unreadableFilesAreClearErrors(path: String, message: String) {
        do {
            _ = try ConfigLoader.load(path: path)
            Issue.record("\(path) was accepted")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func flagsOverrideTheFile() throws {
        let file = try ConfigLoader.parse("size = 320\nsource = \"/dev/video2\"\n", origin: "test.toml")
        let merged = try ConfigOverrides(size: "416").applied(to: file)
        #expect(merged.size == .fixed(FrameSize(width: 416, height: 416)))
        #expect(merged.source == "/dev/video2")
    }

    @Test func badFlagsNameTheFlag() {
        do {
            _ = try ConfigOverrides(size: "100").applied(to: DaemonConfig())
            Issue.record("an impossible size was accepted")
        } catch {
            #expect(error.description == "command line: key '--size': must be a multiple of 32, got 100")
        }
    }
}
