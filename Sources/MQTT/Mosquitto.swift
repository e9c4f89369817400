import Glibc
import Logging
import MosquittoShim

/// One libmosquitto client (`struct mosquitto *`): the only code that calls into the library once
/// it is loaded (`MosquittoLibrary`), and the only code of this target with unsafe pointers.
///
/// Confined to the client thread, so libmosquitto is not put in threaded mode: its calls write
/// to the socket themselves, and run its callbacks, on this thread. The callbacks only note what
/// happened (`Callbacks`); each call returns what the client thread has to act on, so no client
/// code runs inside the library.
final class Mosquitto {
    /// libmosquitto's functions.
    private let library: ye_mosquitto_library
    private let client: OpaquePointer
    private let callbacks: Callbacks
    private let settings: MQTTSettings

    /// A client with every setting applied, not yet connected.
    init(settings: MQTTSettings, logger: Logger) throws(ConnectionFailure) {
        let library: ye_mosquitto_library
        do {
            library = try MosquittoLibrary.functions.get()
        } catch {
            throw .setting("\(error)")
        }
        let callbacks = Callbacks(logger: logger)
        // The client keeps `callbacks`, so the unretained context lives as long as the handle.
        guard let client = library.mosquitto_new(settings.clientID, true, Unmanaged.passUnretained(callbacks).toOpaque()) else {
            throw .setting("libmosquitto cannot make a client with ID '\(settings.clientID)': \(Self.systemError(errno))")
        }
        self.library = library
        self.client = client
        self.callbacks = callbacks
        self.settings = settings
        // From here on, a throw runs deinit, which destroys the handle.
        try apply(settings)
        setCallbacks()
    }

    deinit {
        library.mosquitto_destroy(client)
    }

    /// Starts a connection attempt: resolves the host name (synchronously; this is why only
    /// the client thread calls it), starts the TCP connect and TLS handshake, queues CONNECT.
    func connect() throws(ConnectionFailure) {
        callbacks.startAttempt()
        let status = library.mosquitto_connect_async(
            client, settings.host, Int32(clamping: settings.port), Int32(clamping: settings.keepalive))
        if status == MOSQ_ERR_INVAL.rawValue {
            throw .setting(
                "libmosquitto refused host '\(settings.host)', port \(settings.port) or keepalive"
                    + " \(settings.keepalive) (0, or 5 to 65535 s)")
        }
        guard status == MOSQ_ERR_SUCCESS.rawValue else { throw failure(status, errno: errno) }
    }

    /// One round of libmosquitto's network loop, without waiting: reads what arrived (CONNACK,
    /// PUBACKs), writes what is queued, pings when due.
    /// - Returns: whether this round brought the CONNACK that accepts the connection.
    func loop() throws(ConnectionFailure) -> Bool {
        callbacks.connackCode = nil
        callbacks.disconnection = nil
        let status = library.mosquitto_loop(client, 0, 1)
        let statusErrno = errno
        if let code = callbacks.connackCode, code != 0 {
            throw refusal(connackCode: code)
        }
        if let disconnection = callbacks.disconnection {
            throw failure(disconnection.status, errno: disconnection.errno)
        }
        if status == MOSQ_ERR_INVAL.rawValue, let socket, socket >= FD_SETSIZE {
            // mosquitto_loop uses select(), which cannot watch descriptors this high.
            throw .other("the connection's socket is descriptor \(socket), above select()'s limit of \(FD_SETSIZE)")
        }
        guard status == MOSQ_ERR_SUCCESS.rawValue else { throw failure(status, errno: statusErrno) }
        guard socket != nil else { throw callbacks.hasConnack ? .closed : .closedBeforeConnack }
        return callbacks.connackCode == 0
    }

    /// Hands `message` to libmosquitto, which writes it at once if the socket takes it. A QoS 1
    /// message stays in flight, and is resent after a reconnect, until the broker acknowledges it.
    /// A broken connection is not reported here: the next `loop()` reports it.
    /// - Throws: why libmosquitto refused the message itself (the message is lost).
    func publish(_ message: MQTTMessage) throws(PublishRejection) {
        guard let length = Int32(exactly: message.payload.count) else {
            throw PublishRejection(reason: libraryError(MOSQ_ERR_PAYLOAD_SIZE.rawValue))
        }
        var messageID: Int32 = 0
        let status = message.payload.withUnsafeBytes { payload in
            library.mosquitto_publish(
                client, &messageID, message.topic, length, payload.baseAddress, Int32(message.qos.rawValue),
                message.retain)
        }
        switch status {
        case MOSQ_ERR_INVAL.rawValue, MOSQ_ERR_PAYLOAD_SIZE.rawValue, MOSQ_ERR_MALFORMED_UTF8.rawValue,
            MOSQ_ERR_OVERSIZE_PACKET.rawValue, MOSQ_ERR_QOS_NOT_SUPPORTED.rawValue, MOSQ_ERR_NOMEM.rawValue,
            MOSQ_ERR_NOT_SUPPORTED.rawValue:
            throw PublishRejection(reason: "topic '\(message.topic)': \(libraryError(status))")
        default:
            // Success, or a write error after libmosquitto took the message.
            if message.qos == .atLeastOnce { callbacks.inflight.insert(messageID) }
        }
    }

