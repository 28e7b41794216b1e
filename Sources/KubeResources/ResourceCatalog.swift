import KubeCodec

/// The resource types of one cluster: the built-in table plus the custom
/// resources its CustomResourceDefinitions describe. Resolves the names
/// kubectl accepts (plural, singular, short name, kind, and each of them
/// qualified with the group or version and group) to a `ResourceType`.
public struct ResourceCatalog: Sendable {
    public private(set) var resources: [ResourceType]

    public init(resources: [ResourceType] = ResourceType.builtins) {
        self.resources = resources
    }

    /// The built-in table plus one type per CustomResourceDefinition object
    /// (decoded JSON, apiextensions.k8s.io v1 or v1beta1). Definitions
    /// without a group, plural or kind are skipped.
    public init(customResourceDefinitions: [JSONValue]) {
        self.init()
        for definition in customResourceDefinitions {
            if let resource = ResourceType(customResourceDefinition: definition) {
                resources.append(resource)
            }
        }
    }

    /// The type `name` refers to, in kubectl's order: built-in types before
    /// custom ones, then plural, singular, short name, kind. `name` may carry
    /// a group (`deployments.apps`, `deploy.apps`) or a version and group
    /// (`deployments.v1.apps`), as kubectl accepts.
    public func resolve(_ name: String) throws(ResourceResolutionError) -> ResourceType {
        let lowered = name.lowercased()
        if let match = firstMatch(lowered, group: nil, version: nil) {
            return match
        }

        // Qualified forms: the part before the first dot names the resource,
        // the rest is `group` or `version.group`.
        if let dot = lowered.firstIndex(of: ".") {
            let resourceName = String(lowered[..<dot])
            let qualifier = String(lowered[lowered.index(after: dot)...])
            if let match = firstMatch(resourceName, group: qualifier, version: nil) {
                return match
            }
            if let secondDot = qualifier.firstIndex(of: ".") {
                let version = String(qualifier[..<secondDot])
                let group = String(qualifier[qualifier.index(after: secondDot)...])
                if let match = firstMatch(resourceName, group: group, version: version) {
                    return match
                }
            }
            // `pods.v1`: a version of the core group.
            if let match = firstMatch(resourceName, group: "", version: qualifier) {
                return match
            }
        }
        throw ResourceResolutionError(name: name)
    }

    private func firstMatch(_ name: String, group: String?, version: String?) -> ResourceType? {
        let candidates = resources.filter { resource in
            (group == nil || resource.group == group) && (version == nil || resource.version == version)
        }
        let matchers: [(ResourceType) -> Bool] = [
            { $0.plural == name },
            { $0.singular == name },
            { $0.shortNames.contains(name) },
            { $0.kind.lowercased() == name },
        ]
        for matches in matchers {
            if let found = candidates.first(where: matches) {
                return found
            }
        }
        return nil
    }

    /// The type whose objects live under `key`, chosen by the longest key
    /// path that matches, so `services/endpoints/...` maps to endpoints and
    /// not to a resource named `services`. Nil for keys no known type owns.
    public func resource(forKey key: String, layout: KeyLayout) -> ResourceType? {
        var best: ResourceType?
        for resource in resources {
            let prefix = layout.prefix(for: resource)
            guard key.hasPrefix(prefix) else { continue }
            if let current = best, layout.prefix(for: current).count >= prefix.count {
                continue
            }
            best = resource
        }
        return best
    }
}

/// A resource name that no known type matches.
public struct ResourceResolutionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var name: String

    public var description: String {
        "the server doesn't have a resource type \"\(name)\""
    }
}

extension ResourceType {
    /// The custom resource type a CustomResourceDefinition object describes,
    /// or nil when it lacks a group, plural or kind. The version is the
    /// storage version (v1: the entry of `spec.versions` with `storage: true`;
    /// v1beta1: `spec.version` when no versions list is present).
    public init?(customResourceDefinition definition: JSONValue) {
        guard let spec = definition["spec"],
            let group = spec["group"]?.stringValue, !group.isEmpty,
            let names = spec["names"],
            let plural = names["plural"]?.stringValue, !plural.isEmpty,
            let kind = names["kind"]?.stringValue, !kind.isEmpty
        else { return nil }

        var version = spec["version"]?.stringValue ?? ""
        if let versions = spec["versions"]?.arrayValue {
            let storage = versions.first { $0["storage"] == .bool(true) } ?? versions.first
            if let name = storage?["name"]?.stringValue {
                version = name
            }
        }
        let singular = names["singular"]?.stringValue
        let shortNames = names["shortNames"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let namespaced = spec["scope"]?.stringValue != "Cluster"

        // Custom resources always live at <root>/<group>/<plural>, whatever the
        // group: a group ending in .k8s.io gets no special treatment.
        self.init(
            group: group, version: version, kind: kind, plural: plural,
            singular: (singular?.isEmpty ?? true) ? kind.lowercased() : singular,
            shortNames: shortNames, namespaced: namespaced, keyPath: "\(group)/\(plural)",
            root: .kubernetes, isCustom: true
        )
    }
}
