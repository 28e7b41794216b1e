import EtcdAPI
import EtcdClient
import EtcdTestSupport
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
