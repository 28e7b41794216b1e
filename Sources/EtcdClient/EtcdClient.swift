internal import CGRPCCore
import EtcdAPI
import Protobuf
import Synchronization

/// An etcd v3 client over gRPC C-core, with etcdctl's connection behavior:
/// several endpoints with failover, TLS, user login, and per-request timeouts.
///
/// Every RPC of the KV, Watch, Lease, Cluster, Maintenance and Auth services
/// is a method taking and returning the `EtcdAPI` message types. Reads that
/// fail because an endpoint is unavailable are retried on the next endpoint.
/// Writes are retried only when they provably did not reach a server, as
/// etcd's Go client does.
///
/// Streams (`watch`, `leaseKeepAlive`, `snapshot`) stay on the endpoint they
/// opened on.
public final class EtcdClient: KeyRangeSource, Sendable {
    public let configuration: EtcdClientConfiguration
    /// The parsed endpoints, in configuration order.
    public let endpoints: [EtcdEndpoint]
    let connections: [EndpointConnection]
    private let queue: CompletionQueue
    private let auth: AuthTokenStore?
    /// Index of the endpoint that served the last request; the next request starts there.
    private let preferredIndex = Mutex(0)

    /// Creates a client; no connection is made until the first request.
    ///
    /// Throws when an endpoint is malformed or a TLS file cannot be read.
    public convenience init(configuration: EtcdClientConfiguration) throws(EtcdClientError) {
        guard !configuration.endpoints.isEmpty else {
            throw EtcdClientError(code: .invalidArgument, message: "no endpoints given; set --endpoints")
        }
        var endpoints: [EtcdEndpoint] = []
        for text in configuration.endpoints {
            endpoints.append(try EtcdEndpoint(text))
        }
        let tlsMaterial = try Self.loadTLSMaterial(configuration.tls)
        let arguments = Self.channelArguments(configuration)
        let queue = CompletionQueue()
        let connections = endpoints.map { endpoint in
            EndpointConnection(
                endpoint: endpoint,
                security: Self.security(for: endpoint, configuration: configuration, material: tlsMaterial),
                arguments: arguments, queue: queue)
        }
        var auth: AuthTokenStore?
        if let user = configuration.user, !user.isEmpty {
            auth = AuthTokenStore(user: user, password: configuration.password ?? "")
        }
        self.init(configuration: configuration, connections: connections, queue: queue, auth: auth)
    }

    private init(configuration: EtcdClientConfiguration, connections: [EndpointConnection], queue: CompletionQueue, auth: AuthTokenStore?) {
        self.configuration = configuration
        self.endpoints = connections.map(\.endpoint)
        self.connections = connections
        self.queue = queue
        self.auth = auth
    }

    /// Runs `body` with a new client, for scoped use.
    public static func withClient<Result: Sendable>(
        configuration: EtcdClientConfiguration,
        _ body: (EtcdClient) async throws -> Result
    ) async throws -> Result {
        let client = try EtcdClient(configuration: configuration)
        return try await body(client)
    }

    /// Returns one client per endpoint, without failover, for commands that address
    /// each member separately (`endpoint status`, `endpoint health`,
    /// `endpoint hashkv`). They share this client's connections and login.
    public func endpointClients() -> [EtcdClient] {
        connections.map { connection in
            var single = configuration
            single.endpoints = [connection.endpoint.original]
            return EtcdClient(configuration: single, connections: [connection], queue: queue, auth: auth)
        }
    }

    // MARK: - Channel setup

    private static func loadTLSMaterial(_ tls: EtcdClientConfiguration.TLS?) throws(EtcdClientError) -> TLSMaterial {
        guard let tls else {
            return TLSMaterial(trustedCertificates: nil, certificateChain: nil, privateKey: nil, verifyServer: true)
        }
        if (tls.certFile == nil) != (tls.keyFile == nil) {
            let missing = tls.certFile == nil ? "--cert" : "--key"
            throw EtcdClientError(code: .invalidArgument, message: "a client certificate needs both --cert and --key; \(missing) is missing")
        }
        let certificateChain = try tls.certFile.map { path throws(EtcdClientError) in try PEMFile.readCertificates(path) }
        return TLSMaterial(
            trustedCertificates: try tls.caFile.map { path throws(EtcdClientError) in try PEMFile.readCertificates(path) },
            certificateChain: certificateChain,
            privateKey: try tls.keyFile.map { path throws(EtcdClientError) in
                try PEMFile.readPrivateKey(path, matching: certificateChain, certificatePath: tls.certFile)
            },
            verifyServer: !tls.insecureSkipVerify)
    }

