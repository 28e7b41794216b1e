@testable import EtcdStore
import EtcdTestSupport
import Foundation
import Testing

/// `SnapshotRestore` against Debian's etcdutl 3.5.16 on the same snapshot and
/// flags: the WAL and snap files byte for byte, the database bucket by bucket,
/// and etcdutl's own `snapshot status` of both databases.
@Suite struct SnapshotRestoreTests {
    /// One restore's flags besides the snapshot and `--data-dir`;
    /// `walDirectory` is relative to the test's directory.
    struct Case: CustomStringConvertible, Sendable {
        var label: String
        var useMemberDatabase = false
        /// Restores `saveUncompactedSnapshot`'s file, whose `meta` bucket has no compaction revisions.
        var useUncompactedSnapshot = false
        var name = "default"
        var initialCluster = "default=http://localhost:2380"
        var advertisePeerURLs = "http://localhost:2380"
        var token = "etcd-cluster"
        var walDirectory = ""
        var bumpRevision: UInt64 = 0

        var description: String { label }

        func etcdutlArguments(walDirectory: String) -> [String] {
            var arguments = [
                "--name", name, "--initial-cluster", initialCluster,
                "--initial-advertise-peer-urls", advertisePeerURLs, "--initial-cluster-token", token,
            ]
            if !walDirectory.isEmpty {
                arguments += ["--wal-dir", walDirectory]
            }
            if useMemberDatabase {
                arguments.append("--skip-hash-check")
            }
            if bumpRevision > 0 {
                arguments += ["--bump-revision", String(bumpRevision), "--mark-compacted"]
            }
            return arguments
        }

        func options(snapshot: String, dataDirectory: String, walDirectory: String) -> SnapshotRestoreOptions {
            var options = SnapshotRestoreOptions(snapshotPath: snapshot, dataDirectory: dataDirectory)
            options.walDirectory = walDirectory
            options.name = name
            options.initialCluster = initialCluster
            options.initialAdvertisePeerURLs = advertisePeerURLs
            options.initialClusterToken = token
            options.skipHashCheck = useMemberDatabase
            options.bumpRevision = bumpRevision
            options.markCompacted = bumpRevision > 0
            return options
        }
    }

    static let cases: [Case] = [
        Case(label: "single member with defaults"),
        Case(
            label: "three members with a custom token", name: "m2",
            initialCluster: "m1=https://10.0.0.1:2380,m2=https://10.0.0.2:2380,m3=https://10.0.0.3:2380",
            advertisePeerURLs: "https://10.0.0.2:2380", token: "restored-2026"),
        Case(label: "separate WAL directory", walDirectory: "wal/elsewhere"),
        Case(label: "WAL directory inside the data directory", walDirectory: "DATA/custom-wal"),
        Case(label: "revision bump", bumpRevision: 1_000_000),
        Case(label: "member database", useMemberDatabase: true),
        Case(label: "revision bump without an earlier compaction", useUncompactedSnapshot: true, bumpRevision: 7),
    ]

    @Test(arguments: cases) func restoreMatchesEtcdutl(testCase: Case) throws {
        let recorded = try RecordedDatabase.shared.get()
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        var snapshot = testCase.useMemberDatabase ? recorded.databasePath : recorded.snapshotPath
        if testCase.useUncompactedSnapshot {
            snapshot = try saveUncompactedSnapshot(in: directory)
        }
        func paths(_ tool: String) -> (data: String, wal: String) {
            let data = directory.appendingPathComponent("\(tool)/data").path
            let wal = testCase.walDirectory.isEmpty
                ? "" : directory.appendingPathComponent(tool).appendingPathComponent(testCase.walDirectory.replacingOccurrences(of: "DATA", with: "data")).path
            return (data, wal)
        }

        let reference = paths("etcdutl")
        let etcdutl = try ProcessRunner.run(
            TestEnvironment.etcdutlPath,
            ["snapshot", "restore", snapshot, "--data-dir", reference.data] + testCase.etcdutlArguments(walDirectory: reference.wal))
        try #require(etcdutl.status == 0, "etcdutl failed: \(etcdutl.errorOutput)")

        let ours = paths("ketcd")
        let restore = try SnapshotRestore(testCase.options(snapshot: snapshot, dataDirectory: ours.data, walDirectory: ours.wal))
        let result = try restore.run()
        #expect(result.dataDirectory == ours.data)

        let referenceWAL = (reference.wal.isEmpty ? reference.data + "/member/wal" : reference.wal) + "/" + RaftBootstrapFiles.walFileName
        #expect(result.walPath == (ours.wal.isEmpty ? ours.data + "/member/wal" : ours.wal) + "/" + RaftBootstrapFiles.walFileName)
        #expect(try Data(contentsOf: URL(fileURLWithPath: result.walPath)) == Data(contentsOf: URL(fileURLWithPath: referenceWAL)))
        let snapName = URL(fileURLWithPath: result.snapPath).lastPathComponent
        #expect(try Data(contentsOf: URL(fileURLWithPath: result.snapPath)) == Data(contentsOf: URL(fileURLWithPath: reference.data + "/member/snap/" + snapName)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: ours.data + "/member/snap").sorted() == [snapName, "db"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: ours.data).sorted()
                == FileManager.default.contentsOfDirectory(atPath: reference.data).sorted())

