import NIOCore
import NIOHTTP1

/// An answer to a request. The endpoint adds Content-Type, Content-Length and Connection.
struct HTTPResponse: Sendable {
    var status: HTTPResponseStatus
    var contentType: String
    var body: ByteBuffer
    /// Further headers, such as `Cache-Control`.
    var headers = HTTPHeaders()

    static let plainText = "text/plain; charset=utf-8"

    static func text(_ status: HTTPResponseStatus, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, contentType: plainText, body: ByteBuffer(string: text))
    }

    static var notFound: HTTPResponse { .text(.notFound, "not found\n") }

    static var methodNotAllowed: HTTPResponse {
        var response = HTTPResponse.text(.methodNotAllowed, "only GET and HEAD are served\n")
        response.headers.add(name: "Allow", value: "GET, HEAD")
        return response
    }

    static var payloadTooLarge: HTTPResponse { .text(.payloadTooLarge, "requests take no body\n") }

    static var requestHeaderFieldsTooLarge: HTTPResponse {
        .text(.requestHeaderFieldsTooLarge, "the request head is too large\n")
    }

    static var requestTimeout: HTTPResponse { .text(.requestTimeout, "the request head took too long\n") }

    static var serviceUnavailable: HTTPResponse {
        .text(.serviceUnavailable, "too many requests at once; try again\n")
    }

    /// Writes the response as HTTP parts, for an `HTTPResponseEncoder` nearer the socket.
    /// - Returns: when it is all written to the socket.
    func write(to context: ChannelHandlerContext, omittingBody: Bool, keepingAlive: Bool) -> EventLoopFuture<Void> {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: contentType)
        headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        // Said even where it is the default: HTTP/1.0 clients keep a connection only when told.
        headers.replaceOrAdd(name: "Connection", value: keepingAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        if !omittingBody && body.readableBytes > 0 {
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(body))), promise: nil)
        }
        return context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
    }
}
