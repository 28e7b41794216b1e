/// The key prefixes a cluster's API servers write under, and the mapping
/// between resources, namespaces, names and etcd keys.
///
/// kube-apiserver writes `<root>/<keyPath>/<namespace>/<name>` for namespaced
/// objects and `<root>/<keyPath>/<name>` for cluster-scoped ones. The root is
/// its `--etcd-prefix` (`/registry` by default); OpenShift uses
/// `/kubernetes.io` for Kubernetes objects and `/openshift.io` for its own API.
public struct KeyLayout: Sendable, Equatable {
    public static let defaultKubernetesRoot = "/registry"
    public static let openShiftKubernetesRoot = "/kubernetes.io"
    public static let defaultOpenShiftRoot = "/openshift.io"

    public var kubernetesRoot: String
    public var openShiftRoot: String

    /// A root given with or without the leading slash, and with any trailing
    /// slash, is normalised to `/name`: kube-apiserver accepts `--etcd-prefix
    /// kubernetes.io` as well as `/registry`.
    public init(kubernetesRoot: String = KeyLayout.defaultKubernetesRoot, openShiftRoot: String = KeyLayout.defaultOpenShiftRoot) {
        self.kubernetesRoot = KeyLayout.normalizeRoot(kubernetesRoot)
        self.openShiftRoot = KeyLayout.normalizeRoot(openShiftRoot)
    }

    public static func normalizeRoot(_ root: String) -> String {
        var trimmed = Substring(root)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        return "/" + trimmed
    }

    public func root(of resource: ResourceType) -> String {
        switch resource.root {
        case .kubernetes: return kubernetesRoot
        case .openShift: return openShiftRoot
        }
    }

    /// The prefix of every object of `resource`, ending in a slash; with a
    /// namespace, the prefix of that namespace's objects only.
    public func prefix(for resource: ResourceType, namespace: String? = nil) -> String {
        let base = root(of: resource) + "/" + resource.keyPath + "/"
        if resource.namespaced, let namespace {
            return base + namespace + "/"
        }
        return base
    }

    /// The key of one object. Cluster-scoped resources ignore `namespace`.
    public func key(for resource: ResourceType, namespace: String?, name: String) -> String {
        prefix(for: resource, namespace: resource.namespaced ? namespace : nil) + name
    }

    /// The namespace and name encoded in `key`, which must start with
    /// `prefix(for: resource)`; nil when the key does not have the shape the
    /// resource's scope implies.
    public func objectReference(inKey key: String, of resource: ResourceType) -> (namespace: String?, name: String)? {
        let prefix = prefix(for: resource)
        guard key.hasPrefix(prefix) else { return nil }
        let rest = key.dropFirst(prefix.count)
        if resource.namespaced {
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            let namespace = String(rest[..<slash])
            let name = String(rest[rest.index(after: slash)...])
            guard !namespace.isEmpty, !name.isEmpty, !name.contains("/") else { return nil }
            return (namespace, name)
        }
        guard !rest.isEmpty, !rest.contains("/") else { return nil }
        return (nil, String(rest))
    }
}
