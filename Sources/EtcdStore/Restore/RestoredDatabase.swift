/// Copies an etcd database into a new, compact bbolt file with the changes
/// that etcd 3.5's `snapshot restore` makes:
/// - the `members` bucket contains only the new cluster's members, keyed by
///   hex id, and `members_removed` is empty;
/// - `meta` has `consistent_index` set to the raft index of the last
///   bootstrap entry and `term` to 1, both 8-byte big-endian;
/// - with a revision bump of N, the `key` bucket gets an empty value at
///   revision (latest main revision + N, sub 0), and `meta` gets that
///   revision as `scheduledCompactRev` (17 bytes: main, `_`, sub).
///
/// Every other bucket and entry is copied unchanged, bucket sequences
/// included. The pages differ from etcdutl's copy, which keeps the source
/// file's layout and free pages, but every bucket has the same entries.
struct RestoredDatabase {
    let source: BoltDatabase
    let membership: RestoreMembership
    let consistentIndex: UInt64
    let term: UInt64
    let bumpRevision: UInt64

    /// Buckets that etcd creates when it opens a database; a restore creates
    /// them when the snapshot lacks them.
    private static let requiredBuckets = ["cluster", "members", "members_removed", "meta"].map { Array($0.utf8) }

    /// Writes the database to `path`, which must not exist, and returns the
    /// latest main revision in its `key` bucket.
    func write(to path: String) throws -> Int64 {
        var names: [[UInt8]] = []
        var sequences: [[UInt8]: UInt64] = [:]
        try source.forEach(in: source.rootBucket) { entry in
            let name = source.copyBytes(entry.key)
            guard entry.isBucket else {
                throw SnapshotRestoreError(.invalidSnapshot, "\(source.path) has a plain value \(describe(name)) at the top level, where etcd keeps only buckets; it is not an etcd database")
            }
            guard sequences[name] == nil else {
                throw SnapshotRestoreError(.invalidSnapshot, "\(source.path) is damaged: its root bucket lists bucket \(describe(name)) twice; restore from another snapshot")
            }
            names.append(name)
            sequences[name] = try source.bucket(entry).sequence
        }
        guard names.contains(Array("key".utf8)) else {
            throw SnapshotRestoreError(.invalidSnapshot, "\(source.path) has no \"key\" bucket; it is a bbolt file but not an etcd v3 database")
        }
        for name in RestoredDatabase.requiredBuckets where !names.contains(name) {
            names.append(name)
        }
        names.sort { $0.lexicographicallyPrecedes($1) }

        let writer = try BoltWriter(path: path, pageSize: source.pageSize)
        var latest = Revision(main: 0, sub: 0)
        for name in names {
            try writer.beginBucket(name, sequence: sequences[name] ?? 0)
            switch String(decoding: name, as: UTF8.self) {
            case "members":
                try writeMembers(writer)
            case "members_removed":
                break
            case "key":
                latest = try copyKeyBucket(writer)
            case "meta":
                try writeMeta(writer, latest: latest)
            default:
                try copyBucket(name, writer)
            }
        }
        try writer.finish()
        return latest.main
    }

    private func writeMembers(_ writer: BoltWriter) throws {
        let members = membership.members.sorted { $0.hexID.utf8.lexicographicallyPrecedes($1.hexID.utf8) }
        for member in members {
            try writer.append(key: Array(member.hexID.utf8), value: member.json)
        }
    }

    /// Copies the `key` bucket, appends the bump entry when there is one, and
    /// returns the latest revision after it.
    private func copyKeyBucket(_ writer: BoltWriter) throws -> Revision {
        var last: [UInt8]?
        try copyBucket(Array("key".utf8), writer) { last = $0 }
        var latest = Revision(main: 0, sub: 0)
        if let last {
            guard let revision = Revision(keyBytes: last) else {
                throw SnapshotRestoreError(.invalidSnapshot, "\(source.path) has a \"key\" bucket entry \(describe(last)) that is not a revision (8-byte main, \"_\", 8-byte sub)")
            }
            latest = revision
        }
        guard bumpRevision > 0 else { return latest }

        let (bumped, overflow) = latest.main.addingReportingOverflow(Int64(clamping: bumpRevision))
        guard !overflow, bumpRevision <= UInt64(Int64.max) else {
            throw SnapshotRestoreError(.invalidOptions, "--bump-revision \(bumpRevision) is too large: added to the latest revision \(latest.main) it exceeds \(Int64.max)")
        }
        let revision = Revision(main: bumped, sub: 0)
        try writer.append(key: revision.keyBytes, value: [])
        return revision
    }

