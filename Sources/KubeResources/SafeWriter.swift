import EtcdAPI
import Foundation

/// A key-value store that also applies transactions: the live etcd client.
public protocol TransactionalKeyValueStore: KeyRangeSource {
    func txn(_ request: TxnRequest) async throws -> TxnResponse
}

/// Writes and deletes keys the safe way for a cluster in use:
///
/// - each change is a transaction that compares the key's mod_revision with
///   the one read before, so a concurrent change makes the write fail instead
///   of being overwritten;
/// - the previous value of every key replaced or deleted is appended to a
///   backup file (JSON lines, which `ketcd save` reads back) before the change;
/// - with `dryRun`, nothing is written and the outcome tells what would change.
public struct SafeWriter: Sendable {
    public enum Outcome: Equatable, Sendable {
        case created
        case updated
        case unchanged
        case deleted
    }

    public let store: any TransactionalKeyValueStore
    public let backup: BackupFile?
    public let dryRun: Bool

    public init(store: any TransactionalKeyValueStore, backup: BackupFile?, dryRun: Bool) {
        self.store = store
        self.backup = backup
        self.dryRun = dryRun
    }

    /// Reads the key's current state; nil when it does not exist.
    public func current(_ key: [UInt8]) async throws -> KeyValue? {
        try await store.range(RangeRequest(key: key)).kvs.first
    }

    /// Stores `value` at `key` if the key is still as `previous` describes
    /// (nil: the key must not exist).
    ///
    /// A replaced key keeps the lease it has in the cluster (etcd's
    /// ignore_lease), so an Event or any other key with a time to live still
    /// expires after the change. A created key gets no lease.
    public func put(key: [UInt8], value: [UInt8], previous: KeyValue?) async throws -> Outcome {
        if let previous, previous.value == value { return .unchanged }
        if dryRun { return previous == nil ? .created : .updated }
        if let previous { try backup?.append(previous) }

        let compare = Compare(key: key, result: .equal, operand: .modRevision(previous?.modRevision ?? 0))
        let request = PutRequest(key: key, value: value, ignoreLease: previous != nil)
        let response = try await store.txn(TxnRequest(compare: [compare], success: [.put(request)]))
        guard response.succeeded else {
            if previous != nil { try backup?.removeLastRecord() }
            throw SafeWriteError.changedConcurrently(key: String(decoding: key, as: UTF8.self), expectedModRevision: previous?.modRevision ?? 0)
        }
        return previous == nil ? .created : .updated
    }

    /// Deletes `key` if it is still at `previous.modRevision`.
    public func delete(_ previous: KeyValue) async throws -> Outcome {
        if dryRun { return .deleted }
        try backup?.append(previous)
        let compare = Compare(key: previous.key, result: .equal, operand: .modRevision(previous.modRevision))
        let response = try await store.txn(TxnRequest(compare: [compare], success: [.deleteRange(DeleteRangeRequest(key: previous.key))]))
        guard response.succeeded else {
            try backup?.removeLastRecord()
            throw SafeWriteError.changedConcurrently(key: String(decoding: previous.key, as: UTF8.self), expectedModRevision: previous.modRevision)
        }
        return .deleted
    }
}

public enum SafeWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    case changedConcurrently(key: String, expectedModRevision: Int64)

    public var description: String {
        switch self {
        case .changedConcurrently(let key, let expected):
            let state = expected == 0 ? "was created" : "changed after it was read at mod_revision \(expected)"
            return "\(key) \(state), so it was not overwritten; check who changes it and run the command again"
        }
    }
}

/// A backup of previous values: one JSON line per key, in the JSON lines
/// dump format with the stored bytes in base64, so `ketcd save FILE`
/// restores them exactly. Each record is written and synced before the key
/// is changed, and removed again when the change is rejected. The file is
/// created on the first record and deleted when its last record is removed,
/// so a command that replaces nothing leaves no file behind.
public final class BackupFile: @unchecked Sendable {
    // @unchecked: `handle` and `recordStarts` are only touched under the lock.
    public let path: String
    private var handle: FileHandle?
    /// File offset at which each record still in the file starts.
    private var recordStarts: [UInt64] = []
    private let lock = NSLock()

    /// Fails if `path` exists, so no earlier backup is overwritten.
    public init(path: String) throws {
        if FileManager.default.fileExists(atPath: path) {
            throw BackupFileError("backup file \(path) already exists; choose another path with --backup")
        }
        self.path = path
    }

    /// True once a record has been written.
    public var isCreated: Bool {
        lock.lock()
        defer { lock.unlock() }
        return handle != nil
    }

    public func append(_ keyValue: KeyValue) throws {
        let record = DumpRecord(
            key: String(decoding: keyValue.key, as: UTF8.self), createRevision: keyValue.createRevision,
            modRevision: keyValue.modRevision, version: keyValue.version, lease: keyValue.lease, rawValue: keyValue.value)
        let line = JSONLinesDump.line(record, objectJSON: nil)
        lock.lock()
        defer { lock.unlock() }
        let output = try handle ?? create()
        recordStarts.append(try output.seekToEnd())
        try output.write(contentsOf: Data(line.utf8))
        try output.synchronize()
    }

    /// Removes the record appended last, for a change that etcd rejected, so
    /// that the file lists only values ketcd replaced. Deletes the file when
    /// no record is left.
    public func removeLastRecord() throws {
        lock.lock()
        defer { lock.unlock() }
        guard let output = handle, let start = recordStarts.popLast() else { return }
        if recordStarts.isEmpty {
            try output.close()
            handle = nil
            try FileManager.default.removeItem(atPath: path)
            return
        }
        try output.truncate(atOffset: start)
        try output.synchronize()
    }

    private func create() throws -> FileHandle {
        // O_EXCL: another process that picked the same name in the meantime
        // makes this fail instead of sharing the file.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw BackupFileError("cannot create backup file \(path): \(String(cString: strerror(errno))); choose another path with --backup")
        }
        let created = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let header = "{\"header\":{\"format\":\"ketcd-dump/v1\",\"note\":\"values of these keys before ketcd changed them; ketcd save restores them\"}}\n"
        try created.write(contentsOf: Data(header.utf8))
        handle = created
        return created
    }

    /// `ketcd-backup-<UTC time>.jsonl` in the current directory, with `-2`,
    /// `-3`... added when a file of that name exists.
    public static func defaultPath(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let base = "ketcd-backup-\(formatter.string(from: now))"
        var candidate = base + ".jsonl"
        var suffix = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = "\(base)-\(suffix).jsonl"
            suffix += 1
        }
        return candidate
    }
}

public struct BackupFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
