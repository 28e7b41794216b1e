/// The action a parsed command line selects.
enum ParsedCommandLine {
    /// Run `command` with its positional arguments and flags.
    case run(Command, arguments: [String], flags: ParsedFlags)
    /// Print help: for the whole tool (`group` and `command` nil), a group or a command.
    case help(group: CommandGroup?, command: Command?)
}

/// Parses a command line as etcdctl's cobra/pflag setup does: long flags as
/// `--name=value` or `--name value`, bool flags as `--name` or `--name=false`,
/// shorthands as `-w json`, `-wjson` or `-w=json`, `--` to end the flags, and
/// flags anywhere on the line, before or after the command name.
///
/// Unlike cobra, a command flag placed before the command name never swallows
/// the command name as its value: `ketcd --prefix get /a` runs `get`, where
/// etcdctl 3.5 reports `unknown command "/a"`.
struct CommandLineParser {
    let registry: CommandRegistry

    func parse(_ arguments: [String]) throws(CommandError) -> ParsedCommandLine {
        let selection = try selectCommand(arguments)
        switch selection {
        case .help(let group, let command):
            return .help(group: group, command: command)
        case .command(let command, let pathIndices):
            let group = command.path.count > 1 ? registry.group(named: command.path[0]) : nil
            let definitions = flagDefinitions(for: command, group: group)
            var remaining: [String] = []
            for (index, argument) in arguments.enumerated() where !pathIndices.contains(index) {
                remaining.append(argument)
            }
            let (flags, positionals) = try parseFlags(remaining, definitions: definitions)
            if flags.bool("help") {
                return .help(group: group, command: command)
            }
            return .run(command, arguments: positionals, flags: flags)
        }
    }

    /// The flags a command accepts: its own, its group's, the global ones and `--help`.
    func flagDefinitions(for command: Command, group: CommandGroup?) -> [Flag] {
        command.flags + (group?.flags ?? []) + registry.globalFlags + [Self.helpFlag(for: command.path.last ?? "ketcd")]
    }

    static func helpFlag(for name: String) -> Flag {
        .bool("help", shorthand: "h", usage: "help for \(name)")
    }

    private enum Selection {
        case help(group: CommandGroup?, command: Command?)
        case command(Command, pathIndices: Set<Int>)
    }

    /// Finds the command words among the arguments. Words consumed as the value
    /// of a global flag (`--endpoints x`) are skipped; every other word that
    /// names a command is the command.
    private func selectCommand(_ arguments: [String]) throws(CommandError) -> Selection {
        var path: [(index: Int, word: String)] = []
        var firstUnknownWord: String?
        var wantsHelp = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument.hasPrefix("-") && argument != "-" {
                if argument == "-h" || argument == "--help" { wantsHelp = true }
                if globalFlagTakesNextArgument(argument) { index += 1 }
                index += 1
                continue
            }
            if path.isEmpty {
                if argument == "help" && firstUnknownWord == nil {
                    return helpSelection(for: Array(arguments[(index + 1)...]).filter { !$0.hasPrefix("-") })
                }
                if registry.isTopLevelName(argument) {
                    path.append((index, argument))
                } else if firstUnknownWord == nil {
                    firstUnknownWord = argument
                }
            } else if path.count == 1, registry.group(named: path[0].word) != nil,
                      registry.command(path: [path[0].word, argument]) != nil {
                path.append((index, argument))
                break
            } else if path.count == 1, registry.group(named: path[0].word) == nil {
                break
            }
            index += 1
        }

