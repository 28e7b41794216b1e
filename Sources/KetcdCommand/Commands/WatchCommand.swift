import EtcdAPI
import EtcdClient
import Foundation
import KubeCodec
import KubeResources

extension Command {
    /// `ketcd watch`: etcdctl 3.5's watch, resuming on another member after a
    /// failure, plus `-o yaml|json` to show Kubernetes objects as they change.
    static let watch = Command(
        ["watch"], summary: "Watches events stream on keys or prefixes",
        arguments: "[options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]",
        description: """
            Prints every change to the key or range as it happens. After a member failure the watch continues on another endpoint from the revision after the last one printed, so no event is lost or repeated.
            With an exec command, the command runs once per event with ETCD_WATCH_REVISION, ETCD_WATCH_EVENT_TYPE, ETCD_WATCH_KEY and ETCD_WATCH_VALUE set (the last three quoted as Go's %q writes them).
            ETCDCTL_WATCH_KEY and ETCDCTL_WATCH_RANGE_END give the key and range end in place of the arguments.
            With -o yaml or -o json each value is decoded as a Kubernetes object and printed as a watch event ({type: ADDED|MODIFIED|DELETED, object}); -w is then ignored.
            """,
        flags: WatchOptions.flags + [
            .string("output", shorthand: "o", usage: "decode Kubernetes values and print watch events as yaml or json (ketcd only)"),
        ]
    ) { context in
        try await WatchCommand(context: context).run()
    }
}

/// The key range and exec command of one watch, from the command line or an interactive `watch` line.
struct WatchOptions {
    static let flags: [Flag] = [
        .bool("interactive", shorthand: "i", usage: "Interactive mode"),
        .bool("prefix", usage: "Watch on a prefix if prefix is set"),
        .bool("prev-kv", usage: "get the previous key-value pair before the event happens"),
        .bool("progress-notify", usage: "get periodic watch progress notification from server"),
        .int("rev", usage: "Revision to start watching"),
    ]

    var request: WatchCreateRequest
    /// The program to run for each event, empty for none.
    var execArguments: [String]

    static let badArgumentCount = "bad number of arguments"
    static let conflictingEnvironmentKey = "bad number of arguments (found conflicting environment key)"
    static let separatorWithoutCommand = "bad number of arguments (found separator --, but no commands)"

    /// Splits the positional arguments into the key range and the exec
    /// command with etcdctl's rules, applying `ETCDCTL_WATCH_KEY` and
    /// `ETCDCTL_WATCH_RANGE_END`, and builds the create request.
    init(
        arguments: [String], countBeforeDash: Int?, flags: ParsedFlags, progressNotify: Bool,
        environmentKey: String, environmentRangeEnd: String
    ) throws(CommandError) {
        var watchArguments = arguments
        execArguments = []
        if let countBeforeDash {
            watchArguments = Array(arguments[..<countBeforeDash])
            execArguments = Array(arguments[countBeforeDash...])
            if execArguments.isEmpty {
                throw CommandError.badArguments(Self.separatorWithoutCommand)
            }
        }
        if countBeforeDash == nil && watchArguments.isEmpty && environmentKey.isEmpty {
            throw CommandError.badArguments(Self.badArgumentCount)
        }
        if !environmentKey.isEmpty {
            if !watchArguments.isEmpty {
                throw CommandError.badArguments(Self.conflictingEnvironmentKey)
            }
            watchArguments = [environmentKey]
            if !environmentRangeEnd.isEmpty { watchArguments.append(environmentRangeEnd) }
        }
        guard let key = watchArguments.first else {
            throw CommandError.badArguments(Self.badArgumentCount)
        }

        let prefix = flags.bool("prefix")
        request = WatchCreateRequest(key: Array(key.utf8))
        request.startRevision = flags.int("rev")
        if watchArguments.count == 2 {
            if prefix {
                throw CommandError.badArguments("`range_end` and `--prefix` are mutually exclusive")
            }
            request.rangeEnd = Array(watchArguments[1].utf8)
        }
        if prefix {
            if request.key.isEmpty {
                request.key = [0]
                request.rangeEnd = [0]
            } else {
                request.rangeEnd = request.key.prefixRangeEnd
            }
        }
        request.prevKV = flags.bool("prev-kv")
        request.progressNotify = progressNotify
    }
}

/// Runs `watch`: one watch from the command line, or many from standard input with `-i`.
@MainActor
struct WatchCommand {
    let context: CommandContext

    private var environmentKey: String { context.environment["ETCDCTL_WATCH_KEY"] ?? "" }
    private var environmentRangeEnd: String { context.environment["ETCDCTL_WATCH_RANGE_END"] ?? "" }

