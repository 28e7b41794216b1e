import Foundation

/// The seriousness of a finding. The raw value is the exit code that `ketcd certs`
/// returns when this is the worst finding.
public enum Severity: Int, Comparable, Sendable {
    case ok = 0
    /// Expires within the warning window.
    case warning = 1
    /// Expired, not yet valid, or a chain, key or SAN check failed.
    case error = 2

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One problem with one certificate.
public struct CertificateFinding: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case expired
        case notYetValid
        case expiresSoon
        case chainFailed
        case keyMismatch
        case keyUnreadable
        case sanMissing
    }

    public var kind: Kind
    public var message: String

    public var severity: Severity { kind == .expiresSoon ? .warning : .error }
}

/// The relation of a certificate to the CAs found in the same scan.
public enum ChainStatus: Equatable, Sendable {
    /// The certificate signed itself (a root CA, or a self-signed leaf).
    case selfSigned
    /// Signed by a CA in the scan, and every CA up to a self-signed root was
    /// found. The names run from the signer to the root.
    case complete([String])
    /// No certificate in the scan signed the certificate or one of its CAs.
    /// The path names run from the signer as far as the scan reached.
    case incomplete(path: [String], missingIssuer: String)
    /// A chain check failed, and the message names the check.
    case failed(String)
}

/// The private key found for a certificate and whether it matches.
public struct PrivateKeyCheck: Equatable, Sendable {
    public var location: String
    /// The key's encoding, nil when the key could not be read.
    public var format: PrivateKeyFormat?
    public var publicKey: PublicKeyDescription?
    /// Nil for an encrypted key, which is reported but not decrypted.
    public var matches: Bool?
    public var error: String?
}

/// A checked certificate, as one row of the report.
public struct CheckedCertificate: Sendable {
    public var name: String
    /// Every place the certificate was found; the first one is shown in the table.
    public var locations: [String]
    public var details: CertificateDetails
    public var isAuthority: Bool
    /// The name of the CA that signed it: "ca", "etcd-ca", or the CA's common
    /// name. Nil when self-signed or when no CA in the scan signed it.
    public var authority: String?
    public var chain: ChainStatus
    public var privateKeys: [PrivateKeyCheck]
    public var findings: [CertificateFinding]
    /// Seconds from the check's time to notAfter; negative once expired.
    public var residualTime: TimeInterval

    public var severity: Severity { findings.map(\.severity).max() ?? .ok }
}

/// The outcome of `CertificateInventory.check`: the rows, the unreadable
/// inputs and the exit code.
public struct CertificateCheckResult: Sendable {
    public var certificates: [CheckedCertificate]
    public var authorities: [CheckedCertificate]
    /// Inputs that could not be read or parsed: "location: reason".
    public var errors: [String]
    public var checkedAt: Date
    public var warningWindow: TimeInterval

    /// 0 when everything is valid beyond the warning window, 1 when something
    /// expires within it, 2 when something expired, is not yet valid, failed a
    /// chain, key or SAN check, or could not be read.
    public var exitCode: Int32 {
        if !errors.isEmpty { return Int32(Severity.error.rawValue) }
        let worst = (certificates + authorities).map(\.severity).max() ?? .ok
        return Int32(worst.rawValue)
    }

    /// Number of certificates (both tables) with at least one finding of each kind.
    public var counts: [CertificateFinding.Kind: Int] {
        var counts: [CertificateFinding.Kind: Int] = [:]
        for row in certificates + authorities {
            for kind in Set(row.findings.map(\.kind)) {
                counts[kind, default: 0] += 1
            }
        }
        return counts
    }
}

extension CertificateInventory {
    /// Checks every certificate found: validity at `now`, expiry within
    /// `warningWindow` seconds, the CA that signed it, the chain to a root,
    /// its private key, and the SANs of etcd serving and peer certificates.
    public func check(now: Date = Date(), warningWindow: TimeInterval) -> CertificateCheckResult {
        let checker = Checker(entries: entries, members: members, now: now, warningWindow: warningWindow)
        return checker.run(errors: errors)
    }
}

/// The checks of `CertificateInventory.check`, with the lookup tables they share.
private struct Checker {
    let entries: [FoundCertificate]
    let members: [EtcdMemberAddresses]
    let now: Date
    let warningWindow: TimeInterval
    /// The first occurrence of each distinct certificate, by fingerprint.
    let distinct: [FoundCertificate]
    /// The well-known name of a CA ("ca") by fingerprint, when any occurrence has one.
    let authorityNames: [String: String]

