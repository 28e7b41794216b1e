import EtcdAPI
import EtcdClient
import Foundation

/// Entry point of the `ketcd` executable.
public enum KetcdMain {
    /// Runs the command line and exits the process with the command's status.
    @MainActor
    public static func run() async -> Never {
        let status = await run(
            arguments: Array(CommandLine.arguments.dropFirst()),
            environment: ProcessInfo.processInfo.environment,
            registry: .standard
        )
        // Leave with _exit: gRPC C-core's threads may still be running, and
        // the C++ static destructors that exit() runs can then crash
        // ("double free or corruption") after the output was complete.
        fflush(nil)
        _exit(status.rawValue)
    }

    /// Runs one command line with buffered standard output and error, and
    /// returns the exit status after flushing both.
    @MainActor
    public static func run(arguments: [String], environment: [String: String], registry: CommandRegistry) async -> ExitCode {
        var environment = environment
        if EtcdhelperStyle.usesEtcdhelperFlags(arguments) {
            environment[EtcdhelperStyle.environmentVariable] = "1"
        }
        let output = OutputWriter(fileDescriptor: 1)
        let errorOutput = OutputWriter(fileDescriptor: 2)
        defer {
            output.flush()
            errorOutput.flush()
        }

        do {
            try await execute(arguments: arguments, environment: environment, registry: registry, output: output, errorOutput: errorOutput)
            return .success
        } catch let error as CommandError {
            output.flush()
            if !error.message.isEmpty {
                errorOutput.writeLine("Error: \(error.message)")
            }
            return error.code
        } catch {
            output.flush()
            errorOutput.writeLine("Error: \(errorMessage(error))")
            return exitCode(for: error)
        }
    }

    /// Prints the settings in force as `ETCDCTL_<NAME>=value` lines, as
    /// etcdctl's `--debug` does, except that a password is never printed.
    static func printDebugSettings(flags: ParsedFlags, inheritedFlags: [Flag], to errorOutput: OutputWriter) {
        for flag in inheritedFlags.sorted(by: { $0.name < $1.name }) {
            let text: String
            switch flags.value(flag.name) {
            case .bool(let value)?: text = String(value)
            case .string(let value)?:
                if flag.name == "password" && !value.isEmpty {
                    text = "<hidden>"
                } else if flag.name == "user", let colon = value.firstIndex(of: ":") {
                    text = value[..<colon] + ":<hidden>"
                } else {
                    text = value
                }
            case .int(let value)?: text = String(value)
            case .uint(let value)?: text = String(value)
            case .duration(let value)?: text = GoFormat.durationString(value)
            case .stringList(let values)?: text = "[\(values.joined(separator: ","))]"
            case nil: continue
            }
            errorOutput.writeLine("\(GlobalOptions.environmentVariableName(for: flag.name))=\(text)")
        }
        errorOutput.flush()
    }

    /// etcdctl's status for a failure that is not a `CommandError`: 2 when the
    /// login failed (etcdctl fails while creating its client then), else 1.
    static func exitCode(for error: any Error) -> ExitCode {
        if let clientError = error as? EtcdClientError, clientError.message == "etcdserver: authentication failed, invalid user ID or password" {
            return .badConnection
        }
        return .error
    }

    @MainActor
    private static func execute(
        arguments: [String], environment: [String: String], registry: CommandRegistry,
        output: OutputWriter, errorOutput: OutputWriter
    ) async throws {
        let parser = CommandLineParser(registry: registry)
        let help = HelpPrinter(registry: registry)
        switch try parser.parse(arguments) {
        case .help(let group, let command):
            if let command {
                output.write(help.commandHelp(command, group: group))
            } else if let group {
                output.write(help.groupHelp(group))
            } else {
                output.write(help.rootHelp())
            }

        case .run(let command, let positionals, var flags):
            // A command flag named like a global flag (restore's --data-dir,
            // decode's --key) is the command's, so the global one keeps its default.
            let ownNames = Set(command.flags.map(\.name))
            let shadowedFlags = registry.globalFlags.filter { ownNames.contains($0.name) }
            var global = try GlobalOptions(flags: try flags.resetting(shadowedFlags))
            if command.usesGlobalOptions {
                if environment["ETCDCTL_API"] == "2" {
                    errorOutput.writeLine("ketcd: ETCDCTL_API=2 ignored: Kubernetes keeps its data in the etcd v3 keyspace (since Kubernetes 1.13), so this runs the v3 command")
                }
                let group = command.path.count > 1 ? registry.group(named: command.path[0]) : nil
                global = try GlobalOptions.resolve(flags: &flags, inheritedFlags: registry.globalFlags + (group?.flags ?? []), environment: environment)
                if !global.discoveryDomain.isEmpty {
                    throw CommandError(.error, "DNS SRV discovery (--discovery-srv \(global.discoveryDomain)) is not supported; list the members with --endpoints instead")
                }
                if global.debug {
                    printDebugSettings(flags: flags, inheritedFlags: registry.globalFlags + (group?.flags ?? []), to: errorOutput)
                    // gRPC C-core logs to stderr when GRPC_VERBOSITY is set.
                    setenv("GRPC_VERBOSITY", "DEBUG", 0)
                }
            }
            let context = CommandContext(
                command: command, arguments: positionals, flags: flags, global: global,
                environment: environment, output: output, errorOutput: errorOutput
            )
            try await command.run(context)
        }
    }

    /// The text after `Error: ` for an error that is not a `CommandError`.
    static func errorMessage(_ error: any Error) -> String {
        String(describing: error)
    }
}
