internal import CGRPCCore
import Synchronization

/// Chooses, for one request, which endpoint to try next, connecting all of
/// them at once, as etcdctl's gRPC balancer does.
///
/// Every endpoint's channel starts connecting at the first check. The next
/// endpoint is the first one in preference order that is connected. When
/// none is, the dial waits for any state change, for at most the dial timeout
/// counted from the dial's start. So a member that never completes a
/// connection (powered off, or behind a firewall that drops packets) costs
/// one dial timeout per request, not one per such member, and nothing once
/// another member is connected.
///
/// An endpoint whose connection attempt failed (refused, TLS failure) is
/// returned once every untried endpoint failed or the dial timeout passed.
/// A call made on it fails at once with C-core's reason, so error messages
/// name that reason.
struct EndpointDial {
    /// The decision about one endpoint, named by its position in `connections`.
    enum Choice {
        /// Send the request on this endpoint.
        case use(position: Int, attempt: ConnectionAttempt)
        /// Skip this endpoint, which cannot take the request for the reason in `error`.
        case skip(position: Int, error: EtcdClientError)

        var position: Int {
            switch self {
            case .use(let position, _), .skip(let position, _): position
            }
        }
    }

    /// The endpoints in preference order.
    private let connections: [EndpointConnection]
    private let dialTimeout: Duration
    private let started: ContinuousClock.Instant
    private let deadline: ContinuousClock.Instant
    /// Positions whose connection attempt failed during this dial. C-core
    /// retries after a backoff, so such a channel may show CONNECTING again.
    private var failed: Set<Int> = []

    init(connections: [EndpointConnection], dialTimeout: Duration) {
        self.connections = connections
        self.dialTimeout = dialTimeout
        started = ContinuousClock.now
        deadline = started + dialTimeout
    }

    /// Returns the next endpoint to try among `remaining`, positions in
    /// preference order that have not been tried in this request.
    mutating func next(among remaining: [Int]) async -> Choice {
        while true {
            var states: [(channel: GRPCChannel, state: grpc_connectivity_state)] = []
            for position in remaining {
                let channel: GRPCChannel
                do {
                    channel = try connections[position].channel()
                } catch {
                    return .skip(position: position, error: error)
                }
                // Asking for the state with tryToConnect starts connecting an
                // idle channel; C-core then connects in the background.
                let state = channel.connectivityState(tryToConnect: true)
                switch state {
                case GRPC_CHANNEL_READY:
                    return .use(position: position, attempt: ConnectionAttempt(connected: true, started: started))
                case GRPC_CHANNEL_SHUTDOWN:
                    return .skip(position: position, error: connections[position].shutdownError())
                case GRPC_CHANNEL_TRANSIENT_FAILURE:
                    failed.insert(position)
                default:
                    break
                }
                states.append((channel, state))
            }
            // Checked before the deadline, so a failed endpoint reports its
            // reason even with a zero dial timeout.
            let first = remaining[0]
            if remaining.allSatisfy(failed.contains) {
                return .use(position: first, attempt: ConnectionAttempt(connected: false, started: started))
            }
            if ContinuousClock.now >= deadline {
                if failed.contains(first) {
                    return .use(position: first, attempt: ConnectionAttempt(connected: false, started: started))
                }
                return .skip(position: first, error: connections[first].dialTimeoutError(dialTimeout, started: started))
            }
            await waitForAnyChange(states)
        }
    }

    /// Waits until one of the channels leaves the state it was seen in, or
    /// until the dial's deadline.
    ///
    /// Each channel gets a C-core watch whose callback resumes one shared
    /// continuation; the first callback wins and the others find it taken.
    /// A task group of per-channel waits would not do: C-core cannot cancel
    /// a watch, so the group would wait for the slowest channel (up to the
    /// deadline) before returning. The watches left behind end on their own
    /// at the next state change or at the deadline.
    private func waitForAnyChange(_ states: [(channel: GRPCChannel, state: grpc_connectivity_state)]) async {
        let cDeadline = gpr_timespec.deadline(after: deadline - ContinuousClock.now)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiter = SingleResume(continuation)
            for (channel, state) in states {
                channel.watchStateChange(from: state, deadline: cDeadline) { _ in waiter.resume() }
            }
        }
    }
}

/// A continuation that the first of several callbacks resumes; later calls do nothing.
private final class SingleResume: Sendable {
    private let continuation: Mutex<CheckedContinuation<Void, Never>?>

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume() {
        continuation.withLock { $0.take() }?.resume()
    }
}
