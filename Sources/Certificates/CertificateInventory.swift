import Foundation

/// The certificates, keys and unreadable inputs collected from files,
/// kubeconfigs and etcd, before they are checked.
///
/// Add inputs with the `add…` methods (or `CertificateDiscovery`), then call
/// `check(now:warningWindow:)`. Not `Sendable`: it owns libcrypto objects.
public final class CertificateInventory {
    var entries: [FoundCertificate] = []
    /// Inputs that could not be read or parsed: "location: reason".
    public private(set) var errors: [String] = []
    var members: [EtcdMemberAddresses] = []

    public init() {}

    /// Records an input that could not be read, so the report lists it and
    /// the exit code shows that not everything was checked.
    public func addError(location: String, message: String) {
        errors.append("\(location): \(message)")
    }

    /// Records inputs that could not be read, each a line "location: reason".
    public func addErrors(_ lines: [String]) {
        errors.append(contentsOf: lines)
    }

    /// Records the advertised URLs of an etcd member. The SANs of the member's
    /// serving and peer certificates are checked against their hosts.
    public func addMember(_ member: EtcdMemberAddresses) {
        members.append(member)
    }

    /// Parses a PEM bundle or DER file and adds every certificate in it.
    ///
    /// - Parameters:
    ///   - bytes: the certificate data.
    ///   - name: the report's name for the first certificate.
    ///   - location: where the data was found, as the report prints it.
    ///   - key: the matching private key when it is stored apart, with its
    ///     location. A key in the same bundle is used when this is nil.
    ///   - expectedAuthority: the CA that must have signed the first certificate.
    ///   - etcdRole: the etcd member role, whose advertised addresses the
    ///     certificate's SANs must contain.
    ///   - authorityName: the well-known name of the CA in this bundle ("ca",
    ///     "etcd-ca"), shown for it and for the certificates it signed.
    /// - Returns: the number of certificates added.
    @discardableResult
    public func addBundle(
        _ bytes: [UInt8], name: String, location: String,
        key keyBytes: (bytes: [UInt8], location: String)? = nil,
        expectedAuthority: AuthorityExpectation? = nil, etcdRole: EtcdCertificateRole? = nil,
        authorityName: String? = nil
    ) -> Int {
        let bundle: CertificateBundle
        do {
            bundle = try CertificateBundle(bytes: bytes)
        } catch {
            addError(location: location, message: "\(error)")
            return 0
        }
        for problem in bundle.problems {
            addError(location: location, message: problem)
        }
        guard !bundle.certificates.isEmpty else {
            if bundle.problems.isEmpty {
                addError(location: location, message: "contains no certificate")
            }
            return 0
        }

        var key: FoundKey?
        if let keyBytes {
            key = Self.readKey(keyBytes.bytes, location: keyBytes.location)
        } else if !bundle.keys.isEmpty {
            key = FoundKey(location: location, entries: bundle.keys, error: nil)
        }

        let count = bundle.certificates.count
        for (index, certificate) in bundle.certificates.enumerated() {
            let details = certificate.details()
            let first = index == 0
            let entry = FoundCertificate(
                certificate: certificate,
                details: details,
                name: first ? name : "\(name) #\(index + 1)",
                location: count > 1 ? "\(location) (certificate \(index + 1) of \(count))" : location,
                sourceLocation: location,
                key: first ? key : nil,
                expectedAuthority: first ? expectedAuthority : nil,
                etcdRole: first ? etcdRole : nil,
                authorityName: first ? authorityName : nil
            )
            entries.append(entry)
        }
        return count
    }

    static func readKey(_ bytes: [UInt8], location: String) -> FoundKey {
        do {
            let bundle = try CertificateBundle(bytes: bytes)
            if bundle.keys.isEmpty {
                let reason = bundle.problems.first ?? "contains no private key"
                return FoundKey(location: location, entries: [], error: reason)
            }
            return FoundKey(location: location, entries: bundle.keys, error: nil)
        } catch {
            return FoundKey(location: location, entries: [], error: "\(error)")
        }
    }
}

