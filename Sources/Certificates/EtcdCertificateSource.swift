import EtcdAPI
import Foundation
import KubeCodec

/// Certificates stored in one Secret or ConfigMap in etcd.
public struct StoredCertificateObject: Sendable, Equatable {
    /// One data entry that contains certificates, with its private key when the
    /// object stores one beside it (`tls.key` for `tls.crt`).
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var bytes: [UInt8]
        public var keyName: String?
        public var keyBytes: [UInt8]?
    }

    /// The etcd key, such as `/registry/secrets/openshift-etcd/etcd-peer-master-0`.
    public var key: String
    /// "Secret" or "ConfigMap".
    public var kind: String
    public var namespace: String
    public var name: String
    /// The Secret's type, such as `kubernetes.io/tls`; empty for a ConfigMap.
    public var type: String
    public var entries: [Entry]
}

/// Reads the certificates that a cluster keeps in Secrets and ConfigMaps
/// from etcd, through any `KeyRangeSource`: a live cluster or a database file.
///
/// Every Secret of type `kubernetes.io/tls` contributes its `tls.crt` (with
/// `tls.key`). Any Secret or ConfigMap contributes the data entries whose name
/// ends in `.crt`, `.pem` or `.cert` and whose value contains a PEM
/// certificate: `ca.crt`, CA bundles (`ca-bundle.crt`), OpenShift's
/// `etcd-peer-<node>` secrets.
public struct EtcdCertificateSource: Sendable {
    /// The API server's `--etcd-prefix`, `/registry` by default.
    public var prefix: String
    /// Decrypts Secrets that are encrypted at rest. Without it they are
    /// reported as not checked.
    public var encryption: EncryptionConfiguration?
    /// Keys read per range request, so that no response grows with the number
    /// of secrets in the cluster (Helm keeps every release in one).
    public var pageSize: Int64

    public init(prefix: String = "/registry", encryption: EncryptionConfiguration? = nil, pageSize: Int64 = 200) {
        self.prefix = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        self.encryption = encryption
        self.pageSize = pageSize
    }

    /// Reads every Secret and ConfigMap and returns those with certificates,
    /// plus one line for each value that could not be decoded ("etcd key:
    /// reason"). A failed range request is thrown.
    public func read(from source: any KeyRangeSource) async throws -> (objects: [StoredCertificateObject], errors: [String]) {
        var objects: [StoredCertificateObject] = []
        var errors: [String] = []
        for resource in ["secrets", "configmaps"] {
            let resourcePrefix = Array("\(prefix)/\(resource)/".utf8)
            var start = resourcePrefix
            var revision: Int64 = 0
            while true {
                // Every page reads at the first page's revision, so the result
                // is one consistent view of the keyspace.
                let request = RangeRequest(key: start, rangeEnd: resourcePrefix.prefixRangeEnd, limit: pageSize, revision: revision)
                let response = try await source.range(request)
                if revision == 0 { revision = response.header.revision }
                for keyValue in response.kvs {
                    do {
                        if let object = try decode(keyValue, resource: resource) { objects.append(object) }
                    } catch {
                        errors.append("etcd \(String(decoding: keyValue.key, as: UTF8.self)): \(error)")
                    }
                }
                guard response.more, let last = response.kvs.last else { break }
                start = last.key + [0]
            }
        }
        return (objects, errors)
    }