    /// Chooses TLS or plaintext for one endpoint, by the rules of etcd's Go client.
    private static func security(for endpoint: EtcdEndpoint, configuration: EtcdClientConfiguration, material: TLSMaterial) -> TransportSecurity {
        switch endpoint.scheme {
        case .http, .unix:
            return .plaintext
        case .https, .unixs:
            return .tls(material)
        case .none:
            return configuration.tls != nil || !configuration.insecureTransport ? .tls(material) : .plaintext
        }
    }

    private static func channelArguments(_ configuration: EtcdClientConfiguration) -> [ChannelArgument] {
        func milliseconds(_ duration: Duration) -> Int32 {
            let (seconds, attoseconds) = duration.components
            return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        }
        func byteLimit(_ limit: Int?) -> Int32 {
            guard let limit else { return -1 }
            return Int32(clamping: limit)
        }
        // etcd's server, by default, closes connections that ping more often
        // than every 5 s without calls in flight; Go's gRPC client raises any
        // keepalive time below 10 s to 10 s for the same reason, and so do we.
        let keepAliveTime = max(configuration.keepAliveTime, .seconds(10))
        return [
            .integer(GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH, byteLimit(configuration.maxReceiveMessageBytes)),
            .integer(GRPC_ARG_MAX_SEND_MESSAGE_LENGTH, byteLimit(configuration.maxSendMessageBytes)),
            .integer(GRPC_ARG_KEEPALIVE_TIME_MS, milliseconds(keepAliveTime)),
            .integer(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, milliseconds(configuration.keepAliveTimeout)),
            // Ping only while calls are open (a watch may be idle for hours),
            // like Go's client with PermitWithoutStream false, and with no cap
            // on pings between data frames, which C-core limits to 2 by default.
            .integer(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 0),
            .integer(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0),
            // Reconnect quickly after a member restarts; C-core's default starts
            // at 1 s. The minimum stays at C-core's default of 20 s, because
            // C-core also uses it as the time allowed for one connection attempt.
            .integer(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100),
            .integer(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 3000),
            .string(GRPC_ARG_PRIMARY_USER_AGENT_STRING, "ketcd"),
        ]
    }

    // MARK: - Requests

    /// Whether a request may be repeated on another endpoint after UNAVAILABLE.
    enum RetryPolicy {
        /// Reads: retried on any UNAVAILABLE failure.
        case repeatable
        /// Writes: retried only when the request did not reach a server.
        case mutation
    }

    /// Sends a unary request with failover, login and the command timeout.
    func unary<Request: EtcdMessage, Response: EtcdMessage>(
        _ path: String, _ request: Request, retry: RetryPolicy
    ) async throws(EtcdClientError) -> Response {
        let requestBytes = request.serializedBytes()
        let timeout = configuration.commandTimeout
        let responseBytes = try await withFailover(retry: retry) { (connection, attempt) async throws(EtcdClientError) -> [UInt8] in
            try await self.withLogin(on: connection, attempt: attempt) { (metadata) async throws(EtcdClientError) -> [UInt8] in
                try await connection.unary(path: path, request: requestBytes, metadata: metadata, timeout: timeout, attempt: attempt)
            }
        }
        return try decode(Response.self, from: responseBytes, path: path)
    }

    func decode<Response: EtcdMessage>(_: Response.Type, from bytes: [UInt8], path: String) throws(EtcdClientError) -> Response {
        do {
            return try Response(serializedBytes: bytes)
        } catch {
            throw EtcdClientError(code: .internal, message: "invalid \(Response.self) in the response to \(path): \(error)")
        }
    }