        let ourBuckets = try DatabaseContents(path: result.databasePath)
        let referenceBuckets = try DatabaseContents(path: reference.data + "/member/snap/db")
        #expect(ourBuckets.names == referenceBuckets.names)
        for name in referenceBuckets.names {
            #expect(ourBuckets.buckets[name] == referenceBuckets.buckets[name], "bucket \(name)")
        }

        let ourStatus = try snapshotStatus(result.databasePath)
        let referenceStatus = try snapshotStatus(reference.data + "/member/snap/db")
        #expect(ourStatus.hash == referenceStatus.hash)
        #expect(ourStatus.revision == referenceStatus.revision)
        #expect(ourStatus.totalKey == referenceStatus.totalKey)
        #expect(result.revision == ourStatus.revision)
        // etcdutl copies the file with its free pages; ours is compact.
        #expect(ourStatus.totalSize <= referenceStatus.totalSize)

        for (path, mode) in [
            (ours.data, 0o700), (ours.data + "/member", 0o700), (ours.data + "/member/snap", 0o700),
            (result.databasePath, 0o600), (result.walPath, 0o600),
        ] {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == mode, "\(path)")
        }
        let hidden = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("ketcd").path).filter { $0.hasPrefix(".") }
        #expect(hidden.isEmpty)
    }

    @Test func revisionBumpEntries() throws {
        let recorded = try RecordedDatabase.shared.get()
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = SnapshotRestoreOptions(snapshotPath: recorded.snapshotPath, dataDirectory: directory.appendingPathComponent("data").path)
        options.bumpRevision = 500
        options.markCompacted = true
        let result = try SnapshotRestore(options).run()
        #expect(result.revision == recorded.currentRevision + 500)

        let store = try EtcdStore(path: result.databasePath)
        #expect(store.currentRevision == recorded.currentRevision + 500)
        #expect(store.scheduledCompactRevision == recorded.currentRevision + 500)
        #expect(store.consistentIndex == 1)
        #expect(store.term == 1)
        let contents = try DatabaseContents(path: result.databasePath)
        let last = try #require(contents.buckets["key"]?.entries.last)
        #expect(last.key == Revision(main: recorded.currentRevision + 500, sub: 0).keyBytes)
        #expect(last.value.isEmpty)
    }

    @Test func hashChecks() throws {
        let recorded = try RecordedDatabase.shared.get()
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        var damaged = try [UInt8](Data(contentsOf: URL(fileURLWithPath: recorded.snapshotPath)))
        damaged[damaged.count - 1] ^= 0xff
        let damagedPath = directory.appendingPathComponent("damaged.db").path
        try Data(damaged).write(to: URL(fileURLWithPath: damagedPath))
        let target = directory.appendingPathComponent("data").path

        let mismatch = #expect(throws: SnapshotRestoreError.self) {
            try SnapshotRestore(SnapshotRestoreOptions(snapshotPath: damagedPath, dataDirectory: target)).run()
        }
        #expect(mismatch?.kind == .invalidSnapshot)
        #expect(mismatch?.message.contains("is damaged: its SHA-256 is") == true)
        #expect(!FileManager.default.fileExists(atPath: target))

        let missing = #expect(throws: SnapshotRestoreError.self) {
            try SnapshotRestore(SnapshotRestoreOptions(snapshotPath: recorded.databasePath, dataDirectory: target)).run()
        }
        #expect(missing?.message.hasPrefix("snapshot missing hash but --skip-hash-check=false: ") == true)
        #expect(!FileManager.default.fileExists(atPath: target))

        // With --skip-hash-check the damaged hash is ignored, as etcdutl ignores it.
        var skipping = SnapshotRestoreOptions(snapshotPath: damagedPath, dataDirectory: target)
        skipping.skipHashCheck = true
        let result = try SnapshotRestore(skipping).run()
        #expect(result.revision == recorded.currentRevision)
    }

    /// A leaf page whose keys are out of order is damage in the snapshot,
    /// not a failure to write the new database.
    @Test func unorderedKeysAreDamage() throws {
        var bytes = try DamagedFileTests.pristine()
        let root = try DamagedFileTests.keyBucketLocation(bytes).root
        try #require(root.isBranch, "the recorded key bucket should need a branch page")
        let leafID = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: root.offset + 16 + 8, as: UInt64.self) }
        let leaf = Int(leafID) * DamagedFileTests.pageSize
        try #require(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: leaf + 10, as: UInt16.self) } >= 2)
        // Leaf elements are 16 bytes (flags, key position from the element, key size,
        // value size); the second key becomes a copy of the first.
        func keyRange(_ index: Int) -> Range<Int> {
            let element = leaf + 16 + index * 16
            let position = bytes.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: element + 4, as: UInt32.self)) }
            let size = bytes.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: element + 8, as: UInt32.self)) }
            return (element + position)..<(element + position + size)
        }
        try #require(keyRange(0).count == keyRange(1).count)
        bytes.replaceSubrange(keyRange(1), with: bytes[keyRange(0)])

        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let damagedPath = directory.appendingPathComponent("unordered.db").path
        try Data(bytes).write(to: URL(fileURLWithPath: damagedPath))
        var options = SnapshotRestoreOptions(snapshotPath: damagedPath, dataDirectory: directory.appendingPathComponent("data").path)
        options.skipHashCheck = true

        let error = #expect(throws: SnapshotRestoreError.self) { try SnapshotRestore(options).run() }
        #expect(error?.kind == .invalidSnapshot)
        #expect(error?.message.hasPrefix("\(damagedPath) is damaged: bucket \"key\" has key 0x") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(".ketcd-restore-") == false, "\(error?.message ?? "")")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["unordered.db"])
    }

    /// `ketcd snapshot restore` reads the snapshot through a memory map, but
    /// its resident set must stay far below the snapshot's size, because
    /// control-plane nodes restore databases of several GB.
    @Test func restoreResidentSetStaysBounded() throws {
        let timePath = "/usr/bin/time"
        try #require(FileManager.default.isExecutableFile(atPath: timePath), "\(timePath) is missing; install Debian's time package (scripts/install-deps.sh)")
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }

        // 65,536 revisions of 4000 bytes: a snapshot of about 270 MB.
        let path = directory.appendingPathComponent("large.db").path
        let writer = try BoltWriter(path: path)
        try writer.beginBucket(Array("key".utf8))
        var value = [UInt8](repeating: UInt8(ascii: "v"), count: 4000)
        for main in 1...65_536 {
            withUnsafeBytes(of: UInt64(main).bigEndian) { value.replaceSubrange(0..<8, with: $0) }
            try writer.append(key: Revision(main: Int64(main), sub: 0).keyBytes, value: value)
        }
        try writer.beginBucket(Array("meta".utf8))
        try writer.append(key: Array("consistent_index".utf8), value: [0, 0, 0, 0, 0, 0, 0, 9])
        try writer.finish()
        var snapshot = try Data(contentsOf: URL(fileURLWithPath: path))
        snapshot.append(contentsOf: snapshot.withUnsafeBytes { SnapshotHashCheck.sha256($0) })
        try snapshot.write(to: URL(fileURLWithPath: path))
        let snapshotKB = snapshot.count / 1024
        snapshot = Data()

        let target = directory.appendingPathComponent("data").path
        let result = try ProcessRunner.run(timePath, ["-f", "%M", TestEnvironment.ketcdPath, "snapshot", "restore", path, "--data-dir", target])
        try #require(result.status == 0, "\(result.errorOutput)")
        let peakKB = try #require(result.errorOutput.split(separator: "\n").last.flatMap { Int($0) }, "\(result.errorOutput)")
        #expect(peakKB < snapshotKB / 2, "peak resident set \(peakKB) KiB for a snapshot of \(snapshotKB) KiB")
        #expect(result.errorOutput.contains(" at revision 65536: "))
    }

    @Test func cancelledRestoreLeavesNothing() throws {
        let recorded = try RecordedDatabase.shared.get()
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let restore = try SnapshotRestore(SnapshotRestoreOptions(snapshotPath: recorded.snapshotPath, dataDirectory: directory.appendingPathComponent("a/b/data").path))
        restore.cancel()
        let error = #expect(throws: SnapshotRestoreError.self) { try restore.run() }
        #expect(error?.kind == .fileSystem)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    /// An interrupt that arrives once the directory is in place must not be
    /// reported as a failed restore.
    @Test func cancelAfterRunKeepsDirectory() throws {
        let recorded = try RecordedDatabase.shared.get()
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("data").path
        let restore = try SnapshotRestore(SnapshotRestoreOptions(snapshotPath: recorded.snapshotPath, dataDirectory: target))
        let result = try restore.run()
        #expect(restore.cancel() == false)
        #expect(FileManager.default.fileExists(atPath: result.databasePath))
        #expect(FileManager.default.fileExists(atPath: result.walPath))

        let unstarted = try SnapshotRestore(SnapshotRestoreOptions(snapshotPath: recorded.snapshotPath, dataDirectory: target + "-2"))
        #expect(unstarted.cancel() == true)
    }

    /// `link/../new` names a sibling of the link's target, as the kernel and
    /// etcd resolve it, not `new` beside the link.
    @Test func dotDotAfterLinkFollowsTarget() throws {
        let recorded = try RecordedDatabase.shared.get()
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let real = directory.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let realPath = real.resolvingSymlinksInPath().path
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link").path, withDestinationPath: real.appendingPathComponent("sub").path)

        let options = SnapshotRestoreOptions(snapshotPath: recorded.snapshotPath, dataDirectory: directory.path + "/link/../new")
        let result = try SnapshotRestore(options).run()
        #expect(result.dataDirectory == realPath + "/new")
        #expect(FileManager.default.fileExists(atPath: real.path + "/new/member/snap/db"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/new"))
    }

    @Test func emptyDataDirectoryIsFilled() throws {
        let recorded = try RecordedDatabase.shared.get()
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("mounted")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o750])
        let result = try SnapshotRestore(SnapshotRestoreOptions(snapshotPath: recorded.snapshotPath, dataDirectory: target.path)).run()
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["member"])
        #expect(FileManager.default.fileExists(atPath: result.walPath))
        // The directory itself is left as it was, as etcdutl leaves it.
        let attributes = try FileManager.default.attributesOfItem(atPath: target.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o750)
    }

    @Test func unusableDirectories() throws {
        let recorded = try RecordedDatabase.shared.get()
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let used = directory.appendingPathComponent("used")
        try FileManager.default.createDirectory(at: used, withIntermediateDirectories: false)
        try Data("x".utf8).write(to: used.appendingPathComponent("keep"))
        let file = directory.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let dangling = directory.appendingPathComponent("dangling")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: directory.appendingPathComponent("gone").path)

        let cases: [(data: String, wal: String, kind: SnapshotRestoreError.Kind, message: String)] = [
            (used.path, "", .directoryInUse, "is not empty (it contains keep)"),
            (file.path, "", .directoryInUse, "exists and is not a directory"),
            (directory.appendingPathComponent("new").path, used.path, .directoryInUse, "already exists"),
            (directory.appendingPathComponent("new").path, directory.appendingPathComponent("new").path, .invalidOptions, "is the data directory itself"),
            (directory.appendingPathComponent("w/data").path, directory.appendingPathComponent("w").path, .invalidOptions, "lies inside --wal-dir"),
            // etcdutl rejects these too: the restore itself creates both directories.
            (directory.appendingPathComponent("new").path, directory.appendingPathComponent("new/member").path, .invalidOptions, "is the data directory's member directory"),
            (directory.appendingPathComponent("new").path, directory.appendingPathComponent("new/member/snap").path, .invalidOptions, "is the data directory's member/snap directory"),
            (directory.appendingPathComponent("new").path + "/", directory.appendingPathComponent("new").path, .invalidOptions, "such as \(directory.path)/new/wal"),
            // A link to a missing directory exists, so it cannot be replaced; etcdutl fails on it too.
            (dangling.path, "", .directoryInUse, "is a symbolic link to \(directory.path)/gone, which does not exist"),
            (directory.appendingPathComponent("new").path, dangling.path, .directoryInUse, "already exists"),
        ]
        for testCase in cases {
            var options = SnapshotRestoreOptions(snapshotPath: recorded.snapshotPath, dataDirectory: testCase.data)
            options.walDirectory = testCase.wal
            let error = #expect(throws: SnapshotRestoreError.self, "\(testCase.data) \(testCase.wal)") { try SnapshotRestore(options).run() }
            #expect(error?.kind == testCase.kind, "\(testCase.data)")
            #expect(error?.message.contains(testCase.message) == true, "\(error?.message ?? "")")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["dangling", "file", "used"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: used.path) == ["keep"])
    }

    @Test func revisionFlagsGoTogether() throws {
        var bumpOnly = SnapshotRestoreOptions(snapshotPath: "s.db", dataDirectory: "d")
        bumpOnly.bumpRevision = 10
        let bumpError = #expect(throws: SnapshotRestoreError.self) { try SnapshotRestore(bumpOnly) }
        #expect(bumpError?.message.hasPrefix("--bump-revision 10 requires --mark-compacted") == true)

        var compactOnly = SnapshotRestoreOptions(snapshotPath: "s.db", dataDirectory: "d")
        compactOnly.markCompacted = true
        let compactError = #expect(throws: SnapshotRestoreError.self) { try SnapshotRestore(compactOnly) }
        #expect(compactError?.message.hasPrefix("--mark-compacted requires --bump-revision greater than 0") == true)
    }

    /// etcdutl's `snapshot status -w json` of a database file.
    struct SnapshotStatusOutput: Decodable {
        var hash: UInt32
        var revision: Int64
        var totalKey: Int
        var totalSize: Int
    }

    func snapshotStatus(_ path: String) throws -> SnapshotStatusOutput {
        let result = try ProcessRunner.run(TestEnvironment.etcdutlPath, ["snapshot", "status", path, "-w", "json"])
        guard result.status == 0 else {
            throw EtcdStoreTestError("etcdutl snapshot status \(path) failed: \(result.errorOutput)")
        }
        return try JSONDecoder().decode(SnapshotStatusOutput.self, from: result.standardOutput)
    }
}

