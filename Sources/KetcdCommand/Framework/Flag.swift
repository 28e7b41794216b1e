/// One command-line flag, declared the way pflag declares etcdctl's flags:
/// a long name, an optional one-letter shorthand, a typed default and a
/// one-line usage text for `--help`.
public struct Flag: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `--name` sets true; `--name=false` sets false. Never takes the next argument.
        case bool
        case string
        case int
        case uint
        /// A Go duration such as `2s`, `500ms` or `1m30s`.
        case duration
        /// A comma-separated list; repeating the flag appends (pflag's StringSlice).
        case stringList
    }

    public var name: String
    public var shorthand: Character?
    public var kind: Kind
    /// The default as pflag prints it: `l` for a string, `5s` for a duration,
    /// `127.0.0.1:2379` (comma-separated) for a list.
    public var defaultText: String
    public var usage: String
    /// Other long names that set this flag, such as etcdctl v2's `--key-file`
    /// for `--key`. Aliases are accepted but not listed in `--help`.
    public var aliases: [String]
    /// Also accept `-name` and `-name=value` (Go's `flag` package style, as
    /// OpenShift's etcdhelper uses). Applies to the name and every alias.
    public var acceptsSingleDash: Bool
    /// Accepted but left out of `--help`.
    public var isHidden: Bool

    public init(
        _ name: String, shorthand: Character? = nil, kind: Kind, default defaultText: String = "",
        usage: String, aliases: [String] = [], acceptsSingleDash: Bool = false, isHidden: Bool = false
    ) {
        self.name = name
        self.shorthand = shorthand
        self.kind = kind
        self.defaultText = defaultText
        self.usage = usage
        self.aliases = aliases
        self.acceptsSingleDash = acceptsSingleDash
        self.isHidden = isHidden
    }

    public static func bool(_ name: String, shorthand: Character? = nil, default value: Bool = false, usage: String) -> Flag {
        Flag(name, shorthand: shorthand, kind: .bool, default: value ? "true" : "false", usage: usage)
    }

    public static func string(_ name: String, shorthand: Character? = nil, default value: String = "", usage: String) -> Flag {
        Flag(name, shorthand: shorthand, kind: .string, default: value, usage: usage)
    }

    public static func int(_ name: String, shorthand: Character? = nil, default value: Int64 = 0, usage: String) -> Flag {
        Flag(name, shorthand: shorthand, kind: .int, default: String(value), usage: usage)
    }

    public static func uint(_ name: String, shorthand: Character? = nil, default value: UInt64 = 0, usage: String) -> Flag {
        Flag(name, shorthand: shorthand, kind: .uint, default: String(value), usage: usage)
    }

    public static func duration(_ name: String, default text: String, usage: String) -> Flag {
        Flag(name, kind: .duration, default: text, usage: usage)
    }

    public static func stringList(_ name: String, default values: [String] = [], usage: String) -> Flag {
        Flag(name, kind: .stringList, default: values.joined(separator: ","), usage: usage)
    }

    /// The flag's name as pflag writes it in error messages: `-w, --write-out` or `--limit`.
    var displayName: String {
        if let shorthand { return "-\(shorthand), --\(name)" }
        return "--\(name)"
    }
}

/// A parsed flag value.
public enum FlagValue: Sendable, Equatable {
    case bool(Bool)
    case string(String)
    case int(Int64)
    case uint(UInt64)
    case duration(Duration)
    case stringList([String])
}

/// The flags of one command line after parsing: every declared flag has a
/// value (its default unless set), and `isSet` reports which ones the user set.
public struct ParsedFlags: Sendable {
    private var values: [String: FlagValue] = [:]
    private var setNames: Set<String> = []
    /// How many positional arguments came before a `--` on the command line,
    /// or nil without one (cobra's `ArgsLenAtDash`). Commands that run another
    /// program (`watch ... -- cmd`) use it to split their arguments.
    public internal(set) var argumentCountBeforeDash: Int?

    init(defaults definitions: [Flag]) throws {
        for definition in definitions {
            values[definition.name] = try FlagValueParser.parseDefault(definition)
        }
    }

    /// True when the command line set the flag (by its name, shorthand or an alias).
    public func isSet(_ name: String) -> Bool { setNames.contains(name) }

    public func bool(_ name: String) -> Bool {
        guard case .bool(let value) = lookup(name) else { preconditionFailure("flag --\(name) is not a declared bool flag") }
        return value
    }

    public func string(_ name: String) -> String {
        guard case .string(let value) = lookup(name) else { preconditionFailure("flag --\(name) is not a declared string flag") }
        return value
    }

    public func int(_ name: String) -> Int64 {
        guard case .int(let value) = lookup(name) else { preconditionFailure("flag --\(name) is not a declared int flag") }
        return value
    }

    public func uint(_ name: String) -> UInt64 {
        guard case .uint(let value) = lookup(name) else { preconditionFailure("flag --\(name) is not a declared uint flag") }
        return value
    }

    public func duration(_ name: String) -> Duration {
        guard case .duration(let value) = lookup(name) else { preconditionFailure("flag --\(name) is not a declared duration flag") }
        return value
    }

    public func stringList(_ name: String) -> [String] {
        guard case .stringList(let value) = lookup(name) else { preconditionFailure("flag --\(name) is not a declared list flag") }
        return value
    }

    /// The value, or nil when no flag of that name is declared for the command.
    public func value(_ name: String) -> FlagValue? { values[name] }

    private func lookup(_ name: String) -> FlagValue? { values[name] }

    /// Stores a value the user gave. A list flag set twice appends, as pflag's
    /// StringSlice does; every other kind keeps the last value.
    mutating func set(_ name: String, _ value: FlagValue) {
        if case .stringList(let added) = value, setNames.contains(name), case .stringList(let existing)? = values[name] {
            values[name] = .stringList(existing + added)
        } else {
            values[name] = value
        }
        setNames.insert(name)
    }

    /// Returns these flags with each of `definitions` at its default and
    /// not set, so that a command's own flag of the same name is not read
    /// as that flag.
    func resetting(_ definitions: [Flag]) throws -> ParsedFlags {
        var copy = self
        for definition in definitions {
            copy.values[definition.name] = try FlagValueParser.parseDefault(definition)
            copy.setNames.remove(definition.name)
        }
        return copy
    }

    /// Replaces a value without marking it as set on the command line, for
    /// values that come from environment variables.
    mutating func setFromEnvironment(_ name: String, _ value: FlagValue) {
        values[name] = value
    }
}
