import Daemon
import NIOCore
import NIOPosix
import Synchronization

/// A minimal client of the socket protocol, used by `watch`, `status` and the tests.
enum ProtocolClient {
    /// The daemon could not be reached or the connection failed.
    struct ConnectionFailed: Error, CustomStringConvertible {
        var socket: String
        var reason: any Error

        var description: String { "cannot read from \(socket): \(reason)" }
    }

    /// The daemon sends `hello` as soon as a client connects; a server silent for this long
    /// is not yolo-edge (or is stuck), and waiting on it forever helps no one.
    static let firstLineTimeout: Duration = .seconds(5)
    /// No message of the protocol comes near this (the largest is a `snapshot`, a JPEG in
    /// base64); a server that sends more without a newline is not yolo-edge, and buffering it
    /// would only grow the client.
    static let maximumLineBytes = 16 << 20

    struct NoAnswer: Error, CustomStringConvertible {
        var description: String {
            "no message within \(ProtocolClient.firstLineTimeout); is this the socket of a running yolo-edge?"
        }
    }

    struct LineTooLong: Error, CustomStringConvertible {
        var description: String {
            "the server sent over \(ProtocolClient.maximumLineBytes) bytes without a newline; it does not speak the yolo-edge protocol"
        }
    }

    /// Connects to `socket`, sends `request` (a line without its newline) if given, and passes
    /// each received line to `handle` until it returns false or the daemon closes the connection.
    static func readLines(
        socket: String, request: String? = nil, handle: (String) async throws -> Bool
    ) async throws {
        let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(unixDomainSocketPath: socket) { channel in
                channel.eventLoop.makeCompletedFuture { try ClientConnection(wrappingChannelSynchronously: channel) }
            }
        let answered = AnswerFlag()
        let channel = connection.channel
        let deadline = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(firstLineTimeout.components.seconds) * 1_000_000_000)) {
            if !answered.isSet { channel.close(promise: nil) }
        }
        defer { deadline.cancel() }
        do {
            try await connection.executeThenClose { inbound, outbound in
                if let request { try await outbound.write(ByteBuffer(string: request + "\n")) }
                var splitter = LineSplitter()
                for try await chunk in inbound {
                    splitter.append(chunk)
                    while let line = splitter.nextLine() {
                        answered.set()
                        guard try await handle(line) else { return }
                    }
                    guard splitter.pendingByteCount <= maximumLineBytes else { throw LineTooLong() }
                }
            }
        } catch let error as LineTooLong {
            throw error
        } catch {
            throw answered.isSet ? error : NoAnswer()
        }
        guard answered.isSet else { throw NoAnswer() }
    }

    /// Sends one request and returns the daemon's answer to it: the first line whose type is
    /// `answerType`. An `error` line is thrown as the daemon's words.
    static func answer(to request: String, expecting answerType: String, socket: String) async throws -> JSONValue {
        var answer: JSONValue?
        do {
            try await readLines(socket: socket, request: request) { line in
                guard let message = JSONValue(parsing: line), let type = message["type"]?.string,
                      type == answerType || type == "error"
                else { return true }
                answer = message
                return false
            }
        } catch {
            throw ConnectionFailed(socket: socket, reason: error)
        }
        guard let answer else { throw CommandFailure(description: "the daemon closed the connection before answering") }
        if answer["type"]?.string == "error" {
            throw CommandFailure(description: "the daemon said: \(answer["message"]?.string ?? "an error")")
        }
        return answer
    }

    /// Whether any line arrived; set on the task that reads, read on the event loop's timer.
    private final class AnswerFlag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .acquiring) }
        func set() { value.store(true, ordering: .releasing) }
    }
}
