import MosquittoShim

/// libmosquitto, opened on first use instead of linked: with it come libssl and libcrypto,
/// which a process without MQTT should neither map nor need installed (MosquittoShim.h).
public enum MosquittoLibrary {
    /// The library of Debian's libmosquitto1 package.
    static let soname = "libmosquitto.so.1"

    /// The library's functions, opened and initialised once per process; or why they cannot be.
    static let functions = open(soname)

    /// Opens libmosquitto now, so that a missing library stops the caller with a message
    /// before any client is made.
    public static func load() throws(Unavailable) {
        _ = try functions.get()
    }

    /// Opens `soname` and initialises it (`mosquitto_lib_init`).
    static func open(_ soname: String) -> Result<ye_mosquitto_library, Unavailable> {
        var error = [CChar](repeating: 0, count: 256)
        guard let library = ye_mosquitto_open(soname, &error, error.count)?.pointee else {
            let reason = error.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return .failure(Unavailable(soname: soname, reason: reason))
        }
        guard library.mosquitto_lib_init() == MOSQ_ERR_SUCCESS.rawValue else {
            return .failure(Unavailable(soname: soname, reason: "mosquitto_lib_init failed"))
        }
        return .success(library)
    }

    /// libmosquitto cannot be used: not installed, or not the library it should be.
    public struct Unavailable: Error, CustomStringConvertible {
        let soname: String
        let reason: String

        public var description: String {
            "MQTT needs libmosquitto (\(soname)), which cannot be loaded: \(reason); install the package libmosquitto1"
        }
    }
}
