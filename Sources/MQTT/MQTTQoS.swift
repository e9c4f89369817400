/// How hard the broker and the client try to deliver a message. The daemon needs no more than
/// "at least once", so exactly-once (QoS 2) is left out.
public enum MQTTQoS: Int, Sendable {
    /// Written once; lost if the connection drops before the broker reads it.
    case atMostOnce = 0
    /// Kept and resent until the broker acknowledges it (PUBACK); may arrive twice.
    case atLeastOnce = 1
}
