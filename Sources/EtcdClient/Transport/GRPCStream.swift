internal import CGRPCCore
import Synchronization

/// A streaming gRPC call: messages go out with `send` and come in with
/// `receive`, one operation of each kind at a time, as C-core requires.
///
/// The final status is requested as soon as the call starts, so the reason
/// a stream ended is known when `receive` returns the end.
final class GRPCStream: Sendable {
    let call: GRPCCall
    private let statusTask: Task<GRPCStatus, Never>
    private let receivedInitialMetadata = Mutex(false)

    /// Starts a call of `path` and sends the headers.
    init(call: GRPCCall, metadata: [(key: String, value: String)]) async throws(EtcdClientError) {
        self.call = call
        statusTask = Task {
            let batch = CallBatch()
            batch.receiveStatus()
            do throws(EtcdClientError) {
                _ = try await call.run(batch)
            } catch {
                return GRPCStatus(code: error.code, message: error.message)
            }
            return batch.status
        }

        let batch = CallBatch()
        batch.sendInitialMetadata(metadata)
        guard try await call.run(batch) else {
            throw EtcdClientError(code: .internal, message: "sending the request headers failed")
        }
    }

    deinit {
        call.cancel()
    }

    /// Sends one message. Returns false when the call has already ended; the
    /// reason then comes from `receive`.
    func send(_ message: [UInt8], closeAfter: Bool = false) async throws(EtcdClientError) -> Bool {
        let batch = CallBatch()
        batch.sendMessage(message)
        if closeAfter {
            batch.sendCloseFromClient()
        }
        return try await call.run(batch)
    }

    /// Tells the server that no more messages follow.
    func closeSend() async throws(EtcdClientError) {
        let batch = CallBatch()
        batch.sendCloseFromClient()
        _ = try await call.run(batch)
    }

    /// Receives the next message, or returns `.end` with the call's final status.
    func receive() async throws(EtcdClientError) -> ReceiveResult {
        let batch = CallBatch()
        let firstReceive = receivedInitialMetadata.withLock { received in
            defer { received = true }
            return !received
        }
        if firstReceive {
            batch.receiveInitialMetadata()
        }
        batch.receiveMessage()
        _ = try await call.run(batch)
        if let message = batch.message {
            return .message(message)
        }
        return .end(await statusTask.value)
    }

    func cancel() {
        call.cancel()
    }

    enum ReceiveResult {
        case message([UInt8])
        case end(GRPCStatus)
    }
}
