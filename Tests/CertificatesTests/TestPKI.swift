import EtcdTestSupport
import Foundation
import Testing

/// Certificates made by the openssl command under a temporary node root, with
/// explicit validity dates (`openssl ca -startdate/-enddate`, because
/// OpenSSL 3.0's `x509 -req` has no way to set them).
final class TestPKI {
    enum KeyType {
        case rsa
        case ecdsa
        case ed25519
    }

    enum KeyFormat {
        /// "RSA PRIVATE KEY" or "EC PRIVATE KEY": PKCS#1 or SEC 1.
        case traditional
        /// "PRIVATE KEY".
        case pkcs8
        /// "ENCRYPTED PRIVATE KEY".
        case encryptedPKCS8
    }

    enum Validity {
        case valid
        case expiringInDays(Int)
        case expired
        case notYetValid
    }

    /// A certificate and key written under the root.
    struct Issued {
        var certificate: String
        var key: String
    }

    /// The fake node root.
    let root: URL
    /// State of `openssl ca` (database, serial) and scratch files, outside the root.
    let work: URL
    let now = Date()

    init() throws {
        root = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-certs-root")
        work = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-certs-work")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("newcerts"), withIntermediateDirectories: true)
        try "".write(to: work.appendingPathComponent("index.txt"), atomically: true, encoding: .utf8)
        try "1000\n".write(to: work.appendingPathComponent("serial"), atomically: true, encoding: .utf8)
        try """
            [ca]
            default_ca = test_ca
            [test_ca]
            database = \(work.path)/index.txt
            new_certs_dir = \(work.path)/newcerts
            serial = \(work.path)/serial
            default_md = sha256
            policy = policy_any
            unique_subject = no
            email_in_dn = no
            [policy_any]
            commonName = optional
            organizationName = optional
            """.write(to: work.appendingPathComponent("ca.cnf"), atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
        try? FileManager.default.removeItem(at: work)
    }

    /// Returns the absolute path below the root of a node path such as `/etc/kubernetes/pki/ca.crt`.
    func path(_ nodePath: String) -> String {
        root.path + nodePath
    }

    func write(_ text: String, to nodePath: String) throws {
        let url = URL(fileURLWithPath: path(nodePath))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ nodePath: String) throws -> String {
        try String(contentsOfFile: path(nodePath), encoding: .utf8)
    }

    // MARK: - Issuing

    /// Makes a self-signed CA at `nodePath` (`.crt`, with the key beside it as `.key`).
    @discardableResult
    func makeCA(_ nodePath: String, commonName: String, validity: Validity = .valid, keyType: KeyType = .ecdsa) throws -> Issued {
        let issued = paths(nodePath)
        let plainKey = try makeKey(issued.key, type: keyType, format: .pkcs8)
        let request = try makeRequest(key: plainKey, subject: "/CN=\(commonName)")
        let extensions = try extensionFile(
            "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,keyEncipherment,keyCertSign\n"
                + "subjectKeyIdentifier=hash\n")
        try sign(request: request, output: issued.certificate, issuer: nil, selfSignKey: issued.key,
                 validity: validity, extensions: extensions)
        return issued
    }

    /// Makes an intermediate CA signed by `issuer`.
    @discardableResult
    func makeIntermediateCA(_ nodePath: String, commonName: String, issuer: Issued) throws -> Issued {
        let issued = paths(nodePath)
        let plainKey = try makeKey(issued.key, type: .ecdsa, format: .pkcs8)
        let request = try makeRequest(key: plainKey, subject: "/CN=\(commonName)")
        let extensions = try extensionFile(
            "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,keyCertSign\n"
                + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
        try sign(request: request, output: issued.certificate, issuer: issuer, selfSignKey: nil,
                 validity: .valid, extensions: extensions)
        return issued
    }

    /// Makes a leaf certificate at `nodePath` with its key beside it.
    @discardableResult
    func makeLeaf(
        _ nodePath: String, subject: String, issuer: Issued, validity: Validity = .valid,
        keyType: KeyType = .ecdsa, keyFormat: KeyFormat = .pkcs8,
        usage: String = "serverAuth,clientAuth", alternativeNames: String? = nil,
        keyPath: String? = nil
    ) throws -> Issued {
        var issued = paths(nodePath)
        if let keyPath { issued.key = path(keyPath) }
        let plainKey = try makeKey(issued.key, type: keyType, format: keyFormat)
        let request = try makeRequest(key: plainKey, subject: subject)
        var text = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
            + "extendedKeyUsage=\(usage)\nauthorityKeyIdentifier=keyid\n"
        if let alternativeNames { text += "subjectAltName=\(alternativeNames)\n" }
        try sign(request: request, output: issued.certificate, issuer: issuer, selfSignKey: nil,
                 validity: validity, extensions: try extensionFile(text))
        return issued
    }

    private func paths(_ nodePath: String) -> Issued {
        let certificate = path(nodePath)
        try? FileManager.default.createDirectory(
            at: URL(fileURLWithPath: certificate).deletingLastPathComponent(), withIntermediateDirectories: true)
        let stem = (certificate as NSString).deletingPathExtension
        return Issued(certificate: certificate, key: stem + ".key")
    }

    /// Writes the key in `format` to `output` and returns an unencrypted copy
    /// in the work directory, for the certificate request.
    @discardableResult
    private func makeKey(_ output: String, type: KeyType, format: KeyFormat) throws -> String {
        let generated = work.appendingPathComponent(UUID().uuidString + ".key").path
        switch type {
        case .rsa: try openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", generated])
        case .ecdsa: try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", generated])
        case .ed25519: try openssl(["genpkey", "-algorithm", "ED25519", "-out", generated])
        }
        switch format {
        case .pkcs8: try openssl(["pkey", "-in", generated, "-out", output])
        case .traditional: try openssl(["pkey", "-in", generated, "-traditional", "-out", output])
        case .encryptedPKCS8: try openssl(["pkey", "-in", generated, "-aes256", "-passout", "pass:secret", "-out", output])
        }
        return generated
    }

    private func makeRequest(key: String, subject: String) throws -> String {
        let request = work.appendingPathComponent(UUID().uuidString + ".csr").path
        try openssl(["req", "-new", "-key", key, "-subj", subject, "-out", request])
        return request
    }

    private func extensionFile(_ text: String) throws -> String {
        let file = work.appendingPathComponent(UUID().uuidString + ".ext").path
        try ("[ext]\n" + text).write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    private func sign(request: String, output: String, issuer: Issued?, selfSignKey: String?, validity: Validity, extensions: String) throws {
        let (start, end) = dates(validity)
        var arguments = [
            "ca", "-config", work.appendingPathComponent("ca.cnf").path, "-batch", "-notext", "-preserveDN",
            "-in", request, "-out", output, "-startdate", start, "-enddate", end,
            "-extfile", extensions, "-extensions", "ext",
        ]
        if let issuer {
            arguments += ["-cert", issuer.certificate, "-keyfile", issuer.key]
        } else if let selfSignKey {
            arguments += ["-selfsign", "-keyfile", selfSignKey]
        }
        try openssl(arguments)
    }

    private func dates(_ validity: Validity) -> (String, String) {
        let day: TimeInterval = 86_400
        switch validity {
        case .valid: return (Self.stamp(now - day), Self.stamp(now + 365 * day))
        case .expiringInDays(let days): return (Self.stamp(now - day), Self.stamp(now + TimeInterval(days) * day))
        case .expired: return (Self.stamp(now - 400 * day), Self.stamp(now - 2 * day))
        case .notYetValid: return (Self.stamp(now + 10 * day), Self.stamp(now + 400 * day))
        }
    }

    /// Formats a date in the ASN.1 GeneralizedTime form `openssl ca` takes: 20270101000000Z.
    private static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss'Z'"
        return formatter.string(from: date)
    }

    // MARK: - openssl

    @discardableResult
    func openssl(_ arguments: [String]) throws -> String {
        let result = try ProcessRunner.run("/usr/bin/openssl", arguments)
        guard result.status == 0 else {
            throw TestSupportError("openssl \(arguments.joined(separator: " ")) failed: \(result.errorOutput)")
        }
        return result.output
    }

    /// Writes the certificate a report location names to a file of its own and
    /// returns its path, so the openssl command can read it: a file, one
    /// certificate of a bundle ("(certificate 2 of 3)"), or a kubeconfig's
    /// embedded data ("(user admin: client-certificate-data)").
    func extractCertificate(_ location: String) throws -> String {
        guard let open = location.range(of: " (") else { return path(location) }
        let file = path(String(location[..<open.lowerBound]))
        let detail = location[open.upperBound...].dropLast()
        var text = try String(contentsOfFile: file, encoding: .utf8)
        if let field = detail.split(separator: ": ").last, field.hasSuffix("-data") {
            let line = try #require(text.split(separator: "\n").first { $0.contains("\(field): ") })
            let encoded = line.split(separator: " ").last.map(String.init) ?? ""
            text = String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
        }
        var index = 1
        if detail.hasPrefix("certificate "), let number = Int(detail.split(separator: " ")[1]) { index = number }
        let blocks = text.components(separatedBy: "-----END CERTIFICATE-----")
        let block = blocks[index - 1] + "-----END CERTIFICATE-----\n"
        let output = work.appendingPathComponent(UUID().uuidString + ".pem").path
        try block.write(toFile: output, atomically: true, encoding: .utf8)
        return output
    }

    /// `openssl x509 -noout -enddate` of the first certificate in a file, without "notAfter=".
    func openSSLEndDate(_ file: String, der: Bool = false) throws -> String {
        var arguments = ["x509", "-noout", "-enddate", "-in", file]
        if der { arguments += ["-inform", "DER"] }
        let output = try openssl(arguments).trimmingCharacters(in: .whitespacesAndNewlines)
        return String(output.dropFirst("notAfter=".count))
    }
}
