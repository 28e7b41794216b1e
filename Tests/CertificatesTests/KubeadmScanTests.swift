import Certificates
import Foundation
import Testing

/// Scans of a kubeadm node root made by openssl.
@Suite struct KubeadmScanTests {
    static let thirtyDays: TimeInterval = 30 * 86_400

    func scan(_ tree: KubeadmTree) -> CertificateCheckResult {
        let inventory = CertificateInventory()
        CertificateDiscovery(root: tree.pki.root.path).scanKnownLocations(into: inventory)
        return inventory.check(now: tree.pki.now, warningWindow: Self.thirtyDays)
    }

    func row(_ result: CertificateCheckResult, _ name: String) -> CheckedCertificate? {
        result.certificates.first { $0.name == name }
    }

    @Test func healthyTreeExitsZero() throws {
        let tree = try KubeadmTree(TestPKI())
        let result = scan(tree)

        #expect(result.errors == [])
        #expect(Set(result.certificates.map(\.name)) == KubeadmTree.certificateNames)
        #expect(result.authorities.map(\.name).sorted() == ["ca", "etcd-ca", "front-proxy-ca", "master-0-ca@1700000000"])
        for row in result.certificates + result.authorities {
            #expect(row.findings == [], "\(row.name): \(row.findings)")
        }
        #expect(result.exitCode == 0)
        #expect(CertificateReport.summary(result).hasPrefix("OK: 14 certificates and 4 certificate authorities"))
    }

    @Test func authoritiesNamedAsKubeadm() throws {
        let result = scan(try KubeadmTree(TestPKI()))
        let expected: [String: String] = [
            "apiserver": "ca", "apiserver-kubelet-client": "ca", "apiserver-etcd-client": "etcd-ca",
            "front-proxy-client": "front-proxy-ca", "etcd-server": "etcd-ca", "etcd-peer": "etcd-ca",
            "etcd-healthcheck-client": "etcd-ca", "admin.conf": "ca", "kubelet.conf": "ca",
            "kubelet-client-current": "ca", "kubelet": "master-0-ca@1700000000",
        ]
        for (name, authority) in expected {
            #expect(row(result, name)?.authority == authority, "\(name)")
            #expect(row(result, name)?.chain == .complete([authority]), "\(name)")
        }
        let ca = try #require(result.authorities.first { $0.name == "ca" })
        #expect(ca.chain == .selfSigned)
        // ca.crt plus the copy embedded in every kubeconfig.
        #expect(ca.locations.count == 6)
        #expect(ca.locations[0] == "/etc/kubernetes/pki/ca.crt")
    }

    @Test func expiryDatesEqualOpenSSL() throws {
        let tree = try KubeadmTree(TestPKI())
        let result = scan(tree)
        var compared = 0
        for row in result.certificates + result.authorities {
            for location in row.locations {
                let openssl = try tree.pki.openSSLEndDate(try tree.pki.extractCertificate(location))
                #expect(row.details.notAfterText == openssl, "\(location)")
                let parsed = try #require(Self.parseOpenSSLDate(openssl))
                #expect(row.details.notAfter == parsed, "\(location)")
                #expect(CertificateDateFormat.display(row.details.notAfter) == Self.kubeadmDisplay(parsed))
                compared += 1
            }
        }
        // 14 certificates, 4 CA files, 5 kubeconfigs with an embedded CA.
        #expect(compared == 23)
    }

