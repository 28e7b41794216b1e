import Certificates
import Foundation
import Testing

/// Scans of an OpenShift 4 control plane node's static-pod-resources made by openssl.
@Suite struct OpenShiftScanTests {
    static let resources = "/etc/kubernetes/static-pod-resources"
    static let etcdSecrets = "\(resources)/etcd-certs/secrets"
    static let nodes = ["master-0", "master-1", "master-2"]

    /// Writes the etcd-certs secrets and CA bundles of a three-node cluster,
    /// two revisions of a kube-apiserver pod directory, and a serving
    /// certificate whose tls.crt carries an intermediate CA.
    static func makeTree(_ pki: TestPKI) throws {
        let signer = try pki.makeCA("/work-ca/etcd-signer.crt", commonName: "openshift-etcd_etcd-signer@1700000000")
        let metricsSigner = try pki.makeCA("/work-ca/etcd-metric-signer.crt", commonName: "openshift-etcd_etcd-metric-signer@1700000000")
        try pki.write(try pki.read("/work-ca/etcd-signer.crt"), to: "\(resources)/etcd-certs/configmaps/etcd-peer-client-ca/ca-bundle.crt")
        try pki.write(try pki.read("/work-ca/etcd-signer.crt"), to: "\(resources)/etcd-certs/configmaps/etcd-serving-ca/ca-bundle.crt")
        try pki.write(try pki.read("/work-ca/etcd-metric-signer.crt"), to: "\(resources)/etcd-certs/configmaps/etcd-metrics-proxy-serving-ca/ca-bundle.crt")

        for (index, node) in nodes.enumerated() {
            let address = "10.0.0.\(index + 5)"
            let names = "DNS:localhost,DNS:etcd.kube-system.svc,IP:127.0.0.1,IP:\(address)"
            try pki.makeLeaf("\(etcdSecrets)/etcd-all-peer/etcd-peer-\(node).crt", subject: "/O=system:etcd-peers/CN=system:etcd-peer:\(node)",
                             issuer: signer, alternativeNames: names)
            try pki.makeLeaf("\(etcdSecrets)/etcd-all-serving/etcd-serving-\(node).crt", subject: "/O=system:etcd-servers/CN=system:etcd-server:\(node)",
                             issuer: signer, alternativeNames: names)
            try pki.makeLeaf("\(etcdSecrets)/etcd-all-serving-metrics/etcd-serving-metrics-\(node).crt",
                             subject: "/O=system:etcd-metrics/CN=system:etcd-metric:\(node)", issuer: metricsSigner,
                             validity: index == 2 ? .expiringInDays(10) : .valid, alternativeNames: names)
        }

        // Revision 3 was replaced by revision 4, so its expired certificate must not be reported.
        let serviceNetworkSigner = try pki.makeCA("/work-ca/localhost-recovery.crt", commonName: "localhost-recovery-serving-signer@1700000000")
        try pki.makeLeaf("\(resources)/kube-apiserver-pod-3/secrets/localhost-recovery-serving-certkey/tls.crt",
                         subject: "/CN=localhost-recovery", issuer: serviceNetworkSigner, validity: .expired, usage: "serverAuth")
        try pki.makeLeaf("\(resources)/kube-apiserver-pod-4/secrets/localhost-recovery-serving-certkey/tls.crt",
                         subject: "/CN=localhost-recovery", issuer: serviceNetworkSigner, usage: "serverAuth")
        try pki.write(try pki.read("/work-ca/localhost-recovery.crt"),
                      to: "\(resources)/kube-apiserver-pod-4/configmaps/localhost-recovery-serving-ca/ca-bundle.crt")

        // A serving certificate with its intermediate CA in the same tls.crt; the root is in a CA bundle.
        let root = try pki.makeCA("/work-ca/ingress-root.crt", commonName: "ingress-root")
        let intermediate = try pki.makeIntermediateCA("/work-ca/ingress-intermediate.crt", commonName: "ingress-intermediate", issuer: root)
        let leafPath = "\(resources)/kube-apiserver-certs/secrets/external-loadbalancer-serving-certkey/tls.crt"
        try pki.makeLeaf(leafPath, subject: "/CN=api.example.com", issuer: intermediate, usage: "serverAuth",
                         alternativeNames: "DNS:api.example.com")
        try pki.write(try pki.read(leafPath) + pki.read("/work-ca/ingress-intermediate.crt"), to: leafPath)
        try pki.write(try pki.read("/work-ca/ingress-root.crt"), to: "\(resources)/kube-apiserver-certs/configmaps/trusted-ca-bundle/ca-bundle.crt")

        // The kubeconfigs of kube-apiserver-certs embed the client certificate;
        // the controller manager's names files inside its container.
        let adminSigner = try pki.makeCA("/work-ca/admin-signer.crt", commonName: "admin-kubeconfig-signer")
        let recovery = try pki.makeLeaf("/work-ca/recovery.crt", subject: "/O=system:masters/CN=system:admin", issuer: adminSigner,
                                        usage: "clientAuth")
        try pki.write("""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: \(Data(try pki.read("/work-ca/admin-signer.crt").utf8).base64EncodedString())
                server: https://localhost:6443
              name: loopback
            users:
            - name: system:admin
              user:
                client-certificate-data: \(Data(try pki.read("/work-ca/recovery.crt").utf8).base64EncodedString())
                client-key-data: \(Data(try String(contentsOfFile: recovery.key, encoding: .utf8).utf8).base64EncodedString())

            """, to: "\(resources)/kube-apiserver-certs/secrets/node-kubeconfigs/localhost-recovery.kubeconfig")
        try pki.write("""
            apiVersion: v1
            kind: Config
            users:
            - name: controller-manager
              user:
                client-certificate: /etc/kubernetes/static-pod-certs/secrets/kube-controller-manager-client-cert-key/tls.crt
                client-key: /etc/kubernetes/static-pod-certs/secrets/kube-controller-manager-client-cert-key/tls.key

            """, to: "\(resources)/kube-controller-manager-pod-2/configmaps/controller-manager-kubeconfig/controller-manager.kubeconfig")

        try FileManager.default.removeItem(atPath: pki.path("/work-ca"))
    }

