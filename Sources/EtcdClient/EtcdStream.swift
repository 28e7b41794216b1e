import EtcdAPI
import Synchronization

/// A streaming etcd call on one endpoint: `send` requests, iterate responses.
///
/// Watch and LeaseKeepAlive are bidirectional; Snapshot sends its one
/// request when opened. Iterate from one task only: each `next()` waits for
/// one message. The sequence ends normally when the server closes the
/// stream with OK or after `cancel()`, and throws `EtcdClientError` for any
/// other end.
public final class EtcdStream<Request: EtcdMessage, Response: EtcdMessage>: AsyncSequence, Sendable {
    public typealias Element = Response

    private let stream: GRPCStream
    private let connection: EndpointConnection
    private let attempt: ConnectionAttempt
    private let path: String
    /// The login token the stream was opened with, forgotten when etcd rejects
    /// it so that the next stream or request logs in again.
    private let auth: (store: AuthTokenStore, state: AuthTokenStore.State)?
    private let cancelled = Mutex(false)

    init(
        stream: GRPCStream, connection: EndpointConnection, attempt: ConnectionAttempt, path: String,
        auth: (store: AuthTokenStore, state: AuthTokenStore.State)?
    ) {
        self.stream = stream
        self.connection = connection
        self.attempt = attempt
        self.path = path
        self.auth = auth
    }

    /// The endpoint the stream runs on.
    public var endpoint: String { connection.endpoint.original }

    /// Sends one request. Throws when the stream has already ended; the
    /// reason then comes from the next `receive()`.
    public func send(_ request: Request) async throws(EtcdClientError) {
        try await send(request, closeAfter: false)
    }

    func send(_ request: Request, closeAfter: Bool) async throws(EtcdClientError) {
        guard try await stream.send(request.serializedBytes(), closeAfter: closeAfter) else {
            throw EtcdClientError(
                code: .unavailable, message: "the \(path) stream to \(connection.endpoint) has ended",
                endpoint: connection.endpoint.original)
        }
    }

    /// Tells the server no more requests follow; responses keep coming.
    public func closeSend() async throws(EtcdClientError) {
        try await stream.closeSend()
    }

    /// Ends the stream. A pending or later `receive()` returns nil.
    public func cancel() {
        cancelled.withLock { $0 = true }
        stream.cancel()
    }

    /// Receives the next response, or nil when the stream ended normally.
    public func receive() async throws(EtcdClientError) -> Response? {
        switch try await stream.receive() {
        case .message(let bytes):
            do {
                return try Response(serializedBytes: bytes)
            } catch {
                throw EtcdClientError(
                    code: .internal, message: "invalid \(Response.self) from \(connection.endpoint) on \(path): \(error)",
                    endpoint: connection.endpoint.original)
            }
        case .end(let status):
            if status.code == .ok || cancelled.withLock({ $0 }) {
                return nil
            }
            let error = connection.error(for: status, attempt: attempt, timeout: nil)
            if error.needsNewToken {
                forgetLoginToken()
            }
            throw error
        }
    }

    /// Makes the next request or stream log in again, after etcd rejected
    /// the token this stream was opened with.
    func forgetLoginToken() {
        if let auth {
            auth.store.invalidate(auth.state)
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: EtcdStream

        public mutating func next() async throws -> Response? {
            try await stream.receive()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(stream: self)
    }
}

/// The Watch service's stream.
public typealias WatchStream = EtcdStream<WatchRequest, WatchResponse>
/// The Lease service's keep-alive stream.
public typealias LeaseKeepAliveStream = EtcdStream<LeaseKeepAliveRequest, LeaseKeepAliveResponse>
/// The Maintenance service's snapshot stream.
public typealias SnapshotStream = EtcdStream<SnapshotRequest, SnapshotResponse>
