import Testing
@testable import KetcdCommand

/// The parser against a registry with one test command, checked value by value.
@Suite struct CommandLineParserTests {
    static let probe = Command(
        ["probe"], summary: "Test command",
        flags: [.bool("prefix", usage: "p"), .int("limit", usage: "l"), .string("order", usage: "o")]
    ) { _ in }
    static let groupMember = Command(["grp", "sub"], summary: "Grouped test command") { _ in }

    var parser: CommandLineParser {
        var registry = CommandRegistry(globalFlags: GlobalOptions.flags)
        registry.add(CommandGroup("grp", summary: "Test group", flags: [.bool("cluster", usage: "c")]))
        registry.add(Self.probe)
        registry.add(Self.groupMember)
        return CommandLineParser(registry: registry)
    }

    func parsedRun(_ arguments: [String]) throws -> (Command, [String], ParsedFlags) {
        guard case .run(let command, let positionals, let flags) = try parser.parse(arguments) else {
            Issue.record("expected a command to run for \(arguments)")
            throw CommandError(.error, "no command")
        }
        return (command, positionals, flags)
    }

    func parseError(_ arguments: [String]) -> CommandError? {
        do {
            _ = try parser.parse(arguments)
            return nil
        } catch {
            return error
        }
    }

    @Test func flagsBeforeCommandName() throws {
        let (command, positionals, flags) = try parsedRun(["--prefix", "--limit", "5", "probe", "/registry/a"])
        #expect(command.path == ["probe"])
        #expect(positionals == ["/registry/a"])
        #expect(flags.bool("prefix"))
        #expect(flags.int("limit") == 5)
    }

    @Test func globalValueFlagBeforeCommand() throws {
        let (_, positionals, flags) = try parsedRun(["--endpoints", "https://127.0.0.1:1,https://127.0.0.1:2", "probe", "k"])
        #expect(positionals == ["k"])
        #expect(flags.stringList("endpoints") == ["https://127.0.0.1:1", "https://127.0.0.1:2"])
        #expect(flags.isSet("endpoints"))
    }

    @Test func listFlagRepeatedAppends() throws {
        let (_, _, flags) = try parsedRun(["probe", "--endpoints=a", "--endpoints", "b,c"])
        #expect(flags.stringList("endpoints") == ["a", "b", "c"])
    }

    @Test func shorthandForms() throws {
        for arguments in [["-w", "json", "probe"], ["-wjson", "probe"], ["probe", "-w=json"]] {
            let (_, _, flags) = try parsedRun(arguments)
            #expect(flags.string("write-out") == "json", "\(arguments)")
        }
    }

    @Test func boolFlagExplicitFalse() throws {
        let (_, positionals, flags) = try parsedRun(["probe", "--prefix=false", "k", "--insecure-transport=0"])
        #expect(!flags.bool("prefix"))
        #expect(!flags.bool("insecure-transport"))
        #expect(positionals == ["k"])
    }

    @Test func boolFlagDoesNotTakeNextArgument() throws {
        let (_, positionals, flags) = try parsedRun(["probe", "--prefix", "true"])
        #expect(flags.bool("prefix"))
        #expect(positionals == ["true"])
    }

    @Test func doubleDashEndsFlags() throws {
        let (_, positionals, _) = try parsedRun(["probe", "--", "-a", "--prefix"])
        #expect(positionals == ["-a", "--prefix"])
    }

    @Test func defaultsWhenUnset() throws {
        let (_, _, flags) = try parsedRun(["probe"])
        #expect(flags.duration("dial-timeout") == .seconds(2))
        #expect(flags.duration("command-timeout") == .seconds(5))
        #expect(flags.stringList("endpoints") == ["127.0.0.1:2379"])
        #expect(flags.bool("insecure-transport"))
        #expect(!flags.isSet("dial-timeout"))
    }

    @Test func versionTwoTLSAliases() throws {
        let (_, _, flags) = try parsedRun(["--key-file=/k", "--cert-file", "/c", "--ca-file=/ca", "probe"])
        #expect(flags.string("key") == "/k")
        #expect(flags.string("cert") == "/c")
        #expect(flags.string("cacert") == "/ca")
    }

    @Test func groupCommandAndGroupFlag() throws {
        let (command, _, flags) = try parsedRun(["--cluster", "grp", "sub"])
        #expect(command.path == ["grp", "sub"])
        #expect(flags.bool("cluster"))
    }

