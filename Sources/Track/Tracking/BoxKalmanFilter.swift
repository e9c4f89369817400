import Detect

/// ByteTrack's constant-velocity Kalman filter on a box: centre x, centre y, aspect ratio
/// (width / height) and height, each with a velocity per frame.
///
/// Every noise the filter adds is diagonal and each coordinate is measured directly, so the 8×8
/// covariance never couples one coordinate with another: the filter is four independent 2×2
/// ones, kept that way here. Noise of the centre and height is proportional to the height, so
/// near and far objects are followed alike: 1/20 of it for positions (ByteTrack's weight) and
/// 1/80 for velocities, twice ByteTrack's, so that a track takes up a camera's pan or zoom as it
/// starts or stops within a few frames (ByteTrack's weight lost more identities on the tracker
/// bench). The aspect ratio has small fixed noise and a large measurement noise, so it
/// follows a box's shape only slowly: a box cut short by an occluder or the frame's edge
/// barely changes the predicted width (a filter on the width itself shrinks the track with the
/// visible part, and the object no longer fits when it comes out whole). Such a box is also
/// measured from its one edge that is the object's own (`update`).
struct BoxKalmanFilter {
    private static let positionWeight = 1.0 / 20
    private static let velocityWeight = 1.0 / 80
    /// ByteTrack's deviations of the aspect ratio: process noise of its value and velocity,
    /// and measurement noise.
    private static let aspectNoise = 1e-2
    private static let aspectVelocityNoise = 1e-5
    private static let aspectMeasurementNoise = 1e-1
    /// How much narrower or shorter than predicted a box must be to count as cut short: more
    /// than detection noise and than a zoom changes a box from one frame to the next.
    private static let cutShortFraction: Float = 0.1

    private var centerX: AxisKalmanFilter
    private var centerY: AxisKalmanFilter
    private var aspect: AxisKalmanFilter
    private var height: AxisKalmanFilter

    /// Starts at `box`, still, with ByteTrack's initial uncertainty: twice the usual position
    /// noise, ten times the velocity noise, since the first box says nothing of motion.
    init(box: BoundingBox) {
        let scale = Self.scale(Double(box.height))
        func axis(_ position: Double) -> AxisKalmanFilter {
            AxisKalmanFilter(
                position: position, positionDeviation: 2 * Self.positionWeight * scale,
                velocityDeviation: 10 * Self.velocityWeight * scale)
        }
        centerX = axis(Double(box.x1 + box.x2) / 2)
        centerY = axis(Double(box.y1 + box.y2) / 2)
        height = axis(Double(box.height))
        aspect = AxisKalmanFilter(
            position: Self.aspect(of: box), positionDeviation: 2 * Self.aspectNoise,
            velocityDeviation: 10 * Self.aspectVelocityNoise)
    }

    /// The box the filter expects (after `predict`) or believes (after `update`).
    var box: BoundingBox {
        let height = max(0, height.position)
        return BoundingBox(
            centerX: Float(centerX.position), centerY: Float(centerY.position),
            width: Float(max(0, aspect.position) * height), height: Float(height))
    }

    /// Moves the state one frame ahead. `holdingSize` stops the height from changing, as ByteTrack
    /// does for a track it has lost: a trend extrapolated over many unseen frames shrinks or
    /// swells the box out of all proportion.
    mutating func predict(holdingSize: Bool) {
        if holdingSize {
            height.velocity = 0
        }
        let scale = Self.scale(height.position)
        let positionNoise = Self.positionWeight * scale
        let velocityNoise = Self.velocityWeight * scale
        centerX.predict(positionNoise: positionNoise, velocityNoise: velocityNoise)
        centerY.predict(positionNoise: positionNoise, velocityNoise: velocityNoise)
        height.predict(positionNoise: positionNoise, velocityNoise: velocityNoise)
        aspect.predict(positionNoise: Self.aspectNoise, velocityNoise: Self.aspectVelocityNoise)
    }

