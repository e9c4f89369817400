import Detect
import TestSupport
import Testing
@testable import Track

@Suite struct ObjectTrackerTests {
    @Test func idsStayStableAlongSmoothTrajectories() {
        let tracker = ObjectTracker()
        for frame in 0..<60 {
            let t = Float(frame)
            let ids = tracker.ids([
                detection(100 + 6 * t, 100 + 2 * t),
                detection(900 - 4 * t, 300, width: 80, height: 60),
                detection(500, 700 - 3 * t, width: 30 + t / 2, height: 60 + t),  // approaching: growing
            ])
            #expect(ids == [1, 2, 3], "frame \(frame)")
        }
    }

    /// Two people walk through each other; their boxes overlap almost entirely at the crossing.
    /// The detections come in either order, so only the motion can tell them apart.
    @Test func twoCrossingObjectsKeepTheirIDs() {
        let tracker = ObjectTracker()
        for frame in 0..<50 {
            let t = Float(frame)
            let rightward = detection(100 + 10 * t, 200)
            let leftward = detection(600 - 10 * t, 210)
            if frame.isMultiple(of: 2) {
                #expect(tracker.ids([rightward, leftward]) == [1, 2], "frame \(frame)")
            } else {
                #expect(tracker.ids([leftward, rightward]) == [2, 1], "frame \(frame)")
            }
        }
    }

    /// An object walks behind a pillar for 12 frames (fewer than lostFrames) and comes out where
    /// its motion leads.
    @Test func anOcclusionShorterThanLostFramesKeepsTheID() {
        let tracker = ObjectTracker()
        for frame in 0..<60 {
            let t = Float(frame)
            let hidden = (25..<37).contains(frame)
            let ids = tracker.ids(hidden ? [] : [detection(100 + 8 * t, 300 + 2 * t)])
            #expect(ids == (hidden ? [] : [1]), "frame \(frame)")
            #expect(tracker.isConfirmed(1), "frame \(frame)")
        }
    }

    /// Two objects side by side move left; a bar crossing the frame to the right hides one, then
    /// the other, eating into each from the left first. A box cut short teaches its track no
    /// false motion, so each object comes out with its own ID, and neither takes the other's.
    @Test func objectsPassedByAnOccluderKeepTheirIDs() {
        let tracker = ObjectTracker()
        var idsOf: [[UInt64?]] = [[], []]
        for frame in 0..<60 {
            let t = Float(frame)
            let occluder = (left: -120 + 13 * t, right: 13 * t)
            var detections: [Detection] = []
            var objects: [Int] = []
            for (object, x) in [300 - 4 * t, 380 - 4 * t].enumerated() {
                let whole = BoundingBox(centerX: x, centerY: 200, width: 60, height: 120)
                guard let visible = Self.visiblePart(of: whole, besides: occluder) else { continue }
                detections.append(Detection(classID: 0, score: 0.8, box: visible))
                objects.append(object)
            }
            for (object, id) in zip(objects, tracker.ids(detections)) {
                idsOf[object].append(id)
            }
        }
        #expect(idsOf[0].count < 60 && idsOf[1].count < 60, "both were hidden")
        #expect(Set(idsOf[0]) == [1])
        #expect(Set(idsOf[1]) == [2])
    }

    /// The larger part of `box` left or right of `occluder`, if the detector would still see
    /// it: 40 % of the box or more.
    static func visiblePart(of box: BoundingBox, besides occluder: (left: Float, right: Float)) -> BoundingBox? {
        var visible = box
        if occluder.right > box.x1 && occluder.left < box.x2 {
            let leftPart = max(0, occluder.left - box.x1)
            let rightPart = max(0, box.x2 - occluder.right)
            if rightPart >= leftPart {
                visible.x1 = occluder.right
            } else {
                visible.x2 = occluder.left
            }
        }
        return visible.width >= 0.4 * box.width ? visible : nil
    }

