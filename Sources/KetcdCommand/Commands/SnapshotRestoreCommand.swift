extension Command {
    /// `ketcd snapshot restore`: not implemented. Restoring writes a new
    /// member's bbolt database (with rewritten membership and consistent
    /// index) plus a raft WAL and snap file, which ketcd cannot write yet.
    /// The command accepts etcdutl's flags so that scripts get this message
    /// and not an unknown-flag error.
    static let snapshotRestore = Command(
        ["snapshot", "restore"], summary: "Restores an etcd member snapshot to an etcd directory (not supported: use etcdutl)",
        arguments: "<filename> [options]",
        flags: [
            .int("bump-revision", usage: "How much to increase the latest revision after restore"),
            .string("data-dir", usage: "Path to the data directory"),
            .string("initial-advertise-peer-urls", default: "http://localhost:2380", usage: "List of this member's peer URLs to advertise to the rest of the cluster"),
            .string("initial-cluster", default: "default=http://localhost:2380", usage: "Initial cluster configuration for restore bootstrap"),
            .string("initial-cluster-token", default: "etcd-cluster", usage: "Initial cluster token for the etcd cluster during restore bootstrap"),
            .uint("initial-memory-map-size", usage: "Initial memory map size of the database in bytes. It uses the default value if not defined or defined to 0"),
            .bool("mark-compacted", usage: "Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise)"),
            .string("name", default: "default", usage: "Human-readable name for this member"),
            .bool("skip-hash-check", usage: "Ignore snapshot integrity hash value (required if copied from data directory)"),
            .string("wal-dir", usage: "Path to the WAL directory (use --data-dir if none given)"),
        ],
        usesGlobalOptions: false
    ) { context in
        let file = context.arguments.first ?? "<filename>"
        let directory = context.flags.string("data-dir").isEmpty ? "<new directory>" : context.flags.string("data-dir")
        throw CommandError(
            .error,
            "snapshot restore is not supported by ketcd, because restoring writes a new member's database, WAL and snap files; check the file with `ketcd snapshot status \(file)`, then run `etcdutl snapshot restore \(file) --data-dir \(directory)` (etcd 3.5 and 3.6) with the same flags")
    }
}
