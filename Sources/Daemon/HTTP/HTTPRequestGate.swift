import NIOCore

/// Sits between the socket and the HTTP decoder and lets one request head at a time through,
/// bounded in bytes and in time.
///
/// The gate does the connection's reading itself (the channel's auto-read is off) and passes
/// bytes on up to the end of a head. Bytes after it, the start of a pipelined request, wait
/// here undecoded, and nothing more is read, until the connection handler asks for the next
/// request with `read()`, which it does once its response is written. So a connection holds at
/// most one read's bytes besides the request it answers, whatever its client sends.
///
/// Its clock: a head must be whole within `requestHeadTimeout` of the accept or of its own first
/// byte; between requests a connection may stay silent for `idleTimeout`, and a request must be
/// answered and its response written within `idleTimeout` too.
final class HTTPRequestGate: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// Why the gate stopped a request; the connection handler answers it and closes.
    enum Rejection {
        case headTooLarge
        case headTimedOut
    }

    private enum Phase {
        /// Between requests, before the next one's first byte.
        case idle
        /// Passing a head on as it arrives.
        case readingHead
        /// A whole head went on; its response is being made and written.
        case answering
        /// Rejected or timed out: nothing more goes on.
        case stopped
    }

    private let limits: HTTPLimits
    private let connections: HTTPConnections
    private let id: HTTPConnections.ID
    private var phase = Phase.readingHead
    private var scanner = HTTPHeadScanner()
    /// Bytes that came after the head being answered.
    private var pending: ByteBuffer?
    private var timer: Scheduled<Void>?

    init(limits: HTTPLimits, connection id: HTTPConnections.ID, of connections: HTTPConnections) {
        self.limits = limits
        self.connections = connections
        self.id = id
    }

    private var wantsBytes: Bool { phase == .idle || phase == .readingHead }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(limits.requestHeadTimeout, context: context)
        context.read()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        phase = .stopped
        timer?.cancel()
        pending = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        switch phase {
        case .stopped:
            return
        case .answering:
            // Only NIO's draining of the input at its end reads while a request is answered:
            // keep no more than one head's worth.
            guard (pending?.readableBytes ?? 0) + bytes.readableBytes <= limits.maxHeaderBytes else {
                phase = .stopped
                context.close(promise: nil)
                return
            }
            hold(bytes)
        case .idle, .readingHead:
            hold(bytes)
            passHead(context: context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if wantsBytes { context.read() }
        context.fireChannelReadComplete()
    }

    /// The connection handler's request for the next request: its response is written. The
    /// gate's own reads do not pass here, so no other handler can make it read.
    func read(context: ChannelHandlerContext) {
        guard phase == .answering else { return }
        phase = .idle
        connections.waitForRequest(id)
        startTimer(limits.idleTimeout, context: context)
        passHead(context: context)
        if wantsBytes { context.read() }
    }

    private func hold(_ bytes: ByteBuffer) {
        if pending == nil {
            pending = bytes
        } else {
            pending!.writeImmutableBuffer(bytes)
        }
    }

    /// Passes the pending bytes on to the decoder, up to the end of the current head.
    private func passHead(context: ChannelHandlerContext) {
        guard var bytes = pending, bytes.readableBytes > 0 else { return }
        pending = nil
        if phase == .idle {
            phase = .readingHead
            startTimer(limits.requestHeadTimeout, context: context)
        }
        let (count, endsHead) = bytes.withUnsafeReadableBytes { scanner.consume($0) }
        guard scanner.byteCount <= limits.maxHeaderBytes else {
            reject(.headTooLarge, context: context)
            return
        }
        let head = bytes.readSlice(length: count)!
        if endsHead {
            phase = .answering
            scanner = HTTPHeadScanner()
            if bytes.readableBytes > 0 { pending = bytes }
            connections.answer(id)
            startTimer(limits.idleTimeout, context: context)
        }
        context.fireChannelRead(wrapInboundOut(head))
    }

    private func reject(_ rejection: Rejection, context: ChannelHandlerContext) {
        phase = .stopped
        timer?.cancel()
        pending = nil
        context.fireUserInboundEventTriggered(rejection)
    }

    private func startTimer(_ timeout: Duration, context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
            switch self.phase {
            case .readingHead:
                self.reject(.headTimedOut, context: context)
            case .idle, .answering:
                self.phase = .stopped
                context.close(promise: nil)
            case .stopped:
                break
            }
        }
    }
}
