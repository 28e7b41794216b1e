import EtcdAPI
import Foundation
import KubeCodec
import KubeResources

/// Flags shared by the Kubernetes-aware commands.
enum KubeFlags {
    static let prefixRoot = Flag.string(
        "prefix-root",
        usage: "key prefix kube-apiserver writes under (its --etcd-prefix), such as /registry or /kubernetes.io on OpenShift; detected from the keys when not set")
    static let pageSize = Flag.int("page-size", default: 200, usage: "number of keys read per request; memory use grows with it")
    static let encryptionConfig = Flag.string(
        "encryption-config", usage: "kube-apiserver EncryptionConfiguration file, to decrypt values encrypted at rest")

    /// Loads the `--encryption-config` file, or returns nil when the flag is not set.
    @MainActor
    static func encryption(_ context: CommandContext) throws -> EncryptionConfiguration? {
        guard case .string(let path)? = context.flags.value("encryption-config"), !path.isEmpty else { return nil }
        do {
            return try EncryptionConfiguration(contentsOfFile: path)
        } catch {
            throw CommandError(.error, "cannot use the encryption configuration \(path): \(error)")
        }
    }
}

/// One etcd keyspace seen as Kubernetes objects: the key source, the key
/// layout (prefix roots) and the resource types, including the custom
/// resources described by the CustomResourceDefinitions stored there.
@MainActor
struct KubeSession {
    let source: any KeyRangeSource
    var layout: KeyLayout
    var catalog = ResourceCatalog()
    private var loadedDefinitions = false
    /// Origin of the layout (flag, configuration or detection), for `-v` output.
    let layoutOrigin: String

    init(source: any KeyRangeSource, layout: KeyLayout, layoutOrigin: String) {
        self.source = source
        self.layout = layout
        self.layoutOrigin = layoutOrigin
    }

    /// Opens the keyspace the command's flags select, online or offline.
    static func open(_ context: CommandContext) async throws -> KubeSession {
        let connection = try KubeConnection.open(context)
        let source = connection.source
        let explicitRoot = context.flags.value("prefix-root").flatMap { value -> String? in
            if case .string(let text) = value, !text.isEmpty { return text }
            return nil
        }
        if let explicitRoot {
            return KubeSession(source: source, layout: KeyLayout(kubernetesRoot: explicitRoot), layoutOrigin: "--prefix-root")
        }
        if let discovered = connection.discovered?.prefix {
            return KubeSession(source: source, layout: KeyLayout(kubernetesRoot: discovered), layoutOrigin: "the API server configuration")
        }
        let root = try await detectRoot(source)
        return KubeSession(source: source, layout: KeyLayout(kubernetesRoot: root), layoutOrigin: "the keys present in etcd")
    }

    /// `/registry` when keys exist under it; otherwise `/kubernetes.io`
    /// (OpenShift) when keys exist there; otherwise `/registry`.
    static func detectRoot(_ source: any KeyRangeSource) async throws -> String {
        for root in [KeyLayout.defaultKubernetesRoot, KeyLayout.openShiftKubernetesRoot] {
            let prefix = Array((root + "/").utf8)
            let response = try await source.range(RangeRequest(key: prefix, rangeEnd: prefix.prefixRangeEnd, limit: 1, keysOnly: true))
            if !response.kvs.isEmpty { return root }
        }
        return KeyLayout.defaultKubernetesRoot
    }

    /// Resolves a resource name. Custom resources are looked up in the
    /// CustomResourceDefinitions stored in etcd when no built-in type matches.
    mutating func resolve(_ name: String) async throws -> ResourceType {
        do {
            return try catalog.resolve(name)
        } catch {
            if loadedDefinitions { throw CommandError(.error, error.description) }
        }
        try await loadCustomResourceDefinitions()
        do {
            return try catalog.resolve(name)
        } catch {
            throw CommandError(.error, error.description)
        }
    }

    mutating func loadCustomResourceDefinitions() async throws {
        guard !loadedDefinitions else { return }
        loadedDefinitions = true
        let definitionType = try catalog.resolve("customresourcedefinitions.apiextensions.k8s.io")
        var definitions: [JSONValue] = []
        var scan = PaginatedScan(source: source, prefix: layout.prefix(for: definitionType))
        while let page = try await scan.nextPage() {
            for kv in page {
                if let object = try? KubeStorageCodec.decode(value: kv.value).object {
                    definitions.append(object)
                }
            }
        }
        catalog = ResourceCatalog(customResourceDefinitions: definitions)
    }
}

/// A stored value decoded for display, or the reason it cannot be shown.
enum DecodedValue {
    case object(DecodedObject, JSONValue)
    case undecodable(String)
}

enum KubeValues {
    /// Decodes one stored value; `resourceVersion` from the mod revision when
    /// `fillResourceVersion` is set, as the API server serves objects. Values
    /// encrypted at rest are decrypted when `encryption` lists their key.
    static func decode(_ kv: KeyValue, fillResourceVersion: Bool, encryption: EncryptionConfiguration? = nil) -> DecodedValue {
        let key = String(decoding: kv.key, as: UTF8.self)
        do {
            let decoded = try KubeStorageCodec.decode(
                value: kv.value, key: key, modRevision: fillResourceVersion ? kv.modRevision : nil,
                options: DecodeOptions(), encryption: encryption)
            switch decoded.format {
            case .encrypted(let provider, let keyName):
                return .undecodable("\(key) is encrypted at rest (provider \(provider), key \(keyName)); pass --encryption-config with kube-apiserver's EncryptionConfiguration to show it")
            case .unknown:
                return .undecodable("\(key) does not hold a Kubernetes object")
            default:
                guard let object = decoded.object else {
                    return .undecodable("\(key) could not be decoded")
                }
                return .object(decoded, object)
            }
        } catch {
            return .undecodable("\(key) could not be decoded: \(error)")
        }
    }
}