        guard let first = path.first else {
            if let firstUnknownWord, !wantsHelp {
                throw CommandError(.error, "unknown command \(goQuoted(firstUnknownWord)) for \"ketcd\"\nRun 'ketcd --help' for usage.")
            }
            return .help(group: nil, command: nil)
        }
        if let command = registry.command(path: path.map(\.word)) {
            return .command(command, pathIndices: Set(path.map(\.index)))
        }
        // A group name without a known subcommand prints the group's help, as etcdctl does.
        return .help(group: registry.group(named: first.word), command: nil)
    }

    private func helpSelection(for words: [String]) -> Selection {
        if words.count >= 2, let command = registry.command(path: Array(words.prefix(2))) {
            return .help(group: registry.group(named: words[0]), command: command)
        }
        if let word = words.first {
            if let command = registry.command(path: [word]) { return .help(group: nil, command: command) }
            if let group = registry.group(named: word) { return .help(group: group, command: nil) }
        }
        return .help(group: nil, command: nil)
    }

    /// True for a global flag written without `=` that needs a value, so the
    /// next argument is its value and not a command name.
    private func globalFlagTakesNextArgument(_ argument: String) -> Bool {
        if argument.contains("=") { return false }
        let flag: Flag?
        if argument.hasPrefix("--") {
            let name = argument.dropFirst(2)
            flag = registry.globalFlags.first { $0.name == name || $0.aliases.contains(String(name)) }
        } else if argument.count == 2 {
            flag = registry.globalFlags.first { $0.shorthand == argument.last }
        } else {
            let name = argument.dropFirst()
            flag = registry.globalFlags.first { $0.acceptsSingleDash && ($0.name == name || $0.aliases.contains(String(name))) }
        }
        guard let flag else { return false }
        return flag.kind != .bool
    }

    /// Parses flags and positional arguments with pflag's rules.
    func parseFlags(_ arguments: [String], definitions: [Flag]) throws(CommandError) -> (ParsedFlags, [String]) {
        var flags: ParsedFlags
        do {
            flags = try ParsedFlags(defaults: definitions)
        } catch {
            preconditionFailure("invalid flag default: \(error)")
        }
        var positionals: [String] = []
        var index = 0

        func store(_ flag: Flag, _ text: String) throws(CommandError) {
            do {
                flags.set(flag.name, try FlagValueParser.parse(text, for: flag))
            } catch {
                throw CommandError(.error, "invalid argument \(goQuoted(text)) for \(goQuoted(flag.displayName)) flag: \(error.message)")
            }
        }

        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                flags.argumentCountBeforeDash = positionals.count
                positionals.append(contentsOf: arguments[index...])
                break
            }
            guard argument.hasPrefix("-"), argument.count > 1 else {
                positionals.append(argument)
                continue
            }

            let isLong = argument.hasPrefix("--")
            let body = isLong ? argument.dropFirst(2) : argument.dropFirst()
            let name: Substring
            let inlineValue: String?
            if let equals = body.firstIndex(of: "=") {
                name = body[..<equals]
                inlineValue = String(body[body.index(after: equals)...])
            } else {
                name = body
                inlineValue = nil
            }

            let longFlag: Flag?
            if isLong {
                if name.isEmpty || name.hasPrefix("-") {
                    throw CommandError(.error, "bad flag syntax: \(argument)")
                }
                longFlag = definitions.first { $0.name == name || $0.aliases.contains(String(name)) }
                if longFlag == nil {
                    throw CommandError(.error, "unknown flag: --\(name)")
                }
            } else if name.count > 1 {
                longFlag = definitions.first { $0.acceptsSingleDash && ($0.name == name || $0.aliases.contains(String(name))) }
            } else {
                longFlag = nil
            }

            if let flag = longFlag {
                if let inlineValue {
                    try store(flag, inlineValue)
                } else if flag.kind == .bool {
                    try store(flag, "true")
                } else if index < arguments.count {
                    try store(flag, arguments[index])
                    index += 1
                } else {
                    throw CommandError(.error, "flag needs an argument: \(isLong ? "--" : "-")\(name)")
                }
                continue
            }

            // Shorthands: `-h`, `-wjson`, `-w=json`, `-w json`, or several bools at once.
            var shorthands = Substring(argument.dropFirst())
            while let letter = shorthands.first {
                shorthands = shorthands.dropFirst()
                guard let flag = definitions.first(where: { $0.shorthand == letter }) else {
                    throw CommandError(.error, "unknown shorthand flag: '\(letter)' in \(argument)")
                }
                if shorthands.hasPrefix("=") {
                    try store(flag, String(shorthands.dropFirst()))
                    break
                }
                if flag.kind == .bool {
                    try store(flag, "true")
                    continue
                }
                if !shorthands.isEmpty {
                    try store(flag, String(shorthands))
                } else if index < arguments.count {
                    try store(flag, arguments[index])
                    index += 1
                } else {
                    throw CommandError(.error, "flag needs an argument: '\(letter)' in -\(letter)")
                }
                break
            }
        }
        return (flags, positionals)
    }
}
