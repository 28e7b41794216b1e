import EtcdAPI
import EtcdTestSupport
import Foundation
import Testing

@testable import EtcdStore

/// Real etcd 3.5 databases copied bucket by bucket through `BoltWriter`:
/// etcdutl must report the same content, and etcd must serve the copy and
/// keep writing to it.
@Suite(.serialized) struct BoltWriterEtcdTests {
    @Test func rewrittenSnapshotStatusMatches() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        try Self.writeTestData(to: server)

        let directory = server.dataDirectory.deletingLastPathComponent()
        let snapshot = directory.appendingPathComponent("snapshot.db").path
        let rewritten = directory.appendingPathComponent("rewritten.db").path
        try Self.etcdctl(server, ["snapshot", "save", snapshot])

        let writer = try Self.copy(from: snapshot, to: rewritten)
        let source = try Self.snapshotStatus(snapshot)
        let copy = try Self.snapshotStatus(rewritten)
        #expect(copy.hash == source.hash)
        #expect(copy.revision == source.revision)
        #expect(copy.totalKey == source.totalKey)
        #expect(source.totalKey > 3000)
        // The copy has no free pages, so it is never larger than the source.
        #expect(copy.totalSize <= source.totalSize)
        #expect(writer.pageCount == UInt64(copy.totalSize) / 4096)

