import EtcdTestSupport
import Foundation
import Testing

/// The `ketcd certs` command, run as a process: output layout and exit status.
@Suite struct CertsCommandTests {
    func ketcd(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(TestEnvironment.ketcdPath, ["certs"] + arguments)
    }

    @Test func healthyTreeExitsZero() throws {
        let tree = try KubeadmTree(TestPKI())
        let result = try ketcd(["--root", tree.pki.root.path])
        #expect(result.status == 0)
        #expect(result.errorOutput == "")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("CERTIFICATE ") == true)
        #expect(lines.last == "OK: 14 certificates and 4 certificate authorities, all valid for more than 30d")

        // Every EXPIRES cell equals openssl's notAfter, at the minute kubeadm shows.
        for name in ["apiserver", "etcd-server", "front-proxy-client"] {
            let line = try #require(lines.first { $0.hasPrefix(name + " ") })
            let file = tree.pki.path(try #require(line.split(separator: " ").last.map(String.init)))
            let openssl = try #require(KubeadmScanTests.parseOpenSSLDate(try tree.pki.openSSLEndDate(file)))
            #expect(line.contains(KubeadmScanTests.kubeadmDisplay(openssl)), "\(name)")
        }
    }

    @Test func expiringWithinWarnExitsOne() throws {
        let tree = try KubeadmTree(TestPKI())
        try tree.pki.makeLeaf("/etc/kubernetes/pki/front-proxy-client.crt", subject: "/CN=front-proxy-client",
                              issuer: tree.frontProxyCA, validity: .expiringInDays(10), usage: "clientAuth")
        let warned = try ketcd(["--root", tree.pki.root.path])
        #expect(warned.status == 1)
        #expect(warned.output.hasSuffix("WARNING: 1 expiring within 30d (of 14 certificates and 4 certificate authorities)\n"))

        // A window shorter than the residual time passes.
        let passed = try ketcd(["--root", tree.pki.root.path, "--warn", "216h"])
        #expect(passed.status == 0)
        #expect(passed.output.hasSuffix("OK: 14 certificates and 4 certificate authorities, all valid for more than 9d\n"))
    }

    @Test func expiredExitsTwoWithJSON() throws {
        let tree = try KubeadmTree(TestPKI())
        try tree.pki.makeLeaf("/etc/kubernetes/pki/etcd/server.crt", subject: "/CN=master-0", issuer: tree.etcdCA,
                              validity: .expired, alternativeNames: KubeadmTree.etcdAddresses)
        let result = try ketcd(["--root", tree.pki.root.path, "-o", "json"])
        #expect(result.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["exitCode"] as? Int == 2)
        #expect(object["summary"] as? String == "CRITICAL: 1 expired (of 14 certificates and 4 certificate authorities)")
        let rows = try #require(object["certificates"] as? [[String: Any]])
        let server = try #require(rows.first { $0["name"] as? String == "etcd-server" })
        #expect(server["status"] as? String == "EXPIRED")
        #expect(server["notAfterOpenSSL"] as? String == (try tree.pki.openSSLEndDate(tree.pki.path("/etc/kubernetes/pki/etcd/server.crt"))))
    }

    @Test func wideAddsDetails() throws {
        let tree = try KubeadmTree(TestPKI())
        let result = try ketcd(["--root", tree.pki.root.path, "-o", "wide"])
        #expect(result.status == 0)
        let header = try #require(result.output.split(separator: "\n").first)
        let columns = header.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(columns == "CERTIFICATE EXPIRES RESIDUAL TIME CERTIFICATE AUTHORITY STATUS FOUND IN SUBJECT ISSUER NAME SERIAL KEY SANS KEY USAGE")
        let etcdClient = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("apiserver-etcd-client ") })
        #expect(etcdClient.contains("CN = kube-apiserver-etcd-client"))
        #expect(etcdClient.contains(" Ed25519 "))
    }

    @Test func filesAndBadInput() throws {
        let pki = try TestPKI()
        let ca = try pki.makeCA("/files/ca.crt", commonName: "files-ca")
        try pki.makeLeaf("/files/good.crt", subject: "/CN=good", issuer: ca)
        try pki.write("garbage\n", to: "/files/garbage.pem")
        let result = try ketcd([pki.path("/files/garbage.pem"), pki.path("/files/good.crt"), pki.path("/files/missing.crt")])
        #expect(result.status == 2)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(pki.path("/files/garbage.pem")): not a PEM file and not a DER certificate or key"))
        #expect(lines.contains("\(pki.path("/files/missing.crt")): cannot open: No such file or directory"))
        #expect(lines.contains { $0.hasPrefix("good ") })
        #expect(lines.last == "CRITICAL: 2 not checked (of 1 certificate and 0 certificate authorities)")
    }

    @Test func invalidFlagsRejected() throws {
        let warn = try ketcd(["--warn", "soon"])
        #expect(warn.status == 128)
        #expect(warn.errorOutput == "Error: invalid --warn \"soon\": expected a duration such as 30d, 72h or 90m\n")

        let output = try ketcd(["-o", "yaml"])
        #expect(output.status == 4)
        #expect(output.errorOutput == "Error: unknown output format \"yaml\": use table, wide or json\n")

        let empty = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-empty-root")
        defer { try? FileManager.default.removeItem(at: empty) }
        let nothing = try ketcd(["--root", empty.path])
        #expect(nothing.status == 128)
        #expect(nothing.errorOutput.hasPrefix("Error: no certificate location found below \(empty.path)"))
    }

    @Test func fromEtcdReadsSecrets() throws {
        let pki = try TestPKI()
        let server = try EtcdServer.start()
        defer { server.stop() }
        _ = try EtcdSecretTests.load(server, pki)

        let result = try server.ketcd(["certs", "--from-etcd"])
        #expect(result.status == 2)
        let lines = result.output.split(separator: "\n").map(String.init)
        let peer = try #require(lines.first { $0.hasPrefix("openshift-etcd/etcd-peer-default ") })
        #expect(peer.contains(" OK "))
        #expect(peer.hasSuffix("etcd /registry/secrets/openshift-etcd/etcd-peer-default (tls.crt)"))
        let serving = try #require(lines.first { $0.hasPrefix("openshift-etcd/etcd-serving-default ") })
        #expect(serving.contains(" EXPIRED "))
        #expect(lines.last == "CRITICAL: 1 expired, 1 missing advertised etcd addresses in SANs, 1 expiring within 30d, 1 not checked (of 3 certificates and 2 certificate authorities)")

        server.stop()
        let offline = try ketcd(["--db", server.databasePath])
        #expect(offline.status == 2)
        #expect(offline.output.split(separator: "\n").last == "CRITICAL: 1 expired, 1 expiring within 30d, 1 not checked (of 3 certificates and 2 certificate authorities)")
    }
}
