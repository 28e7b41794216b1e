import EtcdTestSupport
import Foundation

/// A long-running child process (a watch, a lock holder) whose output the
/// test reads while it runs, then stops with a signal.
final class BackgroundProcess: @unchecked Sendable {
    // Safe: `collected` is only touched under `lock`; `process` is set once in init.
    private let process = Process()
    private let lock = NSLock()
    private var collected = Data()
    private let input = Pipe()

    /// Starts `executable`; standard error goes into the same buffer as standard output.
    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ETCDCTL_") }
        merged.merge(environment) { _, added in added }
        process.environment = merged
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = input
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.collected.append(data)
            self.lock.unlock()
        }
        try process.run()
    }

    static func ketcd(_ arguments: [String], environment: [String: String] = [:]) throws -> BackgroundProcess {
        try BackgroundProcess(TestEnvironment.ketcdPath, arguments, environment: environment)
    }

    static func etcdctl(_ arguments: [String], environment: [String: String] = [:]) throws -> BackgroundProcess {
        try BackgroundProcess(TestEnvironment.etcdctlPath, arguments, environment: environment)
    }

    var output: Data {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }

    var text: String { String(decoding: output, as: UTF8.self) }

    var isRunning: Bool { process.isRunning }

    /// Writes a line to the process's standard input.
    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Polls until `condition` holds for the output, for up to `timeout`
    /// seconds; returns whether it did. The timeout only guards against hangs.
    @discardableResult
    func waitUntil(timeout: TimeInterval = 30, _ condition: (Data) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(output) { return true }
            usleep(20_000)
        }
        return condition(output)
    }

    /// Polls until the output contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 30) -> Bool {
        let needle = Data(text.utf8)
        return waitUntil(timeout: timeout) { $0.range(of: needle) != nil }
    }

    /// Sends `signal` and waits for the exit; returns the exit status, or
    /// 128 + the signal number when the process died of it.
    @discardableResult
    func stop(signal: Int32 = SIGINT) -> Int32 {
        if process.isRunning {
            kill(process.processIdentifier, signal)
        }
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        // Let the reader drain what the process wrote last.
        usleep(50_000)
        if process.terminationReason == .uncaughtSignal {
            return 128 + process.terminationStatus
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
    }
}
