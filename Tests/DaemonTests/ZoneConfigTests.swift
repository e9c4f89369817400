import Testing
import Track
@testable import Daemon

/// `[tracking]`, `[[zones]]` and `[[lines]]` in the config file: what is read, and how each
/// mistake is reported (the key and its line).
struct ZoneConfigTests {
    @Test func readsZonesAndLines() throws {
        let config = try ConfigLoader.parse("""
            [tracking]
            lost_frames = 60

            [[zones]]
            name = "driveway"
            polygon = [[0.0, 0.5], [1, 0.5], [1, 1], [0, 1]]
            classes = ["car", 0]
            min_score = 0.4
            anchor = "center"
            enter_frames = 4
            leave_frames = 9

            [[lines]]
            name = "gate"
            start = [0.5, 0.0]
            end = [0.5, 1.0]
            """, origin: "test.toml")
        #expect(config.tracking.lostFrames == 60)
        let zone = try #require(config.zones.first)
        #expect(zone.definition.name == "driveway")
        #expect(zone.definition.polygon.count == 4 && zone.definition.polygon[1] == NormalizedPoint(x: 1, y: 0.5))
        #expect(zone.classes == [.label("car"), .id(0)])
        #expect(zone.classesLocation.line == 7)
        #expect(zone.definition.minimumScore == 0.4 && zone.definition.anchor == .center)
        #expect(zone.definition.enterFrames == 4 && zone.definition.leaveFrames == 9)
        let line = try #require(config.lines.first)
        #expect(line.definition.start == NormalizedPoint(x: 0.5, y: 0) && line.definition.anchor == .bottomCenter)
        #expect(line.classes == nil)
    }

    @Test(arguments: [
        ("[[zones]]\nname = \"a\"\npolygon = [[0.1, 0.1], [0.9, 0.9], [0.9, 0.1], [0.1, 0.9]]\n",
         "test.toml:3: key 'zones[0].polygon': "),
        ("[[zones]]\nname = \"a\"\n\n[[zones]]\nname = \"b\"\npolygon = [[0, 0], [1.5, 0], [1, 1]]\n",
         "test.toml:1: key 'zones[0].polygon': a zone needs a polygon"),
        ("[[zones]]\nname = \"a\"\npolygon = [[0, 0], [1, 0], [1, 1]]\n\n[[zones]]\nname = \"b\"\npolygon = [[0, 0], [1.5, 0], [1, 1]]\n",
         "test.toml:7: key 'zones[1].polygon': "),
        ("[[zones]]\nname = \"a\"\npolygon = [[0, 0], [1, 0]]\n", "test.toml:3: key 'zones[0].polygon': "),
        ("[[zones]]\nname = \"a\"\npolygon = [[0, 0], [1, 0], [1, 1]]\nshape = 3\n", "test.toml:4: key 'zones[0].shape': unknown key"),
        ("[[zones]]\nname = \"a\"\npolygon = [[0, 0], [1, 0], [1, \"x\"]]\n",
         "test.toml:3: key 'zones[0].polygon': each point must be [x, y], two numbers"),
        ("[[zones]]\npolygon = [[0, 0], [1, 0], [1, 1]]\n", "test.toml:1: key 'zones[0].name': every zones table needs a name"),
        ("[[zones]]\nname = \"a\"\npolygon = [[0, 0], [1, 0], [1, 1]]\nanchor = \"feet\"\n",
         "test.toml:4: key 'zones[0].anchor': must be one of bottom_center, center, top_center"),
        ("[[zones]]\nname = \"a\"\npolygon = [[0, 0], [1, 0], [1, 1]]\nenter_frames = 0\n",
         "test.toml:4: key 'zones[0].enter_frames': must be a whole number of frames from 1 to 1000"),
        ("[[zones]]\nname = \"a\"\npolygon = [[0, 0], [1, 0], [1, 1]]\nclasses = []\n",
         "test.toml:4: key 'zones[0].classes': must be a non-empty array of class labels or ids, e.g. [\"person\", \"car\"]"),
        ("[[lines]]\nname = \"gate\"\nstart = [0.5, 0]\nend = [0.5, 1.2]\n",
         "test.toml:4: key 'lines[0].end': x and y must be from 0 to 1 (fractions of the frame), got [0.5, 1.2]"),
        ("[[zones]]\nname = \"x\"\npolygon = [[0, 0], [1, 0], [1, 1]]\n[[lines]]\nname = \"x\"\nstart = [0, 0]\nend = [1, 1]\n",
         "test.toml:5: key 'lines[0].name': 'x' names another zone or line already; names must be unique"),
        ("zones = 3\n", "test.toml:1: key 'zones': expected an array of tables ([[zones]]), found int"),
        ("[tracking]\nenabled = false\n[[lines]]\nname = \"g\"\nstart = [0, 0]\nend = [1, 1]\n",
         "test.toml:2: key 'tracking.enabled': zones and lines follow tracks; they need tracking enabled"),
        ("[tracking]\nlow_score = 1.5\n", "test.toml:2: key 'tracking.low_score': must be from 0 to 1, got 1.5"),
        ("[snapshots]\nenabled = \"yes\"\n", "test.toml:2: key 'snapshots.enabled': expected true or false, found string"),
    ])
    func reportsTheKeyAndLine(text: String, expected: String) {
        #expect {
            _ = try ConfigLoader.parse(text, origin: "test.toml")
        } throws: { error in
            "\(error)".hasPrefix(expected)
        }
    }

    @Test func selfIntersectionIsNamed() {
        let text = "[[zones]]\nname = \"bow\"\npolygon = [[0.1, 0.1], [0.9, 0.9], [0.9, 0.1], [0.1, 0.9]]\n"
        #expect {
            _ = try ConfigLoader.parse(text, origin: "test.toml")
        } throws: { error in
            "\(error)".contains("cross")
        }
    }

    /// Classes are checked against the model's once it is loaded; the error still names the
    /// config's line.
    @Test func unknownClassIsReportedWithItsLine() throws {
        let config = try ConfigLoader.parse("""
            [[zones]]
            name = "door"
            polygon = [[0, 0], [1, 0], [1, 1]]
            classes = ["person", "unicorn"]
            """, origin: "test.toml")
        #expect {
            _ = try FrameAnalysis.make(config, classNames: ["person", "car"])
        } throws: { error in
            "\(error)" == "test.toml:4: key 'zones[0].classes': the model has no class 'unicorn'"
        }
        let byID = try ConfigLoader.parse("[[lines]]\nname = \"g\"\nstart = [0, 0]\nend = [1, 1]\nclasses = [7]\n", origin: "t.toml")
        #expect {
            _ = try FrameAnalysis.make(byID, classNames: ["person", "car"])
        } throws: { error in
            "\(error)" == "t.toml:5: key 'lines[0].classes': class id 7 is not one of the model's 0 to 1"
        }
        #expect(try FrameAnalysis.make(config, classNames: ["person", "unicorn"])?.names.zones == ["door"])
    }
}