    init(entries: [FoundCertificate], members: [EtcdMemberAddresses], now: Date, warningWindow: TimeInterval) {
        self.entries = entries
        self.members = members
        self.now = now
        self.warningWindow = warningWindow
        var seen = Set<String>()
        var distinct: [FoundCertificate] = []
        var names: [String: String] = [:]
        for entry in entries {
            let fingerprint = entry.details.sha256Fingerprint
            if seen.insert(fingerprint).inserted { distinct.append(entry) }
            if let name = entry.authorityName, names[fingerprint] == nil { names[fingerprint] = name }
        }
        self.distinct = distinct
        self.authorityNames = names
    }

    func run(errors: [String]) -> CertificateCheckResult {
        var certificates: [CheckedCertificate] = []
        var authorities: [CheckedCertificate] = []
        var authorityIndex: [String: Int] = [:]

        for entry in entries {
            let row = check(entry)
            guard entry.details.isCA else {
                certificates.append(row)
                continue
            }
            // A CA is listed once however often it was found (kubeconfigs and
            // CA bundles repeat it); the findings of every copy are kept.
            let fingerprint = entry.details.sha256Fingerprint
            if let index = authorityIndex[fingerprint] {
                authorities[index].locations.append(contentsOf: row.locations)
                authorities[index].privateKeys.append(contentsOf: row.privateKeys)
                for finding in row.findings where !authorities[index].findings.contains(finding) {
                    authorities[index].findings.append(finding)
                }
            } else {
                authorityIndex[fingerprint] = authorities.count
                authorities.append(row)
            }
        }
        return CertificateCheckResult(
            certificates: Self.sortedByName(certificates), authorities: Self.sortedByName(authorities), errors: errors,
            checkedAt: now, warningWindow: warningWindow
        )
    }

    /// Sorts rows by name, as kubeadm certs check-expiration lists them.
    /// Rows with the same name keep the order in which they were found.
    static func sortedByName(_ rows: [CheckedCertificate]) -> [CheckedCertificate] {
        rows.enumerated()
            .sorted { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }
            .map(\.element)
    }

    func name(ofAuthority entry: FoundCertificate) -> String {
        authorityNames[entry.details.sha256Fingerprint] ?? entry.details.displayName
    }

    private func check(_ entry: FoundCertificate) -> CheckedCertificate {
        var findings = expiryFindings(entry.details)
        let (chain, signer) = chainStatus(of: entry)
        if case .failed(let message) = chain {
            findings.append(CertificateFinding(kind: .chainFailed, message: message))
        }
        let keys = keyChecks(entry)
        for key in keys {
            if key.matches == false {
                findings.append(CertificateFinding(
                    kind: .keyMismatch,
                    message: "private key \(key.location) does not match the certificate's public key"))
            } else if let error = key.error {
                findings.append(CertificateFinding(kind: .keyUnreadable, message: "private key \(key.location): \(error)"))
            }
        }
        findings.append(contentsOf: sanFindings(entry))

        return CheckedCertificate(
            name: entry.details.isCA ? (entry.authorityName ?? name(ofAuthority: entry)) : entry.name,
            locations: [entry.location],
            details: entry.details,
            isAuthority: entry.details.isCA,
            authority: signer.map(name(ofAuthority:)),
            chain: chain,
            privateKeys: keys,
            findings: findings,
            residualTime: entry.details.notAfter.timeIntervalSince(now)
        )
    }

    // MARK: - Validity period

    private func expiryFindings(_ details: CertificateDetails) -> [CertificateFinding] {
        let expires = CertificateDateFormat.display(details.notAfter)
        if now < details.notBefore {
            return [CertificateFinding(
                kind: .notYetValid,
                message: "not valid before \(CertificateDateFormat.display(details.notBefore))")]
        }
        let residual = details.notAfter.timeIntervalSince(now)
        if residual <= 0 {
            return [CertificateFinding(
                kind: .expired,
                message: "expired on \(expires), \(CertificateDateFormat.duration(-residual)) ago")]
        }
        if residual < warningWindow {
            return [CertificateFinding(
                kind: .expiresSoon,
                message: "expires on \(expires), in \(CertificateDateFormat.duration(residual)), within the warning window of \(CertificateDateFormat.duration(warningWindow))")]
        }
        return []
    }

    // MARK: - Chain

