import Capture
import Infer

extension DaemonConfig {
    /// `[stream]`: how GStreamer sources (`rtsp://`, `libcamera:`, `gst:`) connect and when
    /// they restart (`StreamSettings`).
    package struct Stream: Equatable, Sendable {
        /// `USER:PASSWORD` on its first line, for RTSP URLs without credentials; empty for none.
        var credentialsFile = ""
        /// Seconds without a frame before the stream is restarted.
        var frameTimeout = 5.0
        /// Seconds of RTSP jitter buffer.
        var latency = 0.2
        var transport = StreamSettings.Transport.auto.rawValue
        var codec = StreamSettings.Codec.auto.rawValue
    }

    /// The stream settings, with the credentials read from their file. Read each time the
    /// pipeline is built (start, reload), so a reload picks up a changed password.
    func streamSettings() throws(ConfigError) -> StreamSettings {
        var credentials: StreamCredentials?
        if !stream.credentialsFile.isEmpty {
            func unusable(_ reason: String) -> ConfigError {
                ConfigError(origin: "config", line: nil, key: "stream.credentials_file", problem: .invalidValue(reason))
            }
            let bytes: [UInt8]
            do {
                bytes = try RegularFile.read(stream.credentialsFile, limit: 64 << 10)
            } catch {
                throw unusable("cannot read the credentials: \(error)")
            }
            guard let parsed = StreamCredentials(fileContents: String(decoding: bytes, as: UTF8.self)) else {
                throw unusable("\(stream.credentialsFile) must hold USER:PASSWORD on its first line")
            }
            credentials = parsed
        }
        return StreamSettings(
            credentials: credentials, frameTimeout: .seconds(stream.frameTimeout), latency: .seconds(stream.latency),
            transport: StreamSettings.Transport(rawValue: stream.transport) ?? .auto,
            codec: StreamSettings.Codec(rawValue: stream.codec) ?? .auto)
    }
}
