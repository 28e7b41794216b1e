import Certificates
import Foundation
import Testing

/// `ketcd certs FILE...`: explicit files in every encoding, and bad input
/// that must give one line each without stopping the scan.
@Suite struct FileScanTests {
    /// Checks files given by node path, with the PKI's root as the root that
    /// kubeconfig file references resolve in.
    func scan(_ pki: TestPKI, _ nodePaths: [String]) -> CertificateCheckResult {
        let inventory = CertificateInventory()
        CertificateDiscovery(root: pki.root.path).scanFiles(nodePaths.map(pki.path), into: inventory)
        return inventory.check(now: pki.now, warningWindow: 30 * 86_400)
    }

    @Test func derCertificateAndKey() throws {
        let pki = try TestPKI()
        let ca = try pki.makeCA("/der/ca.crt", commonName: "der-ca", keyType: .rsa)
        let leaf = try pki.makeLeaf("/der/server.pem", subject: "/CN=server", issuer: ca, keyType: .rsa)
        try pki.openssl(["x509", "-in", leaf.certificate, "-outform", "DER", "-out", pki.path("/der/server.der")])
        // `openssl pkey -outform DER` writes PKCS#1 for RSA; pkcs8 -topk8 keeps PKCS#8.
        try pki.openssl(["pkcs8", "-topk8", "-nocrypt", "-in", leaf.key, "-outform", "DER", "-out", pki.path("/der/server-key.der")])
        try pki.openssl(["x509", "-in", ca.certificate, "-outform", "DER", "-out", pki.path("/der/ca.der")])
        // The DER key replaces the PEM key beside the certificate.
        try FileManager.default.removeItem(atPath: leaf.key)
        try FileManager.default.moveItem(atPath: pki.path("/der/server-key.der"), toPath: pki.path("/der/server.key"))

        let result = scan(pki, ["/der/server.der", "/der/ca.der"])
        #expect(result.errors == [])
        let server = try #require(result.certificates.first)
        #expect(server.name == "server")
        #expect(server.authority == "der-ca")
        #expect(server.privateKeys.first?.matches == true)
        #expect(server.privateKeys.first?.format == .pkcs8)
        #expect(server.details.notAfterText == (try pki.openSSLEndDate(pki.path("/der/server.der"), der: true)))
        #expect(result.authorities.map(\.name) == ["der-ca"])
        #expect(result.exitCode == 0)
    }

    @Test func derTraditionalKeys() throws {
        let pki = try TestPKI()
        let ca = try pki.makeCA("/der/ca.crt", commonName: "der-ca")
        for (name, type, format) in [("rsa", TestPKI.KeyType.rsa, Certificates.PrivateKeyFormat.pkcs1), ("ec", .ecdsa, .sec1)] {
            let leaf = try pki.makeLeaf("/der/\(name).crt", subject: "/CN=\(name)", issuer: ca, keyType: type)
            try pki.openssl(["pkey", "-in", leaf.key, "-traditional", "-outform", "DER", "-out", leaf.key + ".der"])
            try FileManager.default.removeItem(atPath: leaf.key)
            try FileManager.default.moveItem(atPath: leaf.key + ".der", toPath: leaf.key)
            let result = scan(pki, ["/der/\(name).crt"])
            #expect(result.certificates.first?.privateKeys.first?.format == format, "\(name)")
            #expect(result.certificates.first?.privateKeys.first?.matches == true, "\(name)")
        }
    }