    func scan(_ pki: TestPKI, members: [EtcdMemberAddresses] = []) -> CertificateCheckResult {
        let inventory = CertificateInventory()
        let found = CertificateDiscovery(root: pki.root.path).scanKnownLocations(into: inventory)
        #expect(found == [Self.resources])
        for member in members { inventory.addMember(member) }
        return inventory.check(now: pki.now, warningWindow: 30 * 86_400)
    }

    @Test func etcdSecretsReportedByNode() throws {
        let pki = try TestPKI()
        try Self.makeTree(pki)
        let result = scan(pki)

        #expect(result.errors == [])
        var expected: Set<String> = [
            "localhost-recovery-serving-certkey", "external-loadbalancer-serving-certkey", "localhost-recovery.kubeconfig",
        ]
        for node in Self.nodes {
            expected.formUnion(["etcd-peer-\(node)", "etcd-serving-\(node)", "etcd-serving-metrics-\(node)"])
        }
        #expect(Set(result.certificates.map(\.name)) == expected)

        let peer = try #require(result.certificates.first { $0.name == "etcd-peer-master-1" })
        #expect(peer.authority == "openshift-etcd_etcd-signer@1700000000")
        #expect(peer.locations == ["\(Self.etcdSecrets)/etcd-all-peer/etcd-peer-master-1.crt"])
        #expect(peer.privateKeys.first?.matches == true)
        for row in result.certificates {
            let openssl = try pki.openSSLEndDate(try pki.extractCertificate(row.locations[0]))
            #expect(row.details.notAfterText == openssl, "\(row.name)")
        }

        let kubeconfig = try #require(result.certificates.first { $0.name == "localhost-recovery.kubeconfig" })
        #expect(kubeconfig.authority == "admin-kubeconfig-signer")
        #expect(kubeconfig.privateKeys.first?.matches == true)

        let metrics = try #require(result.certificates.first { $0.name == "etcd-serving-metrics-master-2" })
        #expect(metrics.findings.map(\.kind) == [.expiresSoon])
        #expect(result.exitCode == 1)
    }

    @Test func newestPodRevisionOnly() throws {
        let pki = try TestPKI()
        try Self.makeTree(pki)
        let result = scan(pki)
        let recovery = result.certificates.filter { $0.name == "localhost-recovery-serving-certkey" }
        #expect(recovery.count == 1)
        #expect(recovery.first?.locations.first?.contains("/kube-apiserver-pod-4/") == true)
        #expect(recovery.first?.findings == [])
    }

    @Test func intermediateInBundleCompletesChain() throws {
        let pki = try TestPKI()
        try Self.makeTree(pki)
        let result = scan(pki)
        let serving = try #require(result.certificates.first { $0.name == "external-loadbalancer-serving-certkey" })
        #expect(serving.chain == .complete(["ingress-intermediate", "ingress-root"]))
        #expect(serving.authority == "ingress-intermediate")
        #expect(serving.privateKeys.first?.matches == true)
        let intermediate = try #require(result.authorities.first { $0.name == "ingress-intermediate" })
        #expect(intermediate.locations.first?.hasSuffix("tls.crt (certificate 2 of 2)") == true)
        #expect(intermediate.authority == "ingress-root")
    }

