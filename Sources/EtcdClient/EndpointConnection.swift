internal import CGRPCCore
import Synchronization

/// The channel to one endpoint, created on first use, and the calls made on it.
///
/// C-core statuses are turned into `EtcdClientError`s here, because only this
/// level has the endpoint, whether the channel had connected, and the
/// timeouts in force.
final class EndpointConnection: Sendable {
    let endpoint: EtcdEndpoint
    private let security: TransportSecurity
    private let arguments: [ChannelArgument]
    private let queue: CompletionQueue
    private let channelStorage = Mutex<GRPCChannel?>(nil)

    init(endpoint: EtcdEndpoint, security: TransportSecurity, arguments: [ChannelArgument], queue: CompletionQueue) {
        self.endpoint = endpoint
        self.security = security
        self.arguments = arguments
        self.queue = queue
    }

    private func channel() throws(EtcdClientError) -> GRPCChannel {
        try channelStorage.withLock { (stored: inout GRPCChannel?) throws(EtcdClientError) -> GRPCChannel in
            if let stored { return stored }
            let created = try GRPCChannel(target: endpoint.grpcTarget, security: security, arguments: arguments, queue: queue)
            stored = created
            return created
        }
    }

    /// Waits until the channel is connected or has failed to connect.
    ///
    /// The result reports whether the channel connected. After a failed attempt
    /// (refused, TLS handshake failure) a call made on the channel fails at
    /// once with C-core's reason. Throws when neither happens within `dialTimeout`.
    func connect(dialTimeout: Duration) async throws(EtcdClientError) -> ConnectionAttempt {
        let started = ContinuousClock.now
        let channel = try channel()
        let deadline = gpr_timespec.deadline(after: dialTimeout)
        var state = channel.connectivityState(tryToConnect: true)
        while true {
            switch state {
            case GRPC_CHANNEL_READY:
                return ConnectionAttempt(connected: true, started: started)
            case GRPC_CHANNEL_TRANSIENT_FAILURE:
                return ConnectionAttempt(connected: false, started: started)
            case GRPC_CHANNEL_SHUTDOWN:
                throw EtcdClientError(
                    code: .unavailable, message: "connection to \(endpoint) was shut down",
                    endpoint: endpoint.original, requestNotSent: true)
            default:
                let changed = await channel.waitForStateChange(from: state, deadline: deadline)
                if !changed {
                    var message = "context deadline exceeded: no connection to \(endpoint) within the \(dialTimeout.goDescription) dial timeout"
                    if let reason = GRPCLog.tlsReason(since: started) {
                        message += " (TLS handshake: \(reason))"
                    }
                    throw EtcdClientError(code: .deadlineExceeded, message: message, endpoint: endpoint.original, requestNotSent: true)
                }
                state = channel.connectivityState(tryToConnect: true)
            }
        }
    }

    /// Sends one request and returns the response message's bytes.
    func unary(
        path: String, request: [UInt8], metadata: [(key: String, value: String)],
        timeout: Duration?, attempt: ConnectionAttempt
    ) async throws(EtcdClientError) -> [UInt8] {
        let call = try channel().makeCall(path: path, deadline: .deadline(after: timeout))
        let batch = CallBatch()
        batch.sendInitialMetadata(metadata)
        batch.sendMessage(request)
        batch.sendCloseFromClient()
        batch.receiveInitialMetadata()
        batch.receiveMessage()
        batch.receiveStatus()
        _ = try await call.run(batch)

        let status = batch.status
        guard status.code == .ok else {
            throw error(for: status, attempt: attempt, timeout: timeout)
        }
        guard let message = batch.message else {
            throw EtcdClientError(code: .internal, message: "\(endpoint) sent no response to \(path)", endpoint: endpoint.original)
        }
        return message
    }

    /// Starts a streaming call of `path` without a deadline.
    func openStream(path: String, metadata: [(key: String, value: String)]) async throws(EtcdClientError) -> GRPCStream {
        let call = try channel().makeCall(path: path, deadline: .deadline(after: nil))
        return try await GRPCStream(call: call, metadata: metadata)
    }

    /// Converts a call's final status into the error reported to the caller.
    func error(for status: GRPCStatus, attempt: ConnectionAttempt, timeout: Duration?) -> EtcdClientError {
        var error = EtcdClientError(code: status.code, message: status.message, endpoint: endpoint.original)
        if error.isServerError {
            return error
        }
        switch status.code {
        case .deadlineExceeded:
            if let timeout {
                error.message = "context deadline exceeded: \(endpoint) did not respond within the \(timeout.goDescription) command timeout"
            } else {
                error.message = "context deadline exceeded: \(endpoint) did not respond in time"
            }
        case .cancelled:
            error.message = "context canceled"
        case .unavailable:
            // C-core fails a call with this message when it found no connection
            // to send it on.
            error.requestNotSent = !attempt.connected || status.message.hasPrefix("failed to connect to all addresses")
            error.message = "\(endpoint): \(status.message)"
            if !status.message.contains("SSL"), let reason = GRPCLog.tlsReason(since: attempt.started) {
                error.message += " (TLS handshake: \(reason))"
            }
        default:
            error.message = "\(endpoint): \(status.message)"
        }
        return error
    }
}

/// The state of an endpoint's channel that `connect` found before a request.
struct ConnectionAttempt: Sendable {
    /// True when the channel was connected; false when its last connection attempt failed.
    var connected: Bool
    /// When the attempt began, to match C-core's logged TLS failures to it.
    var started: ContinuousClock.Instant
}

extension Duration {
    /// The duration as Go prints one, such as `2s` or `500ms`, matching etcdctl's flag values.
    var goDescription: String {
        let (seconds, attoseconds) = components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 {
            return "\(seconds)s"
        }
        if seconds == 0 {
            return "\(milliseconds)ms"
        }
        return "\(Double(seconds) + Double(milliseconds) / 1000)s"
    }
}
