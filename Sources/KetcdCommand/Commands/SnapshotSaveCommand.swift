import COpenSSL
import Dispatch
import EtcdAPI
import EtcdClient
#if canImport(Glibc)
import Glibc
#endif

extension Command {
    /// `ketcd snapshot save <file>`: streams one member's backend to
    /// `<file>.part`, checks the SHA-256 that etcd appends to the stream, then
    /// renames the file into place. Any failure, and an interrupt, removes the
    /// partial file, so `<file>` exists only when it is complete.
    static let snapshotSave = Command(
        ["snapshot", "save"], summary: "Stores an etcd node backend snapshot to a given file", arguments: "<filename>"
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("snapshot save expects one argument")
        }
        let endpoints = context.global.endpoints
        guard endpoints.count == 1 else {
            throw CommandError(.interrupted, "snapshot must be requested to one selected node, not multiple [\(endpoints.joined(separator: " "))]")
        }
        let path = context.arguments[0]
        let writer = try SnapshotFileWriter(path: path)
        let interruptHandlers = writer.removeOnInterrupt()
        defer { interruptHandlers.forEach { $0.cancel() } }

        do {
            let stream = try await context.client().snapshot()
            while let response = try await stream.receive() {
                try writer.append(response.blob)
            }
            try writer.finish()
        } catch {
            writer.abandon()
            if let commandError = error as? CommandError { throw commandError }
            throw CommandError(.interrupted, "snapshot save from \(endpoints[0]) failed: \(error); no file was written")
        }
        context.output.writeLine("Snapshot saved at \(path)")
    }
}

/// Writes a snapshot stream to `<path>.part` while hashing it.
///
/// etcd ends the stream with the SHA-256 of everything before it; the
/// writer keeps the last 32 bytes out of the running hash so it can compare
/// them at the end.
final class SnapshotFileWriter {
    let path: String
    let partialPath: String
    private var fileDescriptor: Int32
    private let digest: OpaquePointer
    /// The newest bytes, held back from the hash until more data arrives.
    private var tail: [UInt8] = []
    private static let hashLength = 32

    init(path: String) throws(CommandError) {
        self.path = path
        partialPath = path + ".part"
        fileDescriptor = open(partialPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fileDescriptor >= 0 else {
            // Go's error texts, which etcdctl prints, are strerror's in lower case.
            throw CommandError(.interrupted, "could not open \(partialPath) (open \(partialPath): \(String(cString: strerror(errno)).lowercased()))")
        }
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            close(fileDescriptor)
            unlink(partialPath)
            throw CommandError(.error, "OpenSSL could not start a SHA-256 digest")
        }
        digest = context
    }

    deinit {
        EVP_MD_CTX_free(digest)
    }

    func append(_ bytes: [UInt8]) throws(CommandError) {
        try writeAll(bytes)
        tail.append(contentsOf: bytes)
        if tail.count > Self.hashLength {
            let hashed = tail.count - Self.hashLength
            tail.withUnsafeBytes { _ = EVP_DigestUpdate(digest, $0.baseAddress, hashed) }
            tail.removeFirst(hashed)
        }
    }

    /// Checks the hash, flushes the file to disk and renames it into place.
    func finish() throws(CommandError) {
        var computed = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = computed.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(digest, $0.baseAddress, &length) }
        guard tail.count == Self.hashLength, Array(computed.prefix(Int(length))) == tail else {
            throw CommandError(.interrupted, "snapshot from the server is incomplete or corrupted: its SHA-256 does not match; no file was written")
        }
        guard fsync(fileDescriptor) == 0 else {
            throw CommandError(.interrupted, "fsync \(partialPath) failed: \(String(cString: strerror(errno)))")
        }
        close(fileDescriptor)
        fileDescriptor = -1
        guard rename(partialPath, path) == 0 else {
            throw CommandError(.interrupted, "rename \(partialPath) to \(path) failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Closes and deletes the partial file.
    func abandon() {
        if fileDescriptor >= 0 {
            close(fileDescriptor)
            fileDescriptor = -1
        }
        unlink(partialPath)
    }

    /// Deletes the partial file and exits on SIGINT (Ctrl-C) or SIGTERM.
    func removeOnInterrupt() -> [DispatchSourceSignal] {
        let partialPath = self.partialPath
        return [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                unlink(partialPath)
                _exit(ExitCode.interrupted.rawValue)
            }
            source.resume()
            return source
        }
    }

    private func writeAll(_ bytes: [UInt8]) throws(CommandError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fileDescriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw CommandError(.interrupted, "write to \(partialPath) failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}