    func run() async throws {
        if environmentKey.isEmpty && !environmentRangeEnd.isEmpty {
            throw CommandError.badArguments("ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END=\(goQuoted(environmentRangeEnd))")
        }
        let kubeFormat = context.flags.string("output")
        guard kubeFormat.isEmpty || kubeFormat == "yaml" || kubeFormat == "json" else {
            throw CommandError.badFeature("unsupported output format \(goQuoted(kubeFormat)) for watch -o; use -o yaml or -o json (or -w for etcdctl's formats)")
        }
        if context.flags.bool("interactive") {
            try await runInteractive()
            return
        }

        var options = try WatchOptions(
            arguments: context.arguments, countBeforeDash: context.flags.argumentCountBeforeDash, flags: context.flags,
            progressNotify: context.flags.bool("progress-notify"),
            environmentKey: environmentKey, environmentRangeEnd: environmentRangeEnd)
        if !kubeFormat.isEmpty {
            // A deleted object is shown as it was before the delete, as the API server does.
            options.request.prevKV = true
        }
        let watch = try context.client().watchEvents(options.request)
        try await printEvents(of: watch, options: options)
        throw CommandError(.interrupted, "watch is canceled by the server")
    }

    /// Prints responses until the watch ends, running the exec command per event.
    private func printEvents(of watch: ResumingWatch, options: WatchOptions) async throws {
        let printer = context.printer
        let kubeFormat = context.flags.string("output")
        do {
            for try await response in watch {
                if response.canceled {
                    context.errorOutput.writeLine("watch was canceled (\(Self.cancelReason(response)))")
                    context.errorOutput.flush()
                }
                if response.isProgressNotify {
                    context.output.writeLine("progress notify: \(response.header.revision)")
                }
                if kubeFormat.isEmpty {
                    try printer.printWatch(response)
                } else {
                    try printKubernetesEvents(response, format: kubeFormat)
                }
                context.output.flush()
                if !options.execArguments.isEmpty {
                    try runExecCommand(options.execArguments, for: response)
                }
            }
        } catch let error as CommandError {
            throw error
        } catch {
            context.errorOutput.writeLine("watch was canceled (\(KetcdMain.errorMessage(error)))")
        }
    }

    /// Returns the text of clientv3's `WatchResponse.Err()` for a canceled response.
    nonisolated static func cancelReason(_ response: WatchResponse) -> String {
        if response.compactRevision != 0 {
            return "etcdserver: mvcc: required revision has been compacted"
        }
        if !response.cancelReason.isEmpty {
            return response.cancelReason
        }
        return "etcdserver: mvcc: required revision is a future revision"
    }

    private func runExecCommand(_ arguments: [String], for response: WatchResponse) throws {
        for event in response.events {
            let kv = event.kv ?? KeyValue()
            let environment = [
                "ETCD_WATCH_REVISION": String(response.header.revision),
                "ETCD_WATCH_EVENT_TYPE": goQuoted(ResponsePrinter.eventTypeName(event.type)),
                "ETCD_WATCH_KEY": GoQuote.quote(kv.key),
                "ETCD_WATCH_VALUE": GoQuote.quote(kv.value),
            ]
            do {
                try ExternalCommand.run(arguments, extraEnvironment: environment)
            } catch {
                context.errorOutput.writeLine("command \(ExternalCommand.goQuotedList(arguments)) error (\(error.message))")
                throw CommandError.silent(.error)
            }
        }
    }

    // MARK: - Kubernetes objects

    /// Prints each event as a Kubernetes watch event: ADDED for a key's first
    /// version, MODIFIED for later ones, DELETED with the object as it was.
    private func printKubernetesEvents(_ response: WatchResponse, format: String) throws {
        for event in response.events {
            let kv = event.kv ?? KeyValue()
            let key = String(decoding: kv.key, as: UTF8.self)
            let type: String
            let stored: KeyValue?
            if event.type == .delete {
                type = "DELETED"
                stored = event.prevKV
            } else {
                type = kv.version == 1 ? "ADDED" : "MODIFIED"
                stored = kv
            }
            guard let stored else {
                context.errorOutput.writeLine("ketcd watch: \(key): deleted at revision \(kv.modRevision); the value before the delete is no longer available")
                continue
            }
            let decoded: DecodedObject
            do {
                decoded = try KubeStorageCodec.decode(value: stored.value, key: key, modRevision: kv.modRevision)
            } catch {
                context.errorOutput.writeLine("ketcd watch: \(key): \(KetcdMain.errorMessage(error))")
                continue
            }
            switch decoded.format {
            case .encrypted(let provider, let keyName):
                context.errorOutput.writeLine("ketcd watch: \(key): \(type) at revision \(kv.modRevision), encrypted at rest with \(provider) key \"\(keyName)\"")
                continue
            case .unknown:
                context.errorOutput.writeLine("ketcd watch: \(key): \(type) at revision \(kv.modRevision), not a stored Kubernetes object")
                continue
            default:
                break
            }
            guard let object = decoded.object else { continue }
            let document = JSONValue.object(JSONObject([("type", .string(type)), ("object", object)]))
            if format == "json" {
                context.output.writeLine(KubeResources.GoJSON.kubectlJSON(document))
            } else {
                context.output.write(try YAML.serialize(document))
                context.output.write("---\n")
            }
        }
        context.errorOutput.flush()
    }

