import Foundation

/// The flags of `snapshot restore`, with etcdutl 3.5's defaults.
public struct SnapshotRestoreOptions: Sendable {
    /// The snapshot file (`etcdctl snapshot save`), or a member's `member/snap/db`
    /// with `skipHashCheck`.
    public var snapshotPath: String
    /// The new data directory; it must not exist or be empty.
    public var dataDirectory: String
    /// The WAL directory, which must not exist; empty for `<data dir>/member/wal`.
    public var walDirectory = ""
    public var name = "default"
    public var initialCluster = "default=http://localhost:2380"
    public var initialAdvertisePeerURLs = "http://localhost:2380"
    public var initialClusterToken = "etcd-cluster"
    /// Restores a file whose SHA-256 is missing or does not match.
    public var skipHashCheck = false
    /// How much to raise the latest revision; requires `markCompacted`.
    public var bumpRevision: UInt64 = 0
    /// Schedules a compaction at the bumped revision; requires `bumpRevision` > 0.
    public var markCompacted = false

    public init(snapshotPath: String, dataDirectory: String) {
        self.snapshotPath = snapshotPath
        self.dataDirectory = dataDirectory
    }
}

/// The outcome of a restore: the new cluster's ids and the paths written.
public struct SnapshotRestoreResult: Sendable {
    /// The new cluster's members, in ascending id order.
    public var members: [RestoredMember]
    /// The id of the member named by `--name`.
    public var memberID: UInt64
    public var clusterID: UInt64
    /// The latest main revision in the restored database, after any bump.
    public var revision: Int64
    /// Final paths, absolute.
    public var dataDirectory: String
    public var databasePath: String
    public var snapPath: String
    public var walPath: String
}

/// Restores a snapshot into a new etcd 3.5 data directory, as
/// `etcdutl snapshot restore` 3.5.16 does, so that etcd can start a new
/// cluster from it.
///
/// The restore writes `member/snap/db` (the snapshot's database with the new
/// membership and consistent index, see `RestoredDatabase`), the snap file
/// with the v2 store, and the first WAL segment (see `RaftBootstrapFiles`).
/// For the same flags the WAL and snap files are byte for byte the ones
/// etcdutl writes, and the database has the same buckets and entries.
///
/// Unlike etcdutl, it never leaves a partial directory behind: the files are
/// written and synced under staging directories, then renamed into place
/// (see `RestoreStaging`), and any failure removes what was written.
public final class SnapshotRestore: @unchecked Sendable {
    // Safe to share: `cancel` may run on another thread while `run` works;
    // `staging` does its own locking and `cancelled` is guarded by `lock`.

    public let options: SnapshotRestoreOptions
    private let membership: RestoreMembership
    private let lock = NSLock()
    private var cancelled = false
    private var staging: RestoreStaging?

    /// Checks the flags as etcd does before it bootstraps a cluster; writes nothing.
    public init(_ options: SnapshotRestoreOptions) throws(SnapshotRestoreError) {
        if options.bumpRevision > 0 && !options.markCompacted {
            throw SnapshotRestoreError(
                .invalidOptions,
                "--bump-revision \(options.bumpRevision) requires --mark-compacted, because clients watching from older revisions must be told that they were compacted")
        }
        if options.markCompacted && options.bumpRevision == 0 {
            throw SnapshotRestoreError(.invalidOptions, "--mark-compacted requires --bump-revision greater than 0, and marks the bumped revision as compacted")
        }
        self.options = options
        membership = try RestoreMembership(
            name: options.name, initialCluster: options.initialCluster,
            advertisePeerURLs: options.initialAdvertisePeerURLs, token: options.initialClusterToken)
    }

    /// The members the restore bootstraps, in ascending id order.
    public var members: [RestoredMember] { membership.members }
    public var clusterID: UInt64 { membership.clusterID }
    public var memberID: UInt64 { membership.localMember.id }

