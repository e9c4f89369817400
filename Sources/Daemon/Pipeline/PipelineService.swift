import ServiceLifecycle

/// Keeps the pipeline and the publisher thread running until shutdown, then stops them: the
/// source is closed (the camera released) and the threads joined, within
/// `PipelineController.stopTimeout`.
struct PipelineService: Service {
    let controller: PipelineController
    let publisher: ResultPublisher

    func run() async throws {
        // Returns at graceful shutdown, or throws if the group is cancelled; stop either way.
        try? await gracefulShutdown()
        let controller = controller, publisher = publisher
        _ = try? await BlockingWork.run {
            controller.stop()
            publisher.stop()
        }
    }
}
