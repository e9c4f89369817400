import Testing
@testable import Daemon

/// The JSON reader of the socket protocol (client requests, and the `watch`/`status` tools).
struct JSONValueTests {
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
}
