import Foundation

extension CertificateReport {
    /// Prints the result as one JSON document for monitoring: every field of every
    /// certificate, the findings with their severity, the inputs that could
    /// not be checked, the summary line and the exit code. The keys of every
    /// object are sorted, so two runs over the same files print the same text.
    public static func json(_ result: CertificateCheckResult) -> String {
        let document = Document(
            checkedAt: CertificateDateFormat.rfc3339(result.checkedAt),
            warningWindowSeconds: Int(result.warningWindow),
            exitCode: result.exitCode,
            summary: summary(result),
            counts: Counts(result),
            certificates: result.certificates.map(Row.init),
            authorities: result.authorities.map(Row.init),
            errors: result.errors
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // JSONEncoder throws only for non-finite floating-point numbers, and
        // the document contains none.
        let data = try! encoder.encode(document)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private struct Document: Encodable {
        var checkedAt: String
        var warningWindowSeconds: Int
        var exitCode: Int32
        var summary: String
        var counts: Counts
        var certificates: [Row]
        var authorities: [Row]
        var errors: [String]
    }

    /// Number of certificates with each kind of finding, every kind present
    /// so that monitoring can read a fixed set of fields.
    private struct Counts: Encodable {
        var expired: Int
        var notYetValid: Int
        var expiresSoon: Int
        var chainFailed: Int
        var keyMismatch: Int
        var keyUnreadable: Int
        var sanMissing: Int
        /// Inputs that could not be read or parsed.
        var notChecked: Int

        init(_ result: CertificateCheckResult) {
            let counts = result.counts
            expired = counts[.expired] ?? 0
            notYetValid = counts[.notYetValid] ?? 0
            expiresSoon = counts[.expiresSoon] ?? 0
            chainFailed = counts[.chainFailed] ?? 0
            keyMismatch = counts[.keyMismatch] ?? 0
            keyUnreadable = counts[.keyUnreadable] ?? 0
            sanMissing = counts[.sanMissing] ?? 0
            notChecked = result.errors.count
        }
    }

    private struct Row: Encodable {
        var name: String
        var status: String
        var severity: String
        var locations: [String]
        var subject: String
        var issuer: String
        var serialNumber: String
        var notBefore: String
        var notAfter: String
        /// notAfter exactly as `openssl x509 -noout -enddate` prints it.
        var notAfterOpenSSL: String
        var residualSeconds: Int
        var authority: String?
        var chain: Chain
        var publicKey: PublicKey
        var subjectAlternativeNames: [String]
        var keyUsage: [String]
        var extendedKeyUsage: [String]
        var isCA: Bool
        var sha256Fingerprint: String
        var privateKeys: [Key]
        var findings: [Finding]

        init(_ row: CheckedCertificate) {
            let details = row.details
            name = row.name
            status = CertificateReport.status(row)
            severity = Self.text(row.severity)
            locations = row.locations
            subject = details.subject
            issuer = details.issuer
            serialNumber = details.serialNumber
            notBefore = CertificateDateFormat.rfc3339(details.notBefore)
            notAfter = CertificateDateFormat.rfc3339(details.notAfter)
            notAfterOpenSSL = details.notAfterText
            residualSeconds = Int(row.residualTime.rounded(.down))
            authority = row.authority
            chain = Chain(row.chain)
            publicKey = PublicKey(
                algorithm: details.publicKey.algorithm.rawValue, bits: details.publicKey.bits,
                curve: details.publicKey.curve, description: details.publicKey.description)
            subjectAlternativeNames = details.subjectAlternativeNames
            keyUsage = details.keyUsage
            extendedKeyUsage = details.extendedKeyUsage
            isCA = details.isCA
            sha256Fingerprint = details.sha256Fingerprint
            privateKeys = row.privateKeys.map {
                Key(location: $0.location, format: $0.format?.rawValue, publicKey: $0.publicKey?.description,
                    matches: $0.matches, error: $0.error)
            }
            findings = row.findings.map {
                Finding(kind: $0.kind.rawValue, severity: Self.text($0.severity), message: $0.message)
            }
        }

        static func text(_ severity: Severity) -> String {
            switch severity {
            case .ok: return "ok"
            case .warning: return "warning"
            case .error: return "error"
            }
        }
    }

    private struct Chain: Encodable {
        /// selfSigned, complete, incomplete or failed.
        var status: String
        var path: [String]?
        var missingIssuer: String?
        var message: String?

        init(_ chain: ChainStatus) {
            switch chain {
            case .selfSigned:
                status = "selfSigned"
            case .complete(let path):
                status = "complete"
                self.path = path
            case .incomplete(let path, let missingIssuer):
                status = "incomplete"
                self.path = path
                self.missingIssuer = missingIssuer
            case .failed(let message):
                status = "failed"
                self.message = message
            }
        }
    }

    private struct PublicKey: Encodable {
        var algorithm: String
        var bits: Int
        var curve: String?
        var description: String
    }

    private struct Key: Encodable {
        var location: String
        var format: String?
        var publicKey: String?
        var matches: Bool?
        var error: String?
    }

    private struct Finding: Encodable {
        var kind: String
        var severity: String
        var message: String
    }
}