        // This module's reader sees the same store in both files.
        let sourceStore = try EtcdStore(path: snapshot)
        let copyStore = try EtcdStore(path: rewritten)
        #expect(copyStore.currentRevision == sourceStore.currentRevision)
        #expect(copyStore.compactRevision == sourceStore.compactRevision)
        #expect(copyStore.consistentIndex == sourceStore.consistentIndex)
        #expect(try copyStore.hashKV(revision: 0).hash == sourceStore.hashKV(revision: 0).hash)
    }

    @Test func etcdServesRewrittenDatabase() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        try Self.writeTestData(to: server)

        let before = try EtcdctlRange.decode(Self.etcdctl(server, ["get", "", "--prefix", "-w", "json"]).output).response()
        let hashBefore = try Self.hashKV(server)
        server.stop()

        // Swap the member's database for a rewritten copy; the WAL and snap files stay.
        let database = server.databasePath
        let original = database + ".original"
        try FileManager.default.moveItem(atPath: database, toPath: original)
        try Self.copy(from: original, to: database)

        try server.restart()
        let after = try EtcdctlRange.decode(Self.etcdctl(server, ["get", "", "--prefix", "-w", "json"]).output).response()
        #expect(after.header.revision == before.header.revision)
        #expect(after.count == before.count)
        #expect(after.kvs == before.kvs)
        let hashAfter = try Self.hashKV(server)
        #expect(hashAfter.hash == hashBefore.hash)
        #expect(hashAfter.compact_revision == hashBefore.compact_revision)

        // etcd writes into the copy: new keys land in full leaf pages and
        // overwrite values that span overflow pages.
        for index in 0..<50 {
            try Self.etcdctl(server, ["put", "/after/\(index)", String(repeating: "n", count: index * 100)])
        }
        try Self.etcdctl(server, ["put", "/big/0007"], input: Data(repeating: UInt8(ascii: "w"), count: 70_000))
        try Self.etcdctl(server, ["del", "/small/", "--prefix"])
        let revisionAfterWrites = try Self.revision(server)

        // Compaction deletes revisions from the middle of the copied leaves,
        // so bbolt splits and merges them; defragmentation reads every page.
        try Self.etcdctl(server, ["compact", String(revisionAfterWrites), "--physical"])
        try Self.etcdctl(server, ["defrag"])
        server.stop()

        // bbolt's consistency check still passes after etcd's commits.
        let status = try Self.snapshotStatus(database)
        #expect(status.revision == revisionAfterWrites)
        let store = try EtcdStore(path: database)
        #expect(store.currentRevision == revisionAfterWrites)
        #expect(store.compactRevision == revisionAfterWrites)
        #expect(try store.readRange(RangeRequest(key: Array("/big/".utf8), rangeEnd: Array("/big/".utf8).prefixRangeEnd)).count == 60)
        #expect(try store.readRange(RangeRequest(key: Array("/after/".utf8), rangeEnd: Array("/after/".utf8).prefixRangeEnd)).count == 50)
        #expect(try store.readRange(RangeRequest(key: Array("/small/".utf8), rangeEnd: Array("/small/".utf8).prefixRangeEnd)).count == 0)
    }

    @Test func recordedSnapshotRewrites() throws {
        // The shared recorded database has leases, a compaction, deletions and a transaction.
        let recorded = try RecordedDatabase.shared.get()
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-bolt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let rewritten = directory.appendingPathComponent("db").path

        try Self.copy(from: recorded.snapshotPath, to: rewritten)
        let expected = try JSONDecoder().decode(EtcdutlStatus.self, from: Data(recorded.snapshotStatusJSON.utf8))
        let status = try Self.snapshotStatus(rewritten)
        #expect(status.hash == expected.hash)
        #expect(status.revision == expected.revision)
        #expect(status.totalKey == expected.totalKey)
    }

    // MARK: - Helpers

    /// Puts about 3,000 small keys and 60 values of 10 to 100 KB, overwrites
    /// and deletes some, grants a lease, adds a role and compacts, so the
    /// lease, authRoles and meta buckets have entries besides the key bucket.
    static func writeTestData(to server: EtcdServer) throws {
        var generator = SplitMix64(seed: 0x626f_6c74)
        var transaction = ""
        for index in 0..<3000 {
            let length = Int.random(in: 1...2000, using: &generator)
            transaction += "put /small/\(String(format: "%05d", index)) \(String(repeating: "s", count: length))\n"
            if index % 100 == 99 {
                try etcdctl(server, ["txn"], input: Data(("\n" + transaction + "\n\n").utf8))
                transaction = ""
            }
        }
        for index in 0..<60 {
            let length = Int.random(in: 10_000...100_000, using: &generator)
            let value = Data((0..<length).map { _ in UInt8.random(in: 0x21...0x7e, using: &generator) })
            try etcdctl(server, ["put", String(format: "/big/%04d", index)], input: value)
        }
        for index in stride(from: 0, to: 3000, by: 7) {
            try etcdctl(server, ["put", "/small/\(String(format: "%05d", index))", "overwritten"])
        }
        let compactRevision = try revision(server)
        try etcdctl(server, ["del", "/small/01", "--prefix"])
        try etcdctl(server, ["compact", String(compactRevision)])
        let lease = try etcdctl(server, ["lease", "grant", "3600"]).output.split(separator: " ")[1]
        try etcdctl(server, ["put", "--lease=\(lease)", "/leased", "with a lease"])
        try etcdctl(server, ["role", "add", "reader"])
        try etcdctl(server, ["role", "grant-permission", "reader", "read", "/small/", "--prefix"])
    }

    /// Copies every top-level bucket of the bbolt file at `source` (a
    /// snapshot's appended hash is skipped) into a new file at `destination`.
    @discardableResult
    static func copy(from source: String, to destination: String) throws -> BoltWriter {
        let file = try MappedFile(path: source)
        let database = try BoltDatabase(file: file, dataLength: SnapshotHashCheck.check(file).databaseLength(fileLength: file.bytes.count))
        let writer = try BoltWriter(path: destination, pageSize: database.pageSize)
        try database.forEach(in: database.rootBucket) { bucketEntry in
            let bucket = try database.bucket(bucketEntry)
            try writer.beginBucket(database.copyBytes(bucketEntry.key), sequence: bucket.sequence)
            try database.forEach(in: bucket) { entry in
                guard !entry.isBucket else {
                    throw EtcdStoreTestError("\(source) has a nested bucket, which BoltWriter cannot write")
                }
                try writer.append(key: database.bytes(entry.key), value: database.bytes(entry.value))
            }
        }
        try writer.finish()
        return writer
    }

    @discardableResult
    static func etcdctl(_ server: EtcdServer, _ arguments: [String], input: Data = Data()) throws -> ProcessResult {
        let result = try server.etcdctl(arguments, input: input)
        guard result.status == 0 else {
            throw EtcdStoreTestError("etcdctl \(arguments.prefix(3).joined(separator: " ")) failed: \(result.errorOutput)")
        }
        return result
    }

    static func revision(_ server: EtcdServer) throws -> Int64 {
        try EtcdctlRange.decode(etcdctl(server, ["get", "/", "-w", "json"]).output).response().header.revision
    }

    static func snapshotStatus(_ path: String) throws -> EtcdutlStatus {
        let result = try ProcessRunner.run(TestEnvironment.etcdutlPath, ["snapshot", "status", path, "-w", "json"])
        guard result.status == 0 else {
            throw EtcdStoreTestError("etcdutl snapshot status \(path) failed: \(result.errorOutput)")
        }
        return try JSONDecoder().decode(EtcdutlStatus.self, from: result.standardOutput)
    }

    static func hashKV(_ server: EtcdServer) throws -> EndpointHashKV.Body {
        let output = try etcdctl(server, ["endpoint", "hashkv", "-w", "json"]).standardOutput
        return try #require(try JSONDecoder().decode([EndpointHashKV].self, from: output).first).HashKV
    }
}
