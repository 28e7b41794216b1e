import Foundation

/// A file mapped read-only into memory.
///
/// The mapping is `PROT_READ` and `MAP_SHARED`: nothing is ever written through
/// it, and the file is neither locked nor copied. A database that a running etcd
/// still writes to may change under the mapping; the page walker checks every
/// offset it reads, so such a change can produce an error but never an
/// out-of-bounds access.
final class MappedFile: @unchecked Sendable {
    // Safe to share: the mapping is read-only and neither the pointer nor the
    // length changes after init.

    let path: String
    /// The mapped bytes; empty (nil base address) for an empty file.
    let bytes: UnsafeRawBufferPointer

    init(path: String) throws {
        self.path = path
        // O_NONBLOCK keeps the open of a named pipe from waiting for a writer,
        // so the regular-file check below rejects it; a regular file ignores it.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw EtcdStoreError(.cannotOpen, "cannot open \(path): \(reason)")
        }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            throw EtcdStoreError(.cannotOpen, "cannot stat \(path): \(reason)")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw EtcdStoreError(.cannotOpen, "\(path) is not a regular file; pass an etcd database file (member/snap/db) or a snapshot file")
        }

        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0), address != MAP_FAILED else {
            let reason = String(cString: strerror(errno))
            throw EtcdStoreError(.cannotOpen, "cannot map \(path) into memory: \(reason)")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// True when the file on disk no longer has the length that was mapped:
    /// a running etcd grew it, so newer pages lie past the mapping.
    func hasChangedLength() -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        return Int(status.st_size) != bytes.count
    }

    /// Unmaps this process's resident pages of `range` (the whole file by
    /// default), so that reading the whole file does not grow the resident
    /// set by the file's size. The pages stay in the page cache, and the next
    /// read maps them again. `range` must start at a multiple of the page size.
    func releaseResidentPages(_ range: Range<Int>? = nil) {
        guard let base = bytes.baseAddress else { return }
        let range = range ?? 0..<bytes.count
        madvise(UnsafeMutableRawPointer(mutating: base + range.lowerBound), range.count, MADV_DONTNEED)
    }

    deinit {
        if let base = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }
}
