import Foundation
import KubeCodec

/// etcd connection settings read from a control-plane node's API server
/// configuration.
public struct DiscoveredConnection: Sendable, Equatable {
    public var endpoints: [String]
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    /// kube-apiserver's key prefix (`/registry`, or `/kubernetes.io` on OpenShift).
    public var prefix: String?
    /// The file the settings come from.
    public var source: String

    public init(endpoints: [String], caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, prefix: String? = nil, source: String) {
        self.endpoints = endpoints
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.prefix = prefix
        self.source = source
    }

    /// True when both describe the same connection, wherever they come from.
    public func sameSettings(as other: DiscoveredConnection) -> Bool {
        endpoints == other.endpoints && caFile == other.caFile && certFile == other.certFile
            && keyFile == other.keyFile && prefix == other.prefix
    }
}

/// Finds etcd's endpoints, client certificate, key, CA and key prefix on a
/// control-plane node, from (in this order):
///
/// - kubeadm's static pod manifest `/etc/kubernetes/manifests/kube-apiserver.yaml`
///   (the `--etcd-*` flags of the kube-apiserver container, container paths
///   mapped to host paths through the pod's hostPath volumes);
/// - OpenShift 4's newest kube-apiserver revision,
///   `/etc/kubernetes/static-pod-resources/kube-apiserver-pod-<N>/configmaps/config/config.yaml`;
/// - OpenShift 3's `/etc/origin/master/master-config.yaml` (`etcdClientInfo`,
///   `etcdStorageConfig`).
///
/// Every path is looked up below `root`, so tests and copies of a node's
/// files work. Candidates that disagree are an error: the caller must then
/// ask for flags instead of guessing.
public struct ConnectionDiscovery: Sendable {
    public var root: String
    private let parseYAML: @Sendable (String) throws -> JSONValue

    public init(root: String, parseYAML: @escaping @Sendable (String) throws -> JSONValue) {
        self.root = root
        self.parseYAML = parseYAML
    }

    /// The files discovery reads, for `-v` output.
    public static let kubeadmManifest = "/etc/kubernetes/manifests/kube-apiserver.yaml"
    public static let openShift4Resources = "/etc/kubernetes/static-pod-resources"
    public static let openShift3MasterConfig = "/etc/origin/master/master-config.yaml"

    /// Reads every candidate file and returns the settings they agree on, or
    /// nil when no candidate file exists. Throws when a file is unreadable or invalid, or when
    /// candidates disagree.
    public func discover() throws(DiscoveryError) -> DiscoveredConnection? {
        var candidates: [DiscoveredConnection] = []
        if let found = try kubeadm() { candidates.append(found) }
        if let found = try openShift4() { candidates.append(found) }
        if let found = try openShift3() { candidates.append(found) }
        guard let first = candidates.first else { return nil }
        if let other = candidates.dropFirst().first(where: { !$0.sameSettings(as: first) }) {
            throw DiscoveryError(
                "\(first.source) and \(other.source) name different etcd settings; "
                    + "pass --endpoints, --cacert, --cert and --key to choose")
        }
        return first
    }

    // MARK: - Candidates

    private func hostPath(_ path: String) -> String {
        if root == "/" || root.isEmpty { return path }
        return (root.hasSuffix("/") ? String(root.dropLast()) : root) + path
    }

    private func readDocument(_ path: String) throws(DiscoveryError) -> JSONValue? {
        let fullPath = hostPath(path)
        guard FileManager.default.fileExists(atPath: fullPath) else { return nil }
        guard let data = FileManager.default.contents(atPath: fullPath), let text = String(data: data, encoding: .utf8) else {
            throw DiscoveryError("cannot read \(fullPath); run as a user that can read it, or pass connection flags")
        }
        do {
            return try parseYAML(text)
        } catch {
            throw DiscoveryError("\(fullPath) is not valid YAML: \(error)")
        }
    }

    private func kubeadm() throws(DiscoveryError) -> DiscoveredConnection? {
        guard let pod = try readDocument(Self.kubeadmManifest) else { return nil }
        let source = hostPath(Self.kubeadmManifest)
        let containers = pod["spec"]?["containers"]?.arrayValue ?? []
        guard let container = containers.first(where: { $0["name"]?.stringValue == "kube-apiserver" }) ?? containers.first else {
            throw DiscoveryError("\(source) has no containers")
        }
        let arguments = ((container["command"]?.arrayValue ?? []) + (container["args"]?.arrayValue ?? [])).compactMap(\.stringValue)
        let flags = Self.flagValues(arguments)
        guard let servers = flags["etcd-servers"], !servers.isEmpty else {
            throw DiscoveryError("\(source) has no --etcd-servers flag")
        }

        // Map container paths to host paths through the hostPath volumes.
        var mounts: [(container: String, host: String)] = []
        let volumes = pod["spec"]?["volumes"]?.arrayValue ?? []
        for mount in container["volumeMounts"]?.arrayValue ?? [] {
            guard let name = mount["name"]?.stringValue, let mountPath = mount["mountPath"]?.stringValue,
                let volume = volumes.first(where: { $0["name"]?.stringValue == name }),
                let host = volume["hostPath"]?["path"]?.stringValue
            else { continue }
            mounts.append((mountPath, host))
        }
        func mapped(_ path: String?) -> String? {
            guard let path, !path.isEmpty else { return nil }
            for mount in mounts.sorted(by: { $0.container.count > $1.container.count }) {
                let prefix = mount.container.hasSuffix("/") ? mount.container : mount.container + "/"
                if path.hasPrefix(prefix) {
                    let host = mount.host.hasSuffix("/") ? mount.host : mount.host + "/"
                    return hostPath(host + path.dropFirst(prefix.count))
                }
            }
            return hostPath(path)
        }
        return DiscoveredConnection(
            endpoints: Self.splitList(servers),
            caFile: mapped(flags["etcd-cafile"]),
            certFile: mapped(flags["etcd-certfile"]),
            keyFile: mapped(flags["etcd-keyfile"]),
            prefix: KeyLayout.normalizeRoot(flags["etcd-prefix"] ?? KeyLayout.defaultKubernetesRoot),
            source: source
        )
    }

