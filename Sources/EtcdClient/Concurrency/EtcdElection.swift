import EtcdAPI
import Synchronization

/// A leader election with the key layout of etcd's `concurrency.Election`,
/// so ketcd and etcdctl processes can campaign in the same election.
///
/// Each candidate writes `<name>/<lease in hex>` with its proposal as the
/// value. The key with the lowest create revision is the leader's; the
/// others wait, in create-revision order, for the key before theirs to go.
public final class EtcdElection: Sendable {
    public let session: EtcdSession
    /// The key prefix, ending in `/`.
    public let prefix: String
    /// This candidate's create revision once it campaigned, 0 before.
    private let leaderRevision = Mutex<Int64>(0)

    /// Creates the election named `name` (etcdctl's `elect <election-name>`).
    public init(session: EtcdSession, name: String) {
        self.session = session
        self.prefix = name + "/"
    }

    /// This candidate's key.
    public var key: String { prefix + session.leaseHex }

    /// Waits until this candidate leads the election with `value` as its proposal.
    /// Returns the header of the write that entered the election.
    @discardableResult
    public func campaign(_ value: [UInt8]) async throws(EtcdClientError) -> ResponseHeader {
        let client = session.client
        let keyBytes = Array(key.utf8)
        let entered = try await client.txn(TxnRequest(
            compare: [Compare(key: keyBytes, result: .equal, operand: .createRevision(0))],
            success: [.put(PutRequest(key: keyBytes, value: value, lease: session.leaseID))],
            failure: [.range(RangeRequest(key: keyBytes))]))

        var revision = entered.header.revision
        if !entered.succeeded, case .range(let existing) = entered.responses.first, let kv = existing.kvs.first {
            revision = kv.createRevision
            leaderRevision.withLock { $0 = revision }
            if kv.value != value {
                try await proclaim(value)
            }
        }
        leaderRevision.withLock { $0 = revision }

        do {
            try await waitForDeletes(client: client, prefix: Array(prefix.utf8), maxCreateRevision: revision - 1)
        } catch {
            _ = try? await resign()
            throw error
        }
        return entered.header
    }

    /// Replaces the leader's value without a new election. Throws "election:
    /// not leader" when this candidate does not lead.
    public func proclaim(_ value: [UInt8]) async throws(EtcdClientError) {
        let revision = leaderRevision.withLock { $0 }
        guard revision != 0 else {
            throw EtcdClientError(code: .failedPrecondition, message: "election: not leader")
        }
        let keyBytes = Array(key.utf8)
        let response = try await session.client.txn(TxnRequest(
            compare: [Compare(key: keyBytes, result: .equal, operand: .createRevision(revision))],
            success: [.put(PutRequest(key: keyBytes, value: value, lease: session.leaseID))]))
        guard response.succeeded else {
            leaderRevision.withLock { $0 = 0 }
            throw EtcdClientError(code: .failedPrecondition, message: "election: not leader")
        }
    }

    /// Leaves the election, deleting this candidate's key if it is still the one it wrote.
    public func resign() async throws(EtcdClientError) {
        let revision = leaderRevision.withLock { current in
            defer { current = 0 }
            return current
        }
        guard revision != 0 else { return }
        let keyBytes = Array(key.utf8)
        _ = try await session.client.txn(TxnRequest(
            compare: [Compare(key: keyBytes, result: .equal, operand: .createRevision(revision))],
            success: [.deleteRange(DeleteRangeRequest(key: keyBytes))]))
    }

    /// Returns the current leader's key and value. Throws "election: no leader" when there is none.
    public static func leader(client: EtcdClient, name: String) async throws(EtcdClientError) -> KeyValue {
        let prefix = Array((name + "/").utf8)
        let response = try await client.rangeReportingClientErrors(RangeRequest(
            key: prefix, rangeEnd: prefix.prefixRangeEnd, limit: 1, sortOrder: .ascend, sortTarget: .create))
        guard let leader = response.kvs.first else {
            throw EtcdClientError(code: .notFound, message: "election: no leader")
        }
        return leader
    }

    /// Streams the leader's key and value each time the leader changes or
    /// proclaims a new value (etcdctl's `elect --listen`), until the
    /// consuming task is cancelled.
    public static func observe(client: EtcdClient, name: String) -> AsyncThrowingStream<KeyValue, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await observeLeaders(client: client, prefix: Array((name + "/").utf8)) { kv in
                        continuation.yield(kv)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private static func observeLeaders(client: EtcdClient, prefix: [UInt8], deliver: (KeyValue) -> Void) async throws {
        while !Task.isCancelled {
            let current = try await client.rangeReportingClientErrors(RangeRequest(
                key: prefix, rangeEnd: prefix.prefixRangeEnd, limit: 1, sortOrder: .ascend, sortTarget: .create))
            var leader: KeyValue
            var revision = current.header.revision
            if let first = current.kvs.first {
                leader = first
            } else {
                // No leader yet: the first key created under the prefix is the next one.
                let watch = client.watchEvents(WatchCreateRequest(
                    key: prefix, rangeEnd: prefix.prefixRangeEnd, startRevision: revision + 1, filters: [.noDelete]))
                var found: KeyValue?
                for try await response in watch {
                    if let kv = response.events.first?.kv {
                        found = kv
                        break
                    }
                }
                guard let found else { return }
                leader = found
                revision = found.modRevision
            }
            deliver(leader)

            // Follow the leader's key: new values are proclamations, a delete ends its term.
            let watch = client.watchEvents(WatchCreateRequest(key: leader.key, startRevision: revision + 1))
            followLeader: for try await response in watch {
                for event in response.events {
                    if event.type == .delete {
                        break followLeader
                    }
                    if let kv = event.kv, kv.value != leader.value {
                        leader = kv
                        deliver(kv)
                    }
                }
            }
        }
    }
}