    // MARK: - Interactive mode

    /// Parses one interactive `watch` line, returning nil after reporting a
    /// line that etcdctl skips. Other bad lines end the command, as in etcdctl.
    private func interactiveOptions(_ words: [String], line: String) throws -> WatchOptions? {
        let parser = CommandLineParser(registry: CommandRegistry(globalFlags: []))
        let (lineFlags, positionals) = try parser.parseFlags(words, definitions: WatchOptions.flags)
        let mutuallyExclusive = positionals.count >= 2 && lineFlags.bool("prefix")
            && (lineFlags.argumentCountBeforeDash ?? positionals.count) == 2
        if mutuallyExclusive && environmentKey.isEmpty {
            context.errorOutput.writeLine("Invalid command \(line) (`range_end` and `--prefix` are mutually exclusive)")
            context.errorOutput.flush()
            return nil
        }
        return try WatchOptions(
            arguments: positionals, countBeforeDash: lineFlags.argumentCountBeforeDash, flags: lineFlags,
            progressNotify: context.flags.bool("progress-notify"),
            environmentKey: environmentKey, environmentRangeEnd: environmentRangeEnd)
    }

    /// Reads `watch [options] <key> [range_end] [-- cmd ...]` and `progress`
    /// lines from standard input, as `etcdctl watch -i` does. Every watch
    /// prints as its events arrive; the end of input ends the command.
    private func runInteractive() async throws {
        let client = try context.client()
        let lines = StandardInputLines.start()
        var progressTriggers: [WatchProgressTrigger] = []
        var printers: [Task<Void, Never>] = []
        defer {
            for printer in printers { printer.cancel() }
        }
        for await line in lines {
            guard let line else {
                throw CommandError(.invalidInput, "error reading watch request line: EOF")
            }
            let words = ShellWords.split(line)
            guard let first = words.first else {
                context.errorOutput.writeLine("Invalid command: \(line) (watch and progress supported)")
                context.errorOutput.flush()
                continue
            }
            switch first {
            case "watch":
                if words.count < 2 && environmentKey.isEmpty {
                    context.errorOutput.writeLine("Invalid command \(line) (command type or key is not provided)")
                    context.errorOutput.flush()
                    continue
                }
                guard let options = try interactiveOptions(Array(words.dropFirst()), line: line) else { continue }
                let trigger = WatchProgressTrigger()
                let watch = client.watchEvents(options.request, progress: trigger)
                progressTriggers.append(trigger)
                printers.append(Task { @MainActor in
                    do {
                        try await printEvents(of: watch, options: options)
                    } catch {
                        // Only a failed exec command ends up here; etcdctl exits then.
                        context.output.flush()
                        context.errorOutput.flush()
                        exit(ExitCode.error.rawValue)
                    }
                })
            case "progress":
                for trigger in progressTriggers {
                    try await trigger.requestProgress()
                }
            default:
                context.errorOutput.writeLine("Invalid command \(line) (only support watch)")
                context.errorOutput.flush()
            }
        }
    }
}

/// Standard input split into lines on a background thread; nil marks the end of input.
enum StandardInputLines {
    static func start() -> AsyncStream<String?> {
        let (lines, continuation) = AsyncStream<String?>.makeStream()
        Thread.detachNewThread {
            while let line = readLine(strippingNewline: true) {
                continuation.yield(line)
            }
            continuation.yield(nil)
            continuation.finish()
        }
        return lines
    }
}

/// Splits a line into words as etcdctl's interactive modes do: on spaces,
/// with single or double quotes grouping words and a backslash escaping a
/// character inside double quotes.
enum ShellWords {
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if let open = quote {
                if character == "\\" && open == "\"" {
                    escaped = true
                } else if character == open {
                    quote = nil
                } else {
                    current.append(character)
                }
                continue
            }
            if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
