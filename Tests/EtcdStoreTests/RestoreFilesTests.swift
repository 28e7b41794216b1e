@testable import EtcdStore
import EtcdTestSupport
import Foundation
import Testing

/// The WAL and snap files of a restore, compared byte for byte with the ones
/// Debian's etcdutl 3.5.16 writes for the same flags.
@Suite struct RestoreFilesTests {
    /// Flags of one restore: `--name`, `--initial-cluster`,
    /// `--initial-advertise-peer-urls` and `--initial-cluster-token`.
    struct Flags: CustomStringConvertible, Sendable {
        var name = "default"
        var initialCluster = "default=http://localhost:2380"
        var advertisePeerURLs = "http://localhost:2380"
        var token = "etcd-cluster"

        var etcdutlArguments: [String] {
            [
                "--name", name, "--initial-cluster", initialCluster,
                "--initial-advertise-peer-urls", advertisePeerURLs, "--initial-cluster-token", token,
            ]
        }

        var description: String { etcdutlArguments.joined(separator: " ") }
    }

    static let cases: [Flags] = [
        Flags(),
        Flags(
            name: "n1", initialCluster: "n1=http://127.0.0.1:2380,n2=http://127.0.0.1:2381,n3=http://127.0.0.1:2382",
            advertisePeerURLs: "http://127.0.0.1:2380", token: "prod-restore-7"),
        // Member ids 0d3dbc7c2a310a7f, 191b881bffb5a912 and 2c892ed3b544e705:
        // the first has 15 hex digits, so sorting the ids as text (the v2
        // store's map keys) differs from sorting them as numbers.
        Flags(
            name: "b", initialCluster: "a=http://127.0.0.1:2434,b=http://127.0.0.1:2387,c=http://127.0.0.1:2393",
            advertisePeerURLs: "http://127.0.0.1:2387", token: "order-token"),
        // Names that Go's JSON escapes, several URLs per member in any order,
        // an upper-case scheme, IPv6, white space and an empty item.
        Flags(
            name: "a<&>成员\u{8}", initialCluster: "a<&>成员\u{8}=HTTPS://[::1]:2380,a<&>成员\u{8}= https://10.0.0.1:2380 ,,=unix://sock:1",
            advertisePeerURLs: "https://10.0.0.1:2380,https://[::1]:2380", token: ""),
    ]

