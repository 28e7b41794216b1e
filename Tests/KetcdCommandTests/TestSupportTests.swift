import EtcdTestSupport
import Foundation
import Testing

/// Checks of the test environment itself, so a broken install fails here
/// with a clear message rather than inside every other test.
@Suite struct TestSupportTests {
    @Test func plaintextServerServesEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }

        let put = try server.etcdctl(["put", "greeting", "hello"])
        #expect(put.status == 0)
        #expect(put.output == "OK\n")

        let get = try server.etcdctl(["get", "greeting", "--print-value-only"])
        #expect(get.output == "hello\n")
    }

    @Test func tlsServerRequiresClientCertificate() throws {
        let pki = try KubeadmPKI.shared()
        let server = try EtcdServer.start(security: .mutualTLS(pki))
        defer { server.stop() }

        let status = try server.etcdctl(["endpoint", "status", "-w", "json"])
        #expect(status.status == 0)
        #expect(status.output.contains("\"Endpoint\":\"\(server.endpoint)\""))

        let anonymous = try ProcessRunner.run(
            TestEnvironment.etcdctlPath,
            ["--endpoints=\(server.endpoint)", "--cacert=\(pki.etcdCACertificate)", "--dial-timeout=1s", "get", "x"]
        )
        #expect(anonymous.status != 0)
    }

    @Test func threeMemberClusterSurvivesOneStop() throws {
        let cluster = try EtcdCluster.start(size: 3)
        defer { cluster.stop() }

        let members = try cluster.etcdctl(["member", "list"])
        #expect(members.output.split(separator: "\n").count == 3)

        cluster.members[0].stop()
        let put = try cluster.etcdctl(["put", "after-stop", "1"])
        #expect(put.status == 0)
    }
}
