import Glibc

/// Where the HTTP endpoint listens: the config's `[http] listen`, written `HOST:PORT` (an IPv4
/// address, an IPv6 address in brackets, or `localhost`) or `unix:PATH`.
///
/// Host names other than `localhost` are refused rather than resolved: resolving would block the
/// start on DNS, and whether the endpoint is local could not be told from the config.
enum HTTPListenAddress: Equatable, Sendable, CustomStringConvertible {
    /// Port 0 binds a free port (tests); `parse` accepts 1 to 65535 only.
    case tcp(host: String, port: Int)
    case unix(path: String)

    /// The longest socket path every Unix takes: `sun_path` holds 104 bytes with the NUL on BSD
    /// and macOS (108 on Linux).
    static let maximumPathBytes = 103

    static func parse(_ text: String) -> Result<HTTPListenAddress, HTTPListenAddressError> {
        if text.hasPrefix("unix:") {
            return parseUnix(path: String(text.dropFirst("unix:".count)), in: text)
        }
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]:") else {
                return .failure(.expectedForm(text))
            }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
            guard ipv6Bytes(host) != nil else {
                return .failure(HTTPListenAddressError("expected an IPv6 address in the brackets, got \"\(host)\" in \"\(text)\""))
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return .failure(.expectedForm(text)) }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
            guard !host.contains(":") else {
                return .failure(HTTPListenAddressError("an IPv6 address goes in brackets, as in [::1]:9464; got \"\(text)\""))
            }
            guard host == "localhost" || ipv4Bytes(host) != nil else {
                return .failure(HTTPListenAddressError(
                    "expected an IPv4 address, an [IPv6] address or localhost before the port, got \"\(host)\" in \"\(text)\""))
            }
        }
        // Digits only: `Int` would also take "+80".
        guard port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port),
            (1...65535).contains(number)
        else {
            return .failure(HTTPListenAddressError("expected a port from 1 to 65535, got \"\(port)\" in \"\(text)\""))
        }
        return .success(.tcp(host: String(host), port: number))
    }

    private static func parseUnix(path: String, in text: String) -> Result<HTTPListenAddress, HTTPListenAddressError> {
        guard !path.isEmpty else {
            return .failure(HTTPListenAddressError("expected a path after unix:, as in unix:/run/yolo-edge/http.sock; got \"\(text)\""))
        }
        // The daemon's working directory is not the config's: a relative path would land anywhere.
        guard path.hasPrefix("/") else {
            return .failure(HTTPListenAddressError("expected an absolute path after unix:, got \"\(text)\""))
        }
        guard path.utf8.count <= maximumPathBytes else {
            return .failure(HTTPListenAddressError(
                "the socket path in \"\(text)\" is \(path.utf8.count) bytes; a Unix socket path holds at most \(maximumPathBytes)"))
        }
        return .success(.unix(path: path))
    }

    /// Whether only this machine can connect: a Unix socket, or a loopback address (127.0.0.0/8,
    /// ::1, ::ffff:127.0.0.0/104, localhost).
    var isLoopback: Bool {
        switch self {
        case .unix:
            return true
        case .tcp(let host, _):
            if host == "localhost" { return true }
            if let bytes = Self.ipv4Bytes(host) { return bytes[0] == 127 }
            guard let bytes = Self.ipv6Bytes(host) else { return false }
            let loopback: [UInt8] = Array(repeating: 0, count: 15) + [1]
            let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff, 127]
            return bytes == loopback || bytes.starts(with: mappedPrefix)
        }
    }

    /// As `parse` reads it.
    var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }

    private static func ipv4Bytes(_ text: some StringProtocol) -> [UInt8]? {
        addressBytes(text, family: AF_INET, count: 4)
    }

    private static func ipv6Bytes(_ text: some StringProtocol) -> [UInt8]? {
        addressBytes(text, family: AF_INET6, count: 16)
    }

    /// The address `inet_pton` reads in `text`, in network order (into bytes, not `in_addr`,
    /// which Swift places in whichever module first included its header).
    private static func addressBytes(_ text: some StringProtocol, family: Int32, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        return inet_pton(family, String(text), &bytes) == 1 ? bytes : nil
    }
}

/// Why a `[http] listen` string is not an address, in words for the person editing the config.
struct HTTPListenAddressError: Error, Equatable, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    static func expectedForm(_ text: String) -> HTTPListenAddressError {
        HTTPListenAddressError("expected HOST:PORT or unix:PATH, got \"\(text)\"")
    }
}
