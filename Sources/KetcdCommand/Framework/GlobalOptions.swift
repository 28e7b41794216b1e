/// The output formats of `-w/--write-out`.
public enum OutputFormat: String, Sendable {
    case simple, json, fields, table, protobuf
}

/// The global flags after environment variables are applied: how to reach
/// etcd and how to print results.
public struct GlobalOptions: Sendable {
    public var endpoints: [String]
    public var caCertificateFile: String
    public var certificateFile: String
    public var keyFile: String
    /// The `--user` value without a `:password` suffix; empty for no authentication.
    public var user: String
    public var password: String
    public var dialTimeout: Duration
    public var commandTimeout: Duration
    public var keepaliveTime: Duration
    public var keepaliveTimeout: Duration
    public var insecureTransport: Bool
    public var insecureSkipTLSVerify: Bool
    public var hex: Bool
    public var outputFormat: OutputFormat
    public var debug: Bool
    /// `--db`: an etcd database or snapshot file to read instead of a live cluster.
    public var databaseFile: String
    /// `--data-dir`: an etcd data directory whose `member/snap/db` is read instead of a live cluster.
    public var dataDirectory: String
    /// `--skip-hash-check`: read a snapshot file whose appended SHA-256 does not match.
    public var skipHashCheck: Bool
    public var discoveryDomain: String
    public var discoveryServiceName: String
    public var insecureDiscovery: Bool

    /// etcdctl 3.5's global flags, with its defaults and help texts, plus
    /// etcdctl v2's TLS flag names as aliases.
    public static let flags: [Flag] = [
        Flag("cacert", kind: .string, usage: "verify certificates of TLS-enabled secure servers using this CA bundle", aliases: ["ca-file"], acceptsSingleDash: true),
        Flag("cert", kind: .string, usage: "identify secure client using this TLS certificate file", aliases: ["cert-file"], acceptsSingleDash: true),
        .duration("command-timeout", default: "5s", usage: "timeout for short running command (excluding dial timeout)"),
        .string("data-dir", usage: "read offline from this etcd data directory's member/snap/db instead of the endpoints"),
        .string("db", usage: "read offline from this etcd database or snapshot file instead of the endpoints"),
        .bool("debug", usage: "enable client-side debug logging"),
        .duration("dial-timeout", default: "2s", usage: "dial timeout for client connections"),
        .string("discovery-srv", shorthand: "d", usage: "domain name to query for SRV records describing cluster endpoints"),
        .string("discovery-srv-name", usage: "service name to query when using DNS discovery"),
        // `-endpoint` is OpenShift etcdhelper's spelling.
        Flag("endpoints", kind: .stringList, default: "127.0.0.1:2379", usage: "gRPC endpoints", aliases: ["endpoint"], acceptsSingleDash: true),
        .bool("hex", usage: "print byte strings as hex encoded strings"),
        .bool("insecure-discovery", default: true, usage: "accept insecure SRV records describing cluster endpoints"),
        .bool("insecure-skip-tls-verify", usage: "skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)"),
        .bool("insecure-transport", default: true, usage: "disable transport security for client connections"),
        .duration("keepalive-time", default: "2s", usage: "keepalive time for client connections"),
        .duration("keepalive-timeout", default: "6s", usage: "keepalive timeout for client connections"),
        Flag("key", kind: .string, usage: "identify secure client using this TLS key file", aliases: ["key-file"], acceptsSingleDash: true),
        .string("password", usage: "password for authentication (if this option is used, --user option shouldn't include password)"),
        .bool("skip-hash-check", usage: "with --db, read a snapshot file even if its appended SHA-256 does not match"),
        .string("user", usage: "username[:password] for authentication (prompt if password is not supplied)"),
        .string("write-out", shorthand: "w", default: "simple", usage: "set the output format (fields, json, protobuf, simple, table)"),
    ]

    /// Applies `ETCDCTL_<FLAG_NAME>` environment variables to the inherited
    /// (global and group) flags the command line left unset, then reads the
    /// options. As in etcdctl 3.5, a variable and its flag set together is an error.
    static func resolve(flags: inout ParsedFlags, inheritedFlags: [Flag], environment: [String: String]) throws(CommandError) -> GlobalOptions {
        for flag in inheritedFlags {
            let variable = environmentVariableName(for: flag.name)
            guard let text = environment[variable] else { continue }
            if flags.isSet(flag.name) {
                throw CommandError(.error, "conflicting environment variable \(goQuoted(variable)) is shadowed by corresponding command-line flag --\(flag.name) (either unset environment variable or disable flag)")
            }
            do {
                flags.setFromEnvironment(flag.name, try FlagValueParser.parse(text, for: flag))
            } catch {
                throw CommandError(.error, "invalid value \(goQuoted(text)) in environment variable \(variable): \(error.message)")
            }
        }
        return try GlobalOptions(flags: flags)
    }

    static func environmentVariableName(for flagName: String) -> String {
        "ETCDCTL_" + flagName.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    init(flags: ParsedFlags) throws(CommandError) {
        endpoints = flags.stringList("endpoints")
        caCertificateFile = flags.string("cacert")
        certificateFile = flags.string("cert")
        keyFile = flags.string("key")
        password = flags.string("password")
        let userFlag = flags.string("user")
        if let colon = userFlag.firstIndex(of: ":") {
            if flags.isSet("password") || !password.isEmpty {
                throw CommandError(.error, "--user option shouldn't include password when --password is set; pass only the user name with --user")
            }
            user = String(userFlag[..<colon])
            password = String(userFlag[userFlag.index(after: colon)...])
        } else {
            user = userFlag
        }
        dialTimeout = flags.duration("dial-timeout")
        commandTimeout = flags.duration("command-timeout")
        keepaliveTime = flags.duration("keepalive-time")
        keepaliveTimeout = flags.duration("keepalive-timeout")
        insecureTransport = flags.bool("insecure-transport")
        insecureSkipTLSVerify = flags.bool("insecure-skip-tls-verify")
        hex = flags.bool("hex")
        debug = flags.bool("debug")
        databaseFile = flags.string("db")
        dataDirectory = flags.string("data-dir")
        skipHashCheck = flags.bool("skip-hash-check")
        if !databaseFile.isEmpty && !dataDirectory.isEmpty {
            throw CommandError(.error, "--db and --data-dir cannot be set at the same time, choose one")
        }
        // Only the command-line flag counts: an ETCDCTL_ENDPOINTS variable
        // exported in the shell must not break offline reads.
        if flags.isSet("endpoints") && (!databaseFile.isEmpty || !dataDirectory.isEmpty) {
            let offlineFlag = databaseFile.isEmpty ? "--data-dir" : "--db"
            throw CommandError(.error, "--endpoints and \(offlineFlag) cannot be set at the same time: \(offlineFlag) reads the file offline, --endpoints reads the live cluster; choose one")
        }
        discoveryDomain = flags.string("discovery-srv")
        discoveryServiceName = flags.string("discovery-srv-name")
        insecureDiscovery = flags.bool("insecure-discovery")
        guard let format = OutputFormat(rawValue: flags.string("write-out")) else {
            throw CommandError.badFeature("unsupported output format \(goQuoted(flags.string("write-out"))); use fields, json, protobuf, simple or table")
        }
        outputFormat = format
    }
}
