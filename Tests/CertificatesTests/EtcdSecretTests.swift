import Certificates
import EtcdAPI
import EtcdClient
import EtcdStore
import EtcdTestSupport
import Foundation
import KubeCodec
import Testing

/// Certificates read from Secrets and ConfigMaps stored in a real etcd, online
/// through EtcdClient and offline from the member's database file.
@Suite struct EtcdSecretTests {
    /// The member of `EtcdServer.start()` is named "default", so OpenShift's
    /// per-node secrets for it are etcd-peer-default and etcd-serving-default.
    static let node = "default"

    /// Stores the secrets of OpenShift's openshift-etcd namespace, a CA bundle
    /// ConfigMap, an Opaque secret with a ca.crt, a secret without
    /// certificates and a TLS secret whose tls.crt is damaged.
    static func load(_ server: EtcdServer, _ pki: TestPKI) throws -> (peer: String, serving: String, metrics: String) {
        let signer = try pki.makeCA("/ca/etcd-signer.crt", commonName: "openshift-etcd_etcd-signer@1700000000")
        let metricsSigner = try pki.makeCA("/ca/etcd-metric-signer.crt", commonName: "openshift-etcd_etcd-metric-signer@1700000000")
        let peer = try pki.makeLeaf("/leaf/peer.crt", subject: "/CN=system:etcd-peer:\(node)", issuer: signer,
                                    alternativeNames: "DNS:localhost,IP:127.0.0.1")
        // The serving certificate expired and lacks the member's address.
        let serving = try pki.makeLeaf("/leaf/serving.crt", subject: "/CN=system:etcd-server:\(node)", issuer: signer,
                                       validity: .expired, alternativeNames: "DNS:localhost")
        let metrics = try pki.makeLeaf("/leaf/metrics.crt", subject: "/CN=system:etcd-metric:\(node)", issuer: metricsSigner,
                                       validity: .expiringInDays(10), alternativeNames: "DNS:localhost,IP:127.0.0.1")

        for (name, issued) in [("etcd-peer-\(node)", peer), ("etcd-serving-\(node)", serving), ("etcd-serving-metrics-\(node)", metrics)] {
            try put(server, "/registry/secrets/openshift-etcd/\(name)", secret(
                namespace: "openshift-etcd", name: name, type: "kubernetes.io/tls",
                data: ["tls.crt": try file(issued.certificate), "tls.key": try file(issued.key)]))
        }
        let bundle = try file(signer.certificate) + file(metricsSigner.certificate)
        try put(server, "/registry/configmaps/openshift-etcd/etcd-ca-bundle", object("""
            {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"etcd-ca-bundle","namespace":"openshift-etcd"},
             "data":{"ca-bundle.crt":\(jsonString(String(decoding: bundle, as: UTF8.self)))}}
            """))
        try put(server, "/registry/secrets/kube-system/etcd-client", secret(
            namespace: "kube-system", name: "etcd-client", type: "Opaque", data: ["ca.crt": try file(signer.certificate)]))
        try put(server, "/registry/secrets/default/app-config", secret(
            namespace: "default", name: "app-config", type: "Opaque", data: ["password": Array("hunter2".utf8)]))
        try put(server, "/registry/secrets/default/broken-tls", secret(
            namespace: "default", name: "broken-tls", type: "kubernetes.io/tls",
            data: ["tls.crt": Array("-----BEGIN CERTIFICATE-----\nAAAA\n".utf8), "tls.key": []]))
        return (peer.certificate, serving.certificate, metrics.certificate)
    }

