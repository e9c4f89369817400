/// A snapshot of the client, for status reports and metrics.
public struct MQTTStatistics: Sendable, Equatable {
    public enum State: String, Sendable {
        /// A connection attempt is under way (TCP, TLS, or waiting for CONNACK).
        case connecting
        /// The broker accepted the connection (CONNACK).
        case connected
        /// Waiting before the next attempt, or stopped.
        case disconnected
    }

    public var state: State = .connecting
    /// Messages in the client's queue, not yet handed to libmosquitto.
    public var queued = 0
    /// QoS 1 messages handed to libmosquitto and not yet acknowledged by the broker.
    public var inflight = 0
    /// QoS 1 messages the broker acknowledged and QoS 0 messages written to the socket.
    public var published = 0
    /// Messages the queue dropped, oldest first, because it was full (by count or by bytes).
    public var dropped = 0
    /// Messages libmosquitto refused to send (an invalid topic, a payload over MQTT's limit).
    public var rejected = 0
    /// Connections the broker accepted (CONNACKs), the first one and every reconnect.
    public var connections = 0
    /// Why the last connection attempt failed or the last connection ended; kept after a
    /// reconnect.
    public var lastError: String?
}
