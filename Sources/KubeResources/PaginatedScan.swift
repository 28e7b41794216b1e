import EtcdAPI

/// Reads a key range page by page, every page at the revision of the first,
/// so the result is one consistent snapshot however large the range is, and
/// memory contains one page at a time.
///
/// If etcd compacts the pinned revision before the scan ends (kube-apiserver
/// compacts every 5 minutes by default), the next page fails with
/// `PaginatedScanError.compacted`, unless `allowNewerRevision` is set: then
/// the scan goes on from the next key at the current revision and records
/// the switch in `revisionSwitches`.
public struct PaginatedScan: Sendable {
    public let source: any KeyRangeSource
    public let rangeEnd: [UInt8]
    public let pageSize: Int64
    public let keysOnly: Bool
    public let allowNewerRevision: Bool

    /// The revision pages are read at; 0 until the first page is read,
    /// unless the caller pinned one.
    public private(set) var revision: Int64
    /// Each switch to a newer revision after a compaction, oldest first.
    public private(set) var revisionSwitches: [(from: Int64, to: Int64)] = []
    /// Number of keys in the range at the first page's revision.
    public private(set) var totalCount: Int64 = 0
    private var nextKey: [UInt8]?
    /// False until a page has been read, so that a revision the caller
    /// pinned and etcd already compacted is told apart from a compaction
    /// during the scan.
    private var startedReading = false

    public init(
        source: any KeyRangeSource, key: [UInt8], rangeEnd: [UInt8], pageSize: Int64 = 500,
        revision: Int64 = 0, keysOnly: Bool = false, allowNewerRevision: Bool = false
    ) {
        self.source = source
        self.nextKey = key
        self.rangeEnd = rangeEnd
        self.pageSize = max(1, pageSize)
        self.revision = revision
        self.keysOnly = keysOnly
        self.allowNewerRevision = allowNewerRevision
    }

    /// Creates a scan of every key that starts with `prefix`.
    public init(source: any KeyRangeSource, prefix: String, pageSize: Int64 = 500, revision: Int64 = 0, keysOnly: Bool = false, allowNewerRevision: Bool = false) {
        let bytes = Array(prefix.utf8)
        self.init(
            source: source, key: bytes.isEmpty ? [0] : bytes, rangeEnd: bytes.prefixRangeEnd, pageSize: pageSize,
            revision: revision, keysOnly: keysOnly, allowNewerRevision: allowNewerRevision
        )
    }

    /// Reads the next page of keys in key order; nil once the range is exhausted.
    public mutating func nextPage() async throws -> [KeyValue]? {
        guard let key = nextKey else { return nil }
        let request = RangeRequest(key: key, rangeEnd: rangeEnd, limit: pageSize, revision: revision, keysOnly: keysOnly)
        let response: RangeResponse
        do {
            response = try await source.range(request)
        } catch let error where Self.isCompaction(error) && revision > 0 {
            guard startedReading else {
                throw PaginatedScanError.revisionCompacted(revision: revision)
            }
            guard allowNewerRevision else {
                throw PaginatedScanError.compacted(revision: revision)
            }
            var current = request
            current.revision = 0
            response = try await source.range(current)
            revisionSwitches.append((revision, response.header.revision))
            revision = response.header.revision
            return finish(response)
        }
        if !startedReading {
            startedReading = true
            totalCount = response.count
        }
        if revision == 0 {
            revision = response.header.revision
        }
        return finish(response)
    }

    private mutating func finish(_ response: RangeResponse) -> [KeyValue] {
        if response.more, let last = response.kvs.last {
            nextKey = last.key + [0]
        } else {
            nextKey = nil
        }
        return response.kvs
    }

    private static func isCompaction(_ error: any Error) -> Bool {
        if case KeyRangeSourceError.compacted = error { return true }
        return String(describing: error).contains("required revision has been compacted")
    }
}

public enum PaginatedScanError: Error, Equatable, Sendable, CustomStringConvertible {
    case compacted(revision: Int64)
    /// The revision the caller asked for was compacted before the first page.
    case revisionCompacted(revision: Int64)

    public var description: String {
        switch self {
        case .compacted(let revision):
            return "etcd compacted revision \(revision) while it was being read, so the result would mix two states. "
                + "Retry (a smaller cluster or a larger --page-size finishes sooner), "
                + "or pass --allow-newer-revision to continue at the current revision."
        case .revisionCompacted(let revision):
            return "etcd has compacted revision \(revision), so it can no longer be read; choose a newer --rev, or 0 for the current revision"
        }
    }
}
