import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Foundation
import KubeCodec
import KubeResources

/// Kubernetes objects at their real keys for the command tests: the API
/// serialization fixtures renamed into realistic namespaces and names, and
/// the five Namespace values captured from a live cluster.
struct KubernetesFixtures {
    struct StoredObject {
        var key: String
        var value: [UInt8]
        var resource: ResourceType
    }

    var objects: [StoredObject] = []

    /// The five `/registry/namespaces/<name>` values (etcdctl `-w json`,
    /// base64) from the user's notes, exactly as a live cluster stored them.
    static func capturedNamespaces() throws -> [(key: String, value: [UInt8])] {
        guard let shared = TestEnvironment.sharedDirectory else { throw TestSupportError("shared test data directory not found") }
        let seed = try String(contentsOf: shared.appendingPathComponent("seed/000_4714b16c577b1949.txt"), encoding: .utf8)
        var result: [(String, [UInt8])] = []
        var pendingKey: String?
        for line in seed.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("\"key\": \"") {
                let base64 = trimmed.dropFirst("\"key\": \"".count).prefix { $0 != "\"" }
                pendingKey = Data(base64Encoded: String(base64)).map { String(decoding: $0, as: UTF8.self) }
            } else if trimmed.hasPrefix("\"value\": \""), let key = pendingKey {
                let base64 = trimmed.dropFirst("\"value\": \"".count).prefix { $0 != "\"" }
                if let value = Data(base64Encoded: String(base64)), !result.contains(where: { $0.0 == key }) {
                    result.append((key, Array(value)))
                }
                pendingKey = nil
            }
        }
        return result
    }

    /// Namespaces the renamed objects are spread over.
    static let namespaces = ["default", "kube-system", "shop"]

    static func load() throws -> KubernetesFixtures {
        guard let shared = TestEnvironment.sharedDirectory else { throw TestSupportError("shared test data directory not found") }
        let directory = shared.appendingPathComponent("fixtures/k8s-serialization/kubernetes-api/HEAD")
        var fixtures = KubernetesFixtures()
        let layout = KeyLayout()
        var seenPaths = Set<String>()

        for resource in ResourceType.builtins where resource.root == .kubernetes && !seenPaths.contains(resource.keyPath) {
            let group = resource.group.isEmpty ? "core" : resource.group
            let file = directory.appendingPathComponent("\(group).\(resource.version).\(resource.kind).pb")
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }

            // Pods get three copies with different labels for the selector
            // tests; every other type one object per namespace it can live in.
            let copies: [(namespace: String?, name: String, labels: [String: String])]
            if resource.plural == "pods" {
                copies = [
                    ("shop", "web-7d4b9c-x2x9p", ["app": "web", "tier": "frontend"]),
                    ("shop", "db-0", ["app": "db", "tier": "backend"]),
                    ("kube-system", "etcd-cp-1", ["component": "etcd"]),
                ]
            } else if resource.namespaced {
                copies = [("shop", "\(resource.singular)-a", ["app": "shop"]), ("kube-system", "\(resource.singular)-b", [:])]
            } else {
                copies = [(nil, "\(resource.singular)-a", ["app": "shop"])]
            }

            // Types the codec's schema does not know yet cannot be re-encoded
            // after renaming, so they are left out.
            let decoded = try KubeStorageCodec.decode(value: Array(data))
            guard decoded.isKnownType, case .object(let template)? = decoded.object else { continue }
            seenPaths.insert(resource.keyPath)
            for copy in copies {
                var object = template
                var metadata = object["metadata"]?.objectValue ?? JSONObject()
                metadata["name"] = .string(copy.name)
                if let namespace = copy.namespace {
                    metadata["namespace"] = .string(namespace)
                } else {
                    metadata["namespace"] = nil
                }
                metadata["resourceVersion"] = nil
                metadata["selfLink"] = nil
                var labels = JSONObject()
                for (key, value) in copy.labels.sorted(by: { $0.key < $1.key }) { labels.append(key, .string(value)) }
                metadata["labels"] = .object(labels)
                object["metadata"] = .object(metadata)
                // kube-apiserver keeps CRDs and API services as JSON.
                let format: StorageFormat = resource.keyPath.hasPrefix(resource.group + "/") ? .json : .protobuf
                guard let value = try? KubeStorageCodec.encode(object: .object(object), format: format) else { break }
                fixtures.objects.append(StoredObject(key: layout.key(for: resource, namespace: copy.namespace, name: copy.name), value: value, resource: resource))
            }
        }
        try fixtures.addCustomResources(shared: shared)
        return fixtures
    }

    /// Two CustomResourceDefinitions made from the apiextensions fixture, one
    /// namespaced in a group ending in .k8s.io and one cluster-scoped, plus a
    /// custom resource of each, stored as JSON as kube-apiserver stores them.
    mutating func addCustomResources(shared: URL) throws {
        let file = shared.appendingPathComponent("fixtures/k8s-serialization/apiextensions/apiextensions.k8s.io.v1.CustomResourceDefinition.json")
        guard let data = FileManager.default.contents(atPath: file.path),
            case .object(let template) = try JSONParser.parse(Array(data))
        else { throw TestSupportError("CustomResourceDefinition fixture missing") }
        let definitionType = try ResourceCatalog().resolve("crd")
        let layout = KeyLayout()

        let definitions: [(group: String, plural: String, kind: String, shortName: String, scope: String)] = [
            ("gateway.networking.k8s.io", "gateways", "Gateway", "gtw", "Namespaced"),
            ("snapshot.storage.k8s.io", "volumesnapshotclasses", "VolumeSnapshotClass", "vsclass", "Cluster"),
        ]
        var customObjects: [(key: String, value: [UInt8])] = []
        for definition in definitions {
            var object = template
            var metadata = object["metadata"]?.objectValue ?? JSONObject()
            let name = "\(definition.plural).\(definition.group)"
            metadata["name"] = .string(name)
            metadata["namespace"] = nil
            metadata["resourceVersion"] = nil
            metadata["selfLink"] = nil
            object["metadata"] = .object(metadata)
            var spec = object["spec"]?.objectValue ?? JSONObject()
            spec["group"] = .string(definition.group)
            spec["scope"] = .string(definition.scope)
            var names = JSONObject()
            names.append("plural", .string(definition.plural))
            names.append("singular", .string(definition.kind.lowercased()))
            names.append("shortNames", .array([.string(definition.shortName)]))
            names.append("kind", .string(definition.kind))
            names.append("listKind", .string(definition.kind + "List"))
            spec["names"] = .object(names)
            if case .array(var versions)? = spec["versions"], case .object(var version)? = versions.first {
                version["name"] = .string("v1")
                version["storage"] = .bool(true)
                versions = [.object(version)]
                spec["versions"] = .array(versions)
            }
            object["spec"] = .object(spec)
            let value = try KubeStorageCodec.encode(object: .object(object), format: .json)
            objects.append(StoredObject(key: layout.key(for: definitionType, namespace: nil, name: name), value: value, resource: definitionType))

            let namespaced = definition.scope == "Namespaced"
            let instanceName = namespaced ? "edge" : "csi-snapshots"
            let instance = """
                {"apiVersion":"\(definition.group)/v1","kind":"\(definition.kind)","metadata":{"creationTimestamp":"2024-05-01T10:00:00Z","generation":1,"labels":{"app":"shop"},"name":"\(instanceName)",\(namespaced ? "\"namespace\":\"infra\"," : "")"uid":"6f1c2d3e-0000-4000-8000-00000000000\(customObjects.count)"},"spec":{"replicas":2}}

                """
            let root = namespaced ? "/registry/\(definition.group)/\(definition.plural)/infra/" : "/registry/\(definition.group)/\(definition.plural)/"
            customObjects.append((root + instanceName, Array(instance.utf8)))
        }
        for custom in customObjects {
            objects.append(StoredObject(key: custom.key, value: custom.value, resource: definitionType))
        }
    }

    /// A client for `server`, with the TLS files kube-apiserver would use.
    static func client(for server: EtcdServer) throws -> EtcdClient {
        var tls: EtcdClientConfiguration.TLS?
        if case .mutualTLS(let pki) = server.security {
            tls = .init(caFile: pki.etcdCACertificate, certFile: pki.apiserverClientCertificate, keyFile: pki.apiserverClientKey)
        }
        return try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint], tls: tls, insecureTransport: tls == nil))
    }

    /// Writes every object and the captured namespaces.
    func store(in server: EtcdServer) async throws {
        let client = try Self.client(for: server)
        var all = objects.map { ($0.key, $0.value) }
        all += try Self.capturedNamespaces()
        for (key, value) in all {
            _ = try await client.put(PutRequest(key: Array(key.utf8), value: value))
        }
    }
}
