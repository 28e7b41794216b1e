import EtcdAPI
import EtcdTestSupport
import Foundation
import Testing

@testable import EtcdStore

/// Damaged copies of a real database: each must fail with one clear error
/// of the right kind, or, for a single bad meta page, still open.
@Suite struct DamagedFileTests {
    /// The database part of the recorded snapshot: a small, complete bbolt file
    /// whose two meta pages describe the same tree.
    static func pristine() throws -> [UInt8] {
        let recorded = try RecordedDatabase.shared.get()
        let snapshot = try [UInt8](Data(contentsOf: URL(fileURLWithPath: recorded.snapshotPath)))
        return Array(snapshot.dropLast(32))
    }

    static func write(_ bytes: [UInt8], name: String = "db") throws -> String {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-damaged")
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Opens `bytes` as a database and reads every key, its hash and status.
    /// The file is removed once mapped, which leaves the mapping intact.
    static func openAndReadAll(_ bytes: [UInt8]) throws -> EtcdStore {
        let path = try write(bytes)
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let store = try EtcdStore(path: path)
        _ = try store.readRange(RangeRequest(key: [0], rangeEnd: [0]))
        _ = try store.hashKV()
        _ = try store.snapshotStatus()
        return store
    }

    static func expectFailure(_ kind: EtcdStoreError.Kind, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try openAndReadAll(bytes)
            Issue.record("expected a \(kind) error, but the file was read", sourceLocation: sourceLocation)
        } catch let error as EtcdStoreError {
            #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected EtcdStoreError.\(kind), got \(error)", sourceLocation: sourceLocation)
        }
    }

    static let pageSize = 4096

