import EtcdAPI
import EtcdClient
import Foundation
import KubeCodec
import KubeResources

extension EtcdClient: TransactionalKeyValueStore {}

extension KubeFlags {
    static let root = Flag.string(
        "root",
        usage: "directory to find the control-plane node's files under (kube-apiserver manifest, OpenShift static-pod resources) when no connection flag is given; default / or $KETCD_ROOT")
    static let verbose = Flag.bool("verbose", shorthand: "v", usage: "say which connection settings and key prefix are used, and where they come from")

    /// Flags every Kubernetes-aware command accepts for connection discovery.
    static let discovery: [Flag] = [root, verbose]
}

/// The etcd keyspace of a Kubernetes-aware command: the database file of
/// `--db` or `--data-dir`; the cluster the flags and `ETCDCTL_*` variables
/// name when any connection setting is given there; otherwise the cluster
/// the control-plane node's API server configuration names.
@MainActor
struct KubeConnection {
    let source: any KeyRangeSource
    /// The live client; nil when reading a database file.
    let client: EtcdClient?
    /// The settings found on the node; nil when flags, variables or a file were used.
    let discovered: DiscoveredConnection?

    static let connectionFlags = ["endpoints", "cacert", "cert", "key"]

    static func open(_ context: CommandContext) throws -> KubeConnection {
        let verbose = context.flags.value("verbose") == .bool(true)
        if let store = try context.offlineStore() {
            if verbose {
                context.errorOutput.writeLine("ketcd: reading the database file \(context.global.databaseFile.isEmpty ? context.global.dataDirectory : context.global.databaseFile)")
            }
            return KubeConnection(source: store, client: nil, discovered: nil)
        }

        let explicit = connectionFlags.contains { name in
            context.flags.isSet(name) || context.environment[GlobalOptions.environmentVariableName(for: name)] != nil
        }
        if explicit {
            if verbose {
                context.errorOutput.writeLine("ketcd: connection settings from flags and ETCDCTL_* variables: endpoints \(context.global.endpoints.joined(separator: ","))")
            }
            let client = try context.client()
            return KubeConnection(source: client, client: client, discovered: nil)
        }

        var root = context.environment["KETCD_ROOT"] ?? "/"
        if case .string(let flagRoot)? = context.flags.value("root"), !flagRoot.isEmpty {
            root = flagRoot
        }
        let discovery = ConnectionDiscovery(root: root) { text in try YAML.parse(Array(text.utf8)) }
        let discovered: DiscoveredConnection?
        do {
            discovered = try discovery.discover()
        } catch {
            throw CommandError(.error, error.message)
        }
        guard let found = discovered else {
            if verbose {
                context.errorOutput.writeLine("ketcd: no connection flags and no API server configuration under \(root); using the default endpoint \(context.global.endpoints.joined(separator: ","))")
            }
            let client = try context.client()
            return KubeConnection(source: client, client: client, discovered: nil)
        }

        if verbose {
            context.errorOutput.writeLine("ketcd: connection settings from \(found.source): endpoints \(found.endpoints.joined(separator: ",")), cacert \(found.caFile ?? "none"), cert \(found.certFile ?? "none"), key \(found.keyFile ?? "none"), prefix \(found.prefix ?? KeyLayout.defaultKubernetesRoot)")
        }
        var configuration = try context.clientConfiguration()
        configuration.endpoints = found.endpoints
        if found.caFile != nil || found.certFile != nil || found.keyFile != nil {
            configuration.tls = EtcdClientConfiguration.TLS(
                caFile: found.caFile, certFile: found.certFile, keyFile: found.keyFile,
                insecureSkipVerify: context.global.insecureSkipTLSVerify)
        }
        do {
            let client = try EtcdClient(configuration: configuration)
            return KubeConnection(source: client, client: client, discovered: found)
        } catch {
            throw CommandError(.error, "cannot use the etcd settings from \(found.source): \(error.description)")
        }
    }
}

extension CommandContext {
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