    /// Sends DISCONNECT, so that the broker drops the will, and closes the socket once it is
    /// written (at once, unless the socket is full; `loop()` writes the rest).
    func disconnect() {
        _ = library.mosquitto_disconnect(client)
    }

    /// The connection's socket, for `poll`; nil when there is none.
    var socket: Int32? {
        let descriptor = library.mosquitto_socket(client)
        return descriptor >= 0 ? descriptor : nil
    }

    /// Whether libmosquitto has bytes waiting for the socket. While it does, nothing more is
    /// handed to it, so that a slow link backs up into the bounded queue, not into libmosquitto.
    var wantsWrite: Bool { library.mosquitto_want_write(client) }

    /// QoS 1 messages handed over and not yet acknowledged.
    var inflight: Int { callbacks.inflight.count }

    /// Messages published since the last call: QoS 1 acknowledged, QoS 0 written.
    func takePublishedCount() -> Int {
        defer { callbacks.published = 0 }
        return callbacks.published
    }

    private func apply(_ settings: MQTTSettings) throws(ConnectionFailure) {
        try check(
            library.mosquitto_int_option(client, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311), "the protocol version")
        // The client thread keeps to maxInflight itself; libmosquitto's own limit (20 unless set)
        // matches it, so that libmosquitto never holds back a message it was handed.
        try check(
            library.mosquitto_int_option(client, MOSQ_OPT_SEND_MAXIMUM, Int32(clamping: settings.maxInflight)),
            "maxInflight \(settings.maxInflight)")
        // Small messages go out at once instead of waiting for the previous one's TCP ACK.
        try check(library.mosquitto_int_option(client, MOSQ_OPT_TCP_NODELAY, 1), "TCP_NODELAY")
        if let username = settings.username {
            try check(library.mosquitto_username_pw_set(client, username, settings.password), "the username")
        }
        if let tls = settings.tls {
            // libmosquitto only opens the files here, without saying which one failed; it loads
            // the certificates on connect.
            try Self.checkReadable(tls.caFile, "the CA file")
            if let certificateFile = tls.certificateFile { try Self.checkReadable(certificateFile, "the client certificate") }
            if let keyFile = tls.keyFile { try Self.checkReadable(keyFile, "the client key") }
            try check(
                library.mosquitto_tls_set(client, tls.caFile, nil, tls.certificateFile, tls.keyFile, nil),
                "TLS (a client certificate needs its key file, and a key its certificate)")
        }
        if let will = settings.will {
            let status = will.payload.withUnsafeBytes { payload in
                library.mosquitto_will_set(
                    client, will.topic, Int32(clamping: payload.count), payload.baseAddress, Int32(will.qos.rawValue),
                    will.retain)
            }
            try check(status, "the will's topic '\(will.topic)'")
        }
    }

