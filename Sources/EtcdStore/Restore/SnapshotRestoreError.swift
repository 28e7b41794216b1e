/// A failure of `SnapshotRestore.run`: flags that etcd would reject, a
/// snapshot that fails its checks, or a file system error. The restore
/// removes everything it created before it throws one.
public struct SnapshotRestoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A flag value is invalid, or the flags contradict each other.
        case invalidOptions
        /// The target data directory or WAL directory is already in use.
        case directoryInUse
        /// The snapshot file is damaged, lacks its hash, or is not an etcd database.
        case invalidSnapshot
        /// Creating, writing, syncing or renaming a file failed.
        case fileSystem
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
