import Foundation
import TestSupport
import Testing

/// `YOLO_EDGE_KERNELS=portable`, the switch the arm64 detect check
/// (system-tests/arm/detect-arm64.sh) uses to run the portable C kernels on a
/// CPU with SIMD: it must take effect, and change no byte of the detections.
@Suite(.serialized) struct KernelOverrideTests {
    static let portable = ["YOLO_EDGE_KERNELS": "portable"]

    /// The built binary with `arguments`, in this process's environment plus `environment`.
    static func run(_ arguments: [String], environment: [String: String]) throws -> Subprocess.Result {
        try Subprocess.check(
            ReferenceData.binary.path, arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
    }

    static func convolutionKernel(environment: [String: String]) throws -> String {
        let inspect = try run(["inspect", "--model", ReferenceData.fullIntegerModel.path], environment: environment)
        let line = try #require(inspect.text.split(separator: "\n").first { $0.hasPrefix("cpu:") })
        return String(try #require(line.firstMatch(of: /run the (\S+) kernel/)).output.1)
    }

    /// `detect --json` lines without their timings, which differ from run to run.
    static func detections(_ images: [String], environment: [String: String]) throws -> [String] {
        let detect = try run(
            ["detect", "--json", "--model", ReferenceData.fullIntegerModel.path] + images, environment: environment)
        return detect.text.split(separator: "\n").map { String($0).replacing(/,"timing_ms":\{[^}]*\}/, with: "") }
    }

    @Test func portableKernelsAreUsedAndDetectTheSameBytes() throws {
        try ReferenceData.require(binary: true)
        #expect(try Self.convolutionKernel(environment: Self.portable) == "2x4c4-scalar")
        let images = try ReferenceData.validationImageURLs(count: 3).map(\.path)
        let portable = try Self.detections(images, environment: Self.portable)
        #expect(portable.count == 3)
        #expect(portable == (try Self.detections(images, environment: [:])))
    }

    @Test func otherValuesLeaveTheCPUFeaturesAlone() throws {
        try ReferenceData.require(binary: true)
        #expect(
            try Self.convolutionKernel(environment: ["YOLO_EDGE_KERNELS": "fast"])
                == (try Self.convolutionKernel(environment: [:])))
    }
}
