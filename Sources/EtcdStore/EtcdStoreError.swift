/// A failure to read an etcd database or snapshot file, or to write a new database.
///
/// `offset` is the byte offset in the file where the problem was found, when
/// there is one; the message names it too, so printing the error is enough.
public struct EtcdStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file cannot be opened, is not a regular file, or cannot be mapped.
        case cannotOpen
        /// The file is shorter than two meta pages.
        case fileTooSmall
        /// Neither meta page is valid: wrong magic, version or checksum.
        case invalidMeta
        /// A page id points before the data pages, past the high water mark or past the end of the file.
        case pageOutOfRange
        /// A page's header contains a different id than the page that points to it.
        case pageIDMismatch
        /// A page has a type that cannot appear where it was reached.
        case invalidPageType
        /// An element's key or value lies outside its page.
        case elementOutOfBounds
        /// A page is reached twice while walking a tree, or the tree is deeper than bbolt can build.
        case cycle
        /// A bucket that etcd always creates is missing, or a bucket entry is malformed.
        case invalidBucket
        /// A record in etcd's buckets cannot be decoded.
        case invalidRecord
        /// A snapshot file's appended SHA-256 does not match its contents.
        case snapshotHashMismatch
        /// A running etcd committed new transactions while the file was read,
        /// and the read found pages those transactions had reused.
        case databaseChanged
        /// The request cannot be served, for example an empty key.
        case invalidRequest
        /// A new database file cannot be created, written, synced or moved into place.
        case cannotWrite
        /// `BoltWriter` got entries or bucket names out of order or beyond
        /// bbolt's limits, or a call after `finish()` or after an earlier error.
        case invalidWrite
    }

    public let kind: Kind
    public let message: String
    /// Byte offset in the file where the problem was found.
    public let offset: Int?

    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.offset = offset
        if let offset {
            self.message = "\(message) (at byte offset \(offset))"
        } else {
            self.message = message
        }
    }

    private init(kind: Kind, message: String, offset: Int?) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    /// The error with the file's path in front of its message, for errors
    /// found inside the file's pages that do not name the file yet.
    func naming(file path: String) -> EtcdStoreError {
        message.contains(path) ? self : EtcdStoreError(kind: kind, message: "\(path): \(message)", offset: offset)
    }

    public var description: String { message }
}
