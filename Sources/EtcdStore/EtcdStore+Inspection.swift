import EtcdAPI

/// One stored revision of a key.
public struct KeyHistoryEntry: Sendable, Equatable {
    public var revision: Revision
    /// True for a deletion (a tombstone); `keyValue` then holds only the key.
    public var isDeletion: Bool
    /// The stored `mvccpb.KeyValue`: mod_revision, create_revision, version, value and lease.
    public var keyValue: KeyValue
}

/// The result of `EtcdStore.hashKV(revision:)`, as etcd's HashKV RPC returns it.
public struct HashKVResult: Sendable, Equatable {
    /// CRC-32C over the `key` bucket up to `hashRevision`.
    public var hash: UInt32
    /// The store's compaction revision, which the hash depends on.
    public var compactRevision: Int64
    /// The revision the hash covers.
    public var hashRevision: Int64
    /// The store's current revision (the response header's revision).
    public var currentRevision: Int64
}

/// The figures `etcdutl snapshot status` prints for a database file.
public struct SnapshotStatus: Sendable, Equatable {
    /// CRC-32C over every bucket name and every key and value, in bbolt order.
    public var hash: UInt32
    /// Main revision of the last entry of the `key` bucket.
    public var revision: Int64
    /// Number of entries in all buckets.
    public var totalKey: Int
    /// Page count times page size: the database size bbolt reports.
    public var totalSize: Int64
}

/// The space live pages take in the file, and what a defragmentation would reclaim.
public struct SpaceUsage: Sendable, Equatable {
    /// Length of the file on disk.
    public var fileSize: Int64
    /// Bytes of the file that hold the database: `fileSize` less the 32-byte
    /// SHA-256 that etcd appends to a snapshot.
    public var databaseSize: Int64
    public var pageSize: Int
    /// Page count up to the high water mark times page size: etcd's `dbSize`.
    public var allocatedSize: Int64
    /// Pages reachable from the meta page (meta, freelist, and every bucket's
    /// pages) times page size. A running etcd reports a `dbSizeInUse` a few
    /// pages larger, because it also counts the pages its last commit freed
    /// while its open read transaction may still use them.
    public var inUseSize: Int64
    /// Pages below the high water mark that no tree reaches.
    public var freePages: Int
    /// `databaseSize - inUseSize`: roughly what `etcdctl defrag` gives back;
    /// the defragmented file is slightly larger than `inUseSize`, because
    /// bbolt fills pages only to its fill percentage.
    public var reclaimableSize: Int64 { databaseSize - inUseSize }
}

extension EtcdStore {
    /// Returns every stored revision of `key`, oldest first, deletions included.
    ///
    /// Revisions that a compaction removed are gone from the file, so the
    /// first entry is then the oldest one kept.
    public func history(of key: [UInt8]) throws -> [KeyHistoryEntry] {
        guard let base = database.file.bytes.baseAddress else { return [] }
        let rank = index.lowerBound(key, base: base)
        guard rank < index.keys.count, MVCCIndex.compare(base: base, index.keys[rank], key) == 0 else { return [] }
        return try index.records(ofKeyAt: rank).map { recordIndex in
            let record = index.records[Int(recordIndex)]
            return KeyHistoryEntry(revision: record.revision, isDeletion: record.isTombstone, keyValue: try keyValue(record, ofKeyAt: rank))
        }
    }

