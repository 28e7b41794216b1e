import EtcdTestSupport
import Foundation
import Testing

/// A 3-member TLS cluster driven through the ketcd binary.
@Suite struct ClusterFailoverTests {
    @Test func readsAndWritesAfterFirstMemberStops() throws {
        let cluster = try EtcdCluster.start(size: 3, security: .mutualTLS(try KubeadmPKI.shared()))
        defer { cluster.stop() }

        let members = try cluster.ketcd(["member", "list"])
        #expect(members.status == 0)
        #expect(members.output == (try cluster.etcdctl(["member", "list"])).output)
        #expect(members.output.split(separator: "\n").count == 3)

        #expect(try cluster.ketcd(["put", "/registry/before", "1"]).output == "OK\n")
        cluster.members[0].stop()

        let put = try cluster.ketcd(["put", "/registry/after", "2"])
        #expect(put.status == 0, "\(put.errorOutput)")
        #expect(put.output == "OK\n")
        let get = try cluster.ketcd(["get", "--prefix", "/registry/"])
        #expect(get.status == 0, "\(get.errorOutput)")
        #expect(get.output == "/registry/after\n2\n/registry/before\n1\n")

        // endpoint status reports the stopped member on stderr and the other two on stdout.
        let status = try cluster.ketcd(["endpoint", "status"])
        #expect(status.status == 1)
        #expect(status.output.split(separator: "\n").count == 2)
        #expect(status.errorOutput.hasPrefix("Failed to get the status of endpoint \(cluster.members[0].endpoint)"))
    }

    @Test func silentFirstEndpointDoesNotDelayCommands() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let server = try EtcdServer.start()
        defer { server.stop() }
        #expect(try server.ketcd(["put", "k", "v"]).output == "OK\n")

        // The silent endpoint's 20 s dial timeout must not hold up the live
        // member's response. The 10 s bound leaves room for a loaded machine.
        let clock = ContinuousClock()
        let started = clock.now
        let get = try ProcessRunner.run(TestEnvironment.ketcdPath, [
            "--endpoints", "127.0.0.1:\(listener.port),\(server.endpoint)", "--dial-timeout", "20s", "get", "k",
        ], timeout: 60)
        let elapsed = clock.now - started
        #expect(get.status == 0, "\(get.errorOutput)")
        #expect(get.output == "k\nv\n")
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }
}
