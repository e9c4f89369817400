import NIOCore
import NIOHTTP1

/// What the HTTP endpoint serves (docs/http.md): `/metrics`, `/healthz`, `/snapshot.jpg` and
/// `/api/status`. Every answer comes from state the daemon keeps anyway; nothing here touches
/// the pipeline's threads.
struct DaemonHTTPRoutes: Sendable {
    let metrics: DaemonMetrics
    let latest: LatestStatus
    /// nil with snapshots off.
    let snapshots: SnapshotService?
    let registry: ClientRegistry

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        switch request.path {
        case "/metrics":
            if let report = latest.report {
                metrics.update(from: report, classNames: registry.classNames, residentBytes: ProcessMemory.residentBytes())
            }
            return HTTPResponse(
                status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: ByteBuffer(bytes: metrics.exposition()))
        case "/healthz":
            // The watchdog's rule: frames flow, or a camera is being reopened.
            return latest.framesFlow
                ? .text(.ok, "ok: frames flow\n")
                : .text(.serviceUnavailable, "unhealthy: no frame processed recently; see the daemon's log\n")
        case "/snapshot.jpg":
            guard let snapshots else { return .text(.notFound, "snapshots are off ([snapshots] enabled = false)\n") }
            switch await snapshots.jpeg() {
            case .success(let jpeg): return HTTPResponse(status: .ok, contentType: "image/jpeg", body: ByteBuffer(bytes: jpeg))
            case .failure(let failure): return .text(.serviceUnavailable, failure.message + "\n")
            }
        case "/api/status":
            guard let line = latest.line else {
                return .text(.serviceUnavailable, "no status yet: the first comes one status_interval after start\n")
            }
            return HTTPResponse(status: .ok, contentType: "application/json", body: line)
        default:
            return .text(.notFound, "not found; try /metrics, /healthz, /snapshot.jpg or /api/status\n")
        }
    }
}