    /// Copies the `meta` bucket with the consistent index, term and, after a
    /// bump, the scheduled compaction revision replaced or inserted in key order.
    private func writeMeta(_ writer: BoltWriter, latest: Revision) throws {
        var replacements: [(key: [UInt8], value: [UInt8])] = [
            (Array("consistent_index".utf8), bigEndian(consistentIndex)),
            (Array("term".utf8), bigEndian(term)),
        ]
        if bumpRevision > 0 {
            replacements.append((Array("scheduledCompactRev".utf8), Revision(main: latest.main, sub: 0).keyBytes))
        }
        replacements.sort { $0.key.lexicographicallyPrecedes($1.key) }
        let replacedKeys = Set(replacements.map(\.key))

        var pending = replacements[...]
        func appendReplacements(upTo key: [UInt8]?) throws {
            while let next = pending.first, key.map({ !$0.lexicographicallyPrecedes(next.key) }) ?? true {
                try writer.append(key: next.key, value: next.value)
                pending = pending.dropFirst()
            }
        }
        if let bucket = try source.bucket(named: Array("meta".utf8)) {
            try source.forEach(in: bucket) { entry in
                let key = source.copyBytes(entry.key)
                try checkPlainValue(entry, bucket: Array("meta".utf8))
                try appendReplacements(upTo: key)
                if !replacedKeys.contains(key) {
                    try appendCopied(entry, bucket: Array("meta".utf8), to: writer)
                }
            }
        }
        try appendReplacements(upTo: nil)
    }

    /// Bytes of entries copied between two releases of the snapshot's
    /// resident pages, which bounds the restore's resident set.
    static let residentCopyLimit = 32 << 20

    /// Copies every entry of the source bucket `name`, calling `lastKey` with
    /// the final key.
    private func copyBucket(_ name: [UInt8], _ writer: BoltWriter, lastKey: (([UInt8]) -> Void)? = nil) throws {
        guard let bucket = try source.bucket(named: name) else { return }
        var last: BoltEntry?
        var copiedSinceRelease = 0
        try source.forEach(in: bucket) { entry in
            try checkPlainValue(entry, bucket: name)
            try appendCopied(entry, bucket: name, to: writer)
            last = entry
            copiedSinceRelease += entry.key.count + entry.value.count
            if copiedSinceRelease >= RestoredDatabase.residentCopyLimit {
                source.file.releaseResidentPages()
                copiedSinceRelease = 0
            }
        }
        if let last, let lastKey {
            lastKey(source.copyBytes(last.key))
        }
    }

    /// Appends an entry copied from the snapshot. The writer rejects a key
    /// that is empty, too long or out of order, which in a copied bucket
    /// means the snapshot is damaged.
    private func appendCopied(_ entry: BoltEntry, bucket: [UInt8], to writer: BoltWriter) throws {
        let key = source.bytes(entry.key)
        let value = source.bytes(entry.value)
        do {
            try writer.append(key: key, value: value)
        } catch let error as EtcdStoreError where error.kind == .invalidWrite {
            let problem: String
            if key.isEmpty {
                problem = "that is empty"
            } else if key.count > BoltWriter.maxKeySize {
                problem = "of \(key.count) bytes, more than bbolt's limit of \(BoltWriter.maxKeySize)"
            } else if value.count > BoltWriter.maxValueSize {
                problem = "with a value of \(value.count) bytes, more than bbolt's limit of \(BoltWriter.maxValueSize)"
            } else {
                problem = "that does not sort after the key before it"
            }
            throw SnapshotRestoreError(
                .invalidSnapshot, "\(source.path) is damaged: bucket \(describe(bucket)) has key \(describe(key)) \(problem); restore from another snapshot")
        }
    }

    private func checkPlainValue(_ entry: BoltEntry, bucket: [UInt8]) throws {
        guard !entry.isBucket else {
            throw SnapshotRestoreError(
                .invalidSnapshot,
                "\(source.path) has a nested bucket \(describe(source.copyBytes(entry.key))) in bucket \(describe(bucket)); "
                    + "etcd never creates nested buckets, so this is not an etcd database")
        }
    }

    private func bigEndian(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
