import EtcdAPI
import Synchronization

/// A lease kept alive in the background, which locks and elections attach
/// their keys to, as etcd's `concurrency.Session` does: when the process
/// dies, renewals stop and etcd deletes the keys once the TTL runs out.
///
/// Renewals go over a keep-alive stream every third of the TTL. A broken
/// stream is reopened on another endpoint. Once the server reports the
/// lease expired, `isExpired` turns true and renewals stop.
public final class EtcdSession: Sendable {
    public let client: EtcdClient
    /// The lease's ID.
    public let leaseID: Int64
    /// The TTL the server granted, in seconds.
    public let ttl: Int64
    /// Shared with the renewal task, which holds no reference to the session,
    /// so dropping the session cancels the task in `deinit`.
    private let expired = ExpiryFlag()
    private let keepAlive = Mutex<Task<Void, Never>?>(nil)

    private final class ExpiryFlag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    /// Grants a lease of `ttl` seconds (etcd's default session TTL is 60)
    /// and starts renewing it.
    public init(client: EtcdClient, ttl: Int64 = 60) async throws(EtcdClientError) {
        let grant = try await client.leaseGrant(LeaseGrantRequest(ttl: ttl))
        guard grant.error.isEmpty else {
            throw EtcdClientError(code: .unknown, message: "etcdserver: \(grant.error)")
        }
        self.client = client
        self.leaseID = grant.id
        self.ttl = grant.ttl
        let (client, leaseID, ttl, expired) = (client, grant.id, grant.ttl, self.expired)
        let task = Task {
            await Self.renew(client: client, leaseID: leaseID, ttl: ttl, expired: expired)
        }
        keepAlive.withLock { $0 = task }
    }

    deinit {
        keepAlive.withLock { $0?.cancel() }
    }

    /// True once etcd reported the lease gone; keys attached to it are deleted.
    public var isExpired: Bool {
        expired.isSet
    }

    /// The lease ID as etcd's recipes print it in key names: lowercase hexadecimal.
    public var leaseHex: String {
        String(UInt64(bitPattern: leaseID), radix: 16)
    }

    /// Stops renewing and revokes the lease, deleting the keys attached to it.
    public func close() async throws(EtcdClientError) {
        let task = keepAlive.withLock { current in
            defer { current = nil }
            return current
        }
        task?.cancel()
        _ = try await client.leaseRevoke(LeaseRevokeRequest(id: leaseID))
        expired.set()
    }

    /// Renews the lease every third of its TTL until cancelled or expired.
    private static func renew(client: EtcdClient, leaseID: Int64, ttl: Int64, expired: ExpiryFlag) async {
        let interval = Duration.milliseconds(max(ttl * 1000 / 3, 500))
        while !Task.isCancelled && !expired.isSet {
            do {
                let stream = try await client.leaseKeepAlive()
                defer { stream.cancel() }
                while !Task.isCancelled {
                    try await stream.send(LeaseKeepAliveRequest(id: leaseID))
                    guard let response = try await stream.receive() else { break }
                    if response.ttl <= 0 {
                        expired.set()
                        return
                    }
                    try await Task.sleep(for: interval)
                }
            } catch {
                // The stream broke or the sleep was cancelled; retry soon unless cancelled.
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