    /// Corrects the state with a measured box.
    ///
    /// A box narrower or shorter than predicted by more than `cutShortFraction` is taken as cut
    /// short, by an occluder, the frame's edge or an object in front: of its two edges across
    /// the cut, only the one nearer the prediction's is the object's own, so the centre is
    /// measured from that edge at the predicted size. Nor does such a box teach any velocity:
    /// while a passing occluder eats into an object, the visible part's centre moves with the
    /// occluder, and a track lost behind it would carry that false motion onto another object.
    mutating func update(with box: BoundingBox) {
        let predicted = self.box
        let cutAcross = box.width < (1 - Self.cutShortFraction) * predicted.width
        let cutAlong = box.height < (1 - Self.cutShortFraction) * predicted.height
        let learnsVelocity = !cutAcross && !cutAlong
        let noise = Self.positionWeight * Self.scale(height.position)
        centerX.update(
            measurement: Self.center(box.x1, box.x2, predicted: predicted.x1, predicted.x2, isCut: cutAcross),
            noise: noise, learnsVelocity: learnsVelocity)
        centerY.update(
            measurement: Self.center(box.y1, box.y2, predicted: predicted.y1, predicted.y2, isCut: cutAlong),
            noise: noise, learnsVelocity: learnsVelocity)
        height.update(measurement: Double(box.height), noise: noise, learnsVelocity: learnsVelocity)
        aspect.update(measurement: Self.aspect(of: box), noise: Self.aspectMeasurementNoise)
    }

    /// The centre of a box's extent `low...high` along one axis; for a box cut short there, the
    /// point half the predicted extent in from the edge that agrees better with the prediction.
    private static func center(
        _ low: Float, _ high: Float, predicted predictedLow: Float, _ predictedHigh: Float, isCut: Bool
    ) -> Double {
        guard isCut else { return Double(low + high) / 2 }
        let halfExtent = Double(predictedHigh - predictedLow) / 2
        return abs(low - predictedLow) < abs(high - predictedHigh)
            ? Double(low) + halfExtent : Double(high) - halfExtent
    }

    /// A size to scale noise by: at least a pixel, so a degenerate box keeps some uncertainty.
    private static func scale(_ size: Double) -> Double { max(size, 1) }

    private static func aspect(of box: BoundingBox) -> Double {
        Double(box.width) / Double(max(box.height, 1))
    }
}

/// One coordinate of `BoxKalmanFilter`: position and velocity, and their 2×2 covariance.
struct AxisKalmanFilter {
    var position: Double
    var velocity = 0.0
    private var positionVariance: Double
    private var covariance = 0.0
    private var velocityVariance: Double

    init(position: Double, positionDeviation: Double, velocityDeviation: Double) {
        self.position = position
        positionVariance = positionDeviation * positionDeviation
        velocityVariance = velocityDeviation * velocityDeviation
    }

    /// x ← F x, P ← F P Fᵀ + Q with F = [[1, 1], [0, 1]] and Q the squared noise deviations.
    mutating func predict(positionNoise: Double, velocityNoise: Double) {
        position += velocity
        positionVariance += 2 * covariance + velocityVariance + positionNoise * positionNoise
        covariance += velocityVariance
        velocityVariance += velocityNoise * velocityNoise
    }

    /// The Kalman update for a direct measurement of the position with deviation `noise`.
    /// Without `learnsVelocity` the velocity and its variance stay as they were: the update of
    /// gain [k, 0], whose covariance (Joseph form) keeps the same position variance and
    /// covariance as the full update.
    mutating func update(measurement: Double, noise: Double, learnsVelocity: Bool = true) {
        let innovationVariance = positionVariance + noise * noise
        let positionGain = positionVariance / innovationVariance
        let innovation = measurement - position
        position += positionGain * innovation
        if learnsVelocity {
            let velocityGain = covariance / innovationVariance
            velocity += velocityGain * innovation
            velocityVariance -= velocityGain * covariance
        }
        positionVariance *= 1 - positionGain
        covariance *= 1 - positionGain
    }
}
