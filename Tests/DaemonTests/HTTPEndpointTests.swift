import Foundation
import Glibc
import Logging
import NIOCore
import Synchronization
import TestSupport
import Testing
@testable import Daemon

/// The HTTP endpoint over real sockets, with clients on plain blocking sockets that send what
/// they like. Their calls go through `BlockingWork`: the responder runs on Swift concurrency's
/// few threads, which a blocked client must not hold.
@Suite(.serialized)
struct HTTPEndpointTests {
    private let logger = Logger(label: "test") { JournalLogHandler(label: $0, level: .error) }

    // MARK: Addresses

    @Test func parsesListenAddresses() {
        let cases: [(String, HTTPListenAddress, loopback: Bool)] = [
            ("127.0.0.1:9464", .tcp(host: "127.0.0.1", port: 9464), true),
            ("127.8.9.10:1", .tcp(host: "127.8.9.10", port: 1), true),
            ("[::1]:9464", .tcp(host: "::1", port: 9464), true),
            ("[::ffff:127.0.0.1]:80", .tcp(host: "::ffff:127.0.0.1", port: 80), true),
            ("localhost:65535", .tcp(host: "localhost", port: 65535), true),
            ("unix:/run/yolo-edge/http.sock", .unix(path: "/run/yolo-edge/http.sock"), true),
            ("0.0.0.0:9464", .tcp(host: "0.0.0.0", port: 9464), false),
            ("192.168.1.20:8080", .tcp(host: "192.168.1.20", port: 8080), false),
            ("[::]:9464", .tcp(host: "::", port: 9464), false),
            ("[fe80::1]:9464", .tcp(host: "fe80::1", port: 9464), false),
        ]
        for (text, address, loopback) in cases {
            #expect(HTTPListenAddress.parse(text) == .success(address), "\(text)")
            #expect(address.isLoopback == loopback, "\(text)")
            #expect(address.description == text)
        }
    }