    /// Runs `operation` on the preferred endpoint, or on the first connected
    /// one when it is not (see `EndpointDial`), moving on to the other
    /// endpoints while the failure allows a retry under `retry`.
    func withFailover<Result>(
        retry: RetryPolicy,
        _ operation: (EndpointConnection, ConnectionAttempt) async throws(EtcdClientError) -> Result
    ) async throws(EtcdClientError) -> Result {
        let start = preferredIndex.withLock { $0 }
        let order = connections.indices.map { (start + $0) % connections.count }
        var dial = EndpointDial(connections: order.map { connections[$0] }, dialTimeout: configuration.dialTimeout)
        var remaining = Array(order.indices)
        var failures: [EtcdClientError] = []
        while !remaining.isEmpty {
            let choice = await dial.next(among: remaining)
            remaining.removeAll { $0 == choice.position }
            let index = order[choice.position]
            do throws(EtcdClientError) {
                switch choice {
                case .skip(_, let error):
                    throw error
                case .use(_, let attempt):
                    let result = try await operation(connections[index], attempt)
                    preferredIndex.withLock { $0 = index }
                    return result
                }
            } catch {
                failures.append(error)
                let retryable = error.requestNotSent || (retry == .repeatable && error.code == .unavailable)
                if !retryable || Task.isCancelled {
                    throw error
                }
            }
        }
        throw Self.combine(failures)
    }

    /// Moves the preferred endpoint past `index` if `index` is the preferred one.
    func preferNext(after index: Int) {
        preferredIndex.withLock { preferred in
            if preferred == index {
                preferred = (index + 1) % connections.count
            }
        }
    }

    /// Merges the failures of a request that failed on every endpoint into
    /// the last one, with every message joined so each endpoint's reason shows.
    private static func combine(_ failures: [EtcdClientError]) -> EtcdClientError {
        var last = failures[failures.count - 1]
        if failures.count > 1 {
            last.message = failures.map(\.message).joined(separator: "; ")
        }
        return last
    }

    /// Runs `operation` with the auth token metadata, logging in first when
    /// needed and once more when etcd rejects the token.
    func withLogin<Result>(
        on connection: EndpointConnection, attempt: ConnectionAttempt,
        _ operation: ([(key: String, value: String)]) async throws(EtcdClientError) -> Result
    ) async throws(EtcdClientError) -> Result {
        guard let auth else {
            return try await operation([])
        }
        var refreshed = false
        while true {
            let state = try await loginState(auth, on: connection, attempt: attempt)
            var metadata: [(key: String, value: String)] = []
            if case .token(let token) = state {
                metadata.append((key: "token", value: token))
            }
            do {
                return try await operation(metadata)
            } catch where error.needsNewToken && !refreshed {
                auth.invalidate(state)
                refreshed = true
            }
        }
    }

    private func loginState(_ auth: AuthTokenStore, on connection: EndpointConnection, attempt: ConnectionAttempt) async throws(EtcdClientError) -> AuthTokenStore.State {
        let current = auth.current
        if current != .unknown {
            return current
        }
        let path = "/etcdserverpb.Auth/Authenticate"
        let request = AuthenticateRequest(name: auth.user, password: auth.password)
        let newState: AuthTokenStore.State
        do {
            let bytes = try await connection.unary(
                path: path, request: request.serializedBytes(), metadata: [],
                timeout: configuration.commandTimeout, attempt: attempt)
            newState = .token(try decode(AuthenticateResponse.self, from: bytes, path: path).token)
        } catch where error.message == EtcdClientError.authNotEnabledMessage {
            // etcd's Go client also goes on without a token in this case.
            newState = .authDisabled
        }
        auth.store(newState)
        return newState
    }

    /// Opens a streaming call with failover among the endpoints that accept a connection.
    func openStream<Request: EtcdMessage, Response: EtcdMessage>(
        _ path: String, extraMetadata: [(key: String, value: String)] = []
    ) async throws(EtcdClientError) -> EtcdStream<Request, Response> {
        let lastIndex = connections.count - 1
        var attemptNumber = 0
        return try await withFailover(retry: .mutation) { (connection, attempt) async throws(EtcdClientError) -> EtcdStream<Request, Response> in
            defer { attemptNumber += 1 }
            // A stream opens without a round trip, so an endpoint that failed
            // to connect is skipped here. The last one is tried anyway, so
            // that its first receive reports C-core's reason.
            if !attempt.connected && attemptNumber < lastIndex {
                throw EtcdClientError(
                    code: .unavailable, message: "\(connection.endpoint): failed to connect",
                    endpoint: connection.endpoint.original, requestNotSent: true)
            }
            return try await self.withLogin(on: connection, attempt: attempt) { (metadata) async throws(EtcdClientError) -> EtcdStream<Request, Response> in
                let stream = try await connection.openStream(path: path, metadata: metadata + extraMetadata)
                let login = self.auth.map { store in (store: store, state: store.current) }
                return EtcdStream(stream: stream, connection: connection, attempt: attempt, path: path, auth: login)
            }
        }
    }
}