    @Test func memberAddressesCheckSANs() throws {
        let pki = try TestPKI()
        try Self.makeTree(pki)
        let members = [
            EtcdMemberAddresses(name: "master-0", clientURLs: ["https://10.0.0.5:2379"], peerURLs: ["https://10.0.0.5:2380"], source: "etcd member list"),
            // master-1's certificates name 10.0.0.6, but the member moved to 10.0.0.99.
            EtcdMemberAddresses(name: "master-1", clientURLs: ["https://10.0.0.99:2379"], peerURLs: ["https://10.0.0.99:2380"], source: "etcd member list"),
        ]
        let result = scan(pki, members: members)
        for name in ["etcd-peer-master-0", "etcd-serving-master-0", "etcd-peer-master-2"] {
            #expect(result.certificates.first { $0.name == name }?.findings == [], "\(name)")
        }
        let peer = try #require(result.certificates.first { $0.name == "etcd-peer-master-1" })
        #expect(peer.findings.map(\.message) == ["SANs do not include 10.0.0.99, an advertised peer address of member master-1 (etcd member list)"])
        let serving = try #require(result.certificates.first { $0.name == "etcd-serving-master-1" })
        #expect(serving.findings.map(\.kind) == [.sanMissing])
        #expect(result.exitCode == 2)
    }
}

/// Scans of an OpenShift 3.11 master: /etc/origin and /etc/etcd.
@Suite struct OpenShift3ScanTests {
    @Test func originAndEtcdChecked() throws {
        let pki = try TestPKI()
        let signer = try pki.makeCA("/etc/origin/master/ca.crt", commonName: "openshift-signer@1500000000")
        let etcdCA = try pki.makeCA("/etc/etcd/ca.crt", commonName: "etcd-signer@1500000000")
        try pki.write(try pki.read("/etc/etcd/ca.crt"), to: "/etc/origin/master/master.etcd-ca.crt")
        try pki.makeLeaf("/etc/origin/master/master.server.crt", subject: "/CN=172.30.0.1", issuer: signer, usage: "serverAuth",
                         alternativeNames: "DNS:kubernetes,IP:172.30.0.1,IP:10.0.0.7")
        try pki.makeLeaf("/etc/origin/master/master.etcd-client.crt", subject: "/CN=master-0", issuer: etcdCA, usage: "clientAuth")
        let admin = try pki.makeLeaf("/work/admin.crt", subject: "/O=system:cluster-admins/CN=system:admin", issuer: signer, usage: "clientAuth")
        try pki.write("""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: \(Data(try pki.read("/etc/origin/master/ca.crt").utf8).base64EncodedString())
                server: https://master-0:8443
              name: master-0:8443
            users:
            - name: system:admin/master-0:8443
              user:
                client-certificate-data: \(Data(try pki.read("/work/admin.crt").utf8).base64EncodedString())
                client-key-data: \(Data(try String(contentsOfFile: admin.key, encoding: .utf8).utf8).base64EncodedString())

            """, to: "/etc/origin/master/admin.kubeconfig")
        try FileManager.default.removeItem(atPath: pki.path("/work"))

        try pki.makeLeaf("/etc/etcd/server.crt", subject: "/CN=10.0.0.7", issuer: etcdCA, alternativeNames: "DNS:master-0,IP:10.0.0.7")
        try pki.makeLeaf("/etc/etcd/peer.crt", subject: "/CN=10.0.0.7", issuer: etcdCA, alternativeNames: "DNS:master-0")
        try pki.write("""
            ETCD_NAME=master-0
            ETCD_LISTEN_CLIENT_URLS=https://10.0.0.7:2379
            ETCD_ADVERTISE_CLIENT_URLS="https://10.0.0.7:2379"
            ETCD_INITIAL_ADVERTISE_PEER_URLS=https://10.0.0.7:2380

            """, to: "/etc/etcd/etcd.conf")

        let inventory = CertificateInventory()
        let found = CertificateDiscovery(root: pki.root.path).scanKnownLocations(into: inventory)
        #expect(found == ["/etc/origin/master", "/etc/etcd"])
        let result = inventory.check(now: pki.now, warningWindow: 30 * 86_400)

        #expect(result.errors == [])
        #expect(Set(result.certificates.map(\.name)) == ["master.server", "master.etcd-client", "admin.kubeconfig", "etcd/server", "etcd/peer"])
        #expect(result.certificates.first { $0.name == "master.server" }?.authority == "openshift-signer@1500000000")
        #expect(result.certificates.first { $0.name == "master.etcd-client" }?.authority == "etcd-signer@1500000000")
        #expect(result.certificates.first { $0.name == "admin.kubeconfig" }?.privateKeys.first?.matches == true)
        #expect(result.certificates.first { $0.name == "etcd/server" }?.findings == [])
        let peer = try #require(result.certificates.first { $0.name == "etcd/peer" })
        #expect(peer.findings.map(\.message) == ["SANs do not include 10.0.0.7, an advertised peer address of the local member (/etc/etcd/etcd.conf)"])
        let etcdSigner = try #require(result.authorities.first { $0.name == "etcd-signer@1500000000" })
        #expect(etcdSigner.locations.sorted() == ["/etc/etcd/ca.crt", "/etc/origin/master/master.etcd-ca.crt"])
        #expect(result.exitCode == 2)
    }
}
