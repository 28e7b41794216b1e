import Foundation

/// The file a `BoltWriter` fills: a temporary sibling of the destination,
/// written page by page in page id order and moved to the destination only
/// when it is complete.
///
/// Pages 0 and 1 (the meta pages) are skipped at first and written last, by
/// `writeMetaPages`, so a reader never sees meta pages that point at pages not
/// yet written. All other pages are appended through a staging buffer.
final class BoltOutputFile {
    let destination: String
    let temporaryPath: String
    let pageSize: Int
    /// Id of the next page to allocate; after the last page, the page count.
    private(set) var nextPageID: UInt64 = 2
    private var descriptor: Int32
    /// Pages not yet written to the file: `stagedCount` bytes at the start of
    /// `staging`, which grows only for a node larger than it.
    private var staging: UnsafeMutableRawBufferPointer
    private var stagedCount = 0
    /// File offset of the first staged byte.
    private var stagingOffset: Int

    /// Creates the temporary file beside `destination`, which must not exist.
    init(destination: String, pageSize: Int) throws {
        var status = stat()
        if lstat(destination, &status) == 0 {
            throw EtcdStoreError(
                .cannotWrite,
                "cannot create \(destination): the file already exists; choose a new path or remove the old file first"
            )
        }

        let url = URL(fileURLWithPath: destination)
        let directory = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let temporaryPath = URL(fileURLWithPath: directory).appendingPathComponent(".\(name).partial-\(suffix)").path

        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw EtcdStoreError(
                .cannotWrite,
                "cannot create \(temporaryPath) to write \(destination): \(reason); check that \(directory) exists and is writable"
            )
        }
        self.destination = destination
        self.temporaryPath = temporaryPath
        self.pageSize = pageSize
        self.descriptor = descriptor
        self.stagingOffset = 2 * pageSize
        staging = .allocate(byteCount: max(4 << 20, pageSize), alignment: 16)
    }

    deinit {
        staging.deallocate()
    }

    /// Appends a node of `pageCount` pages and returns the id of its first
    /// page. `fill` gets the zero-filled pages and that id.
    func appendPages(_ pageCount: Int, fill: (UnsafeMutableRawBufferPointer, UInt64) -> Void) throws -> UInt64 {
        let length = pageCount * pageSize
        if stagedCount + length > staging.count {
            try flush()
            if length > staging.count {
                staging.deallocate()
                staging = .allocate(byteCount: length, alignment: 16)
            }
        }
        let id = nextPageID
        let pages = UnsafeMutableRawBufferPointer(rebasing: staging[stagedCount..<(stagedCount + length)])
        pages.initializeMemory(as: UInt8.self, repeating: 0)
        fill(pages, id)
        stagedCount += length
        nextPageID += UInt64(pageCount)
        return id
    }

    /// Writes the staged pages to the file.
    func flush() throws {
        try write(UnsafeRawBufferPointer(rebasing: staging[..<stagedCount]), at: stagingOffset)
        stagingOffset += stagedCount
        stagedCount = 0
    }

    /// Writes both meta pages, the last step before `publish`.
    func writeMetaPages(_ pages: [UInt8]) throws {
        try flush()
        try pages.withUnsafeBytes { try write($0, at: 0) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        var written = 0
        while written < bytes.count {
            let result = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset + written))
            if result < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw EtcdStoreError(
                    .cannotWrite,
                    "cannot write \(bytes.count - written) bytes at offset \(offset + written) of \(temporaryPath): \(reason); free disk space or choose another directory for \(destination)"
                )
            }
            written += result
        }
    }

    /// Syncs and closes the temporary file, then gives it the destination name
    /// without replacing a file that appeared there in the meantime, and syncs
    /// the directory so the name survives a crash. The directory sync is best
    /// effort: the database is complete at the destination by then, so its
    /// failure is not reported.
    func publish() throws {
        guard fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            throw EtcdStoreError(.cannotWrite, "cannot sync \(temporaryPath) to disk: \(reason); \(destination) was not created")
        }
        close(descriptor)
        descriptor = -1

        // link() fails when the destination exists, unlike rename(), which would replace it.
        if link(temporaryPath, destination) == 0 {
            unlink(temporaryPath)
        } else {
            let linkError = errno
            var status = stat()
            let destinationExists = lstat(destination, &status) == 0
            // File systems without hard links (FAT, for one) fail link() with
            // EPERM. There rename() is used after checking that the destination is still free.
            // NOTE: no test runs this path; the tests write to file systems with hard links.
            let noHardLinks = linkError == EPERM || linkError == EOPNOTSUPP || linkError == ENOSYS
            guard noHardLinks && !destinationExists, rename(temporaryPath, destination) == 0 else {
                let reason = destinationExists ? "a file appeared there while the database was being written" : String(cString: strerror(noHardLinks ? errno : linkError))
                throw EtcdStoreError(.cannotWrite, "cannot move \(temporaryPath) to \(destination): \(reason); choose a new path")
            }
        }

        let directory = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Closes and removes the temporary file; nothing is left at the destination.
    func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        unlink(temporaryPath)
    }
}
