/// One kind of object kube-apiserver (or openshift-apiserver, or a custom
/// resource definition) stores in etcd, with the names kubectl accepts for it
/// and the key path its objects live under.
public struct ResourceType: Sendable, Hashable, CustomStringConvertible {
    /// Which key root the objects live under.
    public enum Root: Sendable, Hashable {
        /// kube-apiserver's `--etcd-prefix`: `/registry` by default, `/kubernetes.io` on OpenShift.
        case kubernetes
        /// openshift-apiserver's prefix, `/openshift.io`.
        case openShift
    }

    /// API group, empty for the core group.
    public var group: String
    /// The version the API serves by default (for CRDs: the storage version).
    public var version: String
    public var kind: String
    public var plural: String
    public var singular: String
    public var shortNames: [String]
    public var namespaced: Bool
    /// Path below the root, without slashes at either end: `pods`,
    /// `services/specs`, `apiextensions.k8s.io/customresourcedefinitions`.
    public var keyPath: String
    public var root: Root
    /// True for types that come from a CustomResourceDefinition.
    public var isCustom: Bool

    public init(
        group: String, version: String, kind: String, plural: String, singular: String? = nil,
        shortNames: [String] = [], namespaced: Bool, keyPath: String? = nil, root: Root = .kubernetes,
        isCustom: Bool = false
    ) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.singular = singular ?? kind.lowercased()
        self.shortNames = shortNames
        self.namespaced = namespaced
        self.keyPath = keyPath ?? plural
        self.root = root
        self.isCustom = isCustom
    }

    /// `v1` for the core group, `apps/v1` otherwise.
    public var apiVersion: String {
        group.isEmpty ? version : "\(group)/\(version)"
    }

    /// The name `kubectl get -o name` prints before the slash: `pod`,
    /// `deployment.apps`.
    public var qualifiedKindName: String {
        group.isEmpty ? kind.lowercased() : "\(kind.lowercased()).\(group)"
    }

    /// `pods`, `deployments.apps`: the name kubectl's messages use.
    public var qualifiedPlural: String {
        group.isEmpty ? plural : "\(plural).\(group)"
    }

    public var description: String { qualifiedPlural }
}
