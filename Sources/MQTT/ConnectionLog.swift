import Logging

/// The client's journal lines about its connection: one per change of state, and one per change
/// of reason while attempts keep failing, so that a broker down for a day leaves two lines, not
/// thousands, and every line says what to check.
struct ConnectionLog {
    private let logger: Logger
    private let address: String
    private let backoffLimit: String
    /// The reason last logged, until a connection succeeds.
    private var loggedReason: String?

    init(logger: Logger, settings: MQTTSettings) {
        self.logger = logger
        address = settings.address
        backoffLimit = settings.reconnectDelay.upperBound.secondsText
    }

    mutating func connected() {
        logger.notice("connected to mqtt broker \(address)")
        loggedReason = nil
    }

    mutating func lostConnection(_ reason: String) {
        logger.warning(
            "lost the connection to mqtt broker \(address): \(reason); reconnecting with backoff up to \(backoffLimit)")
        loggedReason = reason
    }

    /// Logs a failed attempt unless the last line gave the same reason.
    mutating func attemptFailed(_ failure: ConnectionFailure, _ reason: String) {
        guard reason != loggedReason else { return }
        logger.log(
            level: failure.needsOperator ? .error : .warning,
            "cannot connect to mqtt broker \(address): \(reason); retrying with backoff up to \(backoffLimit)")
        loggedReason = reason
    }

    func stopped(wasConnected: Bool, undelivered: Int) {
        let lost = undelivered == 0 ? "" : "; \(undelivered) messages were not delivered"
        if wasConnected {
            logger.notice("disconnected from mqtt broker \(address)\(lost)")
        } else {
            logger.log(level: undelivered == 0 ? .notice : .warning, "stopped without a connection to mqtt broker \(address)\(lost)")
        }
    }
}
