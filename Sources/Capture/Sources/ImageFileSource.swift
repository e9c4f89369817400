/// Plays JPEG files as RGB24 frames (decoded with libjpeg-turbo): one image,
/// or every JPEG of a directory in name order; once, or looping.
///
/// Pacing defaults to 30 frames per second, like a webcam, so a demo on one
/// photo does not keep a core busy; `framesPerSecond: nil` delivers as fast
/// as the consumer asks (benchmarks). A single image is decoded once and
/// lent again for every frame. A file that fails to decode is skipped and
/// counted in `corruptBuffers`, with the error as `lastFault`; the source
/// finishes if a whole pass yields no image.
public final class ImageFileSource: FrameSource {
    public struct Configuration: Sendable, Equatable {
        public enum Input: Sendable, Equatable {
            case file(String)
            case directory(String)
        }

        public var input: Input
        /// Start again after the last image.
        public var loops: Bool
        /// Deliver at this rate; nil delivers as fast as the consumer asks.
        public var framesPerSecond: Double?

        public init(_ input: Input, loops: Bool = false, framesPerSecond: Double? = 30) {
            self.input = input
            self.loops = loops
            self.framesPerSecond = framesPerSecond
        }
    }

    public let configuration: Configuration
    public let status = StatusBoard()
    public let stopSignal: StopSignal
    /// The files played, in order.
    public let paths: [String]
    public var name: String {
        switch configuration.input {
        case .file(let path), .directory(let path): path
        }
    }

    private let decoder: JPEGDecoder
    private var image = RGBImage()
    /// Which file `image` holds, so a lone image is decoded only once.
    private var decodedIndex: Int?
    private var nextIndex = 0
    private var sequence: UInt32 = 0
    private var pacer: FramePacer

    /// Lists the directory, or decodes the single image; throws if there is nothing to play.
    public init(_ configuration: Configuration, stopSignal: StopSignal = StopSignal()) throws(CaptureFault) {
        self.configuration = configuration
        self.stopSignal = stopSignal
        pacer = FramePacer(framesPerSecond: configuration.framesPerSecond)
        do {
            decoder = try JPEGDecoder()
        } catch {
            throw Self.fault(error)
        }
        switch configuration.input {
        case .file(let path):
            paths = [path]
            do {
                try decoder.decodeFile(atPath: path, into: &image)
            } catch {
                throw Self.fault(error)
            }
            decodedIndex = 0
        case .directory(let path):
            do {
                paths = try JPEGDirectory.files(in: path)
            } catch .cannotList(let directory, let code) {
                throw .cannotOpen(path: directory, errno: code)
            } catch {
                throw .noUsableFormat(error.description)
            }
        }
        status.update {
            $0.state = .streaming
            $0.counters.openAttempts = 1
            $0.counters.opens = 1
        }
    }

    public func withNextFrame<Result, Failure: Error>(
        _ body: (FrameInfo, RawSpan) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        guard pacer.waitForNextFrame(stop: stopSignal) else { return finish(nil) }
        var failuresInARow = 0
        while decodedIndex != nextIndex || nextIndex == paths.count {
            if nextIndex == paths.count {
                guard configuration.loops else { return finish(nil) }
                nextIndex = 0
                continue
            }
            do {
                decodedIndex = nil
                try decoder.decodeFile(atPath: paths[nextIndex], into: &image)
                decodedIndex = nextIndex
            } catch {
                let fault = Self.fault(error)
                status.update {
                    $0.counters.corruptBuffers += 1
                    $0.lastFault = fault
                }
                failuresInARow += 1
                guard failuresInARow < paths.count else { return finish(fault) }
                nextIndex += 1
            }
        }
        nextIndex += 1
        return try lend(body)
    }

    private func lend<Result, Failure: Error>(
        _ body: (FrameInfo, RawSpan) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let frame = image
        let info = FrameInfo(
            format: .rgb24, width: frame.width, height: frame.height, bytesPerLine: frame.width * 3,
            sequence: sequence, timestamp: monotonicNow())
        sequence &+= 1
        status.update {
            $0.counters.frames += 1
            if $0.format?.width != frame.width || $0.format?.height != frame.height {
                $0.format = StreamFormat(
                    format: .rgb24, width: frame.width, height: frame.height, bytesPerLine: frame.width * 3,
                    imageSize: frame.bytes.count, framesPerSecond: configuration.framesPerSecond,
                    isConverted: false)
            }
        }
        return try body(info, frame.bytes.span.bytes)
    }

    private func finish<Result>(_ fault: CaptureFault?) -> Result? {
        status.update { $0.state = .finished(reason: fault) }
        return nil
    }

    /// No CaptureFault case fits an undecodable file better than this one.
    private static func fault(_ error: JPEGError) -> CaptureFault {
        .noUsableFormat(error.description)
    }
}
