import Foundation

/// Writes a new bbolt database file one top-level bucket at a time.
///
/// The file is compact, as `bbolt compact` would leave it: every page is in
/// use and the freelist is empty. Entries arrive in ascending key order and
/// are written as they come, so memory stays bounded by one node per tree
/// level whatever the bucket's size. A node spans at most 8 pages, unless
/// its first entry (or, in a branch, its first two keys) needs more. Nodes fill the pages they span, and leaves of
/// entries larger than a quarter page span up to 8 pages to waste less.
/// Each branch key is the first key of its child. A bucket whose leaf takes
/// at most a quarter page is stored inline in the root bucket, as bbolt 1.3
/// stores it.
///
/// Only top-level buckets with plain key/value entries can be written; etcd
/// uses no nested buckets.
///
/// The pages go to a temporary file beside `path` (`.NAME.partial-RANDOM`).
/// `finish()` syncs it and links it to `path`, failing if a file appeared
/// there meanwhile. Any error, and dropping the writer before `finish()`,
/// removes the temporary file, so `path` ends up with a complete database or
/// no file at all. A process killed while writing leaves the temporary file
/// behind, never a file at `path`.
public final class BoltWriter {
    public let path: String
    public let pageSize: Int

    private enum State {
        case open(BoltOutputFile)
        case finished
        case failed(EtcdStoreError)
    }

    private struct OpenBucket {
        let name: [UInt8]
        let sequence: UInt64
        var tree = BoltTreeBuilder()
        var lastKey: [UInt8]?
    }

    private var state: State
    private var bucket: OpenBucket?
    private var lastBucketName: [UInt8]?
    /// The root bucket's entries: each bucket's name and header (plus its page when inline).
    private var rootEntries: [(name: [UInt8], value: [UInt8])] = []
    /// Pages in the finished file, meta pages included; 0 until `finish()` returns.
    public private(set) var pageCount: UInt64 = 0

    /// bbolt 1.3's limits on a key and a value (`MaxKeySize`, `MaxValueSize`).
    static let maxKeySize = 32768
    static let maxValueSize = (1 << 31) - 2

    /// Creates the file at `path` (it must not exist yet) with bbolt's page size.
    ///
    /// `pageSize` must be a power of two from 512 to 16 MiB. 4096 is what
    /// bbolt picks on Linux x86-64, where it uses the OS page size.
    public init(path: String, pageSize: Int = 4096) throws {
        guard pageSize >= 512, pageSize <= 1 << 24, pageSize & (pageSize - 1) == 0 else {
            throw EtcdStoreError(.invalidWrite, "cannot create \(path): invalid page size \(pageSize); use a power of two from 512 to 16777216, normally 4096")
        }
        self.path = path
        self.pageSize = pageSize
        state = .open(try BoltOutputFile(destination: path, pageSize: pageSize))
    }

    /// Starts a top-level bucket. Names must come in strictly ascending byte order;
    /// the previous bucket is finished first. `sequence` is the bucket's NextSequence value.
    public func beginBucket(_ name: [UInt8], sequence: UInt64 = 0) throws {
        try perform { file in
            try checkKeySize(name, what: "bucket name")
            if let lastBucketName, lastBucketName.withUnsafeBytes({ last in name.withUnsafeBytes { compareBytes(last, $0) } }) >= 0 {
                throw EtcdStoreError(
                    .invalidWrite,
                    "cannot write \(path): bucket \(describe(name)) does not sort after the previous bucket \(describe(lastBucketName)); begin buckets in ascending byte order"
                )
            }
            try finishBucket(file: file)
            bucket = OpenBucket(name: name, sequence: sequence)
            lastBucketName = name
        }
    }

    /// Appends an entry to the current bucket. Keys must ascend strictly within the bucket.
    public func append(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        try perform { file in
            guard var current = bucket else {
                throw EtcdStoreError(.invalidWrite, "cannot write \(path): key \(describe(key)) was appended before any bucket; call beginBucket first")
            }
            try checkKeySize(key, what: "key")
            guard value.count <= BoltWriter.maxValueSize else {
                throw EtcdStoreError(
                    .invalidWrite,
                    "cannot write \(path): the value of key \(describe(key)) in bucket \(describe(current.name)) is \(value.count) bytes, more than bbolt's limit of \(BoltWriter.maxValueSize)"
                )
            }
            if let lastKey = current.lastKey, lastKey.withUnsafeBytes({ compareBytes($0, key) }) >= 0 {
                throw EtcdStoreError(
                    .invalidWrite,
                    "cannot write \(path): key \(describe(key)) in bucket \(describe(current.name)) does not sort after the previous key \(describe(lastKey)); append keys in ascending byte order without duplicates"
                )
            }

            // Moved out while it changes, so the tree's buffers are not copied.
            bucket = nil
            defer { bucket = current }
            if current.lastKey == nil {
                current.lastKey = Array(key)
            } else {
                current.lastKey!.removeAll(keepingCapacity: true)
                current.lastKey!.append(contentsOf: key)
            }
            try current.tree.append(key: key, value: value, flags: 0, file: file)
        }
    }

    public func append(key: [UInt8], value: [UInt8]) throws {
        try key.withUnsafeBytes { keyBytes in
            try value.withUnsafeBytes { valueBytes in
                try append(key: keyBytes, value: valueBytes)
            }
        }
    }

