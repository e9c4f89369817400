import ServiceLifecycle

/// Keeps the HTTP endpoint open while the daemon runs, and closes it on graceful shutdown.
struct HTTPService: Service {
    let endpoint: HTTPEndpoint

    func run() async {
        // Cancellation ends the wait too (by throwing); either way the endpoint closes.
        try? await gracefulShutdown()
        await endpoint.close()
    }
}
