import EtcdAPI

/// A distributed lock with the key layout and fairness of etcd's
/// `concurrency.Mutex`, so ketcd and etcdctl processes can contend for the
/// same lock.
///
/// Each contender writes `<name>/<lease in hex>` attached to its session's
/// lease. The contender whose key has the lowest create revision holds the
/// lock. Each other contender waits until the key created just before its
/// own is deleted, so the lock passes on in create-revision order.
public struct EtcdLock: Sendable {
    public let session: EtcdSession
    /// The key prefix, ending in `/`.
    public let prefix: String
    /// This contender's key.
    public var key: String { prefix + session.leaseHex }

    /// Creates a lock named `name` (etcdctl's `lock <lockname>`).
    public init(session: EtcdSession, name: String) {
        self.session = session
        self.prefix = name + "/"
    }

    /// Waits until this contender holds the lock. The ownership's header is
    /// that of the write that queued it or, after a wait, of the read that
    /// confirmed the key; etcdctl exports its revision as `ETCD_LOCK_REV`.
    ///
    /// Throws "session expired" when the session's lease ended while waiting.
    @discardableResult
    public func lock() async throws(EtcdClientError) -> LockOwnership {
        let client = session.client
        let keyBytes = Array(key.utf8)
        let prefixBytes = Array(prefix.utf8)

        // Queue: create our key unless it exists, and read the current owner.
        let owner = RangeRequest(
            key: prefixBytes, rangeEnd: prefixBytes.prefixRangeEnd, limit: 1,
            sortOrder: .ascend, sortTarget: .create)
        let queued = try await client.txn(TxnRequest(
            compare: [Compare(key: keyBytes, result: .equal, operand: .createRevision(0))],
            success: [.put(PutRequest(key: keyBytes, value: [], lease: session.leaseID)), .range(owner)],
            failure: [.range(RangeRequest(key: keyBytes)), .range(owner)]))

        var myRevision = queued.header.revision
        if !queued.succeeded, case .range(let existing) = queued.responses.first, let kv = existing.kvs.first {
            myRevision = kv.createRevision
        }
        var contended = false
        if case .range(let current) = queued.responses.last, let first = current.kvs.first, first.createRevision != myRevision {
            contended = true
            do {
                try await waitForDeletes(client: client, prefix: prefixBytes, maxCreateRevision: myRevision - 1)
            } catch {
                _ = try? await client.deleteRange(DeleteRangeRequest(key: keyBytes))
                throw error
            }
        }

        // Our key must still exist: if the lease expired while waiting, the lock is not ours.
        let check = try await client.rangeReportingClientErrors(RangeRequest(key: keyBytes))
        guard !check.kvs.isEmpty else {
            throw EtcdClientError(code: .unknown, message: "session expired")
        }
        // As in etcd's Mutex, a lock that had to wait reports the header of
        // this final read, whose revision etcdctl exports as ETCD_LOCK_REV.
        return LockOwnership(key: key, revision: myRevision, header: contended ? check.header : queued.header)
    }

    /// Releases the lock by deleting this contender's key.
    public func unlock() async throws(EtcdClientError) {
        _ = try await session.client.deleteRange(DeleteRangeRequest(key: Array(key.utf8)))
    }
}

/// Proof of holding an `EtcdLock`.
public struct LockOwnership: Sendable, Equatable {
    /// The lock key this contender wrote (etcdctl's `ETCD_LOCK_KEY`).
    public let key: String
    /// The key's create revision (etcdctl's `ETCD_LOCK_REV`).
    public let revision: Int64
    public let header: ResponseHeader
}

/// Waits until no key under `prefix` with a create revision at or below
/// `maxCreateRevision` exists, as etcd's recipes do before granting a lock
/// or leadership: repeatedly finds the newest such key and waits for its deletion.
func waitForDeletes(client: EtcdClient, prefix: [UInt8], maxCreateRevision: Int64) async throws(EtcdClientError) {
    while true {
        let newest = RangeRequest(
            key: prefix, rangeEnd: prefix.prefixRangeEnd, limit: 1,
            sortOrder: .descend, sortTarget: .create, maxCreateRevision: maxCreateRevision)
        let response = try await client.rangeReportingClientErrors(newest)
        guard let kv = response.kvs.first else { return }
        try await waitForDelete(client: client, key: kv.key, after: response.header.revision)
    }
}

/// Waits for a DELETE event on `key` after revision `revision`.
func waitForDelete(client: EtcdClient, key: [UInt8], after revision: Int64) async throws(EtcdClientError) {
    let watch = client.watchEvents(WatchCreateRequest(key: key, startRevision: revision + 1, filters: [.noPut]))
    do {
        for try await response in watch {
            if response.canceled {
                throw EtcdClientError(
                    code: .unknown, message: response.cancelReason.isEmpty ? "watch was canceled" : response.cancelReason)
            }
            if response.events.contains(where: { $0.type == .delete }) {
                return
            }
        }
    } catch let error as EtcdClientError {
        throw error
    } catch {
        throw EtcdClientError(code: .unknown, message: "\(error)")
    }
    throw EtcdClientError(code: .cancelled, message: "context canceled")
}
