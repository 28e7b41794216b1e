internal import CGRPCCore
import Foundation
import Synchronization

/// Routes C-core's log lines away from stderr and keeps the TLS reasons in them.
///
/// When the server rejects the client's certificate, C-core reports only
/// "Endpoint read failed" or "Socket closed" to the caller. The reason
/// ("tlsv1 alert unknown ca", "tlsv13 alert certificate required") appears
/// only in its log. Those reasons are kept
/// for a short while so connection errors can quote them. The log is
/// process-wide, so with concurrent handshakes to several servers a reason
/// may belong to another endpoint; each is kept only for 10 seconds.
///
/// Setting `GRPC_VERBOSITY` keeps C-core's own logging to stderr, for debugging.
enum GRPCLog {
    private struct Entry {
        var instant: ContinuousClock.Instant
        var reason: String
    }

    private static let recentTLSReasons = Mutex<[Entry]>([])
    private static let maxEntries = 8

    static func install() {
        guard getenv("GRPC_VERBOSITY") == nil else { return }
        gpr_set_log_function { arguments in
            guard let arguments, let message = arguments.pointee.message else { return }
            GRPCLog.record(String(cString: message))
        }
    }

    /// Keeps the OpenSSL reason of a log line such as
    /// "error:0A000418:SSL routines::tlsv1 alert unknown ca".
    private static func record(_ line: String) {
        guard let marker = line.range(of: "SSL routines::") else { return }
        var reason = String(line[marker.upperBound...])
        while reason.hasSuffix(".") || reason.hasSuffix("\n") {
            reason.removeLast()
        }
        let entry = Entry(instant: .now, reason: reason)
        recentTLSReasons.withLock { entries in
            entries.append(entry)
            if entries.count > maxEntries {
                entries.removeFirst(entries.count - maxEntries)
            }
        }
    }

    /// Returns the most recent TLS failure reason logged after `start` and within the last 10 seconds.
    static func tlsReason(since start: ContinuousClock.Instant) -> String? {
        let now = ContinuousClock.now
        return recentTLSReasons.withLock { entries in
            entries.last { $0.instant >= start && now - $0.instant < .seconds(10) }?.reason
        }
    }
}
