extension Command {
    /// `ketcd completion bash|zsh|fish`: a shell completion script for every
    /// command, subcommand and flag in the registry, as etcdctl 3.6 offers.
    ///
    /// etcdctl's scripts ask the binary for candidates at each keystroke; these
    /// scripts are static instead, so completing never runs ketcd or touches etcd.
    static let completion = Command(
        ["completion"], summary: "Generates the autocompletion script for the specified shell",
        arguments: "<bash|zsh|fish>",
        description: "Prints a completion script. For bash: source <(ketcd completion bash)",
        usesGlobalOptions: false
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("completion expects one argument: bash, zsh or fish")
        }
        let words = CompletionWords(registry: .standard)
        switch context.arguments[0] {
        case "bash": context.output.write(words.bashScript())
        case "zsh": context.output.write(words.zshScript())
        case "fish": context.output.write(words.fishScript())
        default:
            throw CommandError.badArguments("unsupported shell \"\(context.arguments[0])\": use bash, zsh or fish")
        }
    }
}

/// The words a shell can complete, taken from a command registry.
struct CompletionWords {
    /// Command names and group names that can follow `ketcd`.
    let topLevel: [String]
    /// For each group, the words that can follow it (`member` → `add list ...`).
    let subcommands: [(group: String, names: [String])]
    /// Long flags of every command and the global flags, with leading dashes.
    let flags: [String]

    init(registry: CommandRegistry) {
        var topLevel: [String] = []
        var subcommands: [String: [String]] = [:]
        for command in registry.commands {
            let first = command.path[0]
            if !topLevel.contains(first) { topLevel.append(first) }
            if command.path.count > 1 {
                subcommands[first, default: []].append(command.path[1])
            }
        }
        self.topLevel = topLevel.sorted()
        self.subcommands = subcommands.keys.sorted().map { ($0, subcommands[$0]!.sorted()) }

        var flagNames = Set(registry.globalFlags.filter { !$0.isHidden }.map { "--" + $0.name })
        for command in registry.commands {
            flagNames.formUnion(command.flags.filter { !$0.isHidden }.map { "--" + $0.name })
        }
        for group in registry.groups {
            flagNames.formUnion(group.flags.filter { !$0.isHidden }.map { "--" + $0.name })
        }
        self.flags = flagNames.sorted()
    }

    func bashScript() -> String {
        var cases = ""
        for (group, names) in subcommands {
            cases += "        \(group)) words=\"\(names.joined(separator: " "))\" ;;\n"
        }
        return """
        # bash completion for ketcd
        _ketcd() {
            local current="${COMP_WORDS[COMP_CWORD]}"
            local words=""
            if [[ "$current" == -* ]]; then
                words="\(flags.joined(separator: " "))"
            else
                local command="" index
                for ((index = 1; index < COMP_CWORD; index++)); do
                    [[ "${COMP_WORDS[index]}" == -* ]] && continue
                    command="${COMP_WORDS[index]}"
                    break
                done
                case "$command" in
                "") words="\(topLevel.joined(separator: " "))" ;;
        \(cases)        esac
            fi
            COMPREPLY=($(compgen -W "$words" -- "$current"))
        }
        complete -o default -F _ketcd ketcd

        """
    }

    func zshScript() -> String {
        var cases = ""
        for (group, names) in subcommands {
            cases += "    \(group)) compadd -- \(names.joined(separator: " ")) ;;\n"
        }
        return """
        #compdef ketcd
        # zsh completion for ketcd
        _ketcd() {
            if [[ "$PREFIX" == -* ]]; then
                compadd -- \(flags.joined(separator: " "))
                return
            fi
            local command=${${words[2,CURRENT-1]:#-*}[1]}
            case "$command" in
            "") compadd -- \(topLevel.joined(separator: " ")) ;;
        \(cases)    esac
        }
        compdef _ketcd ketcd

        """
    }

    func fishScript() -> String {
        var lines = ["# fish completion for ketcd", "complete -c ketcd -f"]
        let allTopLevel = topLevel.joined(separator: " ")
        lines.append("complete -c ketcd -n \"not __fish_seen_subcommand_from \(allTopLevel)\" -a \"\(allTopLevel)\"")
        for (group, names) in subcommands {
            lines.append("complete -c ketcd -n \"__fish_seen_subcommand_from \(group)\" -a \"\(names.joined(separator: " "))\"")
        }
        for flag in flags {
            lines.append("complete -c ketcd -l \(flag.dropFirst(2))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
