import Capture
import Detect
import Infer

/// The exit statuses of `yolo-edge run`, as sysexits(3) names them and the unit's
/// `RestartPreventExitStatus=78` expects: what a restart cannot fix (the config, a missing or
/// unusable model, a source spec or file that cannot be used, a socket path that is not a
/// socket) is 78, EX_CONFIG, so that systemd does not restart in a loop; any other failure is
/// 1, which it restarts.
package enum DaemonExitStatus {
    package static let configuration: Int32 = 78
    package static let failure: Int32 = 1

    package static func of(_ error: any Error) -> Int32 {
        switch error {
        case is ConfigError, is ModelLoadError, is DetectorSetupError, is DetectionHeadError, is EngineError,
            is SourceSpecError, is FileAccessError, is CaptureFault:
            configuration
        case let failure as ListeningSocket.Failure:
            failure.isConfiguration ? configuration : Self.failure
        case let failure as HTTPEndpoint.Failure:
            failure.isConfiguration ? configuration : Self.failure
        default:
            Self.failure
        }
    }
}