    @Test func keysAndTypesReported() throws {
        let result = scan(try KubeadmTree(TestPKI()))
        let apiserver = try #require(row(result, "apiserver"))
        #expect(apiserver.details.publicKey.description == "RSA 2048")
        #expect(apiserver.privateKeys.first?.format == .pkcs1)
        #expect(apiserver.privateKeys.first?.matches == true)
        #expect(apiserver.details.dnsNames == ["kubernetes", "kubernetes.default"])
        #expect(apiserver.details.ipAddresses == ["10.96.0.1", "10.0.0.1"])
        #expect(apiserver.details.extendedKeyUsage == ["serverAuth"])
        #expect(apiserver.details.keyUsage == ["digitalSignature", "keyEncipherment"])

        let kubeletClient = try #require(row(result, "apiserver-kubelet-client"))
        #expect(kubeletClient.details.publicKey.description == "ECDSA P-256")
        #expect(kubeletClient.privateKeys.first?.format == .sec1)
        #expect(kubeletClient.privateKeys.first?.matches == true)
        #expect(kubeletClient.details.subject == "O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client")

        let etcdClient = try #require(row(result, "apiserver-etcd-client"))
        #expect(etcdClient.details.publicKey.description == "Ed25519")
        #expect(etcdClient.privateKeys.first?.format == .pkcs8)
        #expect(etcdClient.privateKeys.first?.matches == true)

        let admin = try #require(row(result, "admin.conf"))
        #expect(admin.locations == ["/etc/kubernetes/admin.conf (user kubernetes-admin: client-certificate-data)"])
        #expect(admin.privateKeys.first?.matches == true)

        let kubelet = try #require(row(result, "kubelet.conf"))
        #expect(kubelet.locations[0].hasPrefix("/var/lib/kubelet/pki/kubelet-client-current.pem (user default-auth of /etc/kubernetes/kubelet.conf"))
        #expect(kubelet.privateKeys.first?.matches == true)

        let ca = try #require(result.authorities.first { $0.name == "ca" })
        #expect(ca.details.publicKey.description == "RSA 2048")
        #expect(ca.privateKeys.first?.matches == true)
    }

    @Test func subjectEqualsOpenSSL() throws {
        let tree = try KubeadmTree(TestPKI())
        let result = scan(tree)
        for name in ["apiserver", "apiserver-kubelet-client", "etcd-server"] {
            let checked = try #require(row(result, name))
            let output = try tree.pki.openssl(["x509", "-noout", "-subject", "-serial", "-in", tree.pki.path(checked.locations[0])])
            #expect(output == "subject=\(checked.details.subject)\nserial=\(checked.details.serialNumber)\n")
        }
    }

    @Test func expiringCertificateWarns() throws {
        let tree = try KubeadmTree(TestPKI())
        try tree.pki.makeLeaf("/etc/kubernetes/pki/apiserver.crt", subject: "/CN=kube-apiserver", issuer: tree.ca,
                              validity: .expiringInDays(10), usage: "serverAuth")
        let result = scan(tree)
        let apiserver = try #require(row(result, "apiserver"))
        #expect(apiserver.findings.map(\.kind) == [.expiresSoon])
        #expect(apiserver.residualTime > 9 * 86_400)
        #expect(apiserver.residualTime <= 10 * 86_400)
        #expect(result.exitCode == 1)
        #expect(CertificateReport.summary(result) == "WARNING: 1 expiring within 30d (of 14 certificates and 4 certificate authorities)")
    }

    @Test func expiredAndNotYetValidFail() throws {
        let tree = try KubeadmTree(TestPKI())
        try tree.pki.makeLeaf("/etc/kubernetes/pki/etcd/healthcheck-client.crt", subject: "/CN=kube-etcd-healthcheck-client",
                              issuer: tree.etcdCA, validity: .expired, usage: "clientAuth")
        try tree.pki.makeLeaf("/etc/kubernetes/pki/front-proxy-client.crt", subject: "/CN=front-proxy-client",
                              issuer: tree.frontProxyCA, validity: .notYetValid, usage: "clientAuth")
        try tree.writeEmbeddedKubeconfig("scheduler.conf", user: "system:kube-scheduler", validity: .expired)
        let result = scan(tree)

        #expect(row(result, "etcd-healthcheck-client")?.findings.map(\.kind) == [.expired])
        #expect(row(result, "front-proxy-client")?.findings.map(\.kind) == [.notYetValid])
        #expect(row(result, "scheduler.conf")?.findings.map(\.kind) == [.expired])
        #expect(result.exitCode == 2)
        #expect(CertificateReport.summary(result)
            == "CRITICAL: 2 expired, 1 not yet valid (of 14 certificates and 4 certificate authorities)")

