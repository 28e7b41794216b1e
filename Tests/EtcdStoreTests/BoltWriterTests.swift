import EtcdTestSupport
import Foundation
import Testing

@testable import EtcdStore

/// Files written by `BoltWriter`, read back by this module's reader and
/// checked by etcdutl, whose `snapshot status` runs bbolt's own consistency
/// check (`tx.Check`) before it hashes every bucket. etcdutl decodes every
/// key of a bucket named "key" as a revision, so only revision keys go there.
@Suite struct BoltWriterTests {
    @Test func emptyDatabase() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-bolt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("empty.db").path

        let writer = try BoltWriter(path: path)
        try writer.finish()

        let read = try ReadBack(path: path)
        #expect(read.buckets.isEmpty)
        // Two meta pages, an empty root leaf and the freelist.
        #expect(writer.pageCount == 4)
        try expectBboltAccepts(path, buckets: [])
    }

    @Test func emptyBucketsKeepSequences() throws {
        let buckets = [
            TestBucket(name: "alarm", sequence: 0, entries: []),
            TestBucket(name: "auth", sequence: 7, entries: []),
            TestBucket(name: "members", sequence: UInt64.max, entries: []),
        ]
        try roundTrip(buckets)
    }

    @Test func oneEntry() throws {
        try roundTrip([TestBucket(name: "data", sequence: 3, entries: [(Array("k".utf8), Array("v".utf8))])])
    }

    @Test func emptyValue() throws {
        try roundTrip([TestBucket(name: "meta", sequence: 0, entries: [(Array("scheduledCompactRev".utf8), [])])])
    }

    @Test func thousandsOfRevisionKeys() throws {
        // etcd's 17-byte revision keys with 100-byte values: about 27 entries
        // per leaf, so 60,000 entries need two levels of branch pages.
        var entries: [([UInt8], [UInt8])] = []
        for main in 1...60_000 {
            entries.append((revisionKey(main: Int64(main), sub: 0), Array(repeating: UInt8(main % 251), count: 100)))
        }
        let read = try roundTrip([TestBucket(name: "key", sequence: 0, entries: entries)])
        let bucket = try #require(try read.database.bucket(named: Array("key".utf8)))
        #expect(try read.treeDepth(bucket) == 3)
    }

    @Test func valuesLargerThanPage() throws {
        let sizes = [4080, 4096, 5000, 10_000, 100_000, 1_500_000, 3, 12_000]
        var entries: [([UInt8], [UInt8])] = []
        for (index, size) in sizes.enumerated() {
            let value = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
            entries.append((Array("value-\(index)".utf8), value))
        }
        let read = try roundTrip([TestBucket(name: "data", sequence: 0, entries: entries)])
        // The 1.5 MB value alone spans 367 pages.
        #expect(read.database.meta.pageCount > 1_500_000 / 4096)
    }

    @Test func midSizeEntriesPackLeaves() throws {
        // Entries of 2,100 bytes fit one per 4 KiB page. Packed into leaves of
        // up to 8 pages, 15 of them take 8 pages instead of 15.
        let entries = (0..<3000).map { index in
            (Array(String(format: "object-%05d", index).utf8), Array(repeating: UInt8(index % 256), count: 2100 - 16 - 12))
        }
        let read = try roundTrip([TestBucket(name: "data", sequence: 0, entries: entries)])
        let entryBytes = entries.reduce(0) { $0 + 16 + $1.0.count + $1.1.count }
        let fileBytes = Int(read.database.meta.pageCount) * 4096
        #expect(Double(fileBytes) < Double(entryBytes) * 1.1, "\(fileBytes) bytes for \(entryBytes) bytes of entries")

        let bucket = try #require(try read.database.bucket(named: Array("data".utf8)))
        var leaf = try read.database.treePage(bucket.rootPage)
        while leaf.isBranch {
            leaf = try read.database.treePage(read.database.branchElement(leaf, 0).child)
        }
        #expect(leaf.count == 15)
        #expect(leaf.end - leaf.offset == 8 * 4096)
    }

    @Test func randomKeyAndValueSizes() throws {
        var generator = SplitMix64(seed: 0x6b65_7463)
        var keys = Set<[UInt8]>()
        while keys.count < 5000 {
            let length = Int.random(in: 1...300, using: &generator)
            keys.insert((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        var entries: [([UInt8], [UInt8])] = []
        for key in keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            // Mostly small values, some spanning several pages.
            let length = Int.random(in: 0...9, using: &generator) == 0 ? Int.random(in: 0...20_000, using: &generator) : Int.random(in: 0...200, using: &generator)
            entries.append((key, (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        }
        try roundTrip([
            TestBucket(name: "a", sequence: 1, entries: Array(entries.prefix(10))),
            TestBucket(name: "b", sequence: 2, entries: []),
            TestBucket(name: "c", sequence: 3, entries: entries),
        ])
    }

    @Test func maximumKeySize() throws {
        // 32 KiB keys make branch nodes that span several pages.
        let entries = (0..<20).map { index in
            (Array(repeating: UInt8(65 + index), count: BoltWriter.maxKeySize), Array("v\(index)".utf8))
        }
        try roundTrip([TestBucket(name: "big", sequence: 0, entries: entries)])
    }

    @Test func manyBucketsSplitRootBucket() throws {
        // 300 inline buckets of about 200 bytes do not fit in one root leaf.
        let buckets = (0..<300).map { index in
            TestBucket(
                name: String(format: "bucket-%04d", index), sequence: UInt64(index),
                entries: [(Array("k".utf8), Array(repeating: UInt8(index % 256), count: 150))]
            )
        }
        try roundTrip(buckets)
    }

    @Test func otherPageSizes() throws {
        let entries = (0..<3000).map { index in
            (Array(String(format: "key-%06d", index).utf8), Array(repeating: UInt8(index % 256), count: index % 700))
        }
        for pageSize in [1024, 16384] {
            try roundTrip([TestBucket(name: "data", sequence: 0, entries: entries)], pageSize: pageSize)
        }
    }

    // MARK: - Bad use

    @Test func keysOutOfOrder() throws {
        try expectRejected("does not sort after the previous key \"b\"") { writer in
            try writer.beginBucket(Array("key".utf8))
            try writer.append(key: Array("b".utf8), value: [1])
            try writer.append(key: Array("a".utf8), value: [2])
        }
    }

    @Test func duplicateKey() throws {
        try expectRejected("key 0x0001 in bucket \"key\" does not sort after the previous key 0x0001") { writer in
            try writer.beginBucket(Array("key".utf8))
            try writer.append(key: [0, 1], value: [1])
            try writer.append(key: [0, 1], value: [2])
        }
    }

    @Test func bucketsOutOfOrder() throws {
        try expectRejected("bucket \"key\" does not sort after the previous bucket \"meta\"") { writer in
            try writer.beginBucket(Array("meta".utf8))
            try writer.append(key: Array("x".utf8), value: [1])
            try writer.beginBucket(Array("key".utf8))
        }
    }

    @Test func entryBeforeBucket() throws {
        try expectRejected("was appended before any bucket; call beginBucket first") { writer in
            try writer.append(key: Array("x".utf8), value: [1])
        }
    }

    @Test func emptyKey() throws {
        try expectRejected("empty key; bbolt requires at least one byte") { writer in
            try writer.beginBucket(Array("key".utf8))
            try writer.append(key: [], value: [1])
        }
    }

    @Test func oversizedKey() throws {
        try expectRejected("is 32769 bytes, more than bbolt's limit of 32768") { writer in
            try writer.beginBucket(Array("key".utf8))
            try writer.append(key: Array(repeating: 1, count: 32769), value: [1])
        }
    }

    @Test func callAfterError() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-bolt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.db").path

        let writer = try BoltWriter(path: path)
        try writer.beginBucket(Array("b".utf8))
        #expect(throws: EtcdStoreError.self) { try writer.beginBucket(Array("a".utf8)) }
        let error = try #require(throws: EtcdStoreError.self) { try writer.finish() }
        #expect(error.kind == .invalidWrite)
        #expect(error.message.contains("the writer stopped at an earlier error"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func callAfterFinish() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-bolt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.db").path

        let writer = try BoltWriter(path: path)
        try writer.finish()
        let error = try #require(throws: EtcdStoreError.self) { try writer.beginBucket(Array("a".utf8)) }
        #expect(error.message.contains("already finished"))
        // The finished file is untouched by the rejected call.
        #expect(try ReadBack(path: path).buckets.isEmpty)
    }

    @Test func existingPath() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-bolt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))

        let error = try #require(throws: EtcdStoreError.self) { try BoltWriter(path: path) }
        #expect(error.kind == .cannotWrite)
        #expect(error.message == "cannot create \(path): the file already exists; choose a new path or remove the old file first")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("precious".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["db"])
    }

    @Test func pathCreatedWhileWriting() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-bolt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db").path

        let writer = try BoltWriter(path: path)
        try writer.beginBucket(Array("key".utf8))
        try writer.append(key: [1], value: [2])
        try Data("someone else".utf8).write(to: URL(fileURLWithPath: path))

        let error = try #require(throws: EtcdStoreError.self) { try writer.finish() }
        #expect(error.kind == .cannotWrite)
        #expect(error.message.contains("choose a new path"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("someone else".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["db"])
    }

    @Test func missingDirectory() throws {
        let path = "/nonexistent-ketcd-directory/db"
        let error = try #require(throws: EtcdStoreError.self) { try BoltWriter(path: path) }
        #expect(error.kind == .cannotWrite)
        #expect(error.message.contains("No such file or directory; check that /nonexistent-ketcd-directory exists and is writable"))
    }

    @Test func abandonedWriterLeavesNothing() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-bolt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db").path

        do {
            let writer = try BoltWriter(path: path)
            try writer.beginBucket(Array("key".utf8))
            try writer.append(key: [1], value: Array(repeating: 7, count: 10_000_000))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    // MARK: - Helpers

    struct TestBucket {
        var name: [UInt8]
        var sequence: UInt64
        var entries: [([UInt8], [UInt8])]

        init(name: String, sequence: UInt64, entries: [([UInt8], [UInt8])]) {
            self.name = Array(name.utf8)
            self.sequence = sequence
            self.entries = entries
        }
    }

    /// Writes `buckets`, reads them back and has etcdutl check the file.
    /// Returns the file as read; it stays mapped after the file is removed.
    @discardableResult
    func roundTrip(_ buckets: [TestBucket], pageSize: Int = 4096, sourceLocation: SourceLocation = #_sourceLocation) throws -> ReadBack {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-bolt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db").path

        let writer = try BoltWriter(path: path, pageSize: pageSize)
        for bucket in buckets {
            try writer.beginBucket(bucket.name, sequence: bucket.sequence)
            for (key, value) in bucket.entries {
                try writer.append(key: key, value: value)
            }
        }
        try writer.finish()

        let read = try ReadBack(path: path)
        #expect(read.buckets.count == buckets.count, sourceLocation: sourceLocation)
        for (expected, actual) in zip(buckets, read.buckets) {
            #expect(actual.name == expected.name, sourceLocation: sourceLocation)
            #expect(actual.sequence == expected.sequence, sourceLocation: sourceLocation)
            #expect(actual.entries.count == expected.entries.count, sourceLocation: sourceLocation)
            let mismatch = zip(expected.entries, actual.entries).enumerated().first { $1.0.0 != $1.1.0 || $1.0.1 != $1.1.1 }
            #expect(mismatch == nil, "first differing entry in bucket \(String(decoding: expected.name, as: UTF8.self))", sourceLocation: sourceLocation)
        }

        // A compact file: every page reachable and the length a whole number of pages.
        #expect(read.database.meta.pageSize == pageSize, sourceLocation: sourceLocation)
        #expect(try PageWalker(database: read.database).countReachablePages() == Int(read.database.meta.pageCount), sourceLocation: sourceLocation)
        #expect(writer.pageCount == read.database.meta.pageCount, sourceLocation: sourceLocation)
        let length = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(length == Int(read.database.meta.pageCount) * pageSize, sourceLocation: sourceLocation)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["db"], sourceLocation: sourceLocation)

        try expectBboltAccepts(path, buckets: buckets, sourceLocation: sourceLocation)
        return read
    }

    /// Runs `etcdutl snapshot status`, which fails on any error bbolt's
    /// consistency check finds, and compares its hash and entry count with
    /// the values computed from `buckets` as etcdutl computes them: CRC-32C
    /// over each bucket name followed by its keys and values.
    func expectBboltAccepts(_ path: String, buckets: [TestBucket], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try ProcessRunner.run(TestEnvironment.etcdutlPath, ["snapshot", "status", path, "-w", "json"])
        #expect(result.status == 0, "etcdutl: \(result.errorOutput)", sourceLocation: sourceLocation)
        guard result.status == 0 else { return }
        let status = try JSONDecoder().decode(EtcdutlStatus.self, from: result.standardOutput)

        var crc = CRC32C()
        var total = 0
        for bucket in buckets {
            crc.update(bucket.name)
            for (key, value) in bucket.entries {
                crc.update(key)
                crc.update(value)
                total += 1
            }
        }
        #expect(status.hash == crc.value, sourceLocation: sourceLocation)
        #expect(status.totalKey == total, sourceLocation: sourceLocation)
    }

    /// Runs `body` on a new writer, expects an `invalidWrite` error whose
    /// message contains `message`, and checks that no file is left behind.
    func expectRejected(_ message: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: (BoltWriter) throws -> Void) throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-bolt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db").path

        let writer = try BoltWriter(path: path)
        let error = try #require(throws: EtcdStoreError.self, sourceLocation: sourceLocation) { try body(writer) }
        #expect(error.kind == .invalidWrite, sourceLocation: sourceLocation)
        #expect(error.message.contains(message), "message: \(error.message)", sourceLocation: sourceLocation)
        #expect(error.message.contains(path), sourceLocation: sourceLocation)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, sourceLocation: sourceLocation)
    }
}

