import Dispatch
import EtcdStore
#if canImport(Glibc)
import Glibc
#endif

extension Command {
    /// `ketcd snapshot restore <file>`: writes a new etcd 3.5 data directory
    /// from a snapshot, as `etcdutl snapshot restore` 3.5.16 does (and
    /// etcdctl 3.5's deprecated command of the same name), with the same
    /// flags. The work is `SnapshotRestore` in EtcdStore.
    ///
    /// Deliberate differences from etcdutl:
    /// - On success it prints one line to standard error (the data directory,
    ///   revision, member id and cluster id) instead of zap logs.
    /// - The database is written compact, so `member/snap/db` is usually
    ///   smaller than etcdutl's copy, with the same buckets and entries.
    /// - A failure or an interrupt leaves no directory behind.
    /// - `--initial-advertise-peer-urls` must spell the member's URLs as
    ///   `--initial-cluster` does: host names are not resolved.
    /// - `--initial-memory-map-size` is accepted and has no effect.
    /// - `--data-dir` defaults to `<name>.etcd`, as in etcdctl 3.5.
    static let snapshotRestore = Command(
        ["snapshot", "restore"], summary: "Restores an etcd member snapshot to an etcd directory",
        arguments: "<filename> [options]",
        description: """
            Writes a new data directory from a snapshot saved by `snapshot save` (or a member's member/snap/db with --skip-hash-check), for a new cluster described by --initial-cluster. Restore every member of the new cluster from the same snapshot with the same --initial-cluster and --initial-cluster-token, each with its own --name and --initial-advertise-peer-urls, then start etcd on the directories with those flags.
            The files are written under hidden staging directories and renamed into place at the end, so a failure or an interrupt leaves no partial directory. The database is written compact, so it can be smaller than the one etcdutl writes; its contents are the same.
            """,
        flags: [
            .uint("bump-revision", usage: "How much to increase the latest revision after restore"),
            .string("data-dir", usage: "Path to the data directory (default <name>.etcd)"),
            .string("initial-advertise-peer-urls", default: "http://localhost:2380", usage: "List of this member's peer URLs to advertise to the rest of the cluster"),
            .string("initial-cluster", default: "default=http://localhost:2380", usage: "Initial cluster configuration for restore bootstrap"),
            .string("initial-cluster-token", default: "etcd-cluster", usage: "Initial cluster token for the etcd cluster during restore bootstrap"),
            .uint("initial-memory-map-size", usage: "Accepted for compatibility with etcdutl, no effect: ketcd writes the database without memory-mapping it"),
            .bool("mark-compacted", usage: "Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise)"),
            .string("name", default: "default", usage: "Human-readable name for this member"),
            .bool("skip-hash-check", usage: "Ignore snapshot integrity hash value (required if copied from data directory)"),
            .string("wal-dir", usage: "Path to the WAL directory (use --data-dir if none given)"),
        ],
        usesGlobalOptions: false
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("snapshot restore requires exactly one argument: the snapshot file")
        }
        let flags = context.flags
        let bump = flags.uint("bump-revision")
        // etcdutl rejects both mismatches with exit status 128 before it reads anything.
        if flags.bool("mark-compacted") != (bump > 0) {
            throw CommandError.badArguments("--mark-compacted and --bump-revision go together: pass both (--bump-revision greater than 0) or neither")
        }

        let name = flags.string("name")
        var options = SnapshotRestoreOptions(
            snapshotPath: context.arguments[0],
            dataDirectory: flags.string("data-dir").isEmpty ? name + ".etcd" : flags.string("data-dir"))
        options.walDirectory = flags.string("wal-dir")
        options.name = name
        options.initialCluster = flags.string("initial-cluster")
        options.initialAdvertisePeerURLs = flags.string("initial-advertise-peer-urls")
        options.initialClusterToken = flags.string("initial-cluster-token")
        options.skipHashCheck = flags.bool("skip-hash-check")
        options.bumpRevision = bump
        options.markCompacted = flags.bool("mark-compacted")

        let result: SnapshotRestoreResult
        do throws(SnapshotRestoreError) {
            let restore = try SnapshotRestore(options)
            let interruptHandlers = cancelOnInterrupt(restore)
            defer { interruptHandlers.forEach { $0.cancel() } }
            result = try restore.run()
        } catch {
            throw CommandError(.error, error.message)
        }
        context.errorOutput.writeLine(
            "restored \(options.snapshotPath) to \(options.dataDirectory) at revision \(result.revision): "
                + "member \(String(result.memberID, radix: 16)) of cluster \(String(result.clusterID, radix: 16)) with \(result.members.count) member(s)")
    }

    /// Removes the restore's staging directories and exits on SIGINT (Ctrl-C)
    /// or SIGTERM. A signal that arrives once the data directory is in place
    /// is ignored, so the restore reports its success.
    private static func cancelOnInterrupt(_ restore: SnapshotRestore) -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if restore.cancel() {
                    _exit(ExitCode.interrupted.rawValue)
                }
            }
            source.resume()
            return source
        }
    }
}
