/// Help text in etcdctl's layout (NAME, USAGE, DESCRIPTION, COMMANDS,
/// OPTIONS, GLOBAL OPTIONS), aligned with tabs exactly as etcdctl's Go
/// tabwriter aligns it, so the columns line up the same in a terminal.
struct HelpPrinter {
    let registry: CommandRegistry
    static let version = "0.1.0"
    static let apiVersion = "3.5"

    /// Help for the whole tool: every command with its summary, then the global flags.
    func rootHelp() -> String {
        var text = "NAME:\n\tketcd - etcdctl-compatible client for etcd and the Kubernetes objects stored in it\n\n"
        text += "USAGE:\n\tketcd [flags]\n\n"
        text += "VERSION:\n\t\(Self.version)\n\n"
        text += "API VERSION:\n\t\(Self.apiVersion)\n\n\n"
        text += "COMMANDS:\n"
        var rows = registry.commands.map { ["", $0.name, $0.summary] }
        rows.append(["", "help", "Help about any command"])
        rows.sort { $0[1] < $1[1] }
        text += TabAligner.align(rows)
        text += "\nOPTIONS:\n"
        text += flagTable(registry.globalFlags + [CommandLineParser.helpFlag(for: "ketcd")])
        return text + "\n"
    }

    /// Help for a group: its commands, its own flags, then the global flags.
    func groupHelp(_ group: CommandGroup) -> String {
        var text = "NAME:\n\t\(group.name) - \(group.summary)\n\n"
        text += "USAGE:\n\tketcd \(group.name) <subcommand> [flags]\n\n"
        text += "API VERSION:\n\t\(Self.apiVersion)\n\n\n"
        text += "COMMANDS:\n"
        let rows = registry.commands.filter { $0.path.count > 1 && $0.path[0] == group.name }
            .map { ["", $0.path.dropFirst().joined(separator: " "), $0.summary] }
            .sorted { $0[1] < $1[1] }
        text += TabAligner.align(rows)
        text += "\nOPTIONS:\n"
        text += flagTable(group.flags + [CommandLineParser.helpFlag(for: group.name)])
        text += "\nGLOBAL OPTIONS:\n"
        text += flagTable(registry.globalFlags)
        return text + "\n"
    }

    /// Help for one command: usage, description, its flags, then the inherited ones.
    func commandHelp(_ command: Command, group: CommandGroup?) -> String {
        var text = "NAME:\n\t\(command.name) - \(command.summary)\n\n"
        let arguments = command.arguments.isEmpty ? "" : command.arguments + " "
        text += "USAGE:\n\tketcd \(command.name) \(arguments)[flags]\n\n"
        if !command.description.isEmpty {
            text += "DESCRIPTION:\n"
            for line in command.description.split(separator: "\n", omittingEmptySubsequences: false) {
                text += "\t\(line)\n"
            }
            text += "\n"
        }
        text += "OPTIONS:\n"
        text += flagTable(command.flags + [CommandLineParser.helpFlag(for: command.path.last ?? command.name)])
        text += "\nGLOBAL OPTIONS:\n"
        let ownNames = Set(command.flags.map(\.name))
        text += flagTable(((group?.flags ?? []) + registry.globalFlags).filter { !ownNames.contains($0.name) })
        return text + "\n"
    }

    /// One line per visible flag, sorted by name as pflag sorts them.
    func flagTable(_ flags: [Flag]) -> String {
        let rows = flags.filter { !$0.isHidden }.sorted { $0.name < $1.name }.map { flag -> [String] in
            let names = flag.shorthand.map { "  -\($0), --\(flag.name)" } ?? "      --\(flag.name)"
            return [names + Self.defaultSuffix(flag), flag.usage]
        }
        return TabAligner.align(rows)
    }

    /// How pflag shows a default: `[=false]` for bools, `="text"` for strings,
    /// `=[a,b]` for lists, `=5s` for durations and numbers.
    static func defaultSuffix(_ flag: Flag) -> String {
        switch flag.kind {
        case .bool: return "[=\(flag.defaultText)]"
        case .string: return "=\"\(flag.defaultText)\""
        case .stringList: return "=[\(flag.defaultText)]"
        case .int, .uint, .duration: return "=\(flag.defaultText)"
        }
    }
}

/// Go's `text/tabwriter` with minimum width 0, tab width 8, padding 1 and tab
/// as the padding character, as etcdctl configures it: every cell but the
/// last of a row is padded with tabs to the column's widest cell plus one,
/// rounded up to a multiple of 8.
enum TabAligner {
    static func align(_ rows: [[String]]) -> String {
        let columnCount = rows.map { $0.count - 1 }.max() ?? 0
        var widths = [Int](repeating: 0, count: max(columnCount, 0))
        for row in rows {
            for (column, cell) in row.dropLast().enumerated() {
                widths[column] = max(widths[column], cell.count)
            }
        }
        var text = ""
        for row in rows {
            for (column, cell) in row.enumerated() {
                text += cell
                guard column < row.count - 1 else { break }
                let cellWidth = (widths[column] + 1 + 7) / 8 * 8
                let padding = cellWidth - cell.count
                text += String(repeating: "\t", count: (padding + 7) / 8)
            }
            text += "\n"
        }
        return text
    }
}