    @Test func onlineSecretsChecked() async throws {
        let pki = try TestPKI()
        let server = try EtcdServer.start()
        defer { server.stop() }
        let files = try Self.load(server, pki)

        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        let (objects, errors) = try await EtcdCertificateSource(pageSize: 2).read(from: client)
        #expect(errors == [])
        #expect(objects.map(\.key) == [
            "/registry/secrets/default/broken-tls",
            "/registry/secrets/kube-system/etcd-client",
            "/registry/secrets/openshift-etcd/etcd-peer-default",
            "/registry/secrets/openshift-etcd/etcd-serving-default",
            "/registry/secrets/openshift-etcd/etcd-serving-metrics-default",
            "/registry/configmaps/openshift-etcd/etcd-ca-bundle",
        ])

        let inventory = CertificateInventory()
        inventory.add(objects)
        let members = try await client.memberList().members
        inventory.addMembers(members.map { ($0.name, $0.clientURLs, $0.peerURLs) }, source: "etcd member list")
        let result = inventory.check(now: pki.now, warningWindow: 30 * 86_400)
        try Self.verify(result, files: files, pki: pki, clientURLsKnown: true)
    }

    @Test func offlineDatabaseChecked() async throws {
        let pki = try TestPKI()
        let server = try EtcdServer.start()
        let files = try Self.load(server, pki)
        server.stop()

        let store = try EtcdStore(path: server.databasePath)
        let (objects, errors) = try await EtcdCertificateSource().read(from: store)
        #expect(errors == [])
        #expect(objects.count == 6)

        let inventory = CertificateInventory()
        inventory.add(objects)
        // etcd 3.5 keeps a member's name and peer URLs in the members bucket, not its client URLs.
        #expect(store.identity.members.map(\.clientURLs) == [[]])
        inventory.addMembers(store.identity.members.map { ($0.name, $0.clientURLs, $0.peerURLs) }, source: "members bucket")
        let result = inventory.check(now: pki.now, warningWindow: 30 * 86_400)
        try Self.verify(result, files: files, pki: pki, clientURLsKnown: false)
    }

    /// Checks the report of the stored objects. Without the member's client
    /// URLs, the serving certificate's missing SAN cannot be found.
    @Test func encryptedSecretNeedsConfiguration() async throws {
        let pki = try TestPKI()
        let server = try EtcdServer.start()
        defer { server.stop() }
        let signer = try pki.makeCA("/ca/signer.crt", commonName: "encrypted-signer")
        let leaf = try pki.makeLeaf("/leaf/peer.crt", subject: "/CN=peer", issuer: signer, alternativeNames: "IP:127.0.0.1")
        let configurationPath = pki.path("/encryption.yaml")
        try pki.write("""
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
            - resources: [secrets]
              providers:
              - aescbc:
                  keys:
                  - name: key1
                    secret: \(Data(repeating: 7, count: 32).base64EncodedString())
              - identity: {}

            """, to: "/encryption.yaml")
        let configuration = try EncryptionConfiguration(contentsOfFile: configurationPath)
        let key = "/registry/secrets/openshift-etcd/etcd-peer-\(Self.node)"
        let plaintext = try Self.secret(namespace: "openshift-etcd", name: "etcd-peer-\(Self.node)", type: "kubernetes.io/tls",
                                        data: ["tls.crt": try Self.file(leaf.certificate), "tls.key": try Self.file(leaf.key)])
        try Self.put(server, key, try configuration.encrypt(plaintext, etcdKey: Array(key.utf8), resource: "secrets"))

        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        let withoutConfiguration = try await EtcdCertificateSource().read(from: client)
        #expect(withoutConfiguration.objects == [])
        #expect(withoutConfiguration.errors == [
            "etcd \(key): encrypted at rest (provider aescbc, key key1); pass the API server's --encryption-provider-config file with --encryption-config to read it",
        ])

        let decrypted = try await EtcdCertificateSource(encryption: configuration).read(from: client)
        #expect(decrypted.errors == [])
        #expect(decrypted.objects.map(\.name) == ["etcd-peer-\(Self.node)"])
        #expect(decrypted.objects.first?.entries.map(\.name) == ["tls.crt"])

        let command = try server.ketcd(["certs", "--from-etcd", "--encryption-config", configurationPath])
        #expect(command.status == 0)
        #expect(command.output.split(separator: "\n").last == "OK: 1 certificate and 0 certificate authorities, all valid for more than 30d")
    }

    static func verify(
        _ result: CertificateCheckResult, files: (peer: String, serving: String, metrics: String), pki: TestPKI,
        clientURLsKnown: Bool
    ) throws {
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.hasPrefix("etcd /registry/secrets/default/broken-tls (tls.crt): invalid PEM block after 0 valid block(s): ") == true)

        let peer = try #require(result.certificates.first { $0.name == "openshift-etcd/etcd-peer-\(node)" })
        #expect(peer.locations == ["etcd /registry/secrets/openshift-etcd/etcd-peer-\(node) (tls.crt)"])
        #expect(peer.findings == [])
        #expect(peer.authority == "openshift-etcd_etcd-signer@1700000000")
        #expect(peer.privateKeys.first?.matches == true)
        #expect(peer.details.notAfterText == (try pki.openSSLEndDate(files.peer)))

        let serving = try #require(result.certificates.first { $0.name == "openshift-etcd/etcd-serving-\(node)" })
        if clientURLsKnown {
            #expect(serving.findings.map(\.kind) == [.expired, .sanMissing])
            #expect(serving.findings.last?.message.hasPrefix("SANs do not include 127.0.0.1, an advertised client address of member default") == true)
        } else {
            #expect(serving.findings.map(\.kind) == [.expired])
        }
        #expect(serving.details.notAfterText == (try pki.openSSLEndDate(files.serving)))

        let metrics = try #require(result.certificates.first { $0.name == "openshift-etcd/etcd-serving-metrics-\(node)" })
        #expect(metrics.findings.map(\.kind) == [.expiresSoon])
        #expect(metrics.authority == "openshift-etcd_etcd-metric-signer@1700000000")
        #expect(metrics.details.notAfterText == (try pki.openSSLEndDate(files.metrics)))

        let signer = try #require(result.authorities.first { $0.name == "openshift-etcd_etcd-signer@1700000000" })
        #expect(signer.locations.sorted() == [
            "etcd /registry/configmaps/openshift-etcd/etcd-ca-bundle (ca-bundle.crt) (certificate 1 of 2)",
            "etcd /registry/secrets/kube-system/etcd-client (ca.crt)",
        ])
        #expect(result.authorities.count == 2)
        #expect(result.exitCode == 2)
        let sanPart = clientURLsKnown ? " 1 missing advertised etcd addresses in SANs," : ""
        #expect(CertificateReport.summary(result)
            == "CRITICAL: 1 expired,\(sanPart) 1 expiring within 30d, 1 not checked (of 3 certificates and 2 certificate authorities)")
    }

    // MARK: - Stored values

    static func file(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func jsonString(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// Encodes a Secret as kube-apiserver stores it: protobuf in the k8s\0 envelope.
    static func secret(namespace: String, name: String, type: String, data: [String: [UInt8]]) throws -> [UInt8] {
        let members = data.keys.sorted().map { "\(jsonString($0)):\(jsonString(Data(data[$0]!).base64EncodedString()))" }
        return try object("""
            {"kind":"Secret","apiVersion":"v1","metadata":{"name":"\(name)","namespace":"\(namespace)"},
             "data":{\(members.joined(separator: ","))},"type":"\(type)"}
            """)
    }

    static func object(_ json: String) throws -> [UInt8] {
        try KubeStorageCodec.encode(object: try YAML.parse(Array(json.utf8)), format: .protobuf)
    }

    static func put(_ server: EtcdServer, _ key: String, _ value: [UInt8]) throws {
        let result = try server.etcdctl(["put", key], input: Data(value))
        guard result.status == 0 else { throw TestSupportError("etcdctl put \(key) failed: \(result.errorOutput)") }
    }
}