/// An etcd certificate whose SANs must cover a member's advertised addresses.
public struct EtcdCertificateRole: Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// Serves clients: must cover the advertised client URLs.
        case server
        /// Serves and dials other members: must cover the advertised peer URLs.
        case peer
    }

    /// The member name, or nil for the member that runs on this host (the one
    /// in the local static pod manifest or configuration file).
    public var member: String?
    public var kind: Kind

    public init(member: String?, kind: Kind) {
        self.member = member
        self.kind = kind
    }

    /// Derives the role from OpenShift's secret and file names:
    /// etcd-serving-<node>, etcd-peer-<node>. Metrics certificates
    /// (etcd-serving-metrics-<node>) get none, because metrics URLs are
    /// not in the member list.
    public init?(openShiftName name: String) {
        if name.hasPrefix("etcd-serving-metrics-") { return nil }
        for (prefix, kind) in [("etcd-serving-", Kind.server), ("etcd-peer-", Kind.peer)] where name.hasPrefix(prefix) {
            let node = String(name.dropFirst(prefix.count))
            guard !node.isEmpty else { return nil }
            self.init(member: node, kind: kind)
            return
        }
        return nil
    }
}

/// The URLs an etcd member advertises, from `etcdctl member list` or the
/// member's own flags.
public struct EtcdMemberAddresses: Equatable, Sendable {
    /// Member name, or nil for the member on this host.
    public var name: String?
    public var clientURLs: [String]
    public var peerURLs: [String]
    /// The source of the addresses, for the report: "etcd member list",
    /// "/etc/kubernetes/manifests/etcd.yaml".
    public var source: String

    public init(name: String?, clientURLs: [String], peerURLs: [String], source: String) {
        self.name = name
        self.clientURLs = clientURLs
        self.peerURLs = peerURLs
        self.source = source
    }

    /// Returns the host part of each URL, without brackets around IPv6 addresses.
    static func hosts(of urls: [String]) -> [String] {
        var hosts: [String] = []
        for url in urls {
            guard let host = URLComponents(string: url)?.host, !host.isEmpty else { continue }
            let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            if !hosts.contains(bare) { hosts.append(bare) }
        }
        return hosts
    }
}

/// The CA that must have signed a certificate, because of where it was found.
public enum AuthorityExpectation: Equatable, Sendable {
    /// A CA with this well-known name ("ca", "etcd-ca") in the same scan.
    /// The check is skipped when no CA of that name was found.
    case named(String)
    /// One of these certificates, by SHA-256 fingerprint, described for the
    /// report: a kubeconfig's certificate-authority for its client certificate.
    case oneOf(fingerprints: [String], description: String)
}

/// A private key found for a certificate: the decoded keys, or why none could be read.
struct FoundKey {
    var location: String
    var entries: [CertificateBundle.KeyEntry]
    var error: String?
}

/// One certificate as found, with what the checks need to know about its place.
final class FoundCertificate {
    let certificate: X509Certificate
    let details: CertificateDetails
    let name: String
    let location: String
    /// The file or etcd key without the position inside a bundle.
    let sourceLocation: String
    let key: FoundKey?
    let expectedAuthority: AuthorityExpectation?
    let etcdRole: EtcdCertificateRole?
    /// The well-known name of a CA at this location ("ca", "etcd-ca"), used
    /// in the CERTIFICATE AUTHORITY column of the certificates it signed.
    let authorityName: String?

    init(
        certificate: X509Certificate, details: CertificateDetails, name: String, location: String,
        sourceLocation: String, key: FoundKey?, expectedAuthority: AuthorityExpectation?, etcdRole: EtcdCertificateRole?,
        authorityName: String?
    ) {
        self.certificate = certificate
        self.details = details
        self.name = name
        self.location = location
        self.sourceLocation = sourceLocation
        self.key = key
        self.expectedAuthority = expectedAuthority
        self.etcdRole = etcdRole
        self.authorityName = authorityName
    }
}