    /// Checks the directories and the snapshot, writes the data directory and
    /// renames it into place.
    public func run() throws(SnapshotRestoreError) -> SnapshotRestoreResult {
        let staging = try RestoreStaging(dataDirectory: options.dataDirectory, walDirectory: options.walDirectory)
        let source = try openSnapshot()

        lock.lock()
        self.staging = staging
        let cancelledEarly = cancelled
        lock.unlock()
        if cancelledEarly {
            staging.discard()
        }

        do throws(SnapshotRestoreError) {
            try staging.create()
            let files = RaftBootstrapFiles(membership: membership)
            let database = RestoredDatabase(
                source: source, membership: membership, consistentIndex: files.commitIndex,
                term: RaftBootstrapFiles.term, bumpRevision: options.bumpRevision)
            let databasePath = staging.stagedSnapDirectory + "/db"
            let revision: Int64
            do {
                revision = try database.write(to: databasePath)
            } catch let error as SnapshotRestoreError {
                throw error
            } catch let error as EtcdStoreError where error.kind == .cannotWrite || error.kind == .invalidWrite {
                throw SnapshotRestoreError(.fileSystem, "cannot write the restored database: \(error.message)")
            } catch {
                throw SnapshotRestoreError(
                    .invalidSnapshot, "cannot read the database in \(options.snapshotPath), so it is damaged or not an etcd database: \(error)")
            }
            try RestoreFileWriter.write(files.snapFile, to: staging.stagedSnapDirectory + "/" + files.snapFileName, mode: 0o666)
            try RestoreFileWriter.write(
                files.walRecords, to: staging.stagedWALDirectory + "/" + RaftBootstrapFiles.walFileName, mode: 0o600,
                preallocatedLength: RaftBootstrapFiles.walSegmentSize)
            try staging.publish()

            let snapDirectory = staging.dataDirectory + "/member/snap"
            return SnapshotRestoreResult(
                members: membership.members, memberID: membership.localMember.id, clusterID: membership.clusterID,
                revision: revision, dataDirectory: staging.dataDirectory, databasePath: snapDirectory + "/db",
                snapPath: snapDirectory + "/" + files.snapFileName,
                walPath: staging.walDirectory + "/" + RaftBootstrapFiles.walFileName)
        } catch {
            staging.discard()
            throw error
        }
    }

    /// Stops a restore that `run` is working on and removes what it wrote, or
    /// does nothing once the data directory is in place. Returns false in
    /// that last case, where `run` succeeds. Safe to call from any thread,
    /// such as a signal handler's queue.
    @discardableResult
    public func cancel() -> Bool {
        lock.lock()
        cancelled = true
        let staging = staging
        lock.unlock()
        return staging?.discard() ?? true
    }

    /// Maps the snapshot and checks its appended SHA-256, as etcdutl does: a
    /// file of 32 bytes over a multiple of 512 ends with the SHA-256 of the
    /// rest, which must match unless `skipHashCheck`, and any other length
    /// needs `skipHashCheck`.
    private func openSnapshot() throws(SnapshotRestoreError) -> BoltDatabase {
        let path = options.snapshotPath
        let file: MappedFile
        do {
            file = try MappedFile(path: path)
        } catch {
            throw SnapshotRestoreError(.invalidSnapshot, "\(error)")
        }
        let length = file.bytes.count
        let hasHash = SnapshotHashCheck.hasAppendedHash(length: length)
        // With --skip-hash-check a hash is cut off unread, as etcdutl does.
        if !options.skipHashCheck {
            switch SnapshotHashCheck.check(file) {
            case .absent:
                throw SnapshotRestoreError(
                    .invalidSnapshot,
                    "snapshot missing hash but --skip-hash-check=false: \(path) (\(length) bytes) does not end with the SHA-256 "
                        + "that `etcdctl snapshot save` appends; to restore a member's member/snap/db file, pass --skip-hash-check")
            case .mismatch(let stored, let computed):
                throw SnapshotRestoreError(
                    .invalidSnapshot,
                    "snapshot \(path) is damaged: its SHA-256 is \(computed.hexString) but the file ends with \(stored.hexString); "
                        + "restore from another snapshot, or pass --skip-hash-check to restore it anyway")
            case .verified:
                break
            }
        }
        do {
            return try BoltDatabase(file: file, dataLength: hasHash ? length - SnapshotHashCheck.hashLength : length)
        } catch {
            // BoltDatabase's errors name the file and the reason it is not a bbolt database.
            throw SnapshotRestoreError(.invalidSnapshot, "\(error)")
        }
    }
}
