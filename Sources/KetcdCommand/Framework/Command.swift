/// One runnable command, such as `get` or `endpoint status`.
///
/// A command declares its flags and a `run` closure. The framework parses the
/// command line, with flags before or after the command name as with
/// etcdctl. It applies `ETCDCTL_*` environment variables to the global flags,
/// prints `--help`, and turns a thrown `CommandError` into `Error: <message>`
/// on standard error plus its exit code. See `CommandRegistry` for how to add one.
public struct Command: Sendable {
    /// The words that select the command: `["get"]`, `["endpoint", "status"]`.
    /// A multi-word command belongs to the group named by its first word.
    public var path: [String]
    /// One line for the command list and the help's NAME section.
    public var summary: String
    /// The arguments part of the usage line, such as `[options] <key> [range_end]`.
    public var arguments: String
    /// Longer help text shown under DESCRIPTION, one paragraph per line; may be empty.
    public var description: String
    public var flags: [Flag]
    /// False for commands that never connect and never print results in an
    /// output format (`version`), so `ETCDCTL_*` variables are not checked for them.
    public var usesGlobalOptions: Bool
    public var run: @MainActor @Sendable (CommandContext) async throws -> Void

    public init(
        _ path: [String], summary: String, arguments: String = "", description: String = "",
        flags: [Flag] = [], usesGlobalOptions: Bool = true,
        run: @escaping @MainActor @Sendable (CommandContext) async throws -> Void
    ) {
        self.path = path
        self.summary = summary
        self.arguments = arguments
        self.description = description
        self.flags = flags
        self.usesGlobalOptions = usesGlobalOptions
        self.run = run
    }

    public var name: String { path.joined(separator: " ") }
}

/// The first word of multi-word commands (`endpoint`, `member`), with flags
/// that every command of the group accepts (`endpoint --cluster`).
public struct CommandGroup: Sendable {
    public var name: String
    public var summary: String
    /// Flags inherited by every command in the group; like the global flags they
    /// can also be set through `ETCDCTL_<NAME>` environment variables.
    public var flags: [Flag]

    public init(_ name: String, summary: String, flags: [Flag] = []) {
        self.name = name
        self.summary = summary
        self.flags = flags
    }
}

/// The set of commands and groups that the parser resolves.
///
/// To add a command:
/// 1. Create `Sources/KetcdCommand/Commands/<Name>Command.swift` with a static
///    property, for example:
///    ```swift
///    extension Command {
///        static let ls = Command(
///            ["ls"], summary: "Lists keys under a prefix",
///            arguments: "[prefix]",
///            flags: [.bool("recursive", usage: "List every level")]
///        ) { context in
///            let prefix = Array((context.arguments.first ?? "/").utf8)
///            let source = try await context.keyRangeSource()
///            let request = RangeRequest(key: prefix, rangeEnd: prefix.prefixRangeEnd, keysOnly: true)
///            for kv in try await source.range(request).kvs { context.output.writeLine(kv.key) }
///        }
///    }
///    ```
///    The closure runs on the main actor. It reads `context.arguments`
///    (positional arguments), `context.flags` (its own flags, its group's flags
///    and the global flags, by long name) and `context.global` (the resolved
///    global options: endpoints, TLS files, timeouts, `--hex`, `-w`). It writes
///    through `context.output` (buffered standard output, flushed by the
///    framework) and `context.errorOutput`, and throws `CommandError` to fail
///    with a specific exit code; any other error exits with code 1.
///    TODO: `context.client()` (an `EtcdClient`) and `context.keyRangeSource()`
///    are added once the EtcdClient transport lands on main.
/// 2. Add it to `CommandRegistry.standardCommands` (and a new group to
///    `standardGroups`).
/// 3. Use etcdctl's flag names and help texts when etcdctl has the command.
public struct CommandRegistry: Sendable {
    public private(set) var commands: [Command] = []
    public private(set) var groups: [CommandGroup] = []
    /// Flags accepted by every command.
    public var globalFlags: [Flag]

    public init(globalFlags: [Flag]) {
        self.globalFlags = globalFlags
    }

    public mutating func add(_ command: Command) {
        precondition(!commands.contains { $0.path == command.path }, "command \(command.name) is registered twice")
        commands.append(command)
    }

    public mutating func add(_ group: CommandGroup) {
        precondition(!groups.contains { $0.name == group.name }, "group \(group.name) is registered twice")
        groups.append(group)
    }

    func group(named name: String) -> CommandGroup? {
        groups.first { $0.name == name }
    }

    func command(path: [String]) -> Command? {
        commands.first { $0.path == path }
    }

    /// True when `word` starts a command or names a group.
    func isTopLevelName(_ word: String) -> Bool {
        group(named: word) != nil || commands.contains { $0.path.first == word }
    }

    /// Every command and group shipped with ketcd.
    public static var standard: CommandRegistry {
        var registry = CommandRegistry(globalFlags: GlobalOptions.flags)
        for group in standardGroups { registry.add(group) }
        for command in standardCommands { registry.add(command) }
        return registry
    }

    static let standardGroups: [CommandGroup] = [
        .endpoint,
        .member,
        .lease,
        .alarm,
        .auth,
        .user,
        .role,
        .snapshot,
        .downgrade,
        .check,
    ]

    static let standardCommands: [Command] = [
        .certs,
        .completion,
        .get,
        .put,
        .del,
        .endpointStatus,
        .endpointHealth,
        .endpointHashKV,
        .memberList,
        .memberAdd,
        .memberRemove,
        .memberUpdate,
        .memberPromote,
        .leaseGrant,
        .leaseRevoke,
        .leaseTimeToLive,
        .leaseList,
        .leaseKeepAlive,
        .compaction,
        .defrag,
        .alarmList,
        .alarmDisarm,
        .moveLeader,
        .snapshotSave,
        .txn,
        .authEnable,
        .authDisable,
        .authStatus,
        .userAdd,
        .userDelete,
        .userGet,
        .userList,
        .userPasswd,
        .userGrantRole,
        .userRevokeRole,
        .roleAdd,
        .roleDelete,
        .roleGet,
        .roleList,
        .roleGrantPermission,
        .roleRevokePermission,
        .decode,
        .encode,
        .version,
        .snapshotStatus,
        .hashKV,
        .history,
        .inspect,
        .ls,
        .dump,
        .save,
        .restore,
        .delete,
        .apiResources,
        .watch,
        .lock,
        .elect,
        .downgradeValidate,
        .downgradeEnable,
        .downgradeCancel,
        .snapshotRestore,
        .makeMirror,
        .checkPerf,
        .checkDatascale,
    ]
}