    /// A tentative track needs a closer match than a confirmed one (IoU × score 0.3 against
    /// 0.2): with a box or two of history, a box that far off is rather another object.
    @Test func aTentativeTrackNeedsACloserMatch() {
        let confirmed = ObjectTracker()
        #expect(confirmed.ids([detection(300, 300)]) == [1])  // the first frame's: confirmed
        #expect(confirmed.ids([detection(322, 300)]) == [1])  // IoU 0.29 × 0.9
        let tentative = ObjectTracker()
        #expect(tentative.ids([]) == [])  // past the first frame
        #expect(tentative.ids([detection(300, 300)]) == [1])
        #expect(tentative.ids([detection(322, 300)]) == [2])
    }

    /// ByteTrack's second association: a low score continues a track the first pass left
    /// unmatched, if it overlaps the prediction by lowMatchIoU; low scores that continue nothing
    /// are dropped and start no track.
    @Test func lowScoresOnlyContinueTracks() {
        let tracker = ObjectTracker()
        for frame in 0..<5 {
            #expect(tracker.ids([detection(200 + 4 * Float(frame), 200)]) == [1])
        }
        for frame in 5..<10 {
            let ids = tracker.ids([
                detection(600, 600, score: 0.6),  // high: a new track
                detection(200 + 4 * Float(frame), 200, score: 0.15),  // low, continues track 1
                detection(900, 100, score: 0.15),  // low, continues nothing
            ])
            #expect(ids == [2, 1], "frame \(frame)")
        }
        // Below lowScore, nothing continues.
        #expect(tracker.ids([detection(600, 600, score: 0.6), detection(240, 200, score: 0.05)]) == [2])
        // A low score overlapping the prediction by less than lowMatchIoU (here about 0.33) is not taken.
        let strict = ObjectTracker(.with { $0.confirmFrames = 1 })
        #expect(strict.ids([detection(200, 200)]) == [1])
        #expect(strict.ids([detection(220, 200, score: 0.2)]) == [])
        #expect(strict.ids([detection(200, 200, score: 0.2)]) == [])  // lost tracks take no low scores
        #expect(strict.ids([detection(200, 200)]) == [1])
    }

    /// A score from highScore up to startScore (highScore + 0.1) continues tracks but starts
    /// none; such a detection is kept, without a track.
    @Test func onlyScoresWellAboveHighScoreStartTracks() {
        let tracker = ObjectTracker()
        #expect(tracker.ids([detection(200, 200, score: 0.34), detection(600, 200, score: 0.35)]) == [nil, 1])
        #expect(tracker.ids([detection(200, 200, score: 0.34), detection(600, 200, score: 0.3)]) == [nil, 1])
    }

    /// Score fusion: of two boxes that overlap the prediction alike, the track takes the surer
    /// one; and a doubtful box must overlap closely (IoU × score ≥ matchIoU).
    @Test func theSurerOfTwoEqualOverlapsIsTaken() {
        let tracker = ObjectTracker()
        #expect(tracker.ids([detection(300, 300)]) == [1])
        #expect(tracker.ids([detection(290, 300, score: 0.5), detection(310, 300, score: 0.9)]) == [2, 1])
        let other = ObjectTracker()
        #expect(other.ids([detection(300, 300)]) == [1])
        // IoU 0.6: enough at 0.9 (0.54), not at 0.3 (0.18).
        #expect(other.ids([detection(310, 300, score: 0.3)]) == [nil])
        #expect(other.ids([detection(310, 300, score: 0.9)]) == [1])
    }

    /// Tracks started on the first frame (since init or reset) are confirmed at once; later ones
    /// after confirmFrames hits.
    @Test func firstFrameTracksStartConfirmed() {
        let tracker = ObjectTracker()
        #expect(tracker.ids([detection(200, 200)]) == [1])
        #expect(tracker.isConfirmed(1))
        #expect(tracker.ids([detection(200, 200), detection(600, 200)]) == [1, 2])
        #expect(!tracker.isConfirmed(2))
        tracker.reset()
        #expect(tracker.ids([detection(600, 200)]) == [3])
        #expect(tracker.isConfirmed(3))
    }

