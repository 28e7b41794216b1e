import Foundation

/// The outcome of a finished child process.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var standardOutput: Data
    public var standardError: Data

    public var output: String { String(decoding: standardOutput, as: UTF8.self) }
    public var errorOutput: String { String(decoding: standardError, as: UTF8.self) }
}

/// Runs programs to completion, capturing their output.
public enum ProcessRunner {
    /// Runs `executable` with `arguments`, feeding `input` on standard input.
    ///
    /// - Parameters:
    ///   - environment: variables added to (or, with a nil value, removed
    ///     from) this process's environment. `ETCDCTL_*` variables of the test
    ///     runner are always removed, so a developer's shell cannot change results.
    ///   - timeout: seconds before the process is killed; the result then has
    ///     status -9.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        input: Data = Data(),
        environment: [String: String?] = [:],
        timeout: TimeInterval = 60
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments

        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ETCDCTL_") }
        for (name, value) in environment {
            merged[name] = value
        }
        process.environment = merged

        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr

        // Both pipes are drained on their own threads so a child that fills one
        // pipe's buffer cannot block while we wait on the other.
        let collected = CollectedOutput()
        let group = DispatchGroup()
        for (pipe, isError) in [(stdout, false), (stderr, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.store(data, isError: isError)
                group.leave()
            }
        }

        try process.run()
        if !input.isEmpty {
            stdin.fileHandleForWriting.write(input)
        }
        try? stdin.fileHandleForWriting.close()

        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            usleep(5_000)
        }
        var timedOut = false
        if process.isRunning {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        group.wait()

        return ProcessResult(
            status: timedOut ? -9 : process.terminationStatus,
            standardOutput: collected.output,
            standardError: collected.error
        )
    }
}

/// Output gathered from two reader threads.
private final class CollectedOutput: @unchecked Sendable {
    // Safe: every access goes through `lock`.
    private let lock = NSLock()
    private var outputData = Data()
    private var errorData = Data()

    func store(_ data: Data, isError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isError { errorData = data } else { outputData = data }
    }

    var output: Data {
        lock.lock()
        defer { lock.unlock() }
        return outputData
    }

    var error: Data {
        lock.lock()
        defer { lock.unlock() }
        return errorData
    }
}
