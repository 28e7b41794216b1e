import EtcdAPI
import EtcdTestSupport
import Foundation
import Testing

/// compaction, defrag, alarms and move-leader against etcdctl.
@Suite struct DifferentialMaintenanceTests {
    static let formats = ["simple", "json", "fields", "protobuf", "table"]

    @Test func compactionAndDefrag() throws {
        let server = try EtcdServer.start(security: .mutualTLS(try KubeadmPKI.shared()))
        defer { server.stop() }
        for index in 0..<20 {
            _ = try server.etcdctl(["put", "k", "v\(index)"])
        }
        let differential = Differential(server: server)

        // Each tool compacts to a revision of its own; the message names it.
        for (index, format) in Self.formats.enumerated() {
            let etcdctl = try server.etcdctl(["compaction", String(2 + 2 * index), "-w", format])
            let ketcd = try server.ketcd(["compaction", String(3 + 2 * index), "-w", format])
            #expect(etcdctl.output == "compacted revision \(2 + 2 * index)\n")
            #expect(ketcd.output == "compacted revision \(3 + 2 * index)\n")
            #expect(ketcd.status == etcdctl.status)
        }
        let physical = try differential.run(["compaction", "--physical", "15"])
        #expect(physical.etcdctl.output == "compacted revision 15\n")
        #expect(physical.ketcd.status == 1)
        #expect(errorLines(physical.ketcd) == ["Error: etcdserver: mvcc: required revision has been compacted"])
        let ketcdPhysical = try server.ketcd(["compaction", "--physical", "16"])
        #expect(ketcdPhysical.output == "compacted revision 16\n")
        for arguments in [["compaction"], ["compaction", "x"], ["compaction", "1"]] {
            try differential.expectSame(arguments)
        }
        for format in Self.formats {
            try differential.expectSame(["defrag", "-w", format])
            try differential.expectSame(["defrag", "--cluster", "-w", format])
        }
    }

    /// A member over its space quota raises the NOSPACE alarm, which shows in
    /// alarm list, endpoint status and endpoint health until it is disarmed.
    @Test func spaceAlarm() throws {
        let server = try EtcdServer.start(extraArguments: ["--quota-backend-bytes=200000"])
        defer { server.stop() }
        let value = String(repeating: "x", count: 20_000)
        var filled = false
        for index in 0..<100 where !filled {
            let put = try server.etcdctl(["put", "fill-\(index)", value])
            filled = put.status != 0
        }
        #expect(filled, "the member never ran out of space")
        let differential = Differential(server: server)

        for format in Self.formats {
            try differential.expectSame(["alarm", "list", "-w", format])
        }
        for format in ["simple", "json", "table"] {
            try differential.expectSame(["endpoint", "status", "-w", format])
            let (etcdctl, ketcd) = try differential.run(["endpoint", "health", "-w", format])
            #expect(ketcd.status == etcdctl.status)
            #expect(errorLines(ketcd) == errorLines(etcdctl))
            #expect(ketcd.status == 1)
        }
        let write = try differential.run(["put", "after-alarm", "v"])
        #expect(errorLines(write.ketcd) == errorLines(write.etcdctl))
        #expect(errorLines(write.ketcd) == ["Error: etcdserver: mvcc: database space exceeded"])

        let disarm = try server.ketcd(["alarm", "disarm"])
        #expect(disarm.status == 0)
        #expect(disarm.output.hasPrefix("memberID:"))
        #expect(disarm.output.hasSuffix("alarm:NOSPACE \n"))
        #expect(try server.etcdctl(["alarm", "list"]).output.isEmpty)
        try differential.expectSame(["alarm", "disarm", "-w", "json"])
    }

    @Test func moveLeaderInCluster() throws {
        let cluster = try EtcdCluster.start(size: 3)
        defer { cluster.stop() }
        let members = try cluster.etcdctl(["member", "list"]).output.split(separator: "\n").map { $0.split(separator: ",")[0] }
        let status = try cluster.etcdctl(["endpoint", "status", "-w", "fields"]).output
        let leaderLine = status.split(separator: "\n").first { $0.hasPrefix("\"Leader\" : ") } ?? ""
        let leader = UInt64(leaderLine.split(separator: " ").last ?? "") ?? 0
        let target = members.first { UInt64($0, radix: 16) != leader } ?? ""

        let moved = try cluster.ketcd(["move-leader", String(target)])
        #expect(moved.status == 0, "\(moved.errorOutput)")
        #expect(moved.output == "Leadership transferred from \(String(leader, radix: 16)) to \(target)\n")
        let after = try cluster.etcdctl(["endpoint", "status", "-w", "fields"]).output
        #expect(after.contains("\"Leader\" : \(UInt64(target, radix: 16) ?? 0)"))

        for arguments in [["move-leader"], ["move-leader", "zz"]] {
            let etcdctl = try cluster.etcdctl(arguments)
            let ketcd = try cluster.ketcd(arguments)
            #expect(ketcd.status == etcdctl.status, "\(arguments)")
            #expect(errorLines(ketcd) == errorLines(etcdctl), "\(arguments)")
        }
    }
}
