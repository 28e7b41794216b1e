// Foundation stays out of the files that import CGRPCCore: clang cannot load
// CGRPCCore's textual copy of glibc's <sys/select.h> next to Dispatch's copy
// in one Swift file ("__fds_bits ... is not present in definition of fd_set").
import Foundation

/// Starts a named thread that runs `body` once and ends.
func startDriverThread(name: String, _ body: @escaping @Sendable () -> Void) {
    let thread = Thread(block: body)
    thread.name = name
    thread.start()
}
