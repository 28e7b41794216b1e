import EtcdAPI

extension EtcdStore {
    public func range(_ request: RangeRequest) async throws -> RangeResponse {
        try readRange(request)
    }

    /// Serves a `RangeRequest` as an etcd 3.5 member does: revision checks
    /// first, then the keys visible at the revision in key order, then the
    /// mod/create revision filters, sorting, `limit`, `keys_only` and
    /// `count_only`. `count` is always the number of keys in the range at the
    /// revision, before filters and limit, as etcd reports it.
    public func readRange(_ request: RangeRequest) throws -> RangeResponse {
        guard !request.key.isEmpty else {
            throw EtcdStoreError(.invalidRequest, "etcdserver: key is not provided")
        }

        // etcd checks a future revision before a compacted one.
        if request.revision > currentRevision {
            throw KeyRangeSourceError.futureRevision(requested: request.revision, currentRevision: currentRevision)
        }
        let revision = request.revision <= 0 ? currentRevision : request.revision
        if revision < compactRevision {
            throw KeyRangeSourceError.compacted(requested: revision, compactRevision: compactRevision)
        }

        var response = RangeResponse(header: header)
        let hasFilter = request.minModRevision != 0 || request.maxModRevision != 0
            || request.minCreateRevision != 0 || request.maxCreateRevision != 0
        // Sorting and filters need every key. Otherwise one key past the limit sets `more`.
        var fetchLimit = request.limit
        if request.sortOrder != .none || hasFilter {
            fetchLimit = 0
        }
        if fetchLimit > 0 {
            fetchLimit += 1
        }

        var records: [(record: RevisionRecord, rank: Int)] = []
        var total: Int64 = 0
        forEachVisibleKey(from: request.key, to: request.rangeEnd, at: revision) { record, rank in
            total += 1
            if !request.countOnly && (fetchLimit <= 0 || records.count < fetchLimit) {
                records.append((record, rank))
            }
        }
        response.count = total
        if request.countOnly {
            return response
        }

        // etcd clears values only after sorting, so sorting by value needs them.
        let includeValue = !request.keysOnly || request.sortTarget == .value
        var kvs = try records.map { try keyValue($0.record, ofKeyAt: $0.rank, includeValue: includeValue) }
        if request.maxModRevision != 0 { kvs.removeAll { $0.modRevision > request.maxModRevision } }
        if request.minModRevision != 0 { kvs.removeAll { $0.modRevision < request.minModRevision } }
        if request.maxCreateRevision != 0 { kvs.removeAll { $0.createRevision > request.maxCreateRevision } }
        if request.minCreateRevision != 0 { kvs.removeAll { $0.createRevision < request.minCreateRevision } }

        // Results come in ascending key order, so etcd sorts by key only when
        // descending, and sorts other targets ascending when no order is given.
        var sortOrder = request.sortOrder
        if request.sortTarget != .key && sortOrder == .none {
            sortOrder = .ascend
        } else if request.sortTarget == .key && sortOrder == .ascend {
            sortOrder = .none
        }
        if sortOrder != .none {
            // etcd uses Go's unstable sort.Sort (with sort.Reverse to descend);
            // GoSort repeats it so that ties come out in etcd's order.
            let ascending: (KeyValue, KeyValue) -> Bool
            switch request.sortTarget {
            case .key: ascending = { $0.key.lexicographicallyPrecedes($1.key) }
            case .version: ascending = { $0.version < $1.version }
            case .create: ascending = { $0.createRevision < $1.createRevision }
            case .mod: ascending = { $0.modRevision < $1.modRevision }
            case .value: ascending = { $0.value.lexicographicallyPrecedes($1.value) }
            }
            if sortOrder == .ascend {
                GoSort.sort(&kvs, by: ascending)
            } else {
                GoSort.sort(&kvs) { ascending($1, $0) }
            }
        }

        if request.limit > 0 && kvs.count > Int(request.limit) {
            kvs.removeSubrange(Int(request.limit)...)
            response.more = true
        }
        if request.keysOnly {
            for position in kvs.indices {
                kvs[position].value = []
            }
        }
        response.kvs = kvs
        return response
    }

    /// Calls `body` with the visible record and the rank of every key in [key, rangeEnd)
    /// at `revision`, in key order. An empty `rangeEnd` means `key` alone, and
    /// `[0]` means every key from `key` on.
    func forEachVisibleKey(from key: [UInt8], to rangeEnd: [UInt8], at revision: Int64, _ body: (RevisionRecord, Int) -> Void) {
        guard let base = database.file.bytes.baseAddress else { return }
        var rank = index.lowerBound(key, base: base)
        if rangeEnd.isEmpty {
            if rank < index.keys.count, MVCCIndex.compare(base: base, index.keys[rank], key) == 0,
               let record = index.visibleRecord(ofKeyAt: rank, at: revision) {
                body(record, rank)
            }
            return
        }
        let toEnd = rangeEnd == [0]
        while rank < index.keys.count {
            if !toEnd && MVCCIndex.compare(base: base, index.keys[rank], rangeEnd) >= 0 { break }
            if let record = index.visibleRecord(ofKeyAt: rank, at: revision) {
                body(record, rank)
            }
            rank += 1
        }
    }
}
