/// Process exit statuses, the same numbers etcdctl 3.5 uses, so scripts that
/// branch on etcdctl's status keep working.
public enum ExitCode: Int32, Sendable {
    case success = 0
    /// Any failure without a more specific code: a server error, a parse error.
    case error = 1
    /// No endpoint could be reached or the connection failed.
    case badConnection = 2
    /// The input (a file, standard input) was invalid.
    case invalidInput = 3
    /// A value that etcdctl does not support, such as an unknown output format.
    case badFeature = 4
    case interrupted = 5
    case io = 6
    /// Wrong number or kind of positional arguments.
    case badArguments = 128
}

/// A failure a command reports to the user: printed as `Error: <message>` on
/// standard error, then the process exits with `code`.
public struct CommandError: Error, Sendable, CustomStringConvertible {
    public var code: ExitCode
    public var message: String

    public init(_ code: ExitCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A wrong positional argument, with etcdctl's exit status 128.
    public static func badArguments(_ message: String) -> CommandError {
        CommandError(.badArguments, message)
    }

    /// An unsupported value or option, with etcdctl's exit status 4.
    public static func badFeature(_ message: String) -> CommandError {
        CommandError(.badFeature, message)
    }

    /// A failure already reported on standard error: exit with `code` and print nothing more.
    public static func silent(_ code: ExitCode) -> CommandError {
        CommandError(code, "")
    }

    public var description: String { message }
}
