import Foundation

/// Runs a program to completion and collects what it printed.
public enum Subprocess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: Data
        public var errors: String
        public var text: String { String(decoding: output, as: UTF8.self) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `executable` with `arguments`, feeding it `input` on stdin (else
    /// nothing). Stdin, stdout and stderr are served concurrently so that no
    /// pipe can fill up and stall the child.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        input: Data? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let inputPipe = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = inputPipe
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        if input != nil {
            // A child that exits without reading all of its input must not kill the tests.
            signal(SIGPIPE, SIG_IGN)
        }
        Thread {
            if let input { try? inputPipe.fileHandleForWriting.write(contentsOf: input) }
            try? inputPipe.fileHandleForWriting.close()
        }.start()
        let errorData = BackgroundRead(errors.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: outputData,
            errors: String(decoding: errorData.wait(), as: UTF8.self))
    }

    /// Like `run`, but throws with the program's stderr unless it exits 0.
    public static func check(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        input: Data? = nil
    ) throws -> Result {
        let result = try run(executable, arguments, environment: environment, input: input)
        guard result.status == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(result.status): \(result.errors)")
        }
        return result
    }
}

/// Reads a file handle to its end on a thread of its own.
private final class BackgroundRead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()  // written by the thread before `done` is signalled

    init(_ handle: FileHandle) {
        Thread {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