    private func openShift4() throws(DiscoveryError) -> DiscoveredConnection? {
        let resources = hostPath(Self.openShift4Resources)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: resources) else { return nil }
        let revisions = entries.compactMap { entry -> Int? in
            guard entry.hasPrefix("kube-apiserver-pod-") else { return nil }
            return Int(entry.dropFirst("kube-apiserver-pod-".count))
        }
        guard let newest = revisions.max() else { return nil }
        let revisionDirectory = "\(Self.openShift4Resources)/kube-apiserver-pod-\(newest)"
        let configPath = "\(revisionDirectory)/configmaps/config/config.yaml"
        guard let config = try readDocument(configPath) else { return nil }
        let source = hostPath(configPath)

        // Inside the pod, the revision directory is mounted at
        // /etc/kubernetes/static-pod-resources and the shared certificates at
        // /etc/kubernetes/static-pod-certs.
        func mapped(_ path: String?) -> String? {
            guard let path, !path.isEmpty else { return nil }
            let revisionMount = "/etc/kubernetes/static-pod-resources/"
            let certsMount = "/etc/kubernetes/static-pod-certs/"
            if path.hasPrefix(revisionMount) {
                return hostPath(revisionDirectory + "/" + path.dropFirst(revisionMount.count))
            }
            if path.hasPrefix(certsMount) {
                return hostPath("\(Self.openShift4Resources)/kube-apiserver-certs/" + path.dropFirst(certsMount.count))
            }
            return hostPath(path)
        }
        func argument(_ name: String) -> [String] {
            (config["apiServerArguments"]?[name]?.arrayValue ?? []).compactMap(\.stringValue)
        }
        let storage = config["storageConfig"]
        var endpoints = argument("etcd-servers").flatMap(Self.splitList)
        if endpoints.isEmpty {
            endpoints = (storage?["urls"]?.arrayValue ?? []).compactMap(\.stringValue)
        }
        guard !endpoints.isEmpty else {
            throw DiscoveryError("\(source) names no etcd servers (apiServerArguments.etcd-servers or storageConfig.urls)")
        }
        let prefix = argument("etcd-prefix").first ?? storage?["storagePrefix"]?.stringValue ?? "kubernetes.io"
        return DiscoveredConnection(
            endpoints: endpoints,
            caFile: mapped(argument("etcd-cafile").first ?? storage?["ca"]?.stringValue),
            certFile: mapped(argument("etcd-certfile").first ?? storage?["certFile"]?.stringValue),
            keyFile: mapped(argument("etcd-keyfile").first ?? storage?["keyFile"]?.stringValue),
            prefix: KeyLayout.normalizeRoot(prefix),
            source: source
        )
    }

    private func openShift3() throws(DiscoveryError) -> DiscoveredConnection? {
        guard let config = try readDocument(Self.openShift3MasterConfig) else { return nil }
        let source = hostPath(Self.openShift3MasterConfig)
        guard let client = config["etcdClientInfo"] else {
            throw DiscoveryError("\(source) has no etcdClientInfo")
        }
        // Relative paths are relative to the configuration file's directory.
        let directory = (Self.openShift3MasterConfig as NSString).deletingLastPathComponent
        func mapped(_ path: String?) -> String? {
            guard let path, !path.isEmpty else { return nil }
            return hostPath(path.hasPrefix("/") ? path : directory + "/" + path)
        }
        let endpoints = (client["urls"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard !endpoints.isEmpty else {
            throw DiscoveryError("\(source) names no etcd servers in etcdClientInfo.urls")
        }
        let prefix = config["etcdStorageConfig"]?["kubernetesStoragePrefix"]?.stringValue ?? "kubernetes.io"
        return DiscoveredConnection(
            endpoints: endpoints,
            caFile: mapped(client["ca"]?.stringValue),
            certFile: mapped(client["certFile"]?.stringValue),
            keyFile: mapped(client["keyFile"]?.stringValue),
            prefix: KeyLayout.normalizeRoot(prefix),
            source: source
        )
    }

    // MARK: - Flag parsing

    /// `--name=value` and `--name value` pairs of a command line, last one wins.
    static func flagValues(_ arguments: [String]) -> [String: String] {
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else { continue }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                values[String(body[..<equals])] = String(body[body.index(after: equals)...])
            } else if index < arguments.count, !arguments[index].hasPrefix("-") {
                values[String(body)] = arguments[index]
                index += 1
            }
        }
        return values
    }

    static func splitList(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }
}

public struct DiscoveryError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
