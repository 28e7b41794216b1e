import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Foundation
import Testing

/// TLS setups against one etcd member that requires client certificates.
@Suite(.serialized) final class EtcdClientTLSTests {
    let pki: KubeadmPKI
    let server: EtcdServer

    init() throws {
        pki = try KubeadmPKI.shared()
        server = try EtcdServer.start(security: .mutualTLS(pki))
    }

    deinit {
        server.stop()
    }

    func configuration(
        endpoint: String? = nil, caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil,
        skipVerify: Bool = false
    ) -> EtcdClientConfiguration {
        EtcdClientConfiguration(
            endpoints: [endpoint ?? server.endpoint],
            tls: .init(caFile: caFile, certFile: certFile, keyFile: keyFile, insecureSkipVerify: skipVerify),
            dialTimeout: .seconds(3), commandTimeout: .seconds(5))
    }

    @Test func mutualTLSWithKubeadmCertificates() async throws {
        let client = try EtcdClient(configuration: configuration(
            caFile: pki.etcdCACertificate, certFile: pki.apiserverClientCertificate, keyFile: pki.apiserverClientKey))
        _ = try await client.put(PutRequest(key: Array("tls".utf8), value: Array("yes".utf8)))
        let response = try await client.range(RangeRequest(key: Array("tls".utf8)))
        #expect(response.kvs.first?.value == Array("yes".utf8))
    }

    @Test func endpointWithoutSchemeUsesTLS() async throws {
        let client = try EtcdClient(configuration: configuration(
            endpoint: "127.0.0.1:\(server.clientPort)",
            caFile: pki.etcdCACertificate, certFile: pki.healthcheckClientCertificate, keyFile: pki.healthcheckClientKey))
        let status = try await client.status()
        #expect(status.version.hasPrefix("3."))
    }

    @Test func skipVerifyAcceptsUnknownCA() async throws {
        let client = try EtcdClient(configuration: configuration(
            caFile: pki.untrustedCACertificate, certFile: pki.apiserverClientCertificate, keyFile: pki.apiserverClientKey,
            skipVerify: true))
        let status = try await client.status()
        #expect(status.header.memberID != 0)
    }

    @Test func wrongCAFails() async throws {
        let client = try EtcdClient(configuration: configuration(
            caFile: pki.untrustedCACertificate, certFile: pki.apiserverClientCertificate, keyFile: pki.apiserverClientKey))
        let error = await #expect(throws: EtcdClientError.self) {
            _ = try await client.status()
        }
        #expect(error?.code == .unavailable || error?.code == .deadlineExceeded)
        #expect(error?.description.contains(server.endpoint) == true)
        #expect(error?.description.contains("certificate verify failed") == true)
    }

    @Test func untrustedClientCertificateRejected() async throws {
        let client = try EtcdClient(configuration: configuration(
            caFile: pki.etcdCACertificate, certFile: pki.untrustedClientCertificate, keyFile: pki.untrustedClientKey))
        let error = await #expect(throws: EtcdClientError.self) {
            _ = try await client.status()
        }
        #expect(error?.code == .unavailable || error?.code == .deadlineExceeded)
        #expect(error?.description.contains(server.endpoint) == true)
        #expect(error?.description.contains("unknown ca") == true)
    }

    @Test func missingClientCertificateRejected() async throws {
        let client = try EtcdClient(configuration: configuration(caFile: pki.etcdCACertificate))
        let error = await #expect(throws: EtcdClientError.self) {
            _ = try await client.status()
        }
        #expect(error?.description.contains(server.endpoint) == true)
        #expect(error?.description.contains("certificate required") == true)
    }

    @Test func plaintextToTLSEndpointFails() async throws {
        let client = try EtcdClient(configuration: EtcdClientConfiguration(
            endpoints: ["http://127.0.0.1:\(server.clientPort)"], dialTimeout: .seconds(2)))
        let error = await #expect(throws: EtcdClientError.self) {
            _ = try await client.status()
        }
        #expect(error?.endpoint == "http://127.0.0.1:\(server.clientPort)")
    }

    @Test func unreadableKeyFileNamesPath() throws {
        let error = #expect(throws: EtcdClientError.self) {
            _ = try EtcdClient(configuration: self.configuration(
                caFile: self.pki.etcdCACertificate, certFile: self.pki.apiserverClientCertificate, keyFile: "/nonexistent/client.key"))
        }
        #expect(error?.description.contains("/nonexistent/client.key") == true)
    }
}

extension EtcdClientTLSTests {
    @Test func expiredClientCertificateRejected() async throws {
        let expired = try ExpiredClientCertificate.make(caCertificate: pki.etcdCACertificate, caKey: pki.etcdCAKey)
        let client = try EtcdClient(configuration: configuration(
            caFile: pki.etcdCACertificate, certFile: expired.certificate, keyFile: expired.key))
        let error = await #expect(throws: EtcdClientError.self) {
            _ = try await client.status()
        }
        #expect(error?.description.contains(server.endpoint) == true)
        #expect(error?.description.contains("certificate expired") == true)
    }
}

/// A client certificate signed by a given CA whose validity ended in 2020,
/// made with `openssl ca`, the openssl command that accepts explicit dates.
struct ExpiredClientCertificate {
    let certificate: String
    let key: String

    static func make(caCertificate: String, caKey: String) throws -> ExpiredClientCertificate {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-expired")
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        try "".write(toFile: path("index.txt"), atomically: true, encoding: .utf8)
        try "1000\n".write(toFile: path("serial"), atomically: true, encoding: .utf8)
        let config = """
            [ ca ]
            default_ca = expired_ca
            [ expired_ca ]
            database = \(path("index.txt"))
            new_certs_dir = \(directory.path)
            serial = \(path("serial"))
            default_md = sha256
            policy = any_name
            [ any_name ]
            commonName = supplied
            [ client ]
            keyUsage = critical,digitalSignature,keyEncipherment
            extendedKeyUsage = clientAuth
            """
        try config.write(toFile: path("ca.cnf"), atomically: true, encoding: .utf8)

        let result = ExpiredClientCertificate(certificate: path("client.crt"), key: path("client.key"))
        try run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", result.key, "-out", path("client.csr"), "-subj", "/CN=expired-client"])
        try run([
            "ca", "-batch", "-config", path("ca.cnf"), "-cert", caCertificate, "-keyfile", caKey,
            "-in", path("client.csr"), "-out", result.certificate, "-extensions", "client",
            "-startdate", "20200101000000Z", "-enddate", "20200201000000Z", "-notext",
        ])
        return result
    }

    private static func run(_ arguments: [String]) throws {
        let outcome = try ProcessRunner.run("/usr/bin/openssl", arguments)
        guard outcome.status == 0 else {
            throw TestSupportError("openssl \(arguments[0]) failed: \(outcome.errorOutput)")
        }
    }
}
