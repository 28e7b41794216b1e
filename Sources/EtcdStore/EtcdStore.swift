import EtcdAPI
import Foundation

/// An etcd 3.5 database read offline: a member's `member/snap/db` or a file
/// saved by `etcdctl snapshot save`.
///
/// Opening maps the file read-only, picks the meta page, checks a snapshot's
/// appended SHA-256, reads the `meta` bucket and builds the key index in one
/// pass over the `key` bucket. Reads then follow etcd's `Range` semantics, so
/// every read command works the same against this store as against a live
/// member.
public final class EtcdStore: KeyRangeSource, @unchecked Sendable {
    // Safe to share: every stored property is immutable after init.

    public let database: BoltDatabase
    /// Whether the file carries a snapshot hash, and whether it matched.
    public let snapshotHash: SnapshotHashCheck
    /// The Raft index of the last entry applied to this database.
    public let consistentIndex: UInt64
    /// The Raft term of that entry; 0 when the database predates etcd 3.5.
    public let term: UInt64
    /// The revision of the last compaction requested; 0 for none.
    public let scheduledCompactRevision: Int64
    /// The revision of the last compaction that finished deleting; 0 for none.
    public let finishedCompactRevision: Int64
    /// Revisions below this one are compacted: the larger of the scheduled and
    /// finished compaction revisions, as a member reopening this file uses,
    /// or -1 (etcd's value, which HashKV reports) when the file records no compaction.
    public let compactRevision: Int64
    /// The newest revision: the last one in the `key` bucket, at least the
    /// finished compaction revision, and 1 for an empty store, as etcd computes it.
    public let currentRevision: Int64
    /// The cluster and member ids for response headers; see `ClusterIdentity`.
    public let identity: ClusterIdentity

    let index: MVCCIndex
    let keyBucket: BoltBucket

    /// Opens a database or snapshot file.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - allowHashMismatch: open a snapshot whose appended SHA-256 does not
    ///     match instead of throwing (`etcdutl snapshot restore --skip-hash-check`
    ///     has the same purpose). The result is in `snapshotHash`.
    ///   - dataDirectory: the etcd data directory the file belongs to, if any;
    ///     its write-ahead log names the cluster and member ids.
    public init(path: String, allowHashMismatch: Bool = false, dataDirectory: String? = nil) throws {
        // A running etcd may commit while the index is built, and two commits
        // later it may reuse pages of the tree being read. Such a read starts
        // over with the newer meta page, up to three times.
        var attempt = 1
        var loaded: LoadedDatabase
        while true {
            do {
                let candidate = try LoadedDatabase(path: path, allowHashMismatch: allowHashMismatch, dataDirectory: dataDirectory)
                if !candidate.database.hasNewerCommit() || attempt == EtcdStore.maxReadAttempts {
                    loaded = candidate
                    break
                }
            } catch let error as EtcdStoreError where error.kind == .databaseChanged && attempt < EtcdStore.maxReadAttempts {
                // Start over below with the newer meta page.
            }
            attempt += 1
        }

        snapshotHash = loaded.snapshotHash
        database = loaded.database
        keyBucket = loaded.keyBucket
        consistentIndex = loaded.consistentIndex
        term = loaded.term
        scheduledCompactRevision = max(loaded.scheduledCompactRevision, 0)
        finishedCompactRevision = max(loaded.finishedCompactRevision, 0)
        compactRevision = max(loaded.scheduledCompactRevision, loaded.finishedCompactRevision)
        index = loaded.index
        currentRevision = max(index.lastMainRevision, loaded.finishedCompactRevision, 1)
        changedWhileOpening = loaded.database.hasNewerCommit()
        identity = loaded.identity
    }

    static let maxReadAttempts = 3

    /// True when etcd committed a newer transaction while the index was built
    /// on every attempt: the file is being written faster than it can be read,
    /// and results may mix two states. Stop the member or save a snapshot for
    /// a consistent read.
    public let changedWhileOpening: Bool

    /// True when etcd has committed a transaction newer than the one this
    /// store reads, so pages read from now on may already hold newer data.
    public var hasNewerCommit: Bool { database.hasNewerCommit() }