        let table = CertificateReport.table(result, wide: false)
        let line = try #require(table.split(separator: "\n").first { $0.hasPrefix("etcd-healthcheck-client ") })
        #expect(line.contains(" expired "))
        #expect(line.contains(" EXPIRED "))
    }

    @Test func mismatchedKeyFails() throws {
        let tree = try KubeadmTree(TestPKI())
        try tree.pki.openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                              "-out", tree.pki.path("/etc/kubernetes/pki/apiserver.key")])
        let result = scan(tree)
        let apiserver = try #require(row(result, "apiserver"))
        #expect(apiserver.findings.map(\.kind) == [.keyMismatch])
        #expect(apiserver.privateKeys.first?.matches == false)
        #expect(result.exitCode == 2)
    }

    @Test func certificateFromAnotherCAFails() throws {
        let tree = try KubeadmTree(TestPKI())
        // Same name as the cluster CA, different key: a regenerated CA.
        let impostor = try tree.pki.makeCA("/other/ca.crt", commonName: "kubernetes")
        try tree.pki.makeLeaf("/etc/kubernetes/pki/apiserver.crt", subject: "/CN=kube-apiserver", issuer: impostor, usage: "serverAuth")
        // Another CA's name altogether.
        let other = try tree.pki.makeCA("/other/etcd-ca.crt", commonName: "other-etcd-ca")
        try tree.pki.makeLeaf("/etc/kubernetes/pki/etcd/peer.crt", subject: "/CN=master-0", issuer: other,
                              alternativeNames: KubeadmTree.etcdAddresses)
        try FileManager.default.removeItem(atPath: tree.pki.path("/other"))
        let result = scan(tree)

        let apiserver = try #require(row(result, "apiserver"))
        #expect(apiserver.findings.map(\.kind) == [.chainFailed])
        #expect(apiserver.findings.first?.message.contains("signed by another CA with the same name") == true)
        let peer = try #require(row(result, "etcd-peer"))
        #expect(peer.findings.map(\.kind) == [.chainFailed])
        #expect(peer.findings.first?.message == "signed by an unknown CA \"CN = other-etcd-ca\", not by etcd-ca (/etc/kubernetes/pki/etcd/ca.crt)")
        #expect(result.exitCode == 2)
        #expect(CertificateReport.summary(result).hasPrefix("CRITICAL: 2 failed the chain check"))
    }

    @Test func etcdSANsCheckedAgainstManifest() throws {
        let tree = try KubeadmTree(TestPKI())
        try tree.pki.makeLeaf("/etc/kubernetes/pki/etcd/peer.crt", subject: "/CN=master-0", issuer: tree.etcdCA,
                              alternativeNames: "DNS:localhost,IP:127.0.0.1")
        let result = scan(tree)
        let peer = try #require(row(result, "etcd-peer"))
        #expect(peer.findings.map(\.kind) == [.sanMissing])
        #expect(peer.findings.first?.message
            == "SANs do not include 10.0.0.1, an advertised peer address of the local member (/etc/kubernetes/manifests/etcd.yaml)")
        #expect(row(result, "etcd-server")?.findings == [])
        #expect(result.exitCode == 2)
    }

    @Test func tableHasKubeadmColumns() throws {
        let tree = try KubeadmTree(TestPKI())
        let result = scan(tree)
        let table = CertificateReport.table(result, wide: false)
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("CERTIFICATE "))
        let columns = lines[0].split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(columns == "CERTIFICATE EXPIRES RESIDUAL TIME CERTIFICATE AUTHORITY STATUS FOUND IN")
        let apiserver = try #require(lines.first { $0.hasPrefix("apiserver ") })
        let details = try #require(row(result, "apiserver")).details
        #expect(apiserver.contains(CertificateDateFormat.display(details.notAfter)))
        #expect(apiserver.contains("   364d   ") || apiserver.contains("   365d   "))
        #expect(apiserver.hasSuffix("/etc/kubernetes/pki/apiserver.crt"))
        #expect(lines.contains { $0.hasPrefix("CERTIFICATE AUTHORITY ") })
        #expect(lines.last == "")
        #expect(lines.dropLast().last == "OK: 14 certificates and 4 certificate authorities, all valid for more than 30d")

        let wide = CertificateReport.table(result, wide: true)
        let wideLine = try #require(wide.split(separator: "\n").first { $0.hasPrefix("apiserver ") })
        #expect(wideLine.contains("RSA 2048"))
        #expect(wideLine.contains("DNS:kubernetes,DNS:kubernetes.default,IP Address:10.96.0.1,IP Address:10.0.0.1"))
        #expect(wideLine.contains("digitalSignature,keyEncipherment,serverAuth"))
    }

    @Test func jsonCarriesOpenSSLDates() throws {
        let tree = try KubeadmTree(TestPKI())
        let result = scan(tree)
        let json = CertificateReport.json(result)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["exitCode"] as? Int == 0)
        let counts = try #require(object["counts"] as? [String: Int])
        #expect(counts == ["expired": 0, "notYetValid": 0, "expiresSoon": 0, "chainFailed": 0, "keyMismatch": 0,
                           "keyUnreadable": 0, "sanMissing": 0, "notChecked": 0])
        let rows = try #require(object["certificates"] as? [[String: Any]])
        let apiserver = try #require(rows.first { $0["name"] as? String == "apiserver" })
        let openssl = try tree.pki.openSSLEndDate(tree.pki.path("/etc/kubernetes/pki/apiserver.crt"))
        #expect(apiserver["notAfterOpenSSL"] as? String == openssl)
        let parsed = try #require(Self.parseOpenSSLDate(openssl))
        #expect(apiserver["notAfter"] as? String == CertificateDateFormat.rfc3339(parsed))
        #expect(apiserver["status"] as? String == "OK")
        #expect((apiserver["chain"] as? [String: Any])?["status"] as? String == "complete")
    }

    @Test func jsonKeysSorted() throws {
        let tree = try KubeadmTree(TestPKI())
        let json = CertificateReport.json(scan(tree))
        // With two-space indentation, the top-level keys start at column 2
        // and the keys of "counts", the only object at that level, at column 4.
        #expect(Self.keys(in: json, indent: 2) == [
            "authorities", "certificates", "checkedAt", "counts", "errors", "exitCode", "summary",
            "warningWindowSeconds",
        ])
        #expect(Self.keys(in: json, indent: 4) == [
            "chainFailed", "expired", "expiresSoon", "keyMismatch", "keyUnreadable", "notChecked", "notYetValid",
            "sanMissing",
        ])
    }

    // MARK: - Helpers

    /// Parses "Jan  1 00:00:00 2027 GMT", the form `openssl x509 -enddate` prints.
    static func parseOpenSSLDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM d HH:mm:ss yyyy 'GMT'"
        let collapsed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return formatter.date(from: collapsed)
    }

    static func kubeadmDisplay(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM dd, yyyy HH:mm 'UTC'"
        return formatter.string(from: date)
    }

    /// Keys of the JSON object members printed at one indentation, in order.
    static func keys(in json: String, indent: Int) -> [String] {
        let prefix = String(repeating: " ", count: indent) + "\""
        return json.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(prefix), line.dropFirst(prefix.count).first != " " else { return nil }
            return String(line.dropFirst(prefix.count).prefix { $0 != "\"" })
        }
    }
}
