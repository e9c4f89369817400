import ArgumentParser
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
        var commands: [(name: String, arguments: [String])] = [("detect", ["detect", "--model", "m.tflite", flag, value, "a.jpg"])]
        if flag != "--size" {  // eval runs at the model's own size
            commands.append(("eval", ["eval", "--model", "m.tflite", "--images", "i", "--labels", "l", flag, value]))
        }
        if flag == "--threads" {
            commands += [("bench", ["bench", "--model", "m", flag, value]), ("inspect", ["inspect", "--model", "m", flag, value])]
        }
        if flag == "--size" {
            commands.append(("convert", ["convert", "m.onnx", "--calib", "c", "-o", "m.yem", flag, value]))
        }
        for command in commands {
            #expect(
                Self.refusal(command.arguments) == "\(flag) \(reason)",
                "\(command.name) \(flag) \(value)")
        }
        if flag == "--threads" || flag == "--size" {
            let overrides = flag == "--threads"
                ? ConfigOverrides(threads: Int(value)) : ConfigOverrides(size: Int(value))
            #expect(throws: ConfigError.self) { try overrides.applied(to: DaemonConfig()) }
            do {
                _ = try overrides.applied(to: DaemonConfig())
            } catch {
                #expect(error.description == "command line: key '\(flag)': \(reason)")
            }
        }
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
