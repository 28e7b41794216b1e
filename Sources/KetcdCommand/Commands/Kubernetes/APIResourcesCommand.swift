import EtcdAPI
import Foundation
import KubeCodec
import KubeResources

extension Command {
    /// `ketcd api-resources`: the resource types this etcd actually holds.
    static let apiResources = Command(
        ["api-resources"], summary: "Lists the resource types stored in etcd, with object counts and sizes",
        description: """
            Reads every key once and groups the keys by resource type: built-in types, custom resources described by the CRDs in etcd, and key prefixes no known type owns (their kind is read from the first value). Keys outside the Kubernetes and OpenShift roots, such as those of Calico or flannel, are grouped by their first path segment (/calico/, /coreos.com/). SIZE is the total size of the stored values.
            """,
        flags: [
            .string("output", shorthand: "o", usage: "output format: wide adds the key prefix"),
            KubeFlags.prefixRoot,
            KubeFlags.root,
            KubeFlags.verbose,
            KubeFlags.pageSize,
        ]
    ) { context in
        try await APIResources.run(context)
    }
}

enum APIResources {
    struct Group {
        var name: String
        var shortNames: String
        var apiVersion: String
        var namespaced: String
        var kind: String
        var prefix: String
        var count = 0
        var bytes = 0
    }

    @MainActor
    static func run(_ context: CommandContext) async throws {
        let wide: Bool
        switch context.flags.string("output") {
        case "": wide = false
        case "wide": wide = true
        case let other: throw CommandError(.error, "unknown output format \"\(other)\" for api-resources; use wide or leave it out")
        }
        var session = try await KubeSession.open(context)
        try await session.loadCustomResourceDefinitions()
        let catalog = session.catalog
        let layout = session.layout

        var groups: [String: Group] = [:]
        var order: [String] = []
        var scan = PaginatedScan(source: session.source, key: Array("/".utf8), rangeEnd: [0], pageSize: context.flags.int("page-size"))
        while let page = try await scan.nextPage() {
            for kv in page {
                let key = String(decoding: kv.key, as: UTF8.self)
                let groupKey: String
                if let resource = catalog.resource(forKey: key, layout: layout) {
                    groupKey = layout.prefix(for: resource)
                    if groups[groupKey] == nil {
                        groups[groupKey] = Group(
                            name: resource.plural, shortNames: resource.shortNames.joined(separator: ","),
                            apiVersion: resource.apiVersion, namespaced: resource.namespaced ? "true" : "false",
                            kind: resource.kind, prefix: groupKey)
                        order.append(groupKey)
                    }
                } else {
                    groupKey = unknownPrefix(of: key, layout: layout)
                    if groups[groupKey] == nil {
                        groups[groupKey] = unknownGroup(prefix: groupKey, firstValue: kv)
                        order.append(groupKey)
                    }
                }
                groups[groupKey]!.count += 1
                groups[groupKey]!.bytes += kv.value.count
            }
        }

        var table = KubeResources.TableWriter()
        var header = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "OBJECTS", "SIZE"]
        if wide { header.append("KEY PREFIX") }
        table.append(header)
        for groupKey in order.sorted(by: { (groups[$0]!.name, $0) < (groups[$1]!.name, $1) }) {
            let group = groups[groupKey]!
            var row = [group.name, group.shortNames, group.apiVersion, group.namespaced, group.kind, String(group.count), formatSize(group.bytes)]
            if wide { row.append(group.prefix) }
            table.append(row)
        }
        context.output.write(table.render())
    }

    /// Returns the key prefix that groups keys no known type owns. Under the
    /// Kubernetes or OpenShift root it is the first two path segments
    /// (`/registry/masterleases/`), or three when the second looks like an API
    /// group (`/registry/example.com/widgets/`). Elsewhere it is the first
    /// segment (`/calico/`, `/coreos.com/`), so that the keys other programs
    /// keep in the same etcd make one row each program, not one each key.
    static func unknownPrefix(of key: String, layout: KeyLayout) -> String {
        let segments = key.split(separator: "/", omittingEmptySubsequences: true)
        guard key.hasPrefix("/"), let first = segments.first else { return key }
        let root = "/" + first
        guard root == layout.kubernetesRoot || root == layout.openShiftRoot, segments.count >= 3 else {
            return root + "/"
        }
        let depth = segments[1].contains(".") && segments.count >= 4 ? 3 : 2
        return "/" + segments.prefix(depth).joined(separator: "/") + "/"
    }

    static func unknownGroup(prefix: String, firstValue: KeyValue) -> Group {
        let segments = prefix.split(separator: "/")
        let name = "(" + prefix + ")"
        var group = Group(name: name, shortNames: "", apiVersion: "<unknown>", namespaced: "<unknown>", kind: "<unknown>", prefix: prefix)
        if let decoded = try? KubeStorageCodec.decode(value: firstValue.value), !decoded.kind.isEmpty {
            group.apiVersion = decoded.apiVersion
            group.kind = decoded.kind
            let key = String(decoding: firstValue.key, as: UTF8.self)
            let depth = key.split(separator: "/").count - segments.count
            // `<prefix>/<namespace>/<name>` or `<prefix>/<name>`.
            if depth == 2 {
                group.namespaced = "true"
            } else if depth == 1 {
                group.namespaced = "false"
            }
        }
        return group
    }

    /// Bytes as `812B`, `4.1KiB`, `12.0MiB`, `1.2GiB`.
    static func formatSize(_ bytes: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard bytes >= 1024 else { return "\(bytes)B" }
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: "%.1f%@", value, units[unit])
    }
}