    /// Opens `DIR/member/snap/db` of an etcd data directory.
    public convenience init(dataDirectory: String) throws {
        let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent("member/snap/db").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw EtcdStoreError(.cannotOpen, "\(dataDirectory) is not an etcd data directory: \(path) does not exist")
        }
        try self.init(path: path, dataDirectory: dataDirectory)
    }

    /// Number of distinct keys with at least one revision in the file.
    public var keyCount: Int { index.keys.count }
    /// Number of entries in the `key` bucket: every stored revision, deletions included.
    public var revisionCount: Int { index.records.count }

    /// The response header for reads: this store's revision, the file's ids and term.
    public var header: ResponseHeader {
        ResponseHeader(clusterID: identity.clusterID, memberID: identity.memberID, revision: currentRevision, raftTerm: term)
    }

    // MARK: - Decoding

    /// Decodes the `mvccpb.KeyValue` stored in `record` of key `rank`, without
    /// its value when `includeValue` is false.
    ///
    /// The decoded key and mod revision must be the ones the index was built
    /// from. They differ when a running etcd has reused the value's pages since
    /// the index was built, which is reported as `databaseChanged`, or when the
    /// file is damaged.
    func keyValue(_ record: RevisionRecord, ofKeyAt rank: Int, includeValue: Bool = true) throws -> KeyValue {
        let keyValue: KeyValue
        do {
            keyValue = try RawKeyValue.decode(in: database, value: record.value, revision: record.revision, includeValue: includeValue)
        } catch let error as EtcdStoreError where database.hasNewerCommit() || database.file.hasChangedLength() {
            throw EtcdStoreError(
                .databaseChanged,
                "\(database.path) changed while it was read: etcd reused the pages of revision \(record.revision) (\(error.message)); "
                    + "stop the member or save a snapshot with etcdctl and read that"
            )
        }
        let keyMatches = keyValue.key.withUnsafeBytes { decoded in
            decoded.elementsEqual(database.bytes(index.keys[rank]))
        }
        if !keyMatches || (!record.isTombstone && keyValue.modRevision != record.revision.main) {
            if database.hasNewerCommit() || database.file.hasChangedLength() {
                throw EtcdStoreError(
                    .databaseChanged,
                    "\(database.path) changed while it was read: etcd reused the pages of revision \(record.revision); "
                        + "stop the member or save a snapshot with etcdctl and read that"
                )
            }
            throw EtcdStoreError(
                .invalidRecord,
                "value of revision \(record.revision) holds key \(String(decoding: keyValue.key, as: UTF8.self)) at mod_revision \(keyValue.modRevision), "
                    + "which does not match the key and revision it was indexed under",
                offset: record.value.offset
            )
        }
        return keyValue
    }

    func keyBytes(ofKeyAt rank: Int) -> [UInt8] {
        database.copyBytes(index.keys[rank])
    }
}

extension Array where Element == UInt8 {
    var hexString: String {
        map { String(format: "%02x", $0) }.joined()
    }
}

/// One attempt at opening a file: the parts of `EtcdStore` read from it.
private struct LoadedDatabase {
    let snapshotHash: SnapshotHashCheck
    let database: BoltDatabase
    let keyBucket: BoltBucket
    var consistentIndex: UInt64 = 0
    var term: UInt64 = 0
    /// -1 when the meta bucket records no compaction, as in etcd.
    var scheduledCompactRevision: Int64 = -1
    var finishedCompactRevision: Int64 = -1
    let index: MVCCIndex
    let identity: ClusterIdentity

    init(path: String, allowHashMismatch: Bool, dataDirectory: String?) throws {
        let file = try MappedFile(path: path)
        let check = SnapshotHashCheck.check(file)
        if case .mismatch(let stored, let computed) = check, !allowHashMismatch {
            throw EtcdStoreError(
                .snapshotHashMismatch,
                "snapshot \(path) is damaged: its SHA-256 is \(computed.hexString) but the file ends with \(stored.hexString); "
                    + "restore from another snapshot, or pass --skip-hash-check to read it anyway",
                offset: file.bytes.count - 32
            )
        }
        snapshotHash = check
        let database = try BoltDatabase(file: file, dataLength: check.databaseLength(fileLength: file.bytes.count))
        self.database = database

        do {
            guard let keyBucket = try database.bucket(named: Array("key".utf8)) else {
                throw EtcdStoreError(.invalidBucket, "\(path) has no \"key\" bucket; it is a bbolt file but not an etcd v3 database")
            }
            self.keyBucket = keyBucket

            var consistentIndex: UInt64 = 0
            var term: UInt64 = 0
            var scheduled: Int64 = -1
            var finished: Int64 = -1
            if let metaBucket = try database.bucket(named: Array("meta".utf8)) {
                try database.forEach(in: metaBucket) { entry in
                    let name = String(decoding: database.bytes(entry.key), as: UTF8.self)
                    let value = database.bytes(entry.value)
                    switch name {
                    case "consistent_index": consistentIndex = try LoadedDatabase.bigEndian(value, name, entry.value)
                    case "term": term = try LoadedDatabase.bigEndian(value, name, entry.value)
                    case "scheduledCompactRev": scheduled = Int64(bitPattern: try LoadedDatabase.bigEndian(value, name, entry.value))
                    case "finishedCompactRev": finished = Int64(bitPattern: try LoadedDatabase.bigEndian(value, name, entry.value))
                    default: break
                    }
                }
            }
            self.consistentIndex = consistentIndex
            self.term = term
            scheduledCompactRevision = scheduled
            finishedCompactRevision = finished
            index = try MVCCIndex(database: database, bucket: keyBucket)
            identity = try ClusterIdentity.read(database: database, databasePath: path, dataDirectory: dataDirectory)
        } catch let error as EtcdStoreError where database.hasNewerCommit() || file.hasChangedLength() {
            throw EtcdStoreError(
                .databaseChanged,
                "\(path) changed while it was read (etcd committed transaction \(database.meta.transactionID + 1) or later): \(error.message); "
                    + "stop the member or save a snapshot with etcdctl and read that"
            )
        } catch let error as EtcdStoreError {
            throw error.naming(file: path)
        }
    }

    /// Reads the first 8 bytes of a meta bucket value as a big-endian integer.
    private static func bigEndian(_ value: UnsafeRawBufferPointer, _ name: String, _ range: FileRange) throws -> UInt64 {
        guard value.count >= 8 else {
            throw EtcdStoreError(.invalidRecord, "meta bucket value \"\(name)\" is \(value.count) bytes, expected at least 8", offset: range.offset)
        }
        return UInt64(bigEndian: value.loadUnaligned(as: UInt64.self))
    }
}
