import Testing
@testable import Detect

struct JSONStringTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("a \"quoted\" \\ path", #""a \"quoted\" \\ path""#),
        ("tab\tnew\nline\rret", #""tab\tnew\nline\rret""#),
        ("\u{1}\u{1F}", #""\u0001\u001f""#),
        ("café ☕ \u{7F}", "\"café ☕ \u{7F}\""),
    ])
    func escapesQuotesBackslashesAndControlCharacters(text: String, expected: String) {
        #expect(JSONString.quoted(text) == expected)
    }
}
