import ArgumentParser
import Capture
import Detect
import Testing
@testable import Daemon
@testable import YoloEdge

/// Every way into the detector refuses the same values in the same words: the config file,
/// `run`'s flags and each command's flags all check through `DetectorSettingRules`.
struct SettingRulesTests {
    /// A value each rule refuses, as a config line and as a command-line flag with its value.
    static let refused: [(config: String, flag: String, value: String, reason: String?)] = [
        ("threads = 0", "--threads", "0", DetectorSettingRules.threads(0)),
        ("threads = 257", "--threads", "257", DetectorSettingRules.threads(257)),
        ("size = 2080", "--size", "2080", DetectorSettingRules.size(2080)),
        ("size = 100", "--size", "100", DetectorSettingRules.size(100)),
        ("size = \"640x100\"", "--size", "640x100", DetectorSettingRules.size(100)),
        ("size = \"4096x384\"", "--size", "4096x384", DetectorSettingRules.size(4096)),
        ("[detection]\nconfidence = 1.0", "--conf", "1.0", DetectorSettingRules.confidence(1)),
        ("[detection]\niou = 0.0", "--iou", "0.0", DetectorSettingRules.iou(0)),
        ("[detection]\nmax_detections = 1001", "--max-det", "1001", DetectorSettingRules.maxDetections(1001)),
    ]

    @Test(arguments: refused)
    func configAndCommandsRefuseInTheSameWords(config: String, flag: String, value: String, reason: String?) throws {
        let reason = try #require(reason, "the rule accepts \(value)")
        #expect(throws: (any Error).self) { try ConfigLoader.parse(config + "\n", origin: "test.toml") }
        do {
            _ = try ConfigLoader.parse(config + "\n", origin: "test.toml")
        } catch {
            #expect(error.description.hasSuffix(": \(reason)"), "config: \(error)")
        }
        var commands: [(name: String, arguments: [String])] = [
            ("detect", ["detect", "--model", "m.tflite", flag, value, "a.jpg"]),
            ("eval", ["eval", "--model", "m.tflite", "--images", "i", "--labels", "l", flag, value]),
        ]
        if flag == "--threads" || flag == "--size" {
            commands += [("bench", ["bench", "--model", "m", flag, value]), ("inspect", ["inspect", "--model", "m", flag, value])]
        }
        if flag == "--size" && !value.contains("x") {
            commands.append(("convert", ["convert", "m.onnx", "--calib", "c", "-o", "m.yem", flag, value]))
        }
        for command in commands {
            #expect(
                Self.refusal(command.arguments) == "\(flag) \(reason)",
                "\(command.name) \(flag) \(value)")
        }
        if flag == "--threads" || flag == "--size" {
            let overrides = flag == "--threads"
                ? ConfigOverrides(threads: Int(value)) : ConfigOverrides(size: value)
            #expect(throws: ConfigError.self) { try overrides.applied(to: DaemonConfig()) }
            do {
                _ = try overrides.applied(to: DaemonConfig())
            } catch {
                #expect(error.description == "command line: key '\(flag)': \(reason)")
            }
        }
    }

    @Test func sizeIsAutoASquareOrARectangle() throws {
        #expect(DaemonConfig().size == .auto)
        let rectangle = try ConfigLoader.parse("size = \"640x384\"\n", origin: "test.toml")
        #expect(rectangle.size == .fixed(FrameSize(width: 640, height: 384)))
        #expect(try ConfigLoader.parse("size = 320\n", origin: "test.toml").size == .fixed(FrameSize(width: 320, height: 320)))
        #expect(try ConfigLoader.parse("size = \"auto\"\n", origin: "test.toml").size == .auto)
        #expect(try ConfigOverrides(size: "auto").applied(to: rectangle).size == .auto)
        for bad in ["\"640x\"", "\"x384\"", "\"640x384x3\"", "\"Auto\"", "\"\"", "true", "640.0"] {
            #expect(throws: ConfigError.self, "size = \(bad)") { try ConfigLoader.parse("size = \(bad)\n", origin: "test.toml") }
        }
        #expect(Self.refusal(["detect", "--model", "m", "--size", "auto", "a.jpg"])
            == "--size must be N or WxH, e.g. 640 or 640x384, got 'auto'")
        #expect(Self.refusal(["eval", "--model", "m", "--images", "i", "--labels", "l", "--size", "640x384", "--rect"]) == nil)
    }

    @Test func theLimitsAcceptTheirBounds() {
        #expect(DetectorSettingRules.threads(1) == nil && DetectorSettingRules.threads(256) == nil)
        #expect(DetectorSettingRules.size(32) == nil && DetectorSettingRules.size(2048) == nil)
        #expect(DetectorSettingRules.confidence(0) == nil && DetectorSettingRules.confidence(0.999) == nil)
        #expect(DetectorSettingRules.iou(1) == nil)
        #expect(DetectorSettingRules.maxDetections(1) == nil && DetectorSettingRules.maxDetections(1000) == nil)
        #expect(DetectorSettingRules.confidence(-0.1) != nil && DetectorSettingRules.confidence(.nan) != nil)
        #expect(DetectorSettingRules.iou(.nan) != nil)
    }

    /// What the command line says when it refuses `arguments`, without running anything.
    private static func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try YoloEdgeCommand.parseAsRoot(arguments)
            return nil
        } catch {
            return YoloEdgeCommand.message(for: error)
        }
    }
}
