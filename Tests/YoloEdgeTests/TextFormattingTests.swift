import Foundation
import Quantizer
import Testing
@testable import YoloEdge

/// The Foundation-free text helpers: printf-style numbers, file error reasons.
struct TextFormattingTests {
    @Test(arguments: [
        (String(printf: "%8.3f ms", 12.34567), "  12.346 ms"),
        (String(printf: "%5.1f%%", 99.95), "100.0%"),
        (String(printf: "%.4g", Float(0.000123456)), "0.0001235"),
        (String(printf: "%.6g", 1234567.0), "1.23457e+06"),
        (String(printf: "step %3ld of %ld", 7, Int.max), "step   7 of 9223372036854775807"),
        (String(printf: "%.2f", -0.0049), "-0.00"),
        (String(printf: "no arguments"), "no arguments"),
    ])
    func printfFormatsNumbersInTheCLocale(formatted: String, expected: String) {
        #expect(formatted == expected)
    }

    @Test func printfOutputLongerThanAnyFixedBufferIsWhole() {
        let formatted = String(printf: "%0300ld", 42)
        #expect(formatted.count == 300 && formatted.hasSuffix("00042"))
    }

    @Test func fileErrorsReadAsTheSystemSaysThem() throws {
        do {
            _ = try ONNXModel(contentsOf: URL(fileURLWithPath: "/nonexistent/model.onnx"))
            Issue.record("a missing file was read")
        } catch {
            #expect("\(error)" == "cannot read ONNX file /nonexistent/model.onnx: no such file")
        }
    }
}
