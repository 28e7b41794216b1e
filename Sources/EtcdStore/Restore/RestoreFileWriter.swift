import Foundation

/// Creates the small files of a restore: written whole, then synced.
enum RestoreFileWriter {
    /// Creates `path` (it must not exist) with `mode` (less the umask, as etcd
    /// creates its files), writes `bytes` and syncs the file.
    ///
    /// With `preallocatedLength`, the file is then extended with zeros to that
    /// length, with disk blocks allocated (etcd preallocates WAL segments so
    /// that a full disk fails the restore rather than a later append).
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t, preallocatedLength: Int? = nil) throws(SnapshotRestoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw failure("create \(path)", errno)
        }
        defer { close(descriptor) }

        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write \(path)", errno)
            }
            offset += written
        }
        if let preallocatedLength, preallocatedLength > bytes.count {
            // posix_fallocate returns the error number instead of setting errno.
            let status = posix_fallocate(descriptor, 0, off_t(preallocatedLength))
            if status == EOPNOTSUPP || status == EINVAL {
                // The file system cannot allocate ahead; a sparse file reads the same.
                guard ftruncate(descriptor, off_t(preallocatedLength)) == 0 else {
                    throw failure("extend \(path) to \(preallocatedLength) bytes", errno)
                }
            } else if status != 0 {
                throw failure("allocate \(preallocatedLength) bytes for \(path)", status)
            }
        }
        guard fsync(descriptor) == 0 else {
            throw failure("sync \(path)", errno)
        }
    }

    private static func failure(_ action: String, _ number: Int32) -> SnapshotRestoreError {
        SnapshotRestoreError(.fileSystem, "cannot \(action): \(String(cString: strerror(number)))")
    }
}