    @Test func aTentativeTrackIsConfirmedAfterConfirmFramesHits() {
        let tracker = ObjectTracker(.with { $0.confirmFrames = 4 })
        #expect(tracker.ids([]) == [])  // past the first frame
        for frame in 0..<4 {
            #expect(tracker.ids([detection(300, 300)]) == [1])
            #expect(tracker.isConfirmed(1) == (frame == 3), "frame \(frame)")
        }
    }

    /// `update` publishes an ID only once its track is confirmed.
    @Test func updateShowsOnlyConfirmedIDs() {
        let tracker = ObjectTracker(.with { $0.confirmFrames = 2 })
        var first = [detection(100, 100)]
        tracker.update(&first)
        #expect(first.map(\.trackID) == [1], "in view from the start: confirmed at once")
        var frame = [detection(100, 100), detection(600, 600)]
        tracker.update(&frame)
        #expect(frame.map(\.trackID) == [1, nil], "a new object is tentative on its first frame")
        tracker.update(&frame)
        #expect(frame.map(\.trackID) == [1, 2], "and confirmed on its second")
    }

    @Test func aTentativeTrackDiesAtItsFirstMiss() {
        let tracker = ObjectTracker()
        #expect(tracker.ids([]) == [])  // past the first frame
        #expect(tracker.ids([detection(300, 300)]) == [1])
        #expect(tracker.ids([detection(300, 300)]) == [1])
        #expect(tracker.ids([]) == [])
        #expect(!tracker.isConfirmed(1))
        #expect(tracker.ids([detection(300, 300)]) == [2])
    }

    /// A confirmed track survives lostFrames misses and is found again; one more and it is gone.
    @Test func aConfirmedTrackIsDroppedAfterLostFramesMisses() {
        for misses in [5, 6] {
            let tracker = ObjectTracker(.with { $0.lostFrames = 5 })
            for _ in 0..<3 {
                #expect(tracker.ids([detection(300, 300)]) == [1])
            }
            for miss in 1...misses {
                #expect(tracker.ids([]) == [])
                #expect(tracker.isConfirmed(1) == (miss <= 5), "miss \(miss)")
            }
            #expect(tracker.ids([detection(300, 300)]) == (misses == 5 ? [1] : [2]), "after \(misses) misses")
        }
    }

    /// A track keeps the class it started with; a box of another class in its place is another object.
    @Test func onlyTheSameClassContinuesATrack() {
        let tracker = ObjectTracker()
        #expect(tracker.ids([detection(300, 300, classID: 2)]) == [1])
        #expect(tracker.ids([detection(300, 300, classID: 2)]) == [1])
        #expect(tracker.ids([detection(300, 300, classID: 7)]) == [2])
        #expect(tracker.ids([detection(300, 300, classID: 2), detection(300, 300, classID: 7)]) == [1, 2])
    }

    /// When every slot is used, a new track takes the place of a lost one; with none lost, the
    /// detection is kept without a track.
    @Test func aFullTrackerReusesTheLongestLostSlot() {
        let tracker = ObjectTracker(.with {
            $0.maxTracks = 2
            $0.confirmFrames = 1
        })
        let a = detection(100, 100), b = detection(400, 100), c = detection(700, 100), d = detection(700, 500)
        #expect(tracker.ids([a, b, c]) == [1, 2, nil])
        #expect(tracker.ids([b]) == [2])  // 1 lost for one frame
        #expect(tracker.ids([b, c]) == [2, 3])  // 1 lost for two frames, replaced by 3
        #expect(!tracker.isConfirmed(1))
        #expect(tracker.ids([a, b, c]) == [nil, 2, 3])
        #expect(tracker.ids([c]) == [3])  // 2 lost
        #expect(tracker.ids([d, c]) == [4, 3])
        #expect(!tracker.isConfirmed(2))
    }

