import EtcdAPI
import EtcdClient
import Foundation

/// Everything a running command needs: its arguments and flags, the global
/// options, output writers and access to etcd.
@MainActor
public final class CommandContext {
    public let command: Command
    /// Positional arguments, in order, without the command words.
    public let arguments: [String]
    /// The command's own flags, its group's flags and the global flags, by long name.
    public let flags: ParsedFlags
    /// The global options with `ETCDCTL_*` environment variables applied.
    public let global: GlobalOptions
    public let environment: [String: String]
    /// Buffered standard output.
    public let output: OutputWriter
    /// Buffered standard error, flushed before the process exits.
    public let errorOutput: OutputWriter
    /// The client `client()` made, reused for the rest of the command.
    var cachedClient: EtcdClient?

    init(
        command: Command, arguments: [String], flags: ParsedFlags, global: GlobalOptions,
        environment: [String: String], output: OutputWriter, errorOutput: OutputWriter
    ) {
        self.command = command
        self.arguments = arguments
        self.flags = flags
        self.global = global
        self.environment = environment
        self.output = output
        self.errorOutput = errorOutput
    }

    /// Prints responses in the `-w` format, honouring `--hex`.
    var printer: ResponsePrinter {
        ResponsePrinter(format: global.outputFormat, hex: global.hex, output: output)
    }

    /// Reads all of standard input, for values given through a pipe.
    public func readStandardInput() throws -> [UInt8] {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return [UInt8](data)
    }
}
