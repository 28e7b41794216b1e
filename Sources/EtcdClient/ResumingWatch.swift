import EtcdAPI
import Synchronization

extension EtcdClient {
    /// Watches a key or range and survives member failures: when the stream
    /// breaks, it reopens on another endpoint and resumes at the revision
    /// after the last one delivered, so no event is lost or repeated.
    ///
    /// Only the first connection's failure is thrown. After that the watch
    /// retries until it succeeds, the server cancels it, or the consuming
    /// task is cancelled. A server cancellation (for example because the
    /// resume revision was compacted) is delivered as the last response.
    /// Responses that only confirm a watch's creation are not delivered.
    ///
    /// `progress`, when given, sends progress requests on the current stream.
    public func watchEvents(_ request: WatchCreateRequest, progress: WatchProgressTrigger? = nil) -> ResumingWatch {
        ResumingWatch(client: self, request: request, progress: progress)
    }

    /// Makes the next request start at the endpoint after `endpoint`, when
    /// `endpoint` is the preferred one, because its stream just failed.
    func avoidEndpoint(_ endpoint: String) {
        guard let index = connections.firstIndex(where: { $0.endpoint.original == endpoint }) else { return }
        preferNext(after: index)
    }
}

/// The responses of one watch across reconnections; see `EtcdClient.watchEvents`.
public struct ResumingWatch: AsyncSequence, Sendable {
    public typealias Element = WatchResponse

    let client: EtcdClient
    let request: WatchCreateRequest
    var progress: WatchProgressTrigger?

    public func makeAsyncIterator() -> Iterator {
        Iterator(client: client, request: request, progress: progress)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let client: EtcdClient
        let request: WatchCreateRequest
        let progress: WatchProgressTrigger?
        private var stream: WatchStream? {
            didSet { progress?.attach(stream) }
        }
        private var hasOpened = false
        private var finished = false
        /// The revision to resume from; 0 until the first watch was created
        /// when the request starts "from now".
        private var nextRevision: Int64
        private var retryDelay = Duration.milliseconds(100)

        /// The endpoint of the open stream, nil while reconnecting.
        public var endpoint: String? { stream?.endpoint }

        init(client: EtcdClient, request: WatchCreateRequest, progress: WatchProgressTrigger?) {
            self.client = client
            self.request = request
            self.progress = progress
            self.nextRevision = request.startRevision
        }

        public mutating func next() async throws -> WatchResponse? {
            while !finished && !Task.isCancelled {
                guard let stream = try await currentStream() else { continue }
                let response: WatchResponse?
                do {
                    response = try await stream.receive()
                } catch {
                    try await recover(from: error, on: stream)
                    continue
                }
                guard let response else {
                    // The server closed the stream without an error; reopen it.
                    self.stream = nil
                    continue
                }
                retryDelay = .milliseconds(100)

                if response.canceled {
                    stream.cancel()
                    // etcd 3.5 cancels a watch created with a stale login
                    // token at once (created and canceled together) and names
                    // the token error as the reason. Log in again and reopen.
                    if EtcdClientError.isTokenRejection(cancelReason: response.cancelReason) {
                        stream.forgetLoginToken()
                        self.stream = nil
                        continue
                    }
                    finished = true
                    return response
                }
                if response.created {
                    if nextRevision == 0 {
                        nextRevision = response.header.revision + 1
                    }
                    continue
                }
                if let last = response.events.last?.kv?.modRevision, !response.fragment {
                    nextRevision = last + 1
                } else if response.isProgressNotify {
                    nextRevision = Swift.max(nextRevision, response.header.revision + 1)
                }
                return response
            }
            stream?.cancel()
            return nil
        }

        /// Opens a stream when there is none and returns it. Returns nil after
        /// a failed reopen that will be retried.
        private mutating func currentStream() async throws -> WatchStream? {
            if let stream { return stream }
            do {
                let opened = try await client.watch()
                var create = request
                create.startRevision = nextRevision
                try await opened.send(.create(create))
                stream = opened
                hasOpened = true
                return opened
            } catch {
                guard hasOpened, Self.isRetryable(error) else { throw error }
                try await Task.sleep(for: retryDelay)
                retryDelay = Swift.min(retryDelay * 2, .seconds(2))
                return nil
            }
        }

        private mutating func recover(from error: EtcdClientError, on failed: WatchStream) async throws {
            stream = nil
            failed.cancel()
            guard Self.isRetryable(error), !Task.isCancelled else { throw error }
            client.avoidEndpoint(failed.endpoint)
            try await Task.sleep(for: retryDelay)
            retryDelay = Swift.min(retryDelay * 2, .seconds(2))
        }

        /// Failures of the connection or the member, and a rejected login
        /// token (the stream has forgotten it, so the reopen logs in again),
        /// as opposed to a rejected request.
        private static func isRetryable(_ error: EtcdClientError) -> Bool {
            error.requestNotSent || error.needsNewToken || error.code == .unavailable
                || error.code == .deadlineExceeded || error.code == .internal || error.code == .unknown
        }
    }
}

/// Sends progress requests on a resuming watch's current stream, as
/// etcdctl's interactive `progress` does; the notification arrives among
/// the watch's responses.
public final class WatchProgressTrigger: Sendable {
    private let current = Mutex<WatchStream?>(nil)

    public init() {}

    func attach(_ stream: WatchStream?) {
        current.withLock { $0 = stream }
    }

    /// Asks the server for a progress notification. Does nothing while the watch is reconnecting.
    public func requestProgress() async throws(EtcdClientError) {
        guard let stream = current.withLock({ $0 }) else { return }
        try await stream.send(.progress)
    }
}
