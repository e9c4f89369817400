import Foundation
import Infer
import Testing
@testable import Daemon

/// The Foundation-free text helpers: printf-style numbers, JSON values, file error reasons.
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

    @Test func jsonValuesKeepBooleansApartFromNumbers() throws {
        let value = try #require(JSONValue(parsing: #"{"a":true,"b":1,"c":[1.5,"x",null],"d":{"e":"é"}}"#))
        #expect(value["a"] == .bool(true))
        #expect(value["a"]?.number == nil)
        #expect(value["b"]?.number == 1)
        #expect(value["c"] == .array([.number(1.5), .string("x"), .null]))
        #expect(value["d"]?["e"]?.string == "é")
        #expect(value["b"]?.description == "1", "whole numbers print without a fraction")
        #expect(value["c"]?.description == #"[1.5,"x",null]"#)
        #expect(JSONValue.object(["z": .number(2), "a": .string("/")]).jsonText == #"{"a":"/","z":2}"#)
    }

    @Test(arguments: ["", "{", #"{"a":}"#, "nul", #"{"a":1}x"#, "\u{FF}"])
    func malformedJSONIsNil(text: String) {
        #expect(JSONValue(parsing: text) == nil)
    }

    @Test func fileErrorsReadAsTheSystemSaysThem() throws {
        do {
            _ = try ONNXModel(contentsOf: URL(fileURLWithPath: "/nonexistent/model.onnx"))
            Issue.record("a missing file was read")
        } catch {
            #expect("\(error)" == "cannot read ONNX file /nonexistent/model.onnx: No such file or directory")
        }
    }
}