    @Test func badFilesGiveOneLineEach() throws {
        let pki = try TestPKI()
        let ca = try pki.makeCA("/files/ca.crt", commonName: "files-ca")
        try pki.makeLeaf("/files/good.crt", subject: "/CN=good", issuer: ca)
        try pki.write("this is not a certificate\n", to: "/files/garbage.crt")
        try pki.write("-----BEGIN CERTIFICATE-----\nbm90IGJhc2U2NCBhdCBhbGwh!!!\n-----END CERTIFICATE-----\n", to: "/files/bad-base64.pem")
        try pki.openssl(["x509", "-in", pki.path("/files/good.crt"), "-outform", "DER", "-out", pki.path("/files/full.der")])
        let der = try Data(contentsOf: URL(fileURLWithPath: pki.path("/files/full.der")))
        try der.prefix(der.count / 2).write(to: URL(fileURLWithPath: pki.path("/files/truncated.der")))
        try FileManager.default.createSymbolicLink(atPath: pki.path("/files/dangling.crt"), withDestinationPath: pki.path("/files/missing.crt"))
        try pki.write("", to: "/files/empty.crt")
        #expect(mkfifo(pki.path("/files/fifo.crt"), 0o600) == 0)

        let result = scan(pki, ["/files/garbage.crt", "/files/bad-base64.pem", "/files/truncated.der", "/files/dangling.crt",
                                "/files/empty.crt", "/files", "/files/fifo.crt", "/files/good.crt", "/files/ca.crt"])
        let directory = pki.path("/files")
        #expect(result.errors.count == 7)
        #expect(result.errors.contains("\(directory)/garbage.crt: not a PEM file and not a DER certificate or key"))
        #expect(result.errors.contains { $0.hasPrefix("\(directory)/bad-base64.pem: invalid PEM block after 0 valid block(s): ") })
        #expect(result.errors.contains { $0.hasPrefix("\(directory)/truncated.der: invalid DER certificate (\(der.count / 2) bytes): ") })
        #expect(result.errors.contains("\(directory)/dangling.crt: cannot open: No such file or directory"))
        #expect(result.errors.contains("\(directory)/empty.crt: file is empty"))
        #expect(result.errors.contains("\(directory): is a directory, not a certificate file"))
        #expect(result.errors.contains("\(directory)/fifo.crt: is not a regular file"))
        for error in result.errors {
            #expect(!error.contains("\n"))
        }

        // The scan went on: the good certificate was checked.
        #expect(result.certificates.map(\.name) == ["good"])
        #expect(result.certificates.first?.findings == [])
        #expect(result.exitCode == 2)
        #expect(CertificateReport.summary(result) == "CRITICAL: 7 not checked (of 1 certificate and 1 certificate authority)")
        let table = CertificateReport.table(result, wide: false)
        #expect(table.contains("\nNOT CHECKED\n\(directory)/garbage.crt: not a PEM file and not a DER certificate or key\n"))
    }

    @Test func keyFormatsAndEncryption() throws {
        let pki = try TestPKI()
        let ca = try pki.makeCA("/keys/ca.crt", commonName: "keys-ca")
        let cases: [(String, TestPKI.KeyType, TestPKI.KeyFormat, Certificates.PrivateKeyFormat, String)] = [
            ("rsa-pkcs1", .rsa, .traditional, .pkcs1, "RSA 2048"),
            ("rsa-pkcs8", .rsa, .pkcs8, .pkcs8, "RSA 2048"),
            ("ec-sec1", .ecdsa, .traditional, .sec1, "ECDSA P-256"),
            ("ec-pkcs8", .ecdsa, .pkcs8, .pkcs8, "ECDSA P-256"),
            ("ed25519", .ed25519, .pkcs8, .pkcs8, "Ed25519"),
            ("encrypted", .ecdsa, .encryptedPKCS8, .pkcs8Encrypted, "ECDSA P-256"),
        ]
        for (name, type, format, _, _) in cases {
            try pki.makeLeaf("/keys/\(name).crt", subject: "/CN=\(name)", issuer: ca, keyType: type, keyFormat: format)
        }
        let result = scan(pki, cases.map { "/keys/\($0.0).crt" })
        #expect(result.errors == [])
        for (name, _, _, expectedFormat, expectedKey) in cases {
            let row = try #require(result.certificates.first { $0.name == name })
            #expect(row.details.publicKey.description == expectedKey, "\(name)")
            #expect(row.privateKeys.first?.format == expectedFormat, "\(name)")
            #expect(row.privateKeys.first?.matches == (expectedFormat.isEncrypted ? nil : true), "\(name)")
            #expect(row.findings == [], "\(name)")
        }
        #expect(result.exitCode == 0)
    }

