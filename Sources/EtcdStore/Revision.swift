/// An etcd MVCC revision: the main revision of a transaction and the index
/// of one change inside it.
public struct Revision: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var main: Int64
    public var sub: Int64

    public init(main: Int64, sub: Int64 = 0) {
        self.main = main
        self.sub = sub
    }

    public static func < (lhs: Revision, rhs: Revision) -> Bool {
        lhs.main != rhs.main ? lhs.main < rhs.main : lhs.sub < rhs.sub
    }

    public var description: String { "\(main)_\(sub)" }

    /// Length of a revision key in etcd's `key` bucket: 8-byte big-endian main
    /// revision, `_`, 8-byte big-endian sub revision.
    static let keyLength = 17
    /// A tombstone (deletion) key has one more byte, `t`.
    static let tombstoneKeyLength = 18
    static let tombstoneMarker = UInt8(ascii: "t")

    /// Decodes the main and sub revision from the first 17 bytes at `pointer`.
    static func decode(_ pointer: UnsafeRawPointer) -> Revision {
        Revision(
            main: Int64(bitPattern: UInt64(bigEndian: pointer.loadUnaligned(as: UInt64.self))),
            sub: Int64(bitPattern: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 9, as: UInt64.self)))
        )
    }
}