    @Test func refusesBadListenAddressesSayingWhy() {
        let longPath = "/" + String(repeating: "p", count: 103)
        let cases: [(String, String)] = [
            ("", #"expected HOST:PORT or unix:PATH, got """#),
            ("9464", #"expected HOST:PORT or unix:PATH, got "9464""#),
            ("[::1]9464", #"expected HOST:PORT or unix:PATH, got "[::1]9464""#),
            ("127.0.0.1:", #"expected a port from 1 to 65535, got "" in "127.0.0.1:""#),
            ("127.0.0.1:0", #"expected a port from 1 to 65535, got "0" in "127.0.0.1:0""#),
            ("127.0.0.1:65536", #"expected a port from 1 to 65535, got "65536" in "127.0.0.1:65536""#),
            ("127.0.0.1:+80", #"expected a port from 1 to 65535, got "+80" in "127.0.0.1:+80""#),
            ("127.0.0.1:http", #"expected a port from 1 to 65535, got "http" in "127.0.0.1:http""#),
            ("::1:9464", #"an IPv6 address goes in brackets, as in [::1]:9464; got "::1:9464""#),
            ("[127.0.0.1]:80", #"expected an IPv6 address in the brackets, got "127.0.0.1" in "[127.0.0.1]:80""#),
            (
                "example.com:80",
                #"expected an IPv4 address, an [IPv6] address or localhost before the port, got "example.com" in "example.com:80""#
            ),
            (
                "256.1.1.1:80",
                #"expected an IPv4 address, an [IPv6] address or localhost before the port, got "256.1.1.1" in "256.1.1.1:80""#
            ),
            ("unix:", #"expected a path after unix:, as in unix:/run/yolo-edge/http.sock; got "unix:""#),
            ("unix:run/http.sock", #"expected an absolute path after unix:, got "unix:run/http.sock""#),
            ("unix:\(longPath)", "the socket path in \"unix:\(longPath)\" is 104 bytes; a Unix socket path holds at most 103"),
        ]
        for (text, message) in cases {
            #expect(HTTPListenAddress.parse(text) == .failure(HTTPListenAddressError(message)), "\(text)")
        }
    }

    // MARK: Requests

    @Test func answersGetAndHeadOnAKeptAliveConnection() async throws {
        try await withEndpoint { endpoint in
            let address = endpoint.localAddress
            let (answers, closed) = try await BlockingWork.run { () -> ([RawResponse?], Bool) in
                let client = try RawClient(address)
                var answers: [RawResponse?] = []
                for request in ["GET /healthz", "HEAD /healthz", "GET /echo?a=1&b=2", "GET /missing"] {
                    client.send("\(request) HTTP/1.1\r\nHost: test\r\n\r\n")
                    answers.append(try client.readResponse(toHead: request.hasPrefix("HEAD")))
                }
                // Pipelined: both answered, in order.
                client.send("GET /echo?first HTTP/1.1\r\n\r\nGET /echo?second HTTP/1.1\r\n\r\n")
                answers.append(try client.readResponse())
                answers.append(try client.readResponse())
                client.send("DELETE /healthz HTTP/1.1\r\n\r\n")
                answers.append(try client.readResponse())
                return (answers, client.waitForClose(within: .seconds(2)) != nil)
            }
            #expect(answers.count == 7)
            let get = try #require(answers[0])
            #expect(get.status == 200 && get.body == "ok\n")
            #expect(get.headers["content-type"] == "text/plain; charset=utf-8")
            #expect(get.headers["content-length"] == "3")
            #expect(get.headers["connection"] == "keep-alive")
            let head = try #require(answers[1])
            #expect(head.status == 200 && head.headers["content-length"] == "3" && head.body.isEmpty)
            #expect(answers[2]?.body == "GET /echo a=1&b=2\n", "the HEAD answer carried no body, or this would not parse")
            #expect(answers[3]?.status == 404 && answers[3]?.body == "not found\n")
            #expect(answers[4]?.body == "GET /echo first\n" && answers[5]?.body == "GET /echo second\n")
            let delete = try #require(answers[6])
            #expect(delete.status == 405 && delete.headers["allow"] == "GET, HEAD" && delete.headers["connection"] == "close")
            #expect(closed)
        }
    }

    @Test func keepsHTTP10ConnectionsOnlyWhenAsked() async throws {
        try await withEndpoint { endpoint in
            let address = endpoint.localAddress
            let (plain, plainClosed, kept) = try await BlockingWork.run { () -> (RawResponse?, Bool, [RawResponse?]) in
                let plain = try RawClient(address)
                plain.send("GET /healthz HTTP/1.0\r\n\r\n")
                let answer = try plain.readResponse()
                let plainClosed = plain.waitForClose(within: .seconds(2)) != nil
                let kept = try RawClient(address)
                let answers = try (0..<2).map { _ in
                    kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                    return try kept.readResponse()
                }
                return (answer, plainClosed, answers)
            }
            #expect(plain?.status == 200 && plain?.headers["connection"] == "close")
            #expect(plainClosed)
            #expect(kept.allSatisfy { $0?.status == 200 && $0?.headers["connection"] == "keep-alive" })
        }
    }

    @Test func answersAClientThatShutsDownItsSendingSide() async throws {
        try await withEndpoint { endpoint in
            let address = endpoint.localAddress
            let outcomes = try await BlockingWork.run {
                try ["HTTP/1.0", "HTTP/1.1"].map { version -> (Int?, Bool) in
                    let client = try RawClient(address)
                    client.send("GET /healthz \(version)\r\n\r\n")
                    client.shutDownSending()
                    let answer = try client.readResponse()
                    return (answer?.status, client.waitForClose(within: .seconds(2)) != nil)
                }
            }
            #expect(outcomes.map(\.0) == [200, 200])
            #expect(outcomes.allSatisfy { $0.1 }, "the connection ends after the answer")
        }
    }

    @Test func refusesMalformedRequestsAndBodiesAndCloses() async throws {
        try await withEndpoint { endpoint in
            let address = endpoint.localAddress
            let requests = [
                "BLAH\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nNo colon here\r\n\r\n",
                "GET /healthz HTTP/2.0\r\n\r\n",
                "POST /healthz HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
                "GET /healthz HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
                "GET /healthz HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            ]
            let outcomes = try await BlockingWork.run {
                try requests.map { request -> (Int?, Bool) in
                    let client = try RawClient(address)
                    client.send(request)
                    let answer = try client.readResponse()
                    return (answer?.status, client.waitForClose(within: .seconds(2)) != nil)
                }
            }
            #expect(outcomes.map(\.0) == [400, 400, 400, 405, 413, 413])
            #expect(outcomes.allSatisfy { $0.1 }, "every connection closed")
        }
    }

    // MARK: Hostile clients

    @Test func refusesAHugeHeadAndStillServesTheNextClient() async throws {
        try await withEndpoint { endpoint in
            let address = endpoint.localAddress
            let line = "X-Filler: " + String(repeating: "a", count: 90) + "\r\n"
            let huge = "GET /healthz HTTP/1.1\r\n" + String(repeating: line, count: 1024 * 1024 / line.utf8.count) + "\r\n"
            let justUnder = "GET /healthz HTTP/1.1\r\n" + String(repeating: line, count: 15 * 1024 / line.utf8.count) + "\r\n"
            let (hugeAnswer, underAnswer, nextAnswer) = try await BlockingWork.run {
                let attacker = try RawClient(address)
                attacker.send(huge)  // fails part way when the server closes
                let hugeAnswer = try attacker.readResponse()
                let under = try RawClient(address)
                under.send(justUnder)
                let underAnswer = try under.readResponse()
                let next = try RawClient(address)
                next.send("GET /healthz HTTP/1.1\r\n\r\n")
                return (hugeAnswer, underAnswer, try next.readResponse())
            }
            // The 431 can be lost: closing a socket with unread input sends a reset.
            #expect(hugeAnswer == nil || hugeAnswer?.status == 431)
            #expect(underAnswer?.status == 200, "a 15 KB head is within the 16 KB limit")
            #expect(nextAnswer?.status == 200)
            #expect(await eventually { endpoint.statistics.open == 0 })
        }
    }

    @Test func closesSlowAndSilentClientsWhileOthersAreServed() async throws {
        let limits = HTTPLimits(requestHeadTimeout: .seconds(1))
        try await withEndpoint(limits: limits) { endpoint in
            let address = endpoint.localAddress
            async let slow = BlockingWork.run { () -> (Duration, String)? in
                let client = try RawClient(address)
                let start = ContinuousClock.now
                for byte in "GET /healthz HTTP/1.1\r\nX-Slow: \(String(repeating: "z", count: 60))".utf8 {
                    guard client.send([byte]), client.waitForClose(within: .milliseconds(100)) == nil else { break }
                }
                return client.waitForClose(within: .seconds(3)).map { (ContinuousClock.now - start, $0) }
            }
            async let silent = BlockingWork.run { () -> (Duration, String)? in
                let client = try RawClient(address)
                let start = ContinuousClock.now
                return client.waitForClose(within: .seconds(3)).map { (ContinuousClock.now - start, $0) }
            }
            async let served = BlockingWork.run { () -> [(Int?, Duration)] in
                try (0..<8).map { _ in
                    let start = ContinuousClock.now
                    let client = try RawClient(address)
                    client.send("GET /healthz HTTP/1.1\r\n\r\n")
                    let answer = try client.readResponse()
                    usleep(100_000)
                    return (answer?.status, ContinuousClock.now - start - .milliseconds(100))
                }
            }
            let (slowEnd, silentEnd, others) = try await (slow, silent, served)
            for (end, name) in [(slowEnd, "trickling"), (silentEnd, "silent")] {
                let (elapsed, received) = try #require(end, "the \(name) client was not closed")
                #expect(elapsed > .milliseconds(900) && elapsed < .milliseconds(2500), "\(name): \(elapsed)")
                #expect(received.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), "\(name): \(received)")
            }
            #expect(others.allSatisfy { $0.0 == 200 && $0.1 < .milliseconds(500) }, "\(others)")
        }
    }

    @Test func closesAnIdleKeptAliveConnection() async throws {
        try await withEndpoint(limits: HTTPLimits(idleTimeout: .seconds(1))) { endpoint in
            let address = endpoint.localAddress
            let (answer, end) = try await BlockingWork.run { () -> (RawResponse?, (Duration, String)?) in
                let client = try RawClient(address)
                client.send("GET /healthz HTTP/1.1\r\n\r\n")
                let answer = try client.readResponse()
                let start = ContinuousClock.now
                return (answer, client.waitForClose(within: .seconds(3)).map { (ContinuousClock.now - start, $0) })
            }
            #expect(answer?.status == 200)
            let (elapsed, received) = try #require(end)
            #expect(elapsed > .milliseconds(900) && elapsed < .milliseconds(2500), "\(elapsed)")
            #expect(received.isEmpty, "an idle connection closes without a word")
        }
    }

    @Test func holdsOneResponseForAClientThatDoesNotRead() async throws {
        let calls = Mutex(0)
        let big = ByteBuffer(repeating: 0x55, count: 32 << 20)  // more than the socket buffers take
        let responder: HTTPResponder = { _ in
            calls.withLock { $0 += 1 }
            return HTTPResponse(status: .ok, contentType: "application/octet-stream", body: big)
        }
        try await withEndpoint(limits: HTTPLimits(idleTimeout: .seconds(1)), responder: responder) { endpoint in
            let address = endpoint.localAddress
            let client = try await BlockingWork.run {
                let client = try RawClient(address)
                client.send(String(repeating: "GET /big HTTP/1.1\r\n\r\n", count: 20))
                return client
            }
            #expect(await eventually { calls.withLock { $0 } == 1 && endpoint.statistics.open == 1 })
            let closed = await eventually(within: .seconds(4)) { endpoint.statistics.open == 0 }
            #expect(closed, "the connection stuck writing closes after the idle timeout")
            #expect(calls.withLock { $0 } == 1, "no request is answered while a response waits")
            client.close()
        }
    }

    // MARK: Connection limit

    @Test func aFloodOfConnectionsIsBoundedAndANewClientIsStillServed() async throws {
        // Each connection costs this process two descriptors, the client's and the server's.
        let floodSize = min(1000, (raiseOpenFileLimit(to: 2400) - 300) / 2)
        try await withEndpoint(limits: HTTPLimits(maxConnections: 64)) { endpoint in
            let address = endpoint.localAddress
            let socketsBefore = try openSocketCount()
            let flood = try await BlockingWork.run { try (0..<floodSize).map { _ in try RawClient(address) } }
            #expect(await eventually { endpoint.statistics.accepted >= UInt64(floodSize) })
            #expect(endpoint.statistics.open <= 64)

            let start = ContinuousClock.now
            let answer = try await BlockingWork.run {
                let client = try RawClient(address)
                client.send("GET /healthz HTTP/1.1\r\n\r\n")
                return try client.readResponse()
            }
            #expect(answer?.status == 200)
            #expect(ContinuousClock.now - start < .seconds(1))

            let closedByServer = try await BlockingWork.run {
                flood.filter { $0.waitForClose(within: .milliseconds(10)) != nil }.count
            }
            #expect(closedByServer >= floodSize - 64, "the connections past the limit were closed")
            #expect(endpoint.statistics.evicted >= UInt64(floodSize - 64))

            flood.forEach { $0.close() }
            #expect(await eventually { endpoint.statistics.open == 0 })
            let socketsClosed = await eventually { (try? openSocketCount()) == socketsBefore }
            let socketsAfter = try openSocketCount()
            #expect(socketsClosed, "open sockets: \(socketsAfter) after, \(socketsBefore) before")
        }
    }

    @Test func refusesNewConnectionsWhileEveryOneIsBusy() async throws {
        let release = Latch()
        let responder: HTTPResponder = { request in
            if request.path == "/hold" { await release.wait() }
            return .text(.ok, "done\n")
        }
        try await withEndpoint(limits: HTTPLimits(maxConnections: 4), responder: responder) { endpoint in
            defer { release.open() }
            let address = endpoint.localAddress
            let holders = try await BlockingWork.run {
                try (0..<4).map { _ in
                    let client = try RawClient(address)
                    client.send("GET /hold HTTP/1.1\r\n\r\n")
                    return client
                }
            }
            #expect(await eventually { release.waiting == 4 })
            let (refusal, closed) = try await BlockingWork.run {
                let client = try RawClient(address)
                return (try client.readResponse(), client.waitForClose(within: .seconds(2)) != nil)
            }
            #expect(refusal?.status == 503 && refusal?.headers["connection"] == "close")
            #expect(closed)
            #expect(endpoint.statistics.refused == 1)
            release.open()
            let answers = try await BlockingWork.run { try holders.map { try $0.readResponse() } }
            #expect(answers.allSatisfy { $0?.status == 200 })
        }
    }

    // MARK: Listening

    @Test func servesOnAUnixSocketAndRemovesItsFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("http.sock").path
        let endpoint = try await HTTPEndpoint.open(.unix(path: path), limits: HTTPLimits(), responder: testResponder, logger: logger)
        #expect(endpoint.localAddress == "unix:\(path)")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.type] as? FileAttributeType == .typeSocket)
        #expect((attributes[.posixPermissions] as? Int) == 0o660)
        await #expect(throws: HTTPEndpoint.Failure.inUse("unix:\(path)")) {
            _ = try await HTTPEndpoint.open(.unix(path: path), limits: HTTPLimits(), responder: testResponder, logger: self.logger)
        }
        let address = endpoint.localAddress
        let answer = try await BlockingWork.run {
            let client = try RawClient(address)
            client.send("GET /healthz HTTP/1.1\r\n\r\n")
            return try client.readResponse()
        }
        #expect(answer?.status == 200)
        await endpoint.close()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func replacesAStaleSocketButNoOtherFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stale = directory.file("stale.sock").path
        _ = try Subprocess.check(
            "/usr/bin/env", ["python3", "-c", "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", stale])
        let endpoint = try await HTTPEndpoint.open(.unix(path: stale), limits: HTTPLimits(), responder: testResponder, logger: logger)
        await endpoint.close()

        let precious = directory.file("precious.txt").path
        try "keep me".write(toFile: precious, atomically: true, encoding: .utf8)
        do {
            _ = try await HTTPEndpoint.open(.unix(path: precious), limits: HTTPLimits(), responder: testResponder, logger: logger)
            Issue.record("bound over a regular file")
        } catch {
            #expect("\(error)" == "\(precious) exists and is not a socket; refusing to remove it")
        }
        #expect(try String(contentsOfFile: precious, encoding: .utf8) == "keep me")
    }

    @Test func saysWhichAddressIsInUse() async throws {
        try await withEndpoint { endpoint in
            guard case .success(let address) = HTTPListenAddress.parse(endpoint.localAddress) else {
                Issue.record("cannot read back \(endpoint.localAddress)")
                return
            }
            do {
                _ = try await HTTPEndpoint.open(address, limits: HTTPLimits(), responder: testResponder, logger: logger)
                Issue.record("bound a port in use")
            } catch let failure as HTTPEndpoint.Failure {
                #expect(failure == .inUse(endpoint.localAddress))
                #expect("\(failure)" == "cannot listen on \(endpoint.localAddress): another process is listening there")
                #expect(!failure.isConfiguration)
            }
        }
    }

    @Test func theServiceClosesTheEndpointWhenItEnds() async throws {
        let endpoint = try await HTTPEndpoint.open(
            .tcp(host: "127.0.0.1", port: 0), limits: HTTPLimits(), responder: testResponder, logger: logger)
        let service = Task { await HTTPService(endpoint: endpoint).run() }
        let address = endpoint.localAddress
        let before = try await BlockingWork.run {
            let client = try RawClient(address)
            client.send("GET /healthz HTTP/1.1\r\n\r\n")
            return try client.readResponse()
        }
        #expect(before?.status == 200)
        service.cancel()
        await service.value
        #expect(throws: (any Error).self) { _ = try RawClient(address) }
    }

    // MARK: Helpers

    private func withEndpoint(
        limits: HTTPLimits = HTTPLimits(), responder: @escaping HTTPResponder = testResponder,
        _ body: (HTTPEndpoint) async throws -> Void
    ) async throws {
        let endpoint = try await HTTPEndpoint.open(.tcp(host: "127.0.0.1", port: 0), limits: limits, responder: responder, logger: logger)
        do {
            try await body(endpoint)
        } catch {
            await endpoint.close()
            throw error
        }
        await endpoint.close()
    }
}

@Sendable private func testResponder(_ request: HTTPRequest) async -> HTTPResponse {
    switch request.path {
    case "/healthz": .text(.ok, "ok\n")
    case "/echo": .text(.ok, "\(request.method) \(request.path) \(request.query ?? "-")\n")
    default: .notFound
    }
}

/// Polls `condition` until it holds or `timeout` passes.
private func eventually(within timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return true
}

/// Sockets open in this process: the clients' and the server's ends. (Other descriptors come and
/// go with the runtime: Dispatch opens a timer on its first sleep.)
private func openSocketCount() throws -> Int {
    try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count { name in
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)"))?.hasPrefix("socket:") ?? false
    }
}

/// Raises this process's soft limit on open files towards `wanted`, as far as the hard limit
/// allows. - Returns: the limit now.
private func raiseOpenFileLimit(to wanted: Int) -> Int {
    var limit = rlimit()
    guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
    if limit.rlim_cur < rlim_t(wanted) {
        limit.rlim_cur = min(rlim_t(wanted), limit.rlim_max)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        _ = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    }
    return Int(limit.rlim_cur)
}

/// Holds responders until opened.
private final class Latch: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    var waiting: Int { state.withLock { $0.waiters.count } }

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }
}

/// What a raw client read of a response; header names in lower case.
private struct RawResponse: Sendable {
    let status: Int
    let headers: [String: String]
    let body: String
}

private struct ClientError: Error, CustomStringConvertible {
    let description: String
}

/// A client on a plain blocking socket, as a scraper or an attacker would have. Used by one
/// task at a time.
private final class RawClient: @unchecked Sendable {
    private let descriptor: Int32
    private var received: [UInt8] = []
    private var isClosed = false

    /// Connects to an address as `HTTPEndpoint.localAddress` writes it.
    init(_ address: String) throws {
        guard case .success(let parsed) = HTTPListenAddress.parse(address) else {
            throw ClientError(description: "cannot read the address \(address)")
        }
        let socketAddress: SocketAddress =
            switch parsed {
            case .tcp(let host, let port): try SocketAddress(ipAddress: host, port: port)
            case .unix(let path): try SocketAddress(unixDomainSocketPath: path)
            }
        descriptor = socket(socketAddress.protocol.rawValue, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            isClosed = true  // deinit runs when a class's init throws this late
            throw ClientError(description: "socket: \(String(cString: strerror(errno)))")
        }
        // A send to a server that stopped reading must not hang the test.
        var sendTimeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        guard socketAddress.withSockAddr({ connect(descriptor, $0, socklen_t($1)) }) == 0 else {
            let reason = String(cString: strerror(errno))
            close()
            throw ClientError(description: "connect to \(address): \(reason)")
        }
    }

    deinit { close() }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(descriptor)
    }

    func shutDownSending() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// - Returns: false once the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Reads one response: its head, and as much body as its Content-Length says (none for HEAD).
    /// - Returns: nil if the connection ended first.
    func readResponse(toHead: Bool = false, within timeout: Duration = .seconds(5)) throws -> RawResponse? {
        let deadline = ContinuousClock.now + timeout
        let separator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            if headEnd == nil, let range = received.firstRange(of: separator) { headEnd = range.upperBound }
            if let headEnd {
                let lines = String(decoding: received[..<(headEnd - 4)], as: UTF8.self).components(separatedBy: "\r\n")
                let fields = lines.dropFirst().compactMap { line -> (String, String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                let headers = Dictionary(fields, uniquingKeysWith: { first, _ in first })
                let length = toHead ? 0 : Int(headers["content-length"] ?? "0") ?? 0
                if received.count >= headEnd + length {
                    let status = lines[0].split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? -1
                    let body = String(decoding: received[headEnd..<(headEnd + length)], as: UTF8.self)
                    received.removeFirst(headEnd + length)
                    return RawResponse(status: status, headers: headers, body: body)
                }
            }
            switch receive(until: deadline) {
            case .some(true): continue
            case .some(false): return nil
            case nil: throw ClientError(description: "no whole response within \(timeout)")
            }
        }
    }

    /// Waits for the server to close the connection, reading what it sends meanwhile.
    /// - Returns: what arrived before the end, or nil if the connection is still open.
    func waitForClose(within timeout: Duration) -> String? {
        let deadline = ContinuousClock.now + timeout
        while let more = receive(until: deadline) {
            if !more { return String(decoding: received, as: UTF8.self) }
        }
        return nil
    }

    /// Reads what has arrived, waiting until `deadline` for something.
    /// - Returns: true if bytes came, false at the end of the connection (or a reset), nil if
    ///   nothing came in time.
    private func receive(until deadline: ContinuousClock.Instant) -> Bool? {
        let remaining = max(.zero, deadline - ContinuousClock.now)
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&pollDescriptor, 1, milliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return false }
        received += buffer[..<count]
        return true
    }
}