    /// Computes the hash that etcd 3.5's HashKV RPC returns for `revision` (0
    /// for the current revision), so members and backups can be compared offline.
    ///
    /// etcd feeds CRC-32C the bucket name `key`, then the raw key and value of
    /// every revision up to `revision`. Revisions at or below the compaction
    /// revision count only if a compaction at `revision` would keep them, and a
    /// tombstone at exactly the compaction revision never counts (etcd 3.5.16
    /// keeps that tombstone in the file where older releases delete it).
    ///
    /// NOTE: a live member caches the hash it computed while compacting and
    /// returns it for a request at the compaction revision itself. That hash
    /// covers the revisions the compaction removed, so it differs from this one.
    public func hashKV(revision requested: Int64 = 0) throws -> HashKVResult {
        if requested > 0 && requested < compactRevision {
            throw KeyRangeSourceError.compacted(requested: requested, compactRevision: compactRevision)
        }
        if requested > currentRevision {
            throw KeyRangeSourceError.futureRevision(requested: requested, currentRevision: currentRevision)
        }
        let revision = requested <= 0 ? currentRevision : requested

        var keptRevisions = Set<Revision>()
        for rank in index.keys.indices {
            index.addKeptRevision(ofKeyAt: rank, at: revision, to: &keptRevisions)
        }

        var crc = CRC32C()
        crc.update(Array("key".utf8))
        for record in index.records {
            let main = record.revision.main
            if main > revision { break }
            if main <= compactRevision && !keptRevisions.isEmpty && !keptRevisions.contains(record.revision) { continue }
            if main == compactRevision && record.isTombstone { continue }
            // A leaf stores the key right before its value.
            let keyLength = record.isTombstone ? Revision.tombstoneKeyLength : Revision.keyLength
            crc.update(database.bytes(FileRange(offset: record.value.offset - keyLength, count: keyLength)))
            crc.update(database.bytes(record.value))
        }
        return HashKVResult(hash: crc.value, compactRevision: compactRevision, hashRevision: revision, currentRevision: currentRevision)
    }

    /// Computes what `etcdutl snapshot status` prints: a CRC-32C over every
    /// top-level bucket's name followed by its keys and values in key order,
    /// the last revision of the `key` bucket, the number of entries and the size.
    ///
    /// Like etcdutl, it first checks the whole page tree and fails on damage.
    public func snapshotStatus() throws -> SnapshotStatus {
        _ = try spaceUsage()

        var crc = CRC32C()
        var totalKey = 0
        var revision: Int64 = 0
        try database.forEach(in: database.rootBucket) { bucketEntry in
            guard bucketEntry.isBucket else {
                let name = String(decoding: database.bytes(bucketEntry.key), as: UTF8.self)
                throw EtcdStoreError(.invalidBucket, "top-level entry \"\(name)\" is not a bucket", offset: bucketEntry.key.offset)
            }
            crc.update(database.bytes(bucketEntry.key))
            let isKeyBucket = database.compare(bucketEntry.key, Array("key".utf8)) == 0
            try database.forEach(in: database.bucket(bucketEntry)) { entry in
                crc.update(database.bytes(entry.key))
                // bbolt yields a nil value for a nested bucket.
                if !entry.isBucket {
                    crc.update(database.bytes(entry.value))
                }
                if isKeyBucket && entry.key.count >= Revision.keyLength, let base = database.file.bytes.baseAddress {
                    revision = Revision.decode(base + entry.key.offset).main
                }
                totalKey += 1
            }
        }
        return SnapshotStatus(
            hash: crc.value, revision: revision, totalKey: totalKey,
            // Go's int64 product, wrapping as etcdutl's does for a damaged page count.
            totalSize: Int64(truncatingIfNeeded: database.meta.pageCount) &* Int64(database.pageSize)
        )
    }

    /// Walks every page reachable from the meta page and compares the space
    /// they take with the file's size.
    public func spaceUsage() throws -> SpaceUsage {
        let walker = PageWalker(database: database)
        let used = try walker.countReachablePages()
        let pageSize = Int64(database.pageSize)
        return SpaceUsage(
            fileSize: Int64(database.file.bytes.count),
            databaseSize: Int64(database.dataLength),
            pageSize: database.pageSize,
            allocatedSize: Int64(clamping: database.meta.pageCount).multipliedReportingOverflow(by: pageSize).overflow
                ? .max : Int64(clamping: database.meta.pageCount) * pageSize,
            inUseSize: Int64(used) * pageSize,
            freePages: max(Int(clamping: database.meta.pageCount) - used, 0)
        )
    }
}
