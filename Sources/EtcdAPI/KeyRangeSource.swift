/// A revisioned key-value store that answers range reads.
///
/// Both a live etcd cluster (`EtcdClient`) and an etcd database or snapshot
/// file (`EtcdStore`) conform, so every read command works the same online
/// and offline. Implementations follow etcd's `Range` semantics: the same key
/// ordering, `limit`, `more`, `count`, sorting, revision filters, and the same
/// errors for a revision that is compacted or in the future.
public protocol KeyRangeSource: Sendable {
    func range(_ request: RangeRequest) async throws -> RangeResponse
}

/// Errors any `KeyRangeSource` reports with etcd's own wording, so commands
/// print the message etcdctl users know.
public enum KeyRangeSourceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The requested revision has been compacted away.
    case compacted(requested: Int64, compactRevision: Int64)
    /// The requested revision is newer than the store's current revision.
    case futureRevision(requested: Int64, currentRevision: Int64)

    public var description: String {
        switch self {
        case .compacted:
            return "etcdserver: mvcc: required revision has been compacted"
        case .futureRevision:
            return "etcdserver: mvcc: required revision is a future revision"
        }
    }
}

extension Array where Element == UInt8 {
    /// The smallest key greater than every key that starts with this prefix,
    /// as etcdctl's `--prefix` computes it: the last byte below 0xff is
    /// incremented and the rest dropped. A prefix of only 0xff bytes, or an
    /// empty one, yields `[0]`, which etcd reads as "to the end of the keyspace".
    public var prefixRangeEnd: [UInt8] {
        var end = self
        while let last = end.last {
            if last < 0xff {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return [0]
    }
}
