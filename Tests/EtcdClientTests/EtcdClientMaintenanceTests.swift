import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Foundation
import Testing

@Suite struct EtcdClientMaintenanceTests {
    @Test func statusMemberListHashKVAndAlarms() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        _ = try await client.put(PutRequest(key: Array("k".utf8), value: Array("v".utf8)))

        let status = try await client.status()
        #expect(status.version == "3.5.16")
        #expect(status.dbSize > 0)
        #expect(status.leader == status.header.memberID)
        #expect(status.raftIndex > 0)

        let members = try await client.memberList()
        #expect(members.members.count == 1)
        #expect(members.members.first?.name == "default")
        #expect(members.members.first?.id == status.header.memberID)
        #expect(members.members.first?.clientURLs == [server.endpoint])
        #expect(members.members.first?.peerURLs == [server.peerURL])

        let linearizable = try await client.memberList(MemberListRequest(linearizable: true))
        #expect(linearizable.members == members.members)

        let hash = try await client.hashKV()
        #expect(hash.hash != 0)
        #expect(hash.header.revision == status.header.revision)
        let again = try await client.hashKV(HashKVRequest(revision: hash.header.revision))
        #expect(again.hash == hash.hash)

        let alarms = try await client.alarm(AlarmRequest(action: .get))
        #expect(alarms.alarms.isEmpty)

        // etcd 3.5 returns an empty DefragmentResponse.
        let defragmented = try await client.defragment()
        #expect(defragmented == DefragmentResponse())
        let afterDefragment = try await client.status()
        #expect(afterDefragment.dbSize <= status.dbSize)
    }

    @Test func snapshotStreamMatchesDatabaseSize() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        for index in 0..<200 {
            _ = try await client.put(PutRequest(key: Array("/snap/\(index)".utf8), value: [UInt8](repeating: 7, count: 2048)))
        }

        var received: [UInt8] = []
        var chunks = 0
        var firstChunkTotal: UInt64 = 0
        var lastRemaining: UInt64 = .max
        for try await chunk in try await client.snapshot() {
            if chunks == 0 {
                firstChunkTotal = chunk.remainingBytes + UInt64(chunk.blob.count)
            }
            received += chunk.blob
            chunks += 1
            lastRemaining = chunk.remainingBytes
        }
        // The snapshot commits pending writes first, so the size to compare
        // with is the one reported after it.
        let status = try await client.status()

        // etcd 3.5 sends the database file, then its SHA-256 as a last 32-byte chunk.
        #expect(chunks > 1)
        #expect(lastRemaining == 0)
        #expect(received.count == Int(firstChunkTotal) + 32)
        #expect(received.count == Int(status.dbSize) + 32)

        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-snapshot")
        let database = directory.appendingPathComponent("db")
        try Data(received.dropLast(32)).write(to: database)
        let digest = try ProcessRunner.run("/usr/bin/sha256sum", [database.path]).output.prefix(64)
        let trailer = received.suffix(32).map { String(format: "%02x", $0) }.joined()
        #expect(String(digest) == trailer)
    }
}
