import NIOCore
import NIOHTTP1

/// Answers one connection's requests, one at a time. The responder runs as a task, off the
/// event loop; once its response is written the handler asks for the next request (`read()`,
/// which `HTTPRequestGate` answers), so a client that does not read its responses holds one at
/// most, and only until the gate's idle timeout.
final class HTTPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: HTTPResponder
    /// Whether a request is being answered, or the connection closes after a refusal.
    private var isBusy = false
    private var isActive = true
    /// Whether the client has shut down its sending side: it gets the answer in progress, if
    /// any, and then the connection ends.
    private var isInputClosed = false
    private var responding: Task<Void, Never>?

    init(responder: @escaping HTTPResponder) {
        self.responder = responder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A request without a body, the only kind answered, ends right after its head.
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        guard !isBusy else {
            // The gate passes one head at a time: a second one means that it and the decoder
            // disagree on where a head ends, and the connection cannot be trusted further.
            context.close(promise: nil)
            return
        }
        isBusy = true
        if let refusal = Self.refusal(of: head) {
            write(refusal, omittingBody: false, keepingAlive: false, context: context)
            return
        }
        let request = HTTPRequest(method: head.method, target: head.uri)
        // NIO's decoder stops after a request that asks to upgrade, so its answer is the last.
        let keepingAlive = head.isKeepAlive && !head.headers.contains(name: "upgrade")
        let promise = context.eventLoop.makePromise(of: HTTPResponse.self)
        responding = promise.completeWithTask { [responder] in await responder(request) }
        promise.futureResult.assumeIsolated().whenSuccess { response in
            self.responding = nil
            self.write(response, omittingBody: request.method == .HEAD, keepingAlive: keepingAlive, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed? = event as? ChannelEvent {
            isInputClosed = true
            if !isBusy { context.close(promise: nil) }
        }
        guard let rejection = event as? HTTPRequestGate.Rejection else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        guard !isBusy else {
            context.close(promise: nil)
            return
        }
        isBusy = true
        let response: HTTPResponse =
            switch rejection {
            case .headTooLarge: .requestHeaderFieldsTooLarge
            case .headTimedOut: .requestTimeout
            }
        write(response, omittingBody: false, keepingAlive: false, context: context)
    }

    /// Parse errors were answered 400 by `HTTPServerProtocolErrorHandler`; any error ends the
    /// connection.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        responding?.cancel()
        context.fireChannelInactive()
    }

    /// The answer to a request the responder never sees: any method but GET and HEAD, and any
    /// request with a body. Its body is never read, so the connection closes after the answer.
    private static func refusal(of head: HTTPRequestHead) -> HTTPResponse? {
        guard head.method == .GET || head.method == .HEAD else { return .methodNotAllowed }
        let hasBody = head.headers.contains(name: "transfer-encoding") || head.headers["content-length"].contains { Int($0) != 0 }
        return hasBody ? .payloadTooLarge : nil
    }

    private func write(_ response: HTTPResponse, omittingBody: Bool, keepingAlive: Bool, context: ChannelHandlerContext) {
        guard isActive else { return }
        response.write(to: context, omittingBody: omittingBody, keepingAlive: keepingAlive)
            .assumeIsolated()
            .whenComplete { result in
                guard keepingAlive, !self.isInputClosed, case .success = result else {
                    context.close(promise: nil)
                    return
                }
                self.isBusy = false
                context.read()
            }
    }
}
