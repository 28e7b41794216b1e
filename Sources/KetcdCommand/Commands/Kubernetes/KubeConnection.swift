import EtcdAPI
import EtcdClient
import Foundation
import KubeCodec
import KubeResources

extension EtcdClient: TransactionalKeyValueStore {}

extension KubeFlags {
    static let root = Flag.string(
        "root",
        usage: "directory to find the control-plane node's files under (kube-apiserver manifest, OpenShift static-pod resources) when no connection flag is given; default / or $KETCD_ROOT. A directory given here without those files is an error")
    static let verbose = Flag.bool("verbose", shorthand: "v", usage: "say which connection settings and key prefix are used, and where they come from")

    /// Flags every Kubernetes-aware command accepts for connection discovery.
    static let discovery: [Flag] = [root, verbose]
}

/// The etcd keyspace of a Kubernetes-aware command: the database file of
/// `--db` or `--data-dir`, or the live cluster, found as
/// `CommandContext.discoveredConnection()` describes.
@MainActor
struct KubeConnection {
    let source: any KeyRangeSource
    /// The live client; nil when reading a database file.
    let client: EtcdClient?
    /// The settings found on the node; nil when flags, variables or a file were used.
    let discovered: DiscoveredConnection?

    static func open(_ context: CommandContext) throws -> KubeConnection {
        let verbose = context.flags.value("verbose") == .bool(true)
        if let store = try context.offlineStore() {
            if verbose {
                context.errorOutput.writeLine("ketcd: reading the database file \(context.global.databaseFile.isEmpty ? context.global.dataDirectory : context.global.databaseFile)")
            }
            return KubeConnection(source: store, client: nil, discovered: nil)
        }
        let discovered = try context.discoveredConnection()
        if verbose {
            if let found = discovered {
                context.errorOutput.writeLine("ketcd: connection settings from \(found.source): endpoints \(found.endpoints.joined(separator: ",")), cacert \(found.caFile ?? "none"), cert \(found.certFile ?? "none"), key \(found.keyFile ?? "none"), prefix \(found.prefix ?? KeyLayout.defaultKubernetesRoot)")
            } else if context.hasExplicitConnectionSettings {
                context.errorOutput.writeLine("ketcd: connection settings from flags and ETCDCTL_* variables: endpoints \(context.global.endpoints.joined(separator: ","))")
            } else {
                context.errorOutput.writeLine("ketcd: no connection flags and no API server configuration under \(context.discoveryRoot); using the default endpoint \(context.global.endpoints.joined(separator: ","))")
            }
        }
        let client = try context.client()
        return KubeConnection(source: client, client: client, discovered: discovered)
    }
}

extension CommandContext {
    static let connectionFlags = ["endpoints", "cacert", "cert", "key"]

    /// True when a flag or `ETCDCTL_*` variable sets the endpoints or a TLS file.
    var hasExplicitConnectionSettings: Bool {
        Self.connectionFlags.contains { name in
            flags.isSet(name) || environment[GlobalOptions.environmentVariableName(for: name)] != nil
        }
    }

    /// The directory discovery treats as the node's `/`: `--root` where the
    /// command has it, else `KETCD_ROOT`, else `/`.
    var discoveryRoot: String {
        if case .string(let root)? = flags.value("root"), !root.isEmpty { return root }
        return environment["KETCD_ROOT"] ?? "/"
    }

    /// True when `--root` or `KETCD_ROOT` names the directory to search.
    var hasExplicitDiscoveryRoot: Bool {
        if case .string(let root)? = flags.value("root"), !root.isEmpty { return true }
        return !(environment["KETCD_ROOT"] ?? "").isEmpty
    }

    /// The etcd settings of the control-plane node's API server
    /// configuration, when no flag or variable sets the endpoints or a TLS
    /// file; nil when settings are given, or when no configuration is found
    /// under the default root `/`. Configurations that disagree, and a root
    /// from `--root` or `KETCD_ROOT` without any configuration, are errors:
    /// the operator asked for that node's settings, so the default endpoint
    /// would be the wrong cluster or none.
    func discoveredConnection() throws -> DiscoveredConnection? {
        guard !hasExplicitConnectionSettings else { return nil }
        let root = discoveryRoot
        let discovery = ConnectionDiscovery(root: root) { text in try YAML.parse(Array(text.utf8)) }
        let found: DiscoveredConnection?
        do {
            found = try discovery.discover()
        } catch {
            throw CommandError(.error, error.message)
        }
        if found == nil && hasExplicitDiscoveryRoot {
            let missing = FileManager.default.fileExists(atPath: root) ? "" : " (the directory does not exist)"
            throw CommandError(.error, "no kube-apiserver manifest (\(ConnectionDiscovery.kubeadmManifest)) or OpenShift configuration (\(ConnectionDiscovery.openShift4Resources), \(ConnectionDiscovery.openShift3MasterConfig)) found under \(root)\(missing); check --root or KETCD_ROOT, or pass --endpoints, --cacert, --cert and --key")
        }
        return found
    }

    /// Opens the key range source of a Kubernetes-aware command.
    func kubeKeyRangeSource() async throws -> any KeyRangeSource {
        try KubeConnection.open(self).source
    }

    /// Opens the live store that Kubernetes-aware commands write through.
    func transactionalStore() async throws -> any TransactionalKeyValueStore {
        let connection = try KubeConnection.open(self)
        guard let client = connection.client else {
            throw CommandError(.error, "\(command.name) writes to a live cluster, but --db and --data-dir only serve reads; drop them and pass --endpoints")
        }
        return client
    }
}
