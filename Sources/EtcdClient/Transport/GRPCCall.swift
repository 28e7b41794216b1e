internal import CGRPCCore
import Synchronization

/// One gRPC call (`grpc_call`), released in `deinit`.
///
/// `@unchecked Sendable` is safe: the pointer never changes, `grpc_call_cancel`
/// is thread-safe, and `grpc_call_start_batch`, which C-core requires callers
/// to serialize, runs only while holding `startLock`.
final class GRPCCall: @unchecked Sendable {
    let pointer: OpaquePointer
    /// Keeps the channel, and with it the completion queue, alive while the call exists.
    let channel: GRPCChannel
    private let startLock = Mutex(())

    init(pointer: OpaquePointer, channel: GRPCChannel) {
        self.pointer = pointer
        self.channel = channel
    }

    deinit {
        grpc_call_unref(pointer)
    }

    /// Cancels the call; pending batches complete soon after with a CANCELLED status.
    func cancel() {
        _ = grpc_call_cancel(pointer, nil)
    }

    /// Starts `batch` and waits for it to complete. Returns C-core's success
    /// flag: false when an operation could not be done (for example a send on
    /// a call that already ended). Task cancellation cancels the call.
    func run(_ batch: CallBatch) async throws(EtcdClientError) -> Bool {
        let queue = channel.queue
        let outcome: Result<Bool, EtcdClientError> = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Bool, EtcdClientError>, Never>) in
                let tag = queue.makeTag { success in
                    continuation.resume(returning: .success(success))
                }
                let error = startLock.withLock { _ in
                    batch.operations.withUnsafeBufferPointer { operations in
                        grpc_call_start_batch(pointer, operations.baseAddress, operations.count, tag, nil)
                    }
                }
                if error != GRPC_CALL_OK {
                    queue.releaseUnusedTag(tag)
                    let failure = EtcdClientError(
                        code: .internal, message: "grpc_call_start_batch failed with error \(error.rawValue)")
                    continuation.resume(returning: .failure(failure))
                }
            }
        } onCancel: {
            cancel()
        }
        return try outcome.get()
    }
}

/// The operations of one `grpc_call_start_batch`, with the memory C-core
/// reads from and writes to until the batch completes.
///
/// Only the `run` that awaits the batch touches it, so it is not shared
/// between threads while C-core works on it.
final class CallBatch {
    private(set) var operations: [grpc_op] = []

    private var sentMetadata: UnsafeMutableBufferPointer<grpc_metadata>?
    private var sentMessage: UnsafeMutablePointer<grpc_byte_buffer>?
    private var receivedInitialMetadata: UnsafeMutablePointer<grpc_metadata_array>?
    private var receivedMessage: UnsafeMutablePointer<UnsafeMutablePointer<grpc_byte_buffer>?>?
    private var statusStorage: StatusStorage?