    @Test(arguments: cases) func filesMatchEtcdutl(flags: Flags) throws {
        let snapshot = try RecordedDatabase.shared.get().snapshotPath
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let dataDirectory = directory.appendingPathComponent("etcdutl").path
        let result = try ProcessRunner.run(TestEnvironment.etcdutlPath, ["snapshot", "restore", snapshot, "--data-dir", dataDirectory] + flags.etcdutlArguments)
        try #require(result.status == 0, "etcdutl failed: \(result.errorOutput)")

        let membership = try RestoreMembership(
            name: flags.name, initialCluster: flags.initialCluster, advertisePeerURLs: flags.advertisePeerURLs, token: flags.token)
        let files = RaftBootstrapFiles(membership: membership)

        let walPath = dataDirectory + "/member/wal/" + RaftBootstrapFiles.walFileName
        let wal = try [UInt8](Data(contentsOf: URL(fileURLWithPath: walPath)))
        let records = files.walRecords
        #expect(wal.count == RaftBootstrapFiles.walSegmentSize)
        #expect(Array(wal.prefix(records.count)) == records)
        #expect(wal[records.count...].allSatisfy { $0 == 0 })

        let snapNames = try FileManager.default.contentsOfDirectory(atPath: dataDirectory + "/member/snap").filter { $0.hasSuffix(".snap") }
        #expect(snapNames == [files.snapFileName])
        let snap = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dataDirectory + "/member/snap/" + files.snapFileName)))
        let expected = files.snapFile
        #expect(snap.count == expected.count)
        #expect(snap == expected, "first difference at byte \(zip(snap, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(snap.count, expected.count))")

        // etcdutl logs every member it adds with the ids it computed.
        let clusterID = String(membership.clusterID, radix: 16)
        #expect(result.errorOutput.contains("\"cluster-id\": \"\(clusterID)\""))
        for member in membership.members {
            #expect(result.errorOutput.contains("\"added-peer-id\": \"\(member.hexID)\""))
        }
    }

    @Test func walFramingOfDefaultMember() throws {
        let membership = try RestoreMembership(
            name: "default", initialCluster: "default=http://localhost:2380", advertisePeerURLs: "http://localhost:2380", token: "etcd-cluster")
        #expect(membership.localMember.id == 0x8e9e_05c5_2164_694d)
        #expect(membership.clusterID == 0xcdf8_1819_4e3a_8c32)

        let records = RaftBootstrapFiles(membership: membership).walRecords
        // The crc record: 4 bytes padded to 8, so the top byte is 0x80 | 4.
        #expect(Array(records.prefix(16)) == [0x04, 0, 0, 0, 0, 0, 0, 0x84, 0x08, 0x04, 0x10, 0x00, 0, 0, 0, 0])
        #expect(records.count % 8 == 0)
    }

    @Test func membershipMatchesEtcdExample() throws {
        let membership = try RestoreMembership(
            name: "n1", initialCluster: "n1=http://127.0.0.1:2380,n2=http://127.0.0.1:2381",
            advertisePeerURLs: "http://127.0.0.1:2380", token: "etcd-cluster")
        #expect(membership.members.map(\.hexID) == ["9d3e65edfa29c46", "b71f75320dc06a6c"])
        #expect(membership.members.map(\.name) == ["n2", "n1"])
        #expect(membership.localMember.name == "n1")
        #expect(String(membership.clusterID, radix: 16) == "359d42b5495716c2")
        #expect(String(decoding: membership.localMember.json, as: UTF8.self) == #"{"id":13195394291058371180,"peerURLs":["http://127.0.0.1:2380"],"name":"n1"}"#)
    }

    @Test func invalidBootstrapFlags() throws {
        let cases: [(flags: Flags, message: String)] = [
            (Flags(name: "zz"), "--name \"zz\" is not in --initial-cluster"),
            (Flags(advertisePeerURLs: "http://127.0.0.1:9999"), "--initial-advertise-peer-urls \"http://127.0.0.1:9999\" does not match"),
            (Flags(initialCluster: "default=http://localhost:2380,b=http://localhost:2380"), "lists peer URL http://localhost:2380 more than once"),
            (Flags(initialCluster: "default=http://localhost:2380,default=http://localhost:2381"), "does not match the peer URLs"),
            (Flags(initialCluster: "default=notaurl", advertisePeerURLs: "notaurl"), "invalid peer URL \"notaurl\" in --initial-cluster"),
            (Flags(initialCluster: "default=ftp://a:1", advertisePeerURLs: "ftp://a:1"), "the scheme must be http, https, unix or unixs"),
            (Flags(initialCluster: "default=http://a:1/", advertisePeerURLs: "http://a:1/"), "must not contain a path"),
            (Flags(initialCluster: "default=http://a", advertisePeerURLs: "http://a"), "must have the form \"host:port\""),
            (Flags(initialCluster: "default=http://a:x", advertisePeerURLs: "http://a:x"), "the port \"x\" is not a number"),
            (Flags(initialCluster: "default=http://a:1?q", advertisePeerURLs: "http://a:1?q"), "scheme://host:port only"),
            (Flags(initialCluster: "default=http://a:1,m", advertisePeerURLs: "http://a:1"), "invalid peer URL \"\" in --initial-cluster"),
            (Flags(initialCluster: ""), "--name \"default\" is not in --initial-cluster \"\""),
        ]
        for testCase in cases {
            let flags = testCase.flags
            let error = #expect(throws: SnapshotRestoreError.self, "\(flags)") {
                try RestoreMembership(name: flags.name, initialCluster: flags.initialCluster, advertisePeerURLs: flags.advertisePeerURLs, token: flags.token)
            }
            #expect(error?.kind == .invalidOptions, "\(flags)")
            #expect(error?.message.contains(testCase.message) == true, "\(flags): \(error?.message ?? "")")
            #expect(error?.message.contains("\n") == false)
        }
    }
}
