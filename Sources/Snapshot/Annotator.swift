import Capture
import Detect
import Track

/// Draws detections, zones and lines on a frame in place: each box outlined in its class's
/// colour (``ClassPalette``) under a filled label `name #trackID 0.87` (no `#id` untracked), each
/// zone's polygon outlined with its name at its first corner, each line with its name at its
/// start and an arrow from its middle towards the side an `in` crossing goes to (the right-hand
/// side looking from start to end). Strokes are 2 pixels wide, 3 on frames of 960 pixels and
/// more on the short side, and text grows with the frame. Everything is clipped to the image.
///
/// Names are turned into font characters once, at init: drawing allocates nothing.
public struct Annotator: Sendable {
    private let classNames: [[UInt8]]
    private let zones: [ZoneDefinition]
    private let zoneNames: [[UInt8]]
    private let lines: [LineDefinition]
    private let lineNames: [[UInt8]]

    public init(classNames: [String], zones: [ZoneDefinition] = [], lines: [LineDefinition] = []) {
        self.classNames = classNames.map(BitmapFont.characters(of:))
        self.zones = zones
        zoneNames = zones.map { BitmapFont.characters(of: $0.name) }
        self.lines = lines
        lineNames = lines.map { BitmapFont.characters(of: $0.name) }
    }

    /// Draws zones and lines, then the boxes, then the labels (so no box hides a label).
    public func draw(_ detections: [Detection], on image: inout RGBImage) {
        guard image.width > 0, image.height > 0 else { return }
        let style = AnnotationStyle(width: image.width, height: image.height)
        for index in zones.indices { drawZone(index, on: &image, style: style) }
        for index in lines.indices { drawLine(index, on: &image, style: style) }
        // Index loops: iterating an array allocates per element in debug builds.
        for index in detections.indices {
            let detection = detections[index]
            guard let rectangle = visibleRectangle(of: detection, width: image.width, height: image.height)
            else { continue }
            image.stroke(rectangle, lineWidth: style.lineWidth, color: ClassPalette.color(ofClass: detection.classID))
        }
        for index in detections.indices {
            let detection = detections[index]
            guard let rectangle = visibleRectangle(of: detection, width: image.width, height: image.height)
            else { continue }
            let label = DetectionLabel(
                name: classNames.indices.contains(detection.classID) ? classNames[detection.classID] : nil,
                classID: detection.classID, trackID: detection.trackID, score: detection.score)
            // Above the box where there is room, else inside its top.
            let height = style.labelSize(characters: label.count).height
            let top = rectangle.top >= height ? rectangle.top - height : rectangle.top
            image.drawLabel(
                count: label.count, x: rectangle.left, y: top, style: style,
                background: ClassPalette.color(ofClass: detection.classID)
            ) { label[$0] }
        }
    }

    private func visibleRectangle(of detection: Detection, width: Int, height: Int) -> PixelRectangle? {
        guard let rectangle = PixelRectangle(detection.box), rectangle.intersects(width: width, height: height)
        else { return nil }
        return rectangle
    }

    private func drawZone(_ index: Int, on image: inout RGBImage, style: AnnotationStyle) {
        let polygon = zones[index].polygon
        guard !polygon.isEmpty else { return }
        let (width, height) = (image.width, image.height)
        for corner in polygon.indices {
            let next = polygon[(corner + 1) % polygon.count]
            image.stroke(
                from: pixelPosition(of: polygon[corner], width: width, height: height),
                to: pixelPosition(of: next, width: width, height: height), lineWidth: style.lineWidth,
                color: ClassPalette.zone)
        }
        let corner = pixelPosition(of: polygon[0], width: width, height: height)
        drawName(zoneNames[index], at: corner, on: &image, style: style, background: ClassPalette.zone)
    }

    private func drawLine(_ index: Int, on image: inout RGBImage, style: AnnotationStyle) {
        let start = pixelPosition(of: lines[index].start, width: image.width, height: image.height)
        let end = pixelPosition(of: lines[index].end, width: image.width, height: image.height)
        image.stroke(from: start, to: end, lineWidth: style.lineWidth, color: ClassPalette.line)
        let direction = end - start
        let length = (direction * direction).sum().squareRoot()
        if length > 0, length.isFinite {
            // Image y points down, so (-dy, dx) is the right-hand side looking along the line.
            let inward = SIMD2(-direction.y, direction.x) / length
            let middle = (start + end) / 2
            image.strokeArrow(
                from: middle, to: middle + inward * Double(style.arrowLength), lineWidth: style.lineWidth,
                color: ClassPalette.line)
        }
        drawName(lineNames[index], at: start, on: &image, style: style, background: ClassPalette.line)
    }

    private func drawName(
        _ name: [UInt8], at point: SIMD2<Double>, on image: inout RGBImage, style: AnnotationStyle,
        background: RGBColor
    ) {
        guard !name.isEmpty else { return }
        image.drawLabel(
            count: name.count, x: pixelIndex(point.x), y: pixelIndex(point.y), style: style, background: background
        ) { name[$0] }
    }
}
