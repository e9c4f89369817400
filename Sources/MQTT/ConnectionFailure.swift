/// Why a connection attempt failed or a connection ended, sorted by what an operator can do
/// about it. Log lines and `lastError` show `explanation(for:)`.
enum ConnectionFailure: Error, Equatable {
    /// Nothing listens on the port: the TCP connection was refused.
    case refused
    /// The host name did not resolve; the resolver's words.
    case unknownHost(String)
    /// Another socket error: unreachable, timed out, reset; the system's words.
    case network(String)
    /// The broker answered CONNACK 4 or 5: wrong or missing username or password.
    case notAuthorized
    /// The broker refused the connection for another reason; libmosquitto's words.
    case rejected(String)
    /// The TLS handshake failed; OpenSSL's words, as libmosquitto logged them.
    case tls(String)
    /// TCP connected, but no CONNACK came within the connect timeout.
    case noConnack(Duration)
    /// The broker closed the connection before it answered CONNECT.
    case closedBeforeConnack
    /// The broker closed an established connection.
    case closed
    /// No answer to a keepalive ping within the keepalive interval.
    case keepaliveTimeout
    /// libmosquitto refused a setting (the will's topic, an unreadable certificate file).
    case setting(String)
    /// Anything else libmosquitto reports; its words.
    case other(String)

    /// The failure in words an operator can act on: what happened and what to check.
    func explanation(for settings: MQTTSettings) -> String {
        let address = settings.address
        switch self {
        case .refused:
            return "connection refused (is the broker running on \(address)?)"
        case .unknownHost(let detail):
            return "unknown host '\(settings.host)': name resolution failed (\(detail))"
        case .network(let detail):
            return "cannot reach \(address): \(detail)"
        case .notAuthorized:
            guard let username = settings.username else {
                return "not authorized: the broker wants a username and password, and none is set"
            }
            return "not authorized: the broker rejected username '\(username)' and its password"
                + " (check the username and the password file)"
        case .rejected(let detail):
            return "the broker refused the connection: \(detail)"
        case .tls(let detail):
            return "TLS failure: \(detail)\(Self.tlsHint(detail, settings))"
        case .noConnack(let timeout):
            return "no CONNACK within \(timeout.secondsText): \(address) accepts TCP connections but"
                + " does not answer MQTT"
        case .closedBeforeConnack:
            let hint = settings.tls == nil ? " (does this port expect TLS?)" : ""
            return "the broker closed the connection before answering CONNECT\(hint)"
        case .closed:
            return "the broker closed the connection"
        case .keepaliveTimeout:
            return "the broker stopped answering (no reply to a ping within \(settings.keepalive) s)"
        case .setting(let detail):
            return "cannot use the settings: \(detail)"
        case .other(let detail):
            return detail
        }
    }

    /// What to check, from OpenSSL's or libmosquitto's words, which already name any file they
    /// could not load.
    private static func tlsHint(_ detail: String, _ settings: MQTTSettings) -> String {
        let caFile = settings.tls?.caFile ?? ""
        if detail.contains("host name") {
            return " (the broker's certificate is not issued for '\(settings.host)')"
        } else if detail.contains("verify") {
            return " (is the broker's certificate signed by the CA in \(caFile), and still valid?)"
        } else if detail.contains("eof") || detail.contains("wrong version number") {
            return " (is \(settings.address) a TLS listener?)"
        } else if detail.contains("\"") {
            return ""
        }
        return " (CA file \(caFile))"
    }

    /// Failures an operator has to fix (as opposed to waiting for the broker) are logged as
    /// errors.
    var needsOperator: Bool {
        switch self {
        case .notAuthorized, .rejected, .tls, .setting, .unknownHost: true
        case .refused, .network, .noConnack, .closedBeforeConnack, .closed, .keepaliveTimeout, .other: false
        }
    }
}
