import Foundation
import KubeCodec

/// The certificates in a kubeconfig: each cluster's certificate-authority and
/// each user's client certificate and key, embedded (`*-data`, base64) or
/// referenced by path.
enum Kubeconfig {
    /// True when the bytes look like a kubeconfig rather than PEM or DER:
    /// text that names the `clusters` or `users` lists.
    static func looksLikeKubeconfig(_ bytes: [UInt8]) -> Bool {
        guard bytes.count < FileReading.maxFileSize, !bytes.contains(0) else { return false }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("-----BEGIN ") { return false }
        return text.contains("clusters") || text.contains("users")
    }

    /// Adds the kubeconfig's certificates to the inventory.
    ///
    /// - Parameters:
    ///   - location: the kubeconfig's path as the report shows it.
    ///   - fileName: the report's name for its client certificates ("admin.conf").
    ///   - fallbackAuthority: the well-known CA that must sign the client
    ///     certificates when the kubeconfig names no certificate-authority.
    ///   - resolve: maps a referenced path to the path to read and the path to
    ///     show, or nil when references are skipped because they point into a
    ///     container's file system.
    static func scan(
        _ bytes: [UInt8], location: String, fileName: String, fallbackAuthority: String?,
        resolve: ((String) -> (read: String, display: String))?,
        into inventory: CertificateInventory
    ) {
        let document: JSONValue
        do {
            document = try YAML.parse(bytes)
        } catch {
            inventory.addError(location: location, message: "invalid kubeconfig: \(error)")
            return
        }
        guard case .object = document else {
            inventory.addError(location: location, message: "invalid kubeconfig: the document is not a mapping")
            return
        }

        // Cluster CAs first, so the client certificates can be checked against them.
        var authorityFingerprints: [String] = []
        for (index, cluster) in (document["clusters"]?.arrayValue ?? []).enumerated() {
            let clusterName = cluster["name"]?.stringValue ?? "#\(index + 1)"
            let fields = cluster["cluster"]
            guard let data = material(
                fields, dataField: "certificate-authority-data", pathField: "certificate-authority",
                owner: "cluster \(clusterName)", location: location, resolve: resolve, into: inventory)
            else { continue }
            let before = inventory.entries.count
            inventory.addBundle(data.bytes, name: "\(fileName) CA", location: data.location)
            authorityFingerprints += inventory.entries[before...].map(\.details.sha256Fingerprint)
        }

        let users = document["users"]?.arrayValue ?? []
        let withCertificates = users.filter {
            $0["user"]?["client-certificate-data"] != nil || $0["user"]?["client-certificate"] != nil
        }
        for (index, user) in users.enumerated() {
            let userName = user["name"]?.stringValue ?? "#\(index + 1)"
            let fields = user["user"]
            guard let certificate = material(
                fields, dataField: "client-certificate-data", pathField: "client-certificate",
                owner: "user \(userName)", location: location, resolve: resolve, into: inventory)
            else { continue }
            let key = material(
                fields, dataField: "client-key-data", pathField: "client-key",
                owner: "user \(userName)", location: location, resolve: resolve, into: inventory)

            var expectation: AuthorityExpectation?
            if !authorityFingerprints.isEmpty {
                expectation = .oneOf(fingerprints: authorityFingerprints, description: "the certificate-authority of \(location)")
            } else if let fallbackAuthority {
                expectation = .named(fallbackAuthority)
            }
            inventory.addBundle(
                certificate.bytes,
                name: withCertificates.count > 1 ? "\(fileName)/\(userName)" : fileName,
                location: certificate.location,
                key: key.map { ($0.bytes, $0.location) },
                expectedAuthority: expectation
            )
        }
    }

    /// Reads one certificate or key of a kubeconfig entry: the base64 `*-data`
    /// field, or else the file the path field names. Returns nil when the entry
    /// has neither, and records an error when the one it has cannot be read.
    private static func material(
        _ fields: JSONValue?, dataField: String, pathField: String, owner: String, location: String,
        resolve: ((String) -> (read: String, display: String))?,
        into inventory: CertificateInventory
    ) -> (bytes: [UInt8], location: String)? {
        if let encoded = fields?[dataField]?.stringValue {
            let origin = "\(location) (\(owner): \(dataField))"
            // Line breaks and spaces may wrap the value; any other character
            // outside the base64 alphabet makes the field invalid.
            let compact = encoded.filter { !$0.isWhitespace }
            guard !compact.isEmpty else {
                inventory.addError(location: origin, message: "\(dataField) is empty")
                return nil
            }
            guard let data = Data(base64Encoded: compact) else {
                inventory.addError(location: origin, message: "\(dataField) is not valid base64")
                return nil
            }
            return (Array(data), origin)
        }
        guard let resolve, let path = fields?[pathField]?.stringValue, !path.isEmpty else { return nil }
        let (readPath, displayPath) = resolve(path)
        let origin = "\(displayPath) (\(owner) of \(location): \(pathField))"
        do {
            return (try FileReading.read(readPath), origin)
        } catch {
            inventory.addError(location: origin, message: "\(error)")
            return nil
        }
    }
}
