import EtcdTestSupport
import Foundation
import Testing

/// member add, update, promote and remove with a learner, which never
/// changes the quorum, so the one-member cluster keeps working throughout.
/// New member IDs are random, and etcd orders members by ID, so outputs are
/// checked against the member list rather than against etcdctl's run.
@Suite struct MemberChangeTests {
    func unstartedMemberID(_ server: EtcdServer) throws -> String {
        let list = try server.etcdctl(["member", "list"]).output
        let line = list.split(separator: "\n").first { $0.contains("unstarted") } ?? ""
        return String(line.split(separator: ",").first ?? "")
    }

    @Test func learnerLifecycleInSimpleFormat() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let peer = "http://127.0.0.1:\(try PortAllocator.freePort())"
        let hexList = try server.etcdctl(["member", "list", "-w", "json", "--hex"]).output
        let clusterID = hexList.range(of: #""cluster_id":"[0-9a-f]+""#, options: .regularExpression)
            .map { String(hexList[$0].dropFirst(14).dropLast()) } ?? ""
        #expect(!clusterID.isEmpty)

        let add = try server.ketcd(["member", "add", "learner1", "--learner", "--peer-urls=\(peer)"])
        #expect(add.status == 0, "\(add.errorOutput)")
        let id = try unstartedMemberID(server)
        let padded = String(repeating: " ", count: 16 - id.count) + id
        let existing = try server.etcdctl(["member", "list"]).output.split(separator: "\n").first { $0.contains("started,") && !$0.contains("unstarted") } ?? ""
        let existingName = existing.split(separator: ",")[2].trimmingCharacters(in: .whitespaces)
        let existingPeer = existing.split(separator: ",")[3].trimmingCharacters(in: .whitespaces)
        let lines = add.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Member \(padded) added to cluster \(String(repeating: " ", count: 16 - clusterID.count) + clusterID)")
        #expect(lines.contains("ETCD_NAME=\"learner1\""))
        #expect(lines.contains("ETCD_INITIAL_ADVERTISE_PEER_URLS=\"\(peer)\""))
        #expect(lines.contains("ETCD_INITIAL_CLUSTER_STATE=\"existing\""))
        let clusterLine = lines.first { $0.hasPrefix("ETCD_INITIAL_CLUSTER=") } ?? ""
        #expect(clusterLine.contains("learner1=\(peer)"))
        #expect(clusterLine.contains("\(existingName)=\(existingPeer)"))

        let newPeer = "http://127.0.0.1:\(try PortAllocator.freePort())"
        let update = try server.ketcd(["member", "update", id, "--peer-urls=\(newPeer)"])
        #expect(update.output.hasPrefix("Member \(padded) updated in cluster"))
        #expect(try server.etcdctl(["member", "list"]).output.contains(newPeer))

        // A learner that never started cannot be promoted; etcd's message comes through.
        let promote = try server.ketcd(["member", "promote", id])
        #expect(promote.status == 1)
        #expect(errorLines(promote) == ["Error: etcdserver: can only promote a learner member which is in sync with leader"])

        let remove = try server.ketcd(["member", "remove", id])
        #expect(remove.output.hasPrefix("Member \(padded) removed from cluster"))
        #expect(try unstartedMemberID(server).isEmpty)
    }

    @Test func jsonOutputListsNewLearner() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let peer = "http://127.0.0.1:\(try PortAllocator.freePort())"
        let add = try server.ketcd(["member", "add", "learner2", "--learner", "--peer-urls=\(peer)", "-w", "json"])
        let id = try unstartedMemberID(server)
        let decimal = UInt64(id, radix: 16) ?? 0
        #expect(add.output.contains(",\"member\":{\"ID\":\(decimal),\"peerURLs\":[\"\(peer)\"],\"isLearner\":true}"))
        #expect(add.output.contains("{\"ID\":\(decimal),\"peerURLs\":[\"\(peer)\"],\"isLearner\":true}]") || add.output.contains("{\"ID\":\(decimal),\"peerURLs\":[\"\(peer)\"],\"isLearner\":true},"))
        _ = try server.etcdctl(["member", "remove", id])
    }

    @Test func argumentErrorsMatchEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let differential = Differential(server: server)
        for arguments in [
            ["member", "add"], ["member", "add", "x"], ["member", "add", "x", "y", "http://a"],
            ["member", "remove"], ["member", "remove", "zz"], ["member", "update", "12"], ["member", "update"],
            ["member", "promote", "zz"], ["member", "remove", "12345"],
        ] {
            try differential.expectSame(arguments)
        }
        // Peer URLs that etcdctl rejects before sending anything.
        for url in ["notaurl", "ftp://a:1", "http://a", "http://a:1/p", "127.0.0.1:2380", "http://::1:5",
                    "http://[bad", "http:a:1", "http://127.0.0.1:1,"] {
            try differential.expectSame(["member", "add", "x", "--peer-urls=\(url)"])
            try differential.expectSame(["member", "update", "12", "--peer-urls=\(url)"])
        }
        // etcdctl performs the change and then rejects these formats; so does ketcd.
        for format in ["fields", "table"] {
            let peer = "http://127.0.0.1:\(try PortAllocator.freePort())"
            let add = try server.ketcd(["member", "add", "n", "--learner", "--peer-urls=\(peer)", "-w", format])
            #expect(add.status == 4)
            #expect(errorLines(add) == ["Error: \(format) not supported as output format"])
            let id = try unstartedMemberID(server)
            #expect(!id.isEmpty)
            _ = try server.etcdctl(["member", "remove", id])
        }
    }
}
