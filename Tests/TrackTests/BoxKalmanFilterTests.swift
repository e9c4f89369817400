import Detect
import Testing
@testable import Track

@Suite struct BoxKalmanFilterTests {
    /// After a few frames of steady motion and growth, the prediction is where the box goes.
    @Test func learnsAConstantVelocity() {
        func box(_ frame: Int) -> BoundingBox {
            let t = Float(frame)
            return BoundingBox(centerX: 100 + 7 * t, centerY: 50 - 3 * t, width: 40 + t, height: 80 + 2 * t)
        }
        var filter = BoxKalmanFilter(box: box(0))
        for frame in 1..<20 {
            filter.predict(holdingSize: false)
            filter.update(with: box(frame))
        }
        filter.predict(holdingSize: false)
        #expect(filter.box.intersectionOverUnion(box(20)) > 0.97)
        // Lost: the size stays, the centre moves on.
        for _ in 0..<5 {
            filter.predict(holdingSize: true)
        }
        let predicted = filter.box
        #expect(abs((predicted.x1 + predicted.x2) / 2 - (100 + 7 * 25)) < 2)
        #expect(abs(predicted.height - box(20).height) < 1)
    }

    /// An occluder eating into a box from behind moves the visible part's centre against the
    /// object's motion; the filter measures the centre from the uncut edge and learns no
    /// velocity from the cut boxes, so it still predicts where the object goes once lost.
    @Test func aBoxCutShortKeepsItsMotion() {
        func box(_ frame: Int) -> BoundingBox {
            BoundingBox(centerX: 300 - 4 * Float(frame), centerY: 200, width: 60, height: 120)
        }
        func centerX(_ box: BoundingBox) -> Float { (box.x1 + box.x2) / 2 }
        var filter = BoxKalmanFilter(box: box(0))
        for frame in 1..<20 {
            filter.predict(holdingSize: false)
            var seen = box(frame)
            if frame >= 15 {
                seen.x1 += Float(frame - 14) * 12  // the occluder comes in from the left
            }
            filter.update(with: seen)
        }
        #expect(abs(centerX(filter.box) - centerX(box(19))) < 6)
        for _ in 0..<10 {
            filter.predict(holdingSize: true)
        }
        #expect(abs(centerX(filter.box) - centerX(box(29))) < 6, "lost for 10 frames")
    }

    @Test func intersectionOverUnion() {
        let box = BoundingBox(x1: 0, y1: 0, x2: 10, y2: 10)
        #expect(box.intersectionOverUnion(box) == 1)
        #expect(box.intersectionOverUnion(BoundingBox(x1: 5, y1: 0, x2: 15, y2: 10)) == Float(50) / 150)
        #expect(box.intersectionOverUnion(BoundingBox(x1: 10, y1: 0, x2: 20, y2: 10)) == 0)
        #expect(box.intersectionOverUnion(BoundingBox(x1: 3, y1: 3, x2: 3, y2: 3)) == 0)
    }
}
