import EtcdStore

extension CommandContext {
    /// The database named by `--db` or `--data-dir`, opened read-only, or nil
    /// when neither is set and the command should talk to the endpoints.
    ///
    /// A snapshot file's appended SHA-256 is checked; a mismatch fails unless
    /// `--skip-hash-check` is set, and then a warning goes to standard error.
    public func offlineStore() throws -> EtcdStore? {
        let store: EtcdStore
        if !global.databaseFile.isEmpty {
            store = try EtcdStore(path: global.databaseFile, allowHashMismatch: global.skipHashCheck)
        } else if !global.dataDirectory.isEmpty {
            store = try EtcdStore(dataDirectory: global.dataDirectory)
        } else {
            return nil
        }
        if case .mismatch = store.snapshotHash {
            errorOutput.writeLine("ketcd: warning: the SHA-256 appended to \(global.databaseFile) does not match its contents; the snapshot may be damaged")
        }
        if store.changedWhileOpening {
            errorOutput.writeLine("ketcd: warning: etcd kept committing while \(store.database.path) was read; the results may mix two states. Stop the member or read a snapshot for a consistent view")
        }
        if let reason = store.database.rejectedMetaReason {
            errorOutput.writeLine("ketcd: warning: \(store.database.path): \(reason)")
        }
        return store
    }

    /// Opens the offline store, or fails naming `--db` and `--data-dir`, for
    /// commands that only work on a file.
    func requireOfflineStore() throws -> EtcdStore {
        guard let store = try offlineStore() else {
            throw CommandError.badArguments("\(command.name) reads a database file; pass --db FILE or --data-dir DIR")
        }
        return store
    }
}
