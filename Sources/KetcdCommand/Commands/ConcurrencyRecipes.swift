import Dispatch
import EtcdAPI
import EtcdClient
import Foundation

/// etcdctl's `elect --listen`: the leader of an election and each change of
/// leader or proposal, as the Go client's `Election.Observe` reports them.
/// Each report carries the response header that revealed it, which
/// etcdctl's json and fields formats print.
@MainActor
struct ElectionObserver {
    let client: EtcdClient
    /// The election's key prefix, ending in `/`.
    let prefix: String

    init(client: EtcdClient, name: String) {
        self.client = client
        prefix = name + "/"
    }

    /// Calls `body` with the leader's key and value each time the leader or
    /// its proposal changes, until an error or cancellation ends the observation.
    func observe(_ body: (RangeResponse) throws -> Void) async throws {
        let prefixBytes = Array(prefix.utf8)
        while true {
            try Task.checkCancellation()
            let oldest = RangeRequest(key: prefixBytes, rangeEnd: prefixBytes.prefixRangeEnd, limit: 1, sortOrder: .ascend, sortTarget: .create)
            let current = try await client.range(oldest)
            var header = current.header
            var leader: KeyValue
            if let first = current.kvs.first {
                leader = first
            } else {
                // No leader yet: wait for the first put under the prefix.
                (header, leader) = try await waitFirstPut(prefixBytes, fromRevision: current.header.revision)
            }
            try body(RangeResponse(header: header, kvs: [leader]))

            let watch = client.watchEvents(WatchCreateRequest(key: leader.key, startRevision: header.revision + 1))
            var deleted = false
            for try await response in watch {
                for event in response.events {
                    if event.type == .delete {
                        deleted = true
                        break
                    }
                    try body(RangeResponse(header: response.header, kvs: [event.kv ?? KeyValue()]))
                }
                if deleted { break }
            }
            if !deleted {
                try Task.checkCancellation()
                throw CommandError(.error, "elect: observer lost")
            }
        }
    }

    private func waitFirstPut(_ prefix: [UInt8], fromRevision: Int64) async throws -> (ResponseHeader, KeyValue) {
        let watch = client.watchEvents(WatchCreateRequest(key: prefix, rangeEnd: prefix.prefixRangeEnd, startRevision: fromRevision))
        for try await response in watch {
            if let put = response.events.first(where: { $0.type == .put }), let kv = put.kv {
                var header = response.header
                // A response may span several revisions; report the put's own.
                header.revision = kv.modRevision
                return (header, kv)
            }
        }
        try Task.checkCancellation()
        throw CommandError(.error, "elect: observer lost")
    }
}

/// SIGINT and SIGTERM turned into a callback, so lock and elect can release
/// what they hold before exiting, as etcdctl does.
@MainActor
final class InterruptSignals {
    private var sources: [any DispatchSourceSignal] = []
    private var handlers: [() -> Void] = []
    private(set) var received = false

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler { [weak self] in
                MainActor.assumeIsolated { self?.fire() }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Calls `handler` once at the first signal (at once if one already came).
    func onInterrupt(_ handler: @escaping () -> Void) {
        if received {
            handler()
        } else {
            handlers.append(handler)
        }
    }

    private func fire() {
        guard !received else { return }
        received = true
        let pending = handlers
        handlers = []
        for handler in pending { handler() }
    }
}

/// The event that ended the wait of a lock holder or leader: a signal or the session's end.
enum HoldOutcome {
    case interrupted
    case sessionExpired
}

extension InterruptSignals {
    /// Suspends until a signal arrives or `session` expires, checking the
    /// session twice a second.
    func wait(orExpiryOf session: EtcdSession) async -> HoldOutcome {
        let expiryWatch = Task {
            while !session.isExpired {
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        onInterrupt { expiryWatch.cancel() }
        if (try? await expiryWatch.value) != nil && !received {
            return .sessionExpired
        }
        return .interrupted
    }

    /// Runs `operation` in a task that a signal cancels; a cancelled
    /// operation throws etcdctl's "context canceled".
    func cancellable<Result: Sendable>(_ operation: @escaping @MainActor () async throws -> Result) async throws -> Result {
        let task = Task { @MainActor in try await operation() }
        onInterrupt { task.cancel() }
        do {
            return try await task.value
        } catch {
            if received { throw CommandError(.error, "context canceled") }
            throw error
        }
    }
}