    /// Finds the certificate's signer among the distinct certificates and
    /// follows the signers up to a self-signed root.
    private func chainStatus(of entry: FoundCertificate) -> (ChainStatus, FoundCertificate?) {
        let details = entry.details
        if details.isSelfSigned {
            if let failure = expectationFailure(entry, signer: nil) { return (.failed(failure), nil) }
            return (.selfSigned, nil)
        }
        guard let signer = signer(of: entry) else {
            let sameName = distinct.filter {
                $0.details.sha256Fingerprint != details.sha256Fingerprint && entry.certificate.namesIssuer($0.certificate)
            }
            if let impostor = sameName.first {
                return (.failed(
                    "issuer \"\(details.issuer)\" is the subject of \(name(ofAuthority: impostor)) (\(impostor.location)), "
                        + "but that CA's key does not verify the signature: the certificate was signed by another CA with the same name"
                ), nil)
            }
            if let failure = expectationFailure(entry, signer: nil) { return (.failed(failure), nil) }
            return (.incomplete(path: [], missingIssuer: details.issuer), nil)
        }
        if let failure = expectationFailure(entry, signer: signer) { return (.failed(failure), signer) }

        var path = [signer]
        var current = signer
        while !current.details.isSelfSigned {
            guard path.count < 10, let next = self.signer(of: current),
                !path.contains(where: { $0 === next })
            else {
                let names = path.map(name(ofAuthority:))
                return (.incomplete(path: names, missingIssuer: current.details.issuer), signer)
            }
            path.append(next)
            current = next
        }
        let root = path.removeLast()
        if let reason = ChainVerification.failureReason(
            leaf: entry.certificate, intermediates: path.map(\.certificate), root: root.certificate)
        {
            return (.failed("chain verification failed: \(reason)"), signer)
        }
        return (.complete((path + [root]).map(name(ofAuthority:))), signer)
    }

    private func signer(of entry: FoundCertificate) -> FoundCertificate? {
        let fingerprint = entry.details.sha256Fingerprint
        return distinct.first {
            $0.details.sha256Fingerprint != fingerprint && entry.certificate.isSigned(by: $0.certificate)
        }
    }

    /// Checks the CA that the certificate's location requires, when that CA
    /// was found in the scan, and returns the message of a mismatch.
    private func expectationFailure(_ entry: FoundCertificate, signer: FoundCertificate?) -> String? {
        guard let expectation = entry.expectedAuthority else { return nil }
        let signerName = signer.map { "\(name(ofAuthority: $0)) (\($0.location))" }
            ?? (entry.details.isSelfSigned ? "itself" : "an unknown CA \"\(entry.details.issuer)\"")
        switch expectation {
        case .named(let expected):
            let candidates = distinct.filter { authorityNames[$0.details.sha256Fingerprint] == expected }
            guard !candidates.isEmpty else { return nil }
            if candidates.contains(where: { $0 === signer || entry.certificate.isSigned(by: $0.certificate) }) { return nil }
            return "signed by \(signerName), not by \(expected) (\(candidates[0].location))"
        case .oneOf(let fingerprints, let description):
            guard !fingerprints.isEmpty else { return nil }
            if let signer, fingerprints.contains(signer.details.sha256Fingerprint) { return nil }
            let candidates = distinct.filter { fingerprints.contains($0.details.sha256Fingerprint) }
            if candidates.contains(where: { entry.certificate.isSigned(by: $0.certificate) }) { return nil }
            return "signed by \(signerName), not by \(description)"
        }
    }

    // MARK: - Private key

    private func keyChecks(_ entry: FoundCertificate) -> [PrivateKeyCheck] {
        guard let found = entry.key else { return [] }
        if let error = found.error {
            return [PrivateKeyCheck(location: found.location, format: nil, publicKey: nil, matches: nil, error: error)]
        }
        // A bundle may carry several keys; the certificate's own key is the one that matches.
        let matching = found.entries.first { $0.key.map(entry.certificate.matches) ?? false }
        guard let chosen = matching ?? found.entries.first else { return [] }
        return [PrivateKeyCheck(
            location: found.location,
            format: chosen.format,
            publicKey: chosen.key?.publicKey,
            matches: chosen.key.map { _ in matching != nil },
            error: nil
        )]
    }

    // MARK: - Subject alternative names

    private func sanFindings(_ entry: FoundCertificate) -> [CertificateFinding] {
        guard let role = entry.etcdRole else { return [] }
        guard let member = members.first(where: { $0.name == role.member }) else { return [] }
        let urls = role.kind == .server ? member.clientURLs : member.peerURLs
        let what = role.kind == .server ? "client" : "peer"
        let memberName = member.name.map { "member \($0)" } ?? "the local member"
        return EtcdMemberAddresses.hosts(of: urls)
            .filter { !entry.certificate.matches(host: $0) }
            .map {
                CertificateFinding(
                    kind: .sanMissing,
                    message: "SANs do not include \($0), an advertised \(what) address of \(memberName) (\(member.source))")
            }
    }
}
