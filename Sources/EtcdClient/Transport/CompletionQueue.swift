internal import CGRPCCore
import Foundation

/// Process-wide setup of gRPC C-core.
enum GRPCLibrary {
    /// Calls `grpc_init` once. The library stays initialized until the process
    /// exits, because channels may live as long as the process does.
    static func initialize() {
        _ = initialized
    }

    private static let initialized: Bool = {
        GRPCLog.install()
        grpc_init()
        return true
    }()
}

/// A C pointer passed to another thread.
///
/// `@unchecked Sendable` is safe where it is used: the pointee is a C-core
/// object (completion queue) whose functions used here are thread-safe.
struct SendableOpaquePointer: @unchecked Sendable {
    let raw: OpaquePointer
}

/// The action run when one completion-queue event arrives.
final class CompletionTag: Sendable {
    let onComplete: @Sendable (Bool) -> Void

    init(_ onComplete: @escaping @Sendable (Bool) -> Void) {
        self.onComplete = onComplete
    }
}

/// A gRPC completion queue (`grpc_completion_queue`) with a dedicated thread
/// that waits on `grpc_completion_queue_next` and runs each event's
/// `CompletionTag`.
///
/// Tags are `CompletionTag` objects retained for C-core with
/// `Unmanaged.passRetained` and released by the thread after their action
/// runs. Actions run on the queue's thread and must not block: they resume
/// continuations and return.
///
/// Channels and calls keep a strong reference to their queue, so the queue is
/// shut down (in `deinit`) only after all of them are gone. The thread then
/// destroys the C object once C-core reports the shutdown.
final class CompletionQueue: Sendable {
    private let queue: SendableOpaquePointer

    var pointer: OpaquePointer { queue.raw }

    init() {
        GRPCLibrary.initialize()
        // grpc_completion_queue_create_for_next returns NULL only when out of memory.
        guard let created = grpc_completion_queue_create_for_next(nil) else {
            fatalError("grpc_completion_queue_create_for_next failed")
        }
        let queue = SendableOpaquePointer(raw: created)
        self.queue = queue

        let thread = Thread {
            Self.drain(queue)
        }
        thread.name = "ketcd-grpc-completion-queue"
        thread.start()
    }

    deinit {
        grpc_completion_queue_shutdown(queue.raw)
    }

    /// Returns a retained tag for one C-core operation. C-core hands it back
    /// through the queue exactly once, when the operation completes.
    func makeTag(_ onComplete: @escaping @Sendable (Bool) -> Void) -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(CompletionTag(onComplete)).toOpaque()
    }

    /// Releases a tag whose operation C-core rejected, so no event will come for it.
    func releaseUnusedTag(_ tag: UnsafeMutableRawPointer) {
        Unmanaged<CompletionTag>.fromOpaque(tag).release()
    }

    private static func drain(_ queue: SendableOpaquePointer) {
        while true {
            let event = grpc_completion_queue_next(queue.raw, gpr_inf_future(GPR_CLOCK_REALTIME), nil)
            switch event.type {
            case GRPC_OP_COMPLETE:
                guard let tag = event.tag else { continue }
                let completion = Unmanaged<CompletionTag>.fromOpaque(tag).takeRetainedValue()
                completion.onComplete(event.success != 0)
            case GRPC_QUEUE_SHUTDOWN:
                grpc_completion_queue_destroy(queue.raw)
                return
            default:
                // GRPC_QUEUE_TIMEOUT cannot happen with an infinite deadline.
                continue
            }
        }
    }
}

extension gpr_timespec {
    /// Returns a monotonic-clock deadline `duration` from now, or no deadline for nil.
    static func deadline(after duration: Duration?) -> gpr_timespec {
        guard let duration else { return gpr_inf_future(GPR_CLOCK_MONOTONIC) }
        guard duration > .zero else { return gpr_now(GPR_CLOCK_MONOTONIC) }
        let (seconds, attoseconds) = duration.components
        let span = gpr_time_add(
            gpr_time_from_seconds(seconds, GPR_TIMESPAN),
            gpr_time_from_nanos(attoseconds / 1_000_000_000, GPR_TIMESPAN))
        return gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC), span)
    }
}
