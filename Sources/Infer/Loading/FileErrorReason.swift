import FoundationEssentials
import Glibc

/// The system's words for why a file operation failed ("No such file or
/// directory"), for error messages a person reads.
///
/// Full Foundation's `localizedDescription` said this; FoundationEssentials'
/// errors only print their fields (`CocoaError(code: ..., userInfo: ...)`),
/// and yolo-edge links FoundationEssentials only (full Foundation keeps
/// megabytes of pages resident in every process, docs/measurements.md).
public enum FileErrorReason {
    public static func describe(_ error: any Error) -> String {
        if let posix = (error as? CocoaError)?.underlying as? POSIXError ?? error as? POSIXError {
            return String(cString: strerror(posix.code.rawValue))
        }
        return String(describing: error)
    }
}
