import NIOCore
import NIOHTTP1

/// Answers a connection the endpoint has no place for with 503 and closes it, reading nothing.
final class HTTPRefusalHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = HTTPServerResponsePart

    func channelActive(context: ChannelHandlerContext) {
        HTTPResponse.serviceUnavailable.write(to: context, omittingBody: false, keepingAlive: false)
            .assumeIsolated()
            .whenComplete { _ in context.close(promise: nil) }
        context.fireChannelActive()
    }
}
