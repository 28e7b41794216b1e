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

extension Revision {
    /// Decodes a `key` bucket key: 8-byte big-endian main revision, `_`,
    /// 8-byte big-endian sub revision, and `t` for a tombstone. Nil when the
    /// key is shorter than 17 bytes.
    init?(keyBytes: [UInt8]) {
        guard keyBytes.count >= Revision.keyLength else { return nil }
        self = keyBytes.withUnsafeBytes { Revision.decode($0.baseAddress!) }
    }

    /// The 17-byte `key` bucket key of this revision.
    var keyBytes: [UInt8] {
        var bytes = withUnsafeBytes(of: UInt64(bitPattern: main).bigEndian) { Array($0) }
        bytes.append(UInt8(ascii: "_"))
        withUnsafeBytes(of: UInt64(bitPattern: sub).bigEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }
}