    /// Of two lost tracks, the one missed longer gives way.
    @Test func theTrackLostLongestGivesWay() {
        let tracker = ObjectTracker(.with {
            $0.maxTracks = 3
            $0.confirmFrames = 1
        })
        let a = detection(100, 100), b = detection(400, 100), c = detection(700, 100)
        #expect(tracker.ids([a, b, c]) == [1, 2, 3])
        #expect(tracker.ids([a, c]) == [1, 3])  // 2 lost
        #expect(tracker.ids([c]) == [3])  // 2 lost twice, 1 once
        #expect(tracker.ids([c, detection(400, 500)]) == [3, 4])
        #expect(tracker.isConfirmed(1) && !tracker.isConfirmed(2))
    }

    /// The same frames give the same IDs, and reset() forgets tracks but not the ID count.
    @Test func theSameInputGivesTheSameIDs() {
        let frames = Self.crowd(objects: 30, frames: 80, seed: 7)
        let first = ObjectTracker(), second = ObjectTracker()
        let firstIDs = frames.map { first.ids($0) }
        #expect(firstIDs == frames.map { second.ids($0) })
        let used = Set(firstIDs.joined().compactMap { $0 })
        #expect(used.count > 30)  // objects leave and new ones come
        for ids in firstIDs {
            let assigned = ids.compactMap { $0 }
            #expect(Set(assigned).count == assigned.count, "an ID given twice in a frame")
        }
        first.reset()
        #expect(!first.isConfirmed(firstIDs.last![0]!))
        #expect(first.ids(frames[0]).compactMap { $0 }.min()! > used.max()!)
    }

    /// Detections are never reordered, and only unmatched low scores are removed.
    @Test func keptDetectionsKeepTheirOrder() {
        let tracker = ObjectTracker()
        var detections = [
            detection(100, 100, score: 0.12), detection(300, 100), detection(500, 100, score: 0.2),
            detection(700, 100, score: 0.5),
        ]
        tracker.update(&detections)
        #expect(detections.map(\.box.x1) == [280, 680])
        #expect(detections.map(\.trackID) == [1, 2])
    }

    /// `count` objects wandering over a 1280×720 frame with noisy boxes and scores, some hidden
    /// now and then; an object that leaves the frame comes back elsewhere as a new one.
    static func crowd(objects count: Int, frames: Int, seed: UInt64) -> [[Detection]] {
        var random = SeededGenerator(seed: seed)
        struct Object {
            var x, y, vx, vy, width, height: Float
            var classID: Int
        }
        func spawn() -> Object {
            Object(
                x: .random(in: 50...1230, using: &random), y: .random(in: 50...670, using: &random),
                vx: .random(in: -8...8, using: &random), vy: .random(in: -5...5, using: &random),
                width: .random(in: 20...120, using: &random), height: .random(in: 40...200, using: &random),
                classID: Int.random(in: 0..<3, using: &random))
        }
        var objects = (0..<count).map { _ in spawn() }
        var result: [[Detection]] = []
        for _ in 0..<frames {
            var detections: [Detection] = []
            for index in objects.indices {
                objects[index].x += objects[index].vx
                objects[index].y += objects[index].vy
                let object = objects[index]
                if !(0...1280).contains(object.x) || !(0...720).contains(object.y) {
                    objects[index] = spawn()
                }
                guard Int.random(in: 0..<12, using: &random) != 0 else { continue }
                let jitter = { Float.random(in: -2...2, using: &random) }
                detections.append(detection(
                    object.x + jitter(), object.y + jitter(), width: object.width + jitter(),
                    height: object.height + jitter(), score: .random(in: 0.05...0.95, using: &random),
                    classID: object.classID))
            }
            result.append(detections)
        }
        return result
    }
}