    /// Memory for GRPC_OP_RECV_STATUS_ON_CLIENT.
    private struct StatusStorage {
        let code = UnsafeMutablePointer<grpc_status_code>.allocate(capacity: 1)
        let details = UnsafeMutablePointer<grpc_slice>.allocate(capacity: 1)
        let trailingMetadata = UnsafeMutablePointer<grpc_metadata_array>.allocate(capacity: 1)
        let errorString = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: 1)
    }

    init() {}

    deinit {
        if let sentMetadata {
            for entry in sentMetadata {
                grpc_slice_unref(entry.key)
                grpc_slice_unref(entry.value)
            }
            sentMetadata.deallocate()
        }
        if let sentMessage {
            grpc_byte_buffer_destroy(sentMessage)
        }
        if let receivedInitialMetadata {
            grpc_metadata_array_destroy(receivedInitialMetadata)
            receivedInitialMetadata.deallocate()
        }
        if let receivedMessage {
            if let buffer = receivedMessage.pointee {
                grpc_byte_buffer_destroy(buffer)
            }
            receivedMessage.deallocate()
        }
        if let statusStorage {
            grpc_slice_unref(statusStorage.details.pointee)
            grpc_metadata_array_destroy(statusStorage.trailingMetadata)
            if let errorString = statusStorage.errorString.pointee {
                gpr_free(UnsafeMutableRawPointer(mutating: errorString))
            }
            statusStorage.code.deallocate()
            statusStorage.details.deallocate()
            statusStorage.trailingMetadata.deallocate()
            statusStorage.errorString.deallocate()
        }
    }

    // MARK: - Adding operations

    /// Sends the request headers, with `metadata` as extra key-value pairs
    /// (lowercase keys, such as etcd's `token`).
    func sendInitialMetadata(_ metadata: [(key: String, value: String)]) {
        let entries = UnsafeMutableBufferPointer<grpc_metadata>.allocate(capacity: max(metadata.count, 1))
        for (index, pair) in metadata.enumerated() {
            var entry = grpc_metadata()
            // Copying constructors: C-core may read the slices after these Swift strings are gone.
            entry.key = grpc_slice_from_copied_string(pair.key)
            entry.value = grpc_slice_from_copied_string(pair.value)
            entries[index] = entry
        }
        sentMetadata = UnsafeMutableBufferPointer(rebasing: entries[0..<metadata.count])
        if metadata.isEmpty { entries.deallocate(); sentMetadata = nil }

        var operation = grpc_op()
        operation.op = GRPC_OP_SEND_INITIAL_METADATA
        operation.data.send_initial_metadata.count = metadata.count
        operation.data.send_initial_metadata.metadata = sentMetadata?.baseAddress
        operations.append(operation)
    }

    /// Sends one message.
    func sendMessage(_ bytes: [UInt8]) {
        var slice = bytes.withUnsafeBufferPointer { buffer in
            grpc_slice_from_copied_buffer(UnsafeRawPointer(buffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }, buffer.count)
        }
        // The byte buffer takes its own reference to the slice.
        sentMessage = grpc_raw_byte_buffer_create(&slice, 1)
        grpc_slice_unref(slice)

        var operation = grpc_op()
        operation.op = GRPC_OP_SEND_MESSAGE
        operation.data.send_message.send_message = sentMessage
        operations.append(operation)
    }

    /// Half-closes the call: the client sends no more messages.
    func sendCloseFromClient() {
        var operation = grpc_op()
        operation.op = GRPC_OP_SEND_CLOSE_FROM_CLIENT
        operations.append(operation)
    }

    /// Receives the response headers.
    func receiveInitialMetadata() {
        let array = UnsafeMutablePointer<grpc_metadata_array>.allocate(capacity: 1)
        grpc_metadata_array_init(array)
        receivedInitialMetadata = array

        var operation = grpc_op()
        operation.op = GRPC_OP_RECV_INITIAL_METADATA
        operation.data.recv_initial_metadata.recv_initial_metadata = array
        operations.append(operation)
    }

    /// Receives one message, or learns that the server sent its last one.
    func receiveMessage() {
        let slot = UnsafeMutablePointer<UnsafeMutablePointer<grpc_byte_buffer>?>.allocate(capacity: 1)
        slot.initialize(to: nil)
        receivedMessage = slot

        var operation = grpc_op()
        operation.op = GRPC_OP_RECV_MESSAGE
        operation.data.recv_message.recv_message = slot
        operations.append(operation)
    }

    /// Receives the final status; completes when the call ends.
    func receiveStatus() {
        let storage = StatusStorage()
        storage.code.initialize(to: GRPC_STATUS_OK)
        storage.details.initialize(to: grpc_empty_slice())
        grpc_metadata_array_init(storage.trailingMetadata)
        storage.errorString.initialize(to: nil)
        statusStorage = storage

        var operation = grpc_op()
        operation.op = GRPC_OP_RECV_STATUS_ON_CLIENT
        operation.data.recv_status_on_client.trailing_metadata = storage.trailingMetadata
        operation.data.recv_status_on_client.status = storage.code
        operation.data.recv_status_on_client.status_details = storage.details
        operation.data.recv_status_on_client.error_string = storage.errorString
        operations.append(operation)
    }

    // MARK: - Results, valid after the batch completed

    /// The message received, or nil when the stream ended instead.
    var message: [UInt8]? {
        guard let buffer = receivedMessage?.pointee else { return nil }
        return ByteBufferReader.bytes(of: buffer)
    }

    /// The status received.
    var status: GRPCStatus {
        guard let statusStorage else {
            return GRPCStatus(code: .internal, message: "no status was requested")
        }
        let details = statusStorage.details.pointee
        let message = String(decoding: UnsafeBufferPointer(start: ketcd_grpc_slice_start(details), count: ketcd_grpc_slice_length(details)), as: UTF8.self)
        let debugDetail = statusStorage.errorString.pointee.map { String(cString: $0) }
        return GRPCStatus(code: GRPCStatusCode(rawValue: Int32(statusStorage.code.pointee.rawValue)), message: message, debugDetail: debugDetail)
    }
}

/// Copies the bytes out of a received `grpc_byte_buffer`.
enum ByteBufferReader {
    static func bytes(of buffer: UnsafeMutablePointer<grpc_byte_buffer>) -> [UInt8]? {
        var reader = grpc_byte_buffer_reader()
        // grpc_byte_buffer_reader_init returns 0 when a compressed buffer cannot be decompressed.
        guard grpc_byte_buffer_reader_init(&reader, buffer) != 0 else { return nil }
        defer { grpc_byte_buffer_reader_destroy(&reader) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(grpc_byte_buffer_length(buffer))
        var slice = grpc_slice()
        while grpc_byte_buffer_reader_next(&reader, &slice) != 0 {
            let start = ketcd_grpc_slice_start(slice)
            let length = ketcd_grpc_slice_length(slice)
            bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: length))
            grpc_slice_unref(slice)
        }
        return bytes
    }
}
