import Capture
import Logging

/// Logs what a camera or stream reports (``CaptureEvent``): one line per change of state, not
/// per attempt, so a camera that stays away for a day leaves a few lines, not thousands.
///
/// Used on the capture thread only (where sources report), and only when something changes:
/// nothing here runs per frame.
final class CaptureEventLog {
    private let sourceName: String
    private let logger: Logger
    /// The fault that stopped frames, while they stay stopped.
    private var outage: String?
    private var format: StreamFormat?
    private var lastWarning: String?

    init(sourceName: String, logger: Logger) {
        self.sourceName = sourceName
        self.logger = logger
    }

    func record(_ event: CaptureEvent) {
        switch event {
        case .opened(let opened):
            defer { format = opened }
            // After an outage, `recovered` says it, with the format.
            guard outage == nil else { return }
            if format == nil {
                logger.notice("camera \(sourceName): streaming \(opened)")
            } else if format != opened {
                logger.notice("camera \(sourceName): the format changed to \(opened)")
            }
        case .fault(let fault):
            let reason = fault.description
            guard reason != outage else { return }
            if outage == nil {
                logger.warning("camera \(sourceName): \(reason); retrying until it is back")
            } else {
                logger.warning("camera \(sourceName): still away, now: \(reason)")
            }
            outage = reason
        case .recovered(let time):
            guard outage != nil else { return }
            outage = nil
            lastWarning = nil
            let streaming = format.map { ", streaming \($0)" } ?? ""
            logger.notice("camera \(sourceName): back after \((time.seconds * 100).rounded() / 100) s\(streaming)")
        case .warning(let text):
            guard text != lastWarning else { return }
            lastWarning = text
            logger.warning("camera \(sourceName): \(text)")
        }
    }
}
