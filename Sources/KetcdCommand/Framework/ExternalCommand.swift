import Foundation

/// Runs another program with this process's standard output and error, as
/// etcdctl's `watch ... -- cmd`, `lock <name> cmd` do with Go's `exec.Command`.
enum ExternalCommand {
    /// Runs `arguments[0]` (looked up in `PATH` unless it contains a slash)
    /// with `arguments[1...]`, this process's environment plus `extraEnvironment`,
    /// and waits for it to exit.
    ///
    /// Throws a `CommandError` with Go's wording when the program is not found
    /// or exits with a non-zero status (`exit status 3`).
    static func run(_ arguments: [String], extraEnvironment: [String: String]) throws(CommandError) {
        guard let program = arguments.first else {
            throw CommandError.badArguments("no command to run")
        }
        guard let path = resolve(program) else {
            throw CommandError(.error, "exec: \(goQuoted(program)): executable file not found in $PATH")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Array(arguments.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extraEnvironment) { _, added in added }
        process.environment = environment
        do {
            try process.run()
        } catch {
            throw CommandError(.error, "fork/exec \(path): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus != 0 else { return }
        if process.terminationReason == .uncaughtSignal {
            throw CommandError(.error, "signal: \(signalName(process.terminationStatus))")
        }
        throw CommandError(.error, "exit status \(process.terminationStatus)")
    }

    /// Returns the exit status in an error from `run`, or nil for another failure.
    static func exitStatus(in error: CommandError) -> Int32? {
        guard error.message.hasPrefix("exit status ") else { return nil }
        return Int32(error.message.dropFirst("exit status ".count))
    }

    /// Returns the path of `program`: itself when it contains a slash, else the first
    /// executable file of that name in a `PATH` directory.
    static func resolve(_ program: String) -> String? {
        if program.contains("/") {
            return FileManager.default.isExecutableFile(atPath: program) ? program : nil
        }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + program
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }

    /// Formats a string slice as Go's `%q` does, as etcdctl prints the command in errors: `["echo" "a b"]`.
    static func goQuotedList(_ arguments: [String]) -> String {
        "[" + arguments.map { goQuoted($0) }.joined(separator: " ") + "]"
    }

    private static func signalName(_ number: Int32) -> String {
        switch number {
        case SIGINT: return "interrupt"
        case SIGKILL: return "killed"
        case SIGTERM: return "terminated"
        case SIGPIPE: return "broken pipe"
        default: return "signal \(number)"
        }
    }
}