    @Test func certificateAndKeyInOneFile() throws {
        let pki = try TestPKI()
        let ca = try pki.makeCA("/combined/ca.crt", commonName: "combined-ca")
        let good = try pki.makeLeaf("/combined/a.crt", subject: "/CN=a", issuer: ca)
        let other = try pki.makeLeaf("/combined/b.crt", subject: "/CN=b", issuer: ca)
        try pki.write(try pki.read("/combined/a.crt") + String(contentsOfFile: good.key, encoding: .utf8), to: "/combined/matching.pem")
        try pki.write(try pki.read("/combined/a.crt") + String(contentsOfFile: other.key, encoding: .utf8), to: "/combined/mismatched.pem")

        let result = scan(pki, ["/combined/matching.pem", "/combined/mismatched.pem"])
        #expect(result.certificates.first { $0.name == "matching" }?.privateKeys.first?.matches == true)
        let mismatched = try #require(result.certificates.first { $0.name == "mismatched" })
        #expect(mismatched.findings.map(\.kind) == [.keyMismatch])
        // The CA was not given, so the chain is incomplete but not failed.
        #expect(mismatched.chain == .incomplete(path: [], missingIssuer: "CN = combined-ca"))
        #expect(result.exitCode == 2)
    }

    @Test func kubeconfigFileChecked() throws {
        let pki = try TestPKI()
        _ = try KubeadmTree(pki)
        let result = scan(pki, ["/etc/kubernetes/admin.conf", "/etc/kubernetes/kubelet.conf"])
        #expect(result.errors == [])
        #expect(result.certificates.map(\.name).sorted() == ["admin.conf", "kubelet.conf"])
        for row in result.certificates {
            #expect(row.authority == "kubernetes", "\(row.name)")
            #expect(row.privateKeys.first?.matches == true, "\(row.name)")
        }
    }

    @Test func kubeconfigBadDataFieldNamed() throws {
        let pki = try TestPKI()
        _ = try KubeadmTree(pki)
        let admin = try pki.read("/etc/kubernetes/admin.conf")
        // The client certificate replaced by text outside the base64
        // alphabet, and by a YAML tag with no value after it.
        for (replacement, message) in [("'!!!notbase64'", "client-certificate-data is not valid base64"),
                                       ("!!!notbase64", "client-certificate-data is empty")] {
            let lines = admin.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.contains("client-certificate-data:")
                    ? line.prefix { $0 != ":" } + ": " + replacement : String(line)
            }
            try pki.write(lines.joined(separator: "\n"), to: "/etc/kubernetes/bad.conf")

            let result = scan(pki, ["/etc/kubernetes/bad.conf"])
            #expect(result.certificates.isEmpty)
            #expect(result.errors.count == 1)
            let error = try #require(result.errors.first)
            #expect(error.hasSuffix("(user kubernetes-admin: client-certificate-data): \(message)"), "\(error)")
            #expect(result.exitCode == 2)
        }
    }

    @Test func durationsParse() {
        #expect(CertificateDateFormat.parseDuration("30d") == TimeInterval(30 * 86_400))
        #expect(CertificateDateFormat.parseDuration("12h") == TimeInterval(12 * 3600))
        #expect(CertificateDateFormat.parseDuration("90m") == TimeInterval(90 * 60))
        #expect(CertificateDateFormat.parseDuration("1d12h") == TimeInterval(36 * 3600))
        #expect(CertificateDateFormat.parseDuration("7") == TimeInterval(7 * 86_400))
        #expect(CertificateDateFormat.parseDuration("0") == TimeInterval(0))
        #expect(CertificateDateFormat.parseDuration("30x") == nil)
        #expect(CertificateDateFormat.parseDuration("d") == nil)
        #expect(CertificateDateFormat.parseDuration("12h5") == nil)
        #expect(CertificateDateFormat.parseDuration("") == nil)
    }
}