/// Every top-level bucket of a bbolt file, read with this module's reader.
struct ReadBack {
    struct Bucket {
        var name: [UInt8]
        var sequence: UInt64
        var entries: [([UInt8], [UInt8])]
    }

    let database: BoltDatabase
    var buckets: [Bucket] = []

    init(path: String) throws {
        let file = try MappedFile(path: path)
        database = try BoltDatabase(file: file, dataLength: file.bytes.count)
        try database.forEach(in: database.rootBucket) { entry in
            let bucket = try database.bucket(entry)
            var entries: [([UInt8], [UInt8])] = []
            try database.forEach(in: bucket) { item in
                entries.append((database.copyBytes(item.key), database.copyBytes(item.value)))
            }
            buckets.append(Bucket(name: database.copyBytes(entry.key), sequence: bucket.sequence, entries: entries))
        }
    }

    /// Levels from `bucket`'s root page down to its leaves, along the first child.
    func treeDepth(_ bucket: BoltBucket) throws -> Int {
        var page = try database.treePage(bucket.rootPage)
        var depth = 1
        while page.isBranch {
            page = try database.treePage(database.branchElement(page, 0).child)
            depth += 1
        }
        return depth
    }
}

/// An etcd `key` bucket key: 8-byte big-endian main revision, '_', 8-byte sub revision.
func revisionKey(main: Int64, sub: Int64) -> [UInt8] {
    var key = [UInt8]()
    key.reserveCapacity(17)
    withUnsafeBytes(of: main.bigEndian) { key.append(contentsOf: $0) }
    key.append(UInt8(ascii: "_"))
    withUnsafeBytes(of: sub.bigEndian) { key.append(contentsOf: $0) }
    return key
}

/// Lets the seeded generator drive `Int.random(in:using:)`, so random cases repeat across runs.
extension SplitMix64: RandomNumberGenerator {}