    /// Writes the last bucket, the root bucket's tree, an empty freelist page and both meta pages,
    /// then fsyncs and closes the file. Nothing is usable before this returns.
    public func finish() throws {
        try perform { file in
            try finishBucket(file: file)

            var root = BoltTreeBuilder()
            for entry in rootEntries {
                try entry.name.withUnsafeBytes { name in
                    try entry.value.withUnsafeBytes { value in
                        try root.append(key: name, value: value, flags: BoltLayout.bucketLeafFlag, file: file)
                    }
                }
            }
            guard case .page(let rootPage) = try root.finish(file: file, allowInline: false) else {
                preconditionFailure("the root bucket's tree is never inline")
            }

            // An empty freelist (flags only, count 0) rather than none, so
            // bbolt opens the file with or without NoFreelistSync.
            let freelistPage = try file.appendPages(1) { page, id in
                page.storeBytes(of: id.littleEndian, toByteOffset: 0, as: UInt64.self)
                page.storeBytes(of: BoltLayout.freelistPageFlag.littleEndian, toByteOffset: 8, as: UInt16.self)
            }

            let count = file.nextPageID
            try file.writeMetaPages(metaPages(rootPage: rootPage, freelistPage: freelistPage, pageCount: count))
            try file.publish()
            pageCount = count
            state = .finished
        }
    }

    deinit {
        if case .open(let file) = state {
            file.discard()
        }
    }

    // MARK: - Steps

    /// Runs `body` on the open file. An error from it abandons the writer:
    /// the temporary file is removed and every later call throws that error.
    private func perform(_ body: (BoltOutputFile) throws -> Void) throws {
        let file: BoltOutputFile
        switch state {
        case .open(let openFile):
            file = openFile
        case .finished:
            throw EtcdStoreError(.invalidWrite, "cannot write \(path): the database is already finished; start a new BoltWriter for another file")
        case .failed(let error):
            throw EtcdStoreError(.invalidWrite, "cannot write \(path): the writer stopped at an earlier error (\(error.message)); start a new BoltWriter")
        }
        do {
            try body(file)
        } catch let error as EtcdStoreError {
            file.discard()
            state = .failed(error)
            throw error
        }
    }

    /// Writes the open bucket's tree and records its header for the root bucket.
    private func finishBucket(file: BoltOutputFile) throws {
        guard var current = bucket else { return }
        bucket = nil
        var header = [UInt8](repeating: 0, count: BoltLayout.bucketHeaderSize)
        switch try current.tree.finish(file: file, allowInline: true) {
        case .page(let id):
            store(id, in: &header, at: 0)
            store(current.sequence, in: &header, at: 8)
        case .inline(let page):
            // Root page 0 marks an inline bucket; its leaf page follows the header.
            store(current.sequence, in: &header, at: 8)
            header.append(contentsOf: page)
        }
        rootEntries.append((current.name, header))
    }

    /// Meta pages 0 and 1 with the same content and transaction ids 0 and 1,
    /// as a new bbolt database starts, so page 1 is the current one.
    private func metaPages(rootPage: UInt64, freelistPage: UInt64, pageCount: UInt64) -> [UInt8] {
        var pages = [UInt8](repeating: 0, count: 2 * pageSize)
        for pageID in 0..<2 {
            let start = pageID * pageSize
            store(UInt64(pageID), in: &pages, at: start)
            store(BoltLayout.metaPageFlag, in: &pages, at: start + 8)

            let meta = start + BoltLayout.pageHeaderSize
            store(BoltLayout.magic, in: &pages, at: meta)
            store(BoltLayout.version, in: &pages, at: meta + 4)
            store(UInt32(pageSize), in: &pages, at: meta + 8)
            store(UInt32(0), in: &pages, at: meta + 12)  // flags
            store(rootPage, in: &pages, at: meta + 16)
            store(UInt64(0), in: &pages, at: meta + 24)  // root bucket sequence
            store(freelistPage, in: &pages, at: meta + 32)
            store(pageCount, in: &pages, at: meta + 40)
            store(UInt64(pageID), in: &pages, at: meta + 48)  // transaction id
            let checksum = pages.withUnsafeBytes {
                FNV1a64.hash(UnsafeRawBufferPointer(rebasing: $0[meta..<(meta + BoltLayout.metaChecksumOffset)]))
            }
            store(checksum, in: &pages, at: meta + BoltLayout.metaChecksumOffset)
        }
        return pages
    }

    // MARK: - Helpers

    private func checkKeySize(_ key: some Collection<UInt8>, what role: String) throws {
        guard !key.isEmpty else {
            throw EtcdStoreError(.invalidWrite, "cannot write \(path): empty \(role); bbolt requires at least one byte")
        }
        guard key.count <= BoltWriter.maxKeySize else {
            throw EtcdStoreError(
                .invalidWrite,
                "cannot write \(path): \(role) \(describe(key)) is \(key.count) bytes, more than bbolt's limit of \(BoltWriter.maxKeySize)"
            )
        }
    }

    private func store<T: FixedWidthInteger>(_ value: T, in bytes: inout [UInt8], at offset: Int) {
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self) }
    }
}

/// Compares byte strings as bbolt orders keys (Go's bytes.Compare): -1, 0 or 1.
func compareBytes(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
    let shared = min(left.count, right.count)
    if shared > 0 {
        let result = memcmp(left.baseAddress!, right.baseAddress!, shared)
        if result != 0 { return result < 0 ? -1 : 1 }
    }
    return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
}

/// Formats a key or bucket name for messages: quoted text when it is
/// printable ASCII, otherwise hexadecimal, shortened past 64 bytes.
func describe(_ bytes: some Collection<UInt8>) -> String {
    let prefix = bytes.prefix(64)
    let suffix = bytes.count > 64 ? "... (\(bytes.count) bytes)" : ""
    if prefix.allSatisfy({ $0 >= 0x20 && $0 < 0x7f && $0 != 0x22 && $0 != 0x5c }) {
        return "\"\(String(decoding: prefix, as: UTF8.self))\"\(suffix)"
    }
    let hex = prefix.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
    return "0x\(hex.joined())\(suffix)"
}