    static func storeUInt64(_ value: UInt64, at offset: Int, in bytes: inout [UInt8]) {
        for index in 0..<8 {
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))
        }
    }

    static func storeUInt32(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
        for index in 0..<4 {
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index)))
        }
    }

    /// Recomputes the FNV-1a checksum of the meta record in page `pageID`.
    static func fixMetaChecksum(page pageID: Int, in bytes: inout [UInt8]) {
        let start = pageID * pageSize + 16
        let checksum = bytes[start..<(start + 56)].withUnsafeBytes { FNV1a64.hash($0) }
        storeUInt64(checksum, at: start + 56, in: &bytes)
    }

    /// The key bucket's entry in the root bucket, and its root page, in `bytes`.
    static func keyBucketLocation(_ bytes: [UInt8]) throws -> (entry: BoltEntry, root: BoltPage) {
        let store = try openAndReadAll(bytes)
        let database = store.database
        var cursor = BoltCursor(database: database, bucket: database.rootBucket)
        let entry = try #require(try cursor.seek(Array("key".utf8)))
        let bucket = try database.bucket(entry)
        return (entry, try database.treePage(bucket.rootPage))
    }

    @Test func emptyFile() throws {
        Self.expectFailure(.fileTooSmall, [])
    }

    @Test func truncatedFiles() throws {
        let bytes = try Self.pristine()
        Self.expectFailure(.fileTooSmall, Array(bytes.prefix(100)))
        // Both meta pages survive, but the pages they point at are gone.
        Self.expectFailure(.pageOutOfRange, Array(bytes.prefix(3 * Self.pageSize)))
        Self.expectFailure(.pageOutOfRange, Array(bytes.prefix(bytes.count / 2)))
    }

    @Test func wrongMagic() throws {
        var bytes = try Self.pristine()
        Self.storeUInt32(0xdead_beef, at: 16, in: &bytes)
        Self.storeUInt32(0xdead_beef, at: Self.pageSize + 16, in: &bytes)
        Self.expectFailure(.invalidMeta, bytes)
    }

    @Test func notABoltFile() throws {
        let text = Array(String(repeating: "this is not a database\n", count: 1000).utf8)
        Self.expectFailure(.invalidMeta, text)
    }

    @Test(arguments: [0, 1])
    func corruptMetaPageFallsBack(_ damagedPage: Int) async throws {
        var bytes = try Self.pristine()
        let original = try Self.openAndReadAll(bytes)
        bytes[damagedPage * Self.pageSize + 16 + 40] ^= 0xff  // the page count, under the checksum

        let store = try Self.openAndReadAll(bytes)
        #expect(store.database.meta.pageID == 1 - damagedPage)
        #expect(store.database.rejectedMetaReason?.contains("meta page \(damagedPage) is invalid") == true)
        #expect(store.database.rejectedMetaReason?.contains("checksum mismatch") == true)
        let everything = RangeRequest(key: [0], rangeEnd: [0])
        #expect(try await store.range(everything) == original.range(everything))
    }

    @Test func damagedMetaTransactionIDIgnored() throws {
        var bytes = try Self.pristine()
        // A transaction id far ahead of the other page's, under a checksum
        // that no longer matches: garbage, not a newer commit.
        Self.storeUInt64(1 << 40, at: 16 + 48, in: &bytes)
        let path = try Self.write(bytes)
        let store = try EtcdStore(path: path)
        #expect(store.database.meta.pageID == 1)
        #expect(!store.changedWhileOpening)
        #expect(!store.hasNewerCommit)
    }

    @Test func metaErrorsGiveFileOffsets() throws {
        var bytes = try Self.pristine()
        Self.storeUInt32(0xdead_beef, at: 16, in: &bytes)
        Self.storeUInt32(0xdead_beef, at: Self.pageSize + 16, in: &bytes)
        let path = try Self.write(bytes)
        do {
            _ = try EtcdStore(path: path)
            Issue.record("a file without a valid meta page was opened")
        } catch let error as EtcdStoreError {
            #expect(error.kind == .invalidMeta)
            #expect(error.message.hasPrefix("\(path) is not a valid bbolt database: "), "\(error.message)")
            #expect(error.message.contains("meta page 0: invalid magic 0xdeadbeef, expected 0xed0cdaed (at byte offset 16)"), "\(error.message)")
            #expect(error.message.hasSuffix("meta page 1: invalid magic 0xdeadbeef, expected 0xed0cdaed (at byte offset 4112)"), "\(error.message)")
        }
    }

    @Test func walkerErrorsNameFile() throws {
        let bytes = try Self.pristine()
        let path = try Self.write(Array(bytes.prefix(3 * Self.pageSize)))
        do {
            _ = try EtcdStore(path: path)
            Issue.record("a truncated file was opened")
        } catch let error as EtcdStoreError {
            #expect(error.kind == .pageOutOfRange)
            #expect(error.message.hasPrefix("\(path): page id "), "\(error.message)")
        }
    }

    @Test func bothMetaPagesCorrupt() throws {
        var bytes = try Self.pristine()
        bytes[16 + 48] ^= 1
        bytes[Self.pageSize + 16 + 48] ^= 1
        Self.expectFailure(.invalidMeta, bytes)
    }

    @Test func rootPageOutOfRange() throws {
        var bytes = try Self.pristine()
        for page in 0..<2 {
            Self.storeUInt64(1 << 40, at: page * Self.pageSize + 16 + 16, in: &bytes)
            Self.fixMetaChecksum(page: page, in: &bytes)
        }
        Self.expectFailure(.pageOutOfRange, bytes)
    }

    @Test func bucketRootOutOfRange() throws {
        var bytes = try Self.pristine()
        let location = try Self.keyBucketLocation(bytes)
        Self.storeUInt64(999_999, at: location.entry.value.offset, in: &bytes)
        Self.expectFailure(.pageOutOfRange, bytes)
    }

    @Test func bucketRootPointsAtMetaPage() throws {
        var bytes = try Self.pristine()
        let location = try Self.keyBucketLocation(bytes)
        Self.storeUInt64(1, at: location.entry.value.offset, in: &bytes)
        Self.expectFailure(.pageOutOfRange, bytes)
    }

    @Test func branchPageCycle() throws {
        var bytes = try Self.pristine()
        let root = try Self.keyBucketLocation(bytes).root
        try #require(root.isBranch, "the recorded key bucket should need a branch page")
        // The last child of the branch now points back at the branch itself.
        let lastElement = root.offset + 16 + (root.count - 1) * 16
        Self.storeUInt64(root.id, at: lastElement + 8, in: &bytes)
        Self.expectFailure(.cycle, bytes)
    }

    @Test func branchPageSharesChild() throws {
        var bytes = try Self.pristine()
        let root = try Self.keyBucketLocation(bytes).root
        try #require(root.isBranch && root.count >= 2)
        let firstChild = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: root.offset + 16 + 8, as: UInt64.self) }
        Self.storeUInt64(firstChild, at: root.offset + 16 + 16 + 8, in: &bytes)
        // Reading the keys finds the page twice, or the out-of-order revisions first.
        do {
            _ = try Self.openAndReadAll(bytes)
            Issue.record("a shared child page was not detected")
        } catch let error as EtcdStoreError {
            #expect(error.kind == .cycle || error.kind == .invalidRecord, "\(error.message)")
        }
    }

    @Test func invalidPageType() throws {
        var bytes = try Self.pristine()
        let root = try Self.keyBucketLocation(bytes).root
        bytes[root.offset + 8] = 0x10
        bytes[root.offset + 9] = 0
        Self.expectFailure(.invalidPageType, bytes)
    }

    @Test func pageHeaderIDMismatch() throws {
        var bytes = try Self.pristine()
        let root = try Self.keyBucketLocation(bytes).root
        Self.storeUInt64(root.id + 1, at: root.offset, in: &bytes)
        Self.expectFailure(.pageIDMismatch, bytes)
    }

    @Test func elementOutsideItsPage() throws {
        var bytes = try Self.pristine()
        let root = try Self.keyBucketLocation(bytes).root
        // The first element's key position (branch) or position (leaf) now points far past the page.
        let positionOffset = root.offset + 16 + (root.isBranch ? 0 : 4)
        Self.storeUInt32(0x00ff_ffff, at: positionOffset, in: &bytes)
        Self.expectFailure(.elementOutOfBounds, bytes)
    }

    @Test func snapshotHashMismatch() throws {
        let recorded = try RecordedDatabase.shared.get()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: recorded.snapshotPath)))
        bytes[bytes.count - 1] ^= 0x01
        let path = try Self.write(bytes, name: "snapshot.db")

        #expect {
            _ = try EtcdStore(path: path)
        } throws: { error in
            guard let error = error as? EtcdStoreError else { return false }
            return error.kind == .snapshotHashMismatch && error.offset == bytes.count - 32
                && error.message.contains("or pass --skip-hash-check to read it anyway")
        }
        let store = try EtcdStore(path: path, allowHashMismatch: true)
        guard case .mismatch = store.snapshotHash else {
            Issue.record("hash check gave \(store.snapshotHash), expected a mismatch")
            return
        }
        #expect(store.currentRevision == recorded.currentRevision)
    }

    @Test func directoryAndMissingPath() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-damaged")
        #expect(throws: EtcdStoreError.self) { _ = try EtcdStore(path: directory.path) }
        #expect(throws: EtcdStoreError.self) { _ = try EtcdStore(path: directory.appendingPathComponent("missing").path) }
        #expect(throws: EtcdStoreError.self) { _ = try EtcdStore(dataDirectory: directory.path) }
    }

    /// Opening a named pipe for reading waits for a writer, so the check
    /// for a regular file must come before the open blocks.
    @Test func namedPipeIsRejected() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-damaged")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pipe = directory.appendingPathComponent("pipe").path
        try #require(mkfifo(pipe, 0o600) == 0)
        let error = #expect(throws: EtcdStoreError.self) { _ = try EtcdStore(path: pipe) }
        #expect(error?.kind == .cannotOpen)
        #expect(error?.message == "\(pipe) is not a regular file; pass an etcd database file (member/snap/db) or a snapshot file")
    }

    /// Flips random bytes of the used pages (and, re-checksummed, of the meta
    /// records) and reads everything: the reader may fail, but only with its
    /// own errors, never a crash, a hang or another error type.
    @Test func mutatedFilesOnlyThrow() throws {
        let bytes = try Self.pristine()
        let usedLength = try Self.openAndReadAll(bytes).database.meta.pageCount * UInt64(Self.pageSize)
        var generator = SplitMix64(seed: 0x6b65_7463_64)
        var outcomes: [String: Int] = [:]

        for _ in 0..<400 {
            var mutated = bytes
            let mutationCount = 1 + Int(generator.next() % 8)
            for _ in 0..<mutationCount {
                if generator.next() % 10 == 0 {
                    // A meta field, with a valid checksum so the change is believed.
                    let page = Int(generator.next() % 2)
                    let offset = page * Self.pageSize + 16 + 8 + Int(generator.next() % 48)
                    mutated[offset] = UInt8(truncatingIfNeeded: generator.next())
                    Self.fixMetaChecksum(page: page, in: &mutated)
                } else {
                    let offset = 2 * Self.pageSize + Int(generator.next() % (usedLength - UInt64(2 * Self.pageSize)))
                    mutated[offset] = UInt8(truncatingIfNeeded: generator.next())
                }
            }
            do {
                _ = try Self.openAndReadAll(mutated)
                outcomes["read", default: 0] += 1
            } catch let error as EtcdStoreError {
                #expect(!error.message.isEmpty)
                outcomes["\(error.kind)", default: 0] += 1
            } catch is KeyRangeSourceError {
                outcomes["revision error", default: 0] += 1
            } catch {
                Issue.record("unexpected error type \(type(of: error)): \(error)")
            }
        }
        // The mutations must reach the walker's checks, not only succeed.
        #expect(outcomes.keys.count >= 4, "outcomes: \(outcomes)")
    }
}

/// A small deterministic random number generator for reproducible mutations.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var value = state
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return value ^ (value >> 31)
    }
}