    @Test func groupWithoutSubcommandShowsHelp() throws {
        guard case .help(let group, let command) = try parser.parse(["grp"]) else {
            Issue.record("expected help")
            return
        }
        #expect(group?.name == "grp")
        #expect(command == nil)
    }

    @Test func helpFlagSelectsCommandHelp() throws {
        guard case .help(_, let command) = try parser.parse(["probe", "-h"]) else {
            Issue.record("expected help")
            return
        }
        #expect(command?.path == ["probe"])
    }

    @Test func unknownFlagMessage() {
        #expect(parseError(["probe", "--bogus"])?.message == "unknown flag: --bogus")
        #expect(parseError(["probe", "--bogus"])?.code == .error)
    }

    @Test func unknownShorthandMessage() {
        #expect(parseError(["probe", "-x"])?.message == "unknown shorthand flag: 'x' in -x")
    }

    @Test func unknownCommandMessage() {
        #expect(parseError(["bogus"])?.message == "unknown command \"bogus\" for \"ketcd\"\nRun 'ketcd --help' for usage.")
    }

    @Test func invalidIntMessage() {
        #expect(parseError(["probe", "--limit=x"])?.message == "invalid argument \"x\" for \"--limit\" flag: strconv.ParseInt: parsing \"x\": invalid syntax")
    }

    @Test func invalidBoolMessage() {
        #expect(parseError(["probe", "--prefix=maybe"])?.message == "invalid argument \"maybe\" for \"--prefix\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax")
    }

    @Test func invalidDurationMessage() {
        #expect(parseError(["probe", "--dial-timeout=soon"])?.message == "invalid argument \"soon\" for \"--dial-timeout\" flag: time: invalid duration \"soon\"")
    }

    @Test func missingValueMessage() {
        #expect(parseError(["probe", "--limit"])?.message == "flag needs an argument: --limit")
    }

    @Test(arguments: [
        ("0", Duration.zero), ("2s", .seconds(2)), ("500ms", .milliseconds(500)),
        ("1m30s", .seconds(90)), ("1.5h", .seconds(5400)), ("10us", .microseconds(10)),
    ])
    func goDurations(text: String, expected: Duration) throws {
        #expect(try FlagValueParser.parseDuration(text) == expected)
    }

    @Test func singleDashLongFlag() throws {
        // etcdhelper's spelling: `-endpoint` sets --endpoints, `-cacert` --cacert.
        var registry = CommandRegistry(globalFlags: GlobalOptions.flags)
        registry.add(Self.probe)
        let parsed = try CommandLineParser(registry: registry).parse(["-endpoint", "https://127.0.0.1:1", "-cacert=/ca.crt", "probe"])
        guard case .run(_, let positionals, let flags) = parsed else {
            Issue.record("expected a command to run")
            return
        }
        #expect(flags.stringList("endpoints") == ["https://127.0.0.1:1"])
        #expect(flags.string("cacert") == "/ca.crt")
        #expect(positionals.isEmpty)
    }

    @Test func environmentVariableApplies() throws {
        var (_, _, flags) = try parsedRun(["probe"])
        let global = try GlobalOptions.resolve(flags: &flags, inheritedFlags: GlobalOptions.flags, environment: ["ETCDCTL_DIAL_TIMEOUT": "7s", "ETCDCTL_ENDPOINTS": "a,b"])
        #expect(global.dialTimeout == .seconds(7))
        #expect(global.endpoints == ["a", "b"])
    }

    @Test func environmentVariableConflictsWithFlag() throws {
        var (_, _, flags) = try parsedRun(["probe", "--endpoints=y"])
        #expect(throws: CommandError.self) {
            _ = try GlobalOptions.resolve(flags: &flags, inheritedFlags: GlobalOptions.flags, environment: ["ETCDCTL_ENDPOINTS": "x"])
        }
    }

    @Test func userWithPassword() throws {
        let (_, _, flags) = try parsedRun(["probe", "--user", "root:secret:x"])
        let global = try GlobalOptions(flags: flags)
        #expect(global.user == "root")
        #expect(global.password == "secret:x")
    }
}

@Suite struct HelpLayoutTests {
    @Test func tabAlignmentMatchesGoTabwriter() {
        let text = TabAligner.align([["      --consistency=\"l\"", "Linearizable(l) or Serializable(s)"], ["      --print-value-only[=false]", "Only write values"]])
        #expect(text == "      --consistency=\"l\"\t\t\tLinearizable(l) or Serializable(s)\n      --print-value-only[=false]\tOnly write values\n")
    }
}