/// Every bucket of a bbolt file with its sequence and entries, read with
/// this package's reader.
struct DatabaseContents {
    struct Bucket: Equatable {
        var sequence: UInt64
        var entries: [(key: [UInt8], value: [UInt8])]

        static func == (lhs: Bucket, rhs: Bucket) -> Bool {
            lhs.sequence == rhs.sequence && lhs.entries.elementsEqual(rhs.entries) { $0.key == $1.key && $0.value == $1.value }
        }
    }

    var names: [String] = []
    var buckets: [String: Bucket] = [:]

    init(path: String) throws {
        let database = try EtcdStore(path: path).database
        var names: [String] = []
        var buckets: [String: Bucket] = [:]
        try database.forEach(in: database.rootBucket) { entry in
            let name = String(decoding: database.copyBytes(entry.key), as: UTF8.self)
            let bucket = try database.bucket(entry)
            var contents = Bucket(sequence: bucket.sequence, entries: [])
            try database.forEach(in: bucket) { item in
                contents.entries.append((database.copyBytes(item.key), database.copyBytes(item.value)))
            }
            names.append(name)
            buckets[name] = contents
        }
        self.names = names
        self.buckets = buckets
    }
}

/// Saves a snapshot of a member that never compacted into `directory`, so
/// its `meta` bucket has `term` but no `scheduledCompactRev`: a bump must
/// insert that key between the copied ones.
func saveUncompactedSnapshot(in directory: URL) throws -> String {
    let path = directory.appendingPathComponent("uncompacted.db").path
    let server = try EtcdServer.start()
    defer { server.stop() }
    for command in [["put", "a", "1"], ["put", "b", "2"], ["del", "a"], ["snapshot", "save", path]] {
        let result = try server.etcdctl(command)
        guard result.status == 0 else {
            throw EtcdStoreTestError("etcdctl \(command.joined(separator: " ")) failed: \(result.errorOutput)")
        }
    }
    return path
}
