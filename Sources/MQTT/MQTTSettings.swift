/// Where the broker is, how to log in, and how much to keep while it cannot be reached.
public struct MQTTSettings: Sendable, Equatable {
    /// The files of a TLS connection. The broker's certificate is checked against `caFile` and
    /// must name `host`.
    public struct TLS: Sendable, Equatable {
        /// The CA certificate (PEM) that signed the broker's certificate.
        public var caFile: String
        /// A client certificate and its unencrypted key (PEM), for brokers that ask for one:
        /// both or neither.
        public var certificateFile: String?
        public var keyFile: String?

        public init(caFile: String, certificateFile: String? = nil, keyFile: String? = nil) {
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }

    public var host: String
    public var port: Int
    /// nil: plain TCP.
    public var tls: TLS?
    public var username: String?
    /// The password itself; the caller reads it from wherever it is kept.
    public var password: String?
    public var clientID: String
    /// Seconds between pings when nothing else is sent; a broker silent for this long counts as
    /// lost. libmosquitto accepts 0 (no pings) or 5 and more.
    public var keepalive: Int
    /// The message the broker publishes for this client when the connection ends without a
    /// DISCONNECT (a crash, a lost network).
    public var will: MQTTMessage?
    /// Messages waiting in the client's own queue; when it is full the oldest is dropped.
    public var queueCapacity: Int
    /// Bytes (topics and payloads) the queue may hold, dropping the oldest messages to stay
    /// under it: a thousand queued snapshots would take hundreds of megabytes.
    public var queueByteCapacity: Int
    /// QoS 1 messages handed to libmosquitto and not yet acknowledged. Beyond this, messages
    /// wait in the queue, where the capacity bounds them.
    public var maxInflight: Int
    /// The wait before reconnecting: the lower bound after the first failure, doubled after
    /// each further one, never more than the upper bound.
    public var reconnectDelay: ClosedRange<Duration>
    /// A connection attempt without a CONNACK by then counts as failed: a broker that accepts
    /// TCP but never answers MQTT must not hold the client forever.
    public var connectTimeout: Duration

    public init(
        host: String, port: Int = 1883, tls: TLS? = nil, username: String? = nil, password: String? = nil,
        clientID: String, keepalive: Int = 30, will: MQTTMessage? = nil, queueCapacity: Int = 1000,
        queueByteCapacity: Int = 16 << 20, maxInflight: Int = 20, reconnectDelay: ClosedRange<Duration> = .seconds(1) ... .seconds(30),
        connectTimeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.username = username
        self.password = password
        self.clientID = clientID
        self.keepalive = keepalive
        self.will = will
        self.queueCapacity = queueCapacity
        self.queueByteCapacity = queueByteCapacity
        self.maxInflight = maxInflight
        self.reconnectDelay = reconnectDelay
        self.connectTimeout = connectTimeout
    }

    /// `host:port`, as log lines name the broker.
    var address: String { "\(host):\(port)" }
}