    /// Decodes one stored Secret or ConfigMap and keeps its certificate
    /// entries; returns nil when it has none.
    func decode(_ keyValue: KeyValue, resource: String) throws -> StoredCertificateObject? {
        let key = String(decoding: keyValue.key, as: UTF8.self)
        var value = keyValue.value
        if case .encrypted(let provider, let keyName) = KubeStorageCodec.detectFormat(value) {
            guard let encryption else {
                throw KubeCodecError("encrypted at rest (provider \(provider), key \(keyName)); pass the API server's --encryption-provider-config file with --encryption-config to read it")
            }
            value = try encryption.decrypt(value, etcdKey: keyValue.key)
        }
        let decoded = try KubeStorageCodec.decode(value: value, key: key)
        guard let object = decoded.object else {
            throw KubeCodecError("the value is not a stored Kubernetes object")
        }

        let metadata = object["metadata"]
        let namespace = metadata?["namespace"]?.stringValue ?? ""
        let name = metadata?["name"]?.stringValue ?? ""
        let type = object["type"]?.stringValue ?? ""
        var data: [String: [UInt8]] = [:]
        var order: [String] = []
        // Secrets and ConfigMaps' binaryData are base64 in JSON; ConfigMaps' data is text.
        let base64Fields = resource == "secrets" ? ["data"] : ["binaryData"]
        let textFields = resource == "secrets" ? [] : ["data"]
        for field in base64Fields {
            for member in object[field]?.objectValue?.members ?? [] {
                guard let text = member.value.stringValue, let bytes = Data(base64Encoded: text) else { continue }
                data[member.key] = Array(bytes)
                order.append(member.key)
            }
        }
        for field in textFields {
            for member in object[field]?.objectValue?.members ?? [] {
                guard let text = member.value.stringValue else { continue }
                data[member.key] = Array(text.utf8)
                order.append(member.key)
            }
        }

        var entries: [StoredCertificateObject.Entry] = []
        for entryName in order {
            guard let bytes = data[entryName] else { continue }
            let isTLSCertificate = type == "kubernetes.io/tls" && entryName == "tls.crt"
            guard isTLSCertificate || Self.isCertificateEntry(entryName, bytes) else { continue }
            let keyName = Self.keyEntryName(for: entryName)
            entries.append(StoredCertificateObject.Entry(
                name: entryName, bytes: bytes,
                keyName: keyName.flatMap { data[$0] != nil ? $0 : nil },
                keyBytes: keyName.flatMap { data[$0] }))
        }
        guard !entries.isEmpty else { return nil }
        var kind = decoded.kind
        if kind.isEmpty {
            kind = resource == "secrets" ? "Secret" : "ConfigMap"
        }
        return StoredCertificateObject(key: key, kind: kind, namespace: namespace, name: name, type: type, entries: entries)
    }

    private static func isCertificateEntry(_ name: String, _ bytes: [UInt8]) -> Bool {
        let lowered = name.lowercased()
        guard lowered.hasSuffix(".crt") || lowered.hasSuffix(".pem") || lowered.hasSuffix(".cert") else { return false }
        return String(decoding: bytes, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----")
    }

    /// `tls.key` for `tls.crt`, `peer.key` for `peer.crt`.
    private static func keyEntryName(for name: String) -> String? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        return String(name[..<dot]) + ".key"
    }
}

extension CertificateInventory {
    /// Adds the certificates read from etcd. OpenShift's etcd-serving-<node>
    /// and etcd-peer-<node> secrets in openshift-etcd get the member role
    /// that the SAN check needs.
    public func add(_ objects: [StoredCertificateObject]) {
        for object in objects {
            let qualifiedName = object.namespace.isEmpty ? object.name : "\(object.namespace)/\(object.name)"
            for entry in object.entries {
                let location = "etcd \(object.key) (\(entry.name))"
                let key = entry.keyBytes.map { (bytes: $0, location: "etcd \(object.key) (\(entry.keyName ?? ""))") }
                let role = object.namespace == "openshift-etcd" && entry.name == "tls.crt"
                    ? EtcdCertificateRole(openShiftName: object.name) : nil
                addBundle(
                    entry.bytes,
                    name: entry.name == "tls.crt" ? qualifiedName : "\(qualifiedName)[\(entry.name)]",
                    location: location, key: key, etcdRole: role)
            }
        }
    }

    /// Records etcd's member list, so the SANs of each member's serving and
    /// peer certificates are checked against its advertised URLs.
    public func addMembers(_ members: [(name: String, clientURLs: [String], peerURLs: [String])], source: String) {
        for member in members where !member.name.isEmpty {
            addMember(EtcdMemberAddresses(name: member.name, clientURLs: member.clientURLs, peerURLs: member.peerURLs, source: source))
        }
    }
}
