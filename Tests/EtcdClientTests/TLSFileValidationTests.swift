import EtcdClient
import EtcdTestSupport
import Foundation
import Testing

/// Unusable TLS files fail when the client is created, naming the file and
/// the problem, instead of as gRPC's "empty address list" on the first call.
@Suite struct TLSFileValidationTests {
    private func makeClient(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil) throws {
        let tls = EtcdClientConfiguration.TLS(caFile: caFile, certFile: certFile, keyFile: keyFile)
        _ = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: ["https://127.0.0.1:1"], tls: tls))
    }

    @Test func mismatchedKeyRejected() throws {
        let pki = try KubeadmPKI.shared()
        let error = #expect(throws: EtcdClientError.self) {
            try makeClient(caFile: pki.etcdCACertificate, certFile: pki.apiserverClientCertificate, keyFile: pki.serverKey)
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.description.contains("tls: private key does not match public key") == true)
        #expect(error?.description.contains(pki.serverKey) == true)
    }

    @Test func matchingKeyAccepted() throws {
        let pki = try KubeadmPKI.shared()
        try makeClient(caFile: pki.etcdCACertificate, certFile: pki.apiserverClientCertificate, keyFile: pki.apiserverClientKey)
    }

    @Test func garbageCARejected() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory()
        let garbage = directory.appendingPathComponent("garbage.pem").path
        try "not a certificate\n".write(toFile: garbage, atomically: true, encoding: .utf8)

        let error = #expect(throws: EtcdClientError.self) { try makeClient(caFile: garbage) }
        #expect(error?.description.contains("\(garbage) contains no PEM certificate") == true)
    }

    @Test func garbageKeyRejected() throws {
        let pki = try KubeadmPKI.shared()
        let error = #expect(throws: EtcdClientError.self) {
            try makeClient(certFile: pki.apiserverClientCertificate, keyFile: pki.apiserverClientCertificate)
        }
        #expect(error?.description.contains("contains no unencrypted PEM private key") == true)
    }

    @Test func directoryAsCARejected() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory()
        let error = #expect(throws: EtcdClientError.self) { try makeClient(caFile: directory.path) }
        #expect(error?.description == "cannot read \(directory.path): it is a directory, not a PEM file")
    }

    @Test func missingFileRejected() throws {
        let error = #expect(throws: EtcdClientError.self) { try makeClient(caFile: "/nonexistent/ca.crt") }
        #expect(error?.description == "cannot read /nonexistent/ca.crt: no such file")
    }
}
