import Foundation

/// Prints a `CertificateCheckResult` as tables in the layout of `kubeadm
/// certs check-expiration`, or as JSON for monitoring.
public enum CertificateReport {
    /// Prints the tables, the problems, the inputs that could not be checked
    /// and the summary line. `wide` adds subject, issuer, serial, key, SANs and key usage.
    public static func table(_ result: CertificateCheckResult, wide: Bool) -> String {
        var sections: [String] = []

        if !result.certificates.isEmpty {
            var rows = [["CERTIFICATE", "EXPIRES", "RESIDUAL TIME", "CERTIFICATE AUTHORITY", "STATUS", "FOUND IN"]
                + (wide ? wideHeader : [])]
            for row in result.certificates {
                rows.append([
                    row.name, CertificateDateFormat.display(row.details.notAfter), residual(row),
                    authorityColumn(row), status(row), locationColumn(row),
                ] + (wide ? wideColumns(row) : []))
            }
            sections.append(align(rows))
        }

        if !result.authorities.isEmpty {
            var rows = [["CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME", "ISSUER", "STATUS", "FOUND IN"]
                + (wide ? wideHeader : [])]
            for row in result.authorities {
                rows.append([
                    row.name, CertificateDateFormat.display(row.details.notAfter), residual(row),
                    authorityColumn(row), status(row), locationColumn(row),
                ] + (wide ? wideColumns(row) : []))
            }
            sections.append(align(rows))
        }

        let problems = (result.certificates + result.authorities).flatMap { row in
            row.findings.map { "\(row.name): \($0.message) [\(row.locations[0])]" }
        }
        if !problems.isEmpty {
            sections.append((["PROBLEMS"] + problems).joined(separator: "\n"))
        }
        if !result.errors.isEmpty {
            sections.append((["NOT CHECKED"] + result.errors).joined(separator: "\n"))
        }
        sections.append(summary(result))
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// Returns one line that starts with the verdict that the exit code carries
    /// (OK, WARNING, CRITICAL) and counts each kind of problem.
    public static func summary(_ result: CertificateCheckResult) -> String {
        let counts = result.counts
        let window = CertificateDateFormat.duration(result.warningWindow)
        var parts: [String] = []
        func add(_ kind: CertificateFinding.Kind, _ text: (Int) -> String) {
            if let count = counts[kind], count > 0 { parts.append(text(count)) }
        }
        add(.expired) { "\($0) expired" }
        add(.notYetValid) { "\($0) not yet valid" }
        add(.chainFailed) { "\($0) failed the chain check" }
        add(.keyMismatch) { "\($0) with a private key that does not match" }
        add(.keyUnreadable) { "\($0) with an unreadable private key" }
        add(.sanMissing) { "\($0) missing advertised etcd addresses in SANs" }
        add(.expiresSoon) { "\($0) expiring within \(window)" }
        if !result.errors.isEmpty { parts.append("\(result.errors.count) not checked") }

        let total = "\(result.certificates.count) certificate\(result.certificates.count == 1 ? "" : "s") and "
            + "\(result.authorities.count) certificate authorit\(result.authorities.count == 1 ? "y" : "ies")"
        switch result.exitCode {
        case 0:
            if result.certificates.isEmpty && result.authorities.isEmpty {
                return "OK: no certificates found"
            }
            return "OK: \(total), all valid for more than \(window)"
        case 1:
            return "WARNING: " + parts.joined(separator: ", ") + " (of \(total))"
        default:
            return "CRITICAL: " + parts.joined(separator: ", ") + " (of \(total))"
        }
    }

    // MARK: - Columns

    private static let wideHeader = ["SUBJECT", "ISSUER NAME", "SERIAL", "KEY", "SANS", "KEY USAGE"]

    private static func wideColumns(_ row: CheckedCertificate) -> [String] {
        let details = row.details
        let usage = details.keyUsage + details.extendedKeyUsage
        return [
            details.subject, details.issuer, details.serialNumber, details.publicKey.description,
            details.subjectAlternativeNames.isEmpty ? "-" : details.subjectAlternativeNames.joined(separator: ","),
            usage.isEmpty ? "-" : usage.joined(separator: ","),
        ]
    }

    private static func residual(_ row: CheckedCertificate) -> String {
        if row.findings.contains(where: { $0.kind == .notYetValid }) { return "not yet valid" }
        if row.residualTime <= 0 { return "expired" }
        return CertificateDateFormat.duration(row.residualTime)
    }

    private static func authorityColumn(_ row: CheckedCertificate) -> String {
        if let authority = row.authority { return authority }
        switch row.chain {
        case .selfSigned: return "self-signed"
        case .failed: return "\(issuerName(row.details)) (not verified)"
        case .complete, .incomplete: return "\(issuerName(row.details)) (not found)"
        }
    }

    /// Returns the issuer's common name, taken from the issuer text "…, CN = name".
    private static func issuerName(_ details: CertificateDetails) -> String {
        if let range = details.issuer.range(of: "CN = ", options: .backwards) {
            let rest = details.issuer[range.upperBound...]
            return String(rest.prefix { $0 != "," })
        }
        return details.issuer
    }

    /// Returns the row's most serious problem in one word or two, as the STATUS column shows it.
    static func status(_ row: CheckedCertificate) -> String {
        let kinds = Set(row.findings.map(\.kind))
        let order: [(CertificateFinding.Kind, String)] = [
            (.expired, "EXPIRED"), (.notYetValid, "NOT YET VALID"), (.chainFailed, "BAD CHAIN"),
            (.keyMismatch, "KEY MISMATCH"), (.keyUnreadable, "BAD KEY"), (.sanMissing, "SAN MISSING"),
            (.expiresSoon, "EXPIRING"),
        ]
        return order.first { kinds.contains($0.0) }?.1 ?? "OK"
    }

    private static func locationColumn(_ row: CheckedCertificate) -> String {
        row.locations.count > 1 ? "\(row.locations[0]) (+\(row.locations.count - 1) more)" : row.locations[0]
    }

    /// Pads every column but the last to its widest cell plus three spaces,
    /// as kubeadm's tabwriter output does.
    private static func align(_ rows: [[String]]) -> String {
        guard let columnCount = rows.first?.count else { return "" }
        var widths = [Int](repeating: 0, count: columnCount)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }
}
