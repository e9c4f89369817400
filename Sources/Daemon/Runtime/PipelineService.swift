import ServiceLifecycle

/// Keeps the pipeline and the publisher thread running until shutdown, then stops them: the
/// source is closed (the camera released) and the publisher joined. A `detect` in progress is
/// not waited for here, so that the socket server, shut down next, removes the socket in time;
/// `DaemonRuntime` waits for it last with `PipelineController.finishStop()`.
struct PipelineService: Service {
    let controller: PipelineController
    let publisher: ResultPublisher
    let snapshots: SnapshotService?

    func run() async throws {
        // Returns at graceful shutdown, or throws if the group is cancelled; stop either way.
        try? await gracefulShutdown()
        let controller = controller, publisher = publisher, snapshots = snapshots
        _ = try? await BlockingWork.run {
            controller.beginStop()
            publisher.stop()
            snapshots?.stop()
        }
    }
}
