import EtcdAPI

/// A failed etcd request: the gRPC status code, the message, and the endpoint involved.
///
/// `description` is the one line etcdctl users expect after `Error: `.
/// Messages from etcd itself (such as "etcdserver: user name or password is
/// invalid") are kept word for word. Local failures (no connection, TLS
/// handshake, timeouts) start with Go's wording where etcdctl has one
/// ("context deadline exceeded") and name the endpoint.
public struct EtcdClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: GRPCStatusCode
    /// The server's message, or a description of the local failure.
    public var message: String
    /// The endpoint the request went to, when one was chosen.
    public var endpoint: String?
    /// True when the request certainly did not reach a server (no connection
    /// could be made), so even a write may be retried on another endpoint.
    public var requestNotSent: Bool

    public init(code: GRPCStatusCode, message: String, endpoint: String? = nil, requestNotSent: Bool = false) {
        self.code = code
        self.message = message
        self.endpoint = endpoint
        self.requestNotSent = requestNotSent
    }

    public var description: String { message }

    /// True when the message comes from etcd rather than from the transport.
    public var isServerError: Bool {
        message.hasPrefix("etcdserver: ")
    }

    // etcd's messages that the client reacts to (etcd 3.5, api/v3rpc/rpctypes).
    static let invalidAuthTokenMessage = "etcdserver: invalid auth token"
    static let authOldRevisionMessage = "etcdserver: revision of auth store is old"
    static let userEmptyMessage = "etcdserver: user name is empty"
    static let authNotEnabledMessage = "etcdserver: authentication is not enabled"
    static let compactedMessage = "etcdserver: mvcc: required revision has been compacted"
    static let futureRevisionMessage = "etcdserver: mvcc: required revision is a future revision"

    /// Messages after which a new auth token may fix the failure.
    static let tokenRejectionMessages: Set<String> = [invalidAuthTokenMessage, authOldRevisionMessage, userEmptyMessage]

    /// True when a new auth token may fix the failure.
    var needsNewToken: Bool {
        Self.tokenRejectionMessages.contains(message)
    }

    /// True when a watch's cancel reason is a token rejection. etcd 3.5.16
    /// words it as a Go gRPC error, such as "rpc error: code =
    /// Unauthenticated desc = etcdserver: invalid auth token".
    static func isTokenRejection(cancelReason: String) -> Bool {
        tokenRejectionMessages.contains { message in
            cancelReason == message || cancelReason.hasSuffix("desc = " + message)
        }
    }
}