    private static func checkReadable(_ path: String, _ what: String) throws(ConnectionFailure) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .setting("cannot read \(what) \(path): \(systemError(errno))") }
        close(descriptor)
    }

    private func check(_ status: Int32, _ what: String) throws(ConnectionFailure) {
        guard status == MOSQ_ERR_SUCCESS.rawValue else {
            throw .setting("\(what): \(libraryError(status))")
        }
    }

    /// The callbacks are C functions: they find their `Callbacks` through the context pointer.
    private func setCallbacks() {
        library.mosquitto_connect_callback_set(client) { _, context, code in
            Callbacks.from(context).received(connackCode: code)
        }
        library.mosquitto_disconnect_callback_set(client) { _, context, status in
            Callbacks.from(context).disconnection = (status, errno)
        }
        library.mosquitto_publish_callback_set(client) { _, context, messageID in
            Callbacks.from(context).published(messageID)
        }
        library.mosquitto_log_callback_set(client) { _, context, level, text in
            guard let text, level & (MOSQ_LOG_ERR | MOSQ_LOG_WARNING) != 0 else { return }
            Callbacks.from(context).logged(String(cString: text), isError: level & MOSQ_LOG_ERR != 0)
        }
    }

    /// What a libmosquitto status code (and `errno`, for system errors) means for the connection.
    private func failure(_ status: Int32, errno code: Int32) -> ConnectionFailure {
        let closed: ConnectionFailure = callbacks.hasConnack ? .closed : .closedBeforeConnack
        switch status {
        case MOSQ_ERR_EAI.rawValue:
            // libmosquitto leaves getaddrinfo's code in errno.
            return .unknownHost(String(cString: gai_strerror(code)))
        case MOSQ_ERR_ERRNO.rawValue:
            switch code {
            case ECONNREFUSED: return .refused
            case ECONNRESET, EPIPE: return closed
            // libmosquitto's word for a TLS read or write that OpenSSL failed.
            case EPROTO: return .tls(callbacks.firstError ?? Self.systemError(code))
            default: return .network(Self.systemError(code))
            }
        case MOSQ_ERR_CONN_LOST.rawValue, MOSQ_ERR_NO_CONN.rawValue:
            return closed
        case MOSQ_ERR_TLS.rawValue, MOSQ_ERR_TLS_HANDSHAKE.rawValue:
            return .tls(callbacks.firstError ?? libraryError(status))
        case MOSQ_ERR_KEEPALIVE.rawValue:
            return .keepaliveTimeout
        default:
            return .other(libraryError(status))
        }
    }

    /// A refused CONNACK: 4 (bad username or password) and 5 (not authorized) both mean the
    /// credentials; the rest in libmosquitto's words.
    private func refusal(connackCode code: Int32) -> ConnectionFailure {
        switch code {
        case 4, 5: .notAuthorized
        default: .rejected(library.mosquitto_connack_string(code).map { String(cString: $0) } ?? "CONNACK code \(code)")
        }
    }

    /// libmosquitto's words for `status`, without the full stop, as they go inside a sentence.
    private func libraryError(_ status: Int32) -> String {
        let words = library.mosquitto_strerror(status).map { String(cString: $0) } ?? "libmosquitto error \(status)"
        return words.hasSuffix(".") ? String(words.dropLast()) : words
    }

    private static func systemError(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// libmosquitto refused a message itself: an invalid topic, a payload over MQTT's limit.
struct PublishRejection: Error {
    var reason: String
}

/// What libmosquitto's callbacks report, kept until the client thread acts on it.
private final class Callbacks {
    private let logger: Logger
    /// The CONNACK code of the last round; 0 accepts the connection.
    var connackCode: Int32?
    /// The status (and errno) of a connection that ended in the last round.
    var disconnection: (status: Int32, errno: Int32)?
    /// Whether the current connection has been accepted.
    private(set) var hasConnack = false
    /// libmosquitto's first error line of the current attempt: OpenSSL's reason for a failed
    /// handshake, which no status code carries.
    private(set) var firstError: String?
    /// Message IDs of the QoS 1 messages in flight. They survive reconnects, as libmosquitto
    /// resends the messages.
    var inflight: Set<Int32> = []
    var published = 0

    init(logger: Logger) {
        self.logger = logger
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> Callbacks {
        Unmanaged<Callbacks>.fromOpaque(context!).takeUnretainedValue()
    }

    func startAttempt() {
        hasConnack = false
        firstError = nil
    }

    func received(connackCode code: Int32) {
        connackCode = code
        if code == 0 { hasConnack = true }
    }

    /// The broker acknowledged a QoS 1 message, or a QoS 0 message was written.
    func published(_ messageID: Int32) {
        inflight.remove(messageID)
        published += 1
    }

    func logged(_ line: String, isError: Bool) {
        logger.debug("libmosquitto: \(line)")
        if isError, firstError == nil { firstError = Self.reason(line) }
    }

    /// The reason in a libmosquitto error line: "OpenSSL Error[0]: error:0A000086:SSL
    /// routines::certificate verify failed" gives "certificate verify failed", "Error: host name
    /// verification failed." gives "host name verification failed".
    private static func reason(_ line: String) -> String {
        if line.hasPrefix("OpenSSL Error"), let last = line.split(separator: ":").last {
            return String(last.drop(while: \.isWhitespace))
        }
        var reason = Substring(line)
        if reason.hasPrefix("Error: ") { reason = reason.dropFirst("Error: ".count) }
        if reason.hasSuffix(".") { reason = reason.dropLast() }
        return String(reason)
    }
}
