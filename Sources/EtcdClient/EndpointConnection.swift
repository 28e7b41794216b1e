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

    /// The endpoint's channel, created on first use.
    func channel() throws(EtcdClientError) -> GRPCChannel {
        try channelStorage.withLock { (stored: inout GRPCChannel?) throws(EtcdClientError) -> GRPCChannel in
            if let stored { return stored }
            let created = try GRPCChannel(target: endpoint.grpcTarget, security: security, arguments: arguments, queue: queue)
            stored = created
            return created
        }
    }

    /// The error for a channel that C-core shut down.
    func shutdownError() -> EtcdClientError {
        EtcdClientError(
            code: .unavailable, message: "connection to \(endpoint) was shut down",
            endpoint: endpoint.original, requestNotSent: true)
    }

    /// The error for a channel that neither connected nor failed within the
    /// dial timeout, with the TLS failure C-core logged since `started`, if any.
    func dialTimeoutError(_ dialTimeout: Duration, started: ContinuousClock.Instant) -> EtcdClientError {
        var message = "context deadline exceeded: no connection to \(endpoint) within the \(dialTimeout.goDescription) dial timeout"
        if let reason = GRPCLog.tlsReason(since: started) {
            message += " (TLS handshake: \(reason))"
        }
        return EtcdClientError(code: .deadlineExceeded, message: message, endpoint: endpoint.original, requestNotSent: true)
    }

    /// Sends one request and returns the response message's bytes.
    func unary(
        path: String, request: [UInt8], metadata: [(key: String, value: String)],
        timeout: Duration?, attempt: ConnectionAttempt
    ) async throws(EtcdClientError) -> [UInt8] {
        // A timeout that has run out before the call starts (zero, negative or
        // a few nanoseconds) fails here without sending, every time, as
        // etcdctl 3.5 fails with an expired context.
        let expiry = timeout.map { ContinuousClock.now + $0 }
        if let expiry, ContinuousClock.now >= expiry {
            throw error(for: GRPCStatus(code: .deadlineExceeded, message: ""), attempt: attempt, timeout: timeout)
        }
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

/// The state of an endpoint's channel that `EndpointDial` found before a request.
struct ConnectionAttempt: Sendable {
    /// True when the channel was connected; false when its last connection attempt failed.
    var connected: Bool
    /// When the attempt began, to match C-core's logged TLS failures to it.
    var started: ContinuousClock.Instant
}

extension Duration {
    /// The duration as Go's time.Duration.String prints it, such as `2s`,
    /// `500ms`, `1ns`, `1m30s` or `-1s`, matching etcdctl's flag values.
    var goDescription: String {
        let (seconds, attoseconds) = components
        let negative = seconds < 0 || attoseconds < 0
        let wholeSeconds = seconds.magnitude
        let nanoseconds = (attoseconds / 1_000_000_000).magnitude
        let sign = negative ? "-" : ""
        if wholeSeconds == 0 {
            switch nanoseconds {
            case 0: return "0s"
            case ..<1_000: return "\(sign)\(nanoseconds)ns"
            case ..<1_000_000: return sign + Self.decimal(nanoseconds, fractionDigits: 3) + "µs"
            default: return sign + Self.decimal(nanoseconds, fractionDigits: 6) + "ms"
            }
        }
        let hours = wholeSeconds / 3600
        let minutes = wholeSeconds / 60 % 60
        let secondsText = Self.decimal((wholeSeconds % 60) * 1_000_000_000 + nanoseconds, fractionDigits: 9) + "s"
        if hours > 0 {
            return "\(sign)\(hours)h\(minutes)m" + secondsText
        }
        if minutes > 0 {
            return "\(sign)\(minutes)m" + secondsText
        }
        return sign + secondsText
    }

    /// Prints `value / 10^fractionDigits` with the trailing zeros of the
    /// fraction removed, as Go's duration formatting does.
    private static func decimal(_ value: UInt64, fractionDigits: Int) -> String {
        var scale: UInt64 = 1
        for _ in 0..<fractionDigits { scale *= 10 }
        let whole = value / scale
        var fraction = String(value % scale)
        fraction = String(repeating: "0", count: fractionDigits - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }
}
