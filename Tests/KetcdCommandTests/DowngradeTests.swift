import EtcdTestSupport
import Foundation
import Testing

/// `ketcd downgrade` against etcd 3.5, which serves Maintenance/Downgrade.
/// Debian's etcdctl 3.5 has no such command, so the expected output is
/// etcdctl 3.6's layout.
@Suite(.serialized) struct DowngradeTests {
    @Test func validateInEveryFormat() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let simple = try server.ketcd(["downgrade", "validate", "3.4"])
        #expect(simple.status == 0, "\(simple.errorOutput)")
        #expect(simple.output == "Downgrade validate success, cluster version 3.5.0\n")

        let json = try server.ketcd(["downgrade", "validate", "3.4", "-w", "json"])
        #expect(json.output.hasPrefix("{\"header\":{\"cluster_id\":"))
        #expect(json.output.hasSuffix(",\"version\":\"3.5.0\"}\n"))

        let fields = try server.ketcd(["downgrade", "validate", "3.4", "-w", "fields"])
        #expect(fields.output.hasPrefix("\"ClusterID\" : "))
        #expect(fields.output.hasSuffix("\"Version\" : \"3.5.0\"\n"))

        let table = try server.ketcd(["downgrade", "validate", "3.4", "-w", "table"])
        #expect(table.status == 4)
        #expect(table.errorOutput == "Error: table not supported as output format\n")
    }

    @Test func serverAndArgumentErrors() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let cases: [(arguments: [String], status: Int32, error: String)] = [
            (["downgrade", "validate", "3.5"], 1, "Error: etcdserver: invalid downgrade target version\n"),
            (["downgrade", "cancel"], 1, "Error: etcdserver: no inflight downgrade job\n"),
            (["downgrade", "validate"], 128, "Error: TARGET_VERSION not provided\n"),
            (["downgrade", "enable", "3.4", "3.3"], 128, "Error: too many arguments\n"),
        ]
        for testCase in cases {
            let result = try server.ketcd(testCase.arguments)
            #expect(result.status == testCase.status, "\(testCase.arguments)")
            #expect(result.errorOutput == testCase.error, "\(testCase.arguments)")
        }
    }
}
