/// bbolt's on-disk layout, as bbolt 1.3 (the version etcd 3.5 links) writes it.
///
/// Every page starts with a 16-byte header: page id (u64), flags (u16),
/// element count (u16) and overflow page count (u32), all little-endian. Meta
/// pages 0 and 1 hold a meta record after the header; branch and leaf pages
/// hold an array of 16-byte elements whose keys and values follow later in the
/// same page, addressed relative to the element.
enum BoltLayout {
    static let magic: UInt32 = 0xED0C_DAED
    static let version: UInt32 = 2
    static let pageHeaderSize = 16
    /// The page size bbolt picks on Linux x86-64 (the OS page size), which
    /// most etcd databases therefore have.
    static let commonPageSize = 4096
    /// magic, version, page size, flags, root bucket (root, sequence), freelist, page count, txid, checksum.
    static let metaSize = 64
    /// The checksum covers the meta record up to (not including) the checksum field.
    static let metaChecksumOffset = 56
    static let elementSize = 16
    static let bucketHeaderSize = 16

    static let branchPageFlag: UInt16 = 0x01
    static let leafPageFlag: UInt16 = 0x02
    static let metaPageFlag: UInt16 = 0x04
    static let freelistPageFlag: UInt16 = 0x10

    /// Leaf element flag: the value is a bucket header, not a plain value.
    static let bucketLeafFlag: UInt32 = 0x01
    /// Freelist page id meaning "not stored" (bbolt's NoFreelistSync, which etcd sets).
    static let noFreelist: UInt64 = .max
    /// Element count meaning "the real count is in the first element" (freelist pages).
    static let overflowCount = 0xFFFF
    /// Deeper than any B+tree bbolt can build: with at least two children per
    /// branch, 64 levels would hold more than 2^64 keys.
    static let maxTreeDepth = 64
}

/// A byte range inside the mapped file.
public struct FileRange: Sendable, Equatable {
    public let offset: Int
    public let count: Int

    public var end: Int { offset + count }
}

/// One of the two meta pages: the root of a committed bbolt transaction.
public struct BoltMeta: Sendable, Equatable {
    /// 0 or 1: which meta page this record came from.
    public let pageID: Int
    public let pageSize: Int
    public let flags: UInt32
    /// Root page of the root bucket, whose entries are the top-level buckets.
    public let rootPage: UInt64
    public let freelistPage: UInt64
    /// Number of pages in use up to the high water mark (bbolt's `meta.pgid`).
    public let pageCount: UInt64
    public let transactionID: UInt64
    public let checksum: UInt64
}

/// A page header checked against the file.
struct BoltPage {
    let id: UInt64
    /// File offset of the page header.
    let offset: Int
    /// File offset one past the page's last byte (overflow pages included).
    let end: Int
    let flags: UInt16
    let count: Int
    /// True for a bucket stored inside its parent's leaf value.
    let isInline: Bool

    var isBranch: Bool { flags & BoltLayout.branchPageFlag != 0 }
    var isLeaf: Bool { flags & BoltLayout.leafPageFlag != 0 }
}

/// A bucket: the root of a B+tree of key/value pairs.
public struct BoltBucket: Sendable {
    /// Root page id, or 0 for an inline bucket.
    public let rootPage: UInt64
    public let sequence: UInt64
    /// For an inline bucket, the bytes of its leaf page (inside the parent's value).
    let inlinePage: FileRange?
}

/// An entry in a bucket: a key with a plain value, or a nested bucket.
public struct BoltEntry: Sendable {
    public let key: FileRange
    public let value: FileRange
    public let isBucket: Bool
}

/// A read-only bbolt database over a memory-mapped file.
///
/// Opening picks the meta page bbolt would pick: the valid one with the
/// higher transaction id, falling back to the other when one fails its magic,
/// version or FNV-1a checksum check. Every page reached afterwards is checked
/// against that meta's page count and the file length before it is read.
public final class BoltDatabase: @unchecked Sendable {
    // Safe to share: every stored property is immutable after init, and the
    // mapped memory is read-only.

    let file: MappedFile
    /// Bytes of the file that belong to the database (a snapshot file has a hash after them).
    let dataLength: Int
    public let meta: BoltMeta
    /// The reason the other meta page was not used, when it was invalid; nil when both are valid.
    public let rejectedMetaReason: String?
    public var pageSize: Int { meta.pageSize }
    public var path: String { file.path }
    /// Pages that can be read: below the meta's page count and inside the file.
    let readablePageCount: UInt64

    init(file: MappedFile, dataLength: Int) throws {
        self.file = file
        self.dataLength = dataLength
        let bytes = file.bytes

        guard dataLength >= 2 * BoltLayout.pageHeaderSize + BoltLayout.metaSize else {
            throw EtcdStoreError(
                .fileTooSmall,
                "\(file.path) is \(dataLength) bytes, too small for a bbolt database; expected at least two meta pages",
                offset: 0
            )
        }

        // Meta page 0 sits at offset 0 and names the page size. If it is
        // damaged, look for meta page 1 at each possible page size, as bbolt does.
        let first = BoltDatabase.readMeta(bytes: bytes, dataLength: dataLength, offset: 0, pageID: 0)
        var second: Result<BoltMeta, EtcdStoreError>
        switch first {
        case .success(let meta):
            second = BoltDatabase.readMeta(bytes: bytes, dataLength: dataLength, offset: meta.pageSize, pageID: 1)
        case .failure:
            second = .failure(EtcdStoreError(.invalidMeta, "no valid meta page found at any page size from 1024 to 16777216 bytes"))
            var candidate = 1024
            while candidate <= 1 << 24 && candidate + BoltLayout.pageHeaderSize + BoltLayout.metaSize <= dataLength {
                let attempt = BoltDatabase.readMeta(bytes: bytes, dataLength: dataLength, offset: candidate, pageID: 1)
                if case .success(let meta) = attempt, meta.pageSize == candidate {
                    second = attempt
                    break
                }
                if candidate == BoltLayout.commonPageSize, case .failure(let error) = attempt {
                    // The page size of nearly every etcd database, so its
                    // error is the one worth showing.
                    second = .failure(error)
                }
                candidate <<= 1
            }
        }

        switch (first, second) {
        case (.success(let zero), .success(let one)):
            meta = one.transactionID > zero.transactionID ? one : zero
            rejectedMetaReason = nil
        case (.success(let zero), .failure(let error)):
            meta = zero
            rejectedMetaReason = "meta page 1 is invalid (\(error.message)); using meta page 0"
        case (.failure(let error), .success(let one)):
            meta = one
            rejectedMetaReason = "meta page 0 is invalid (\(error.message)); using meta page 1"
        case (.failure(let error0), .failure(let error1)):
            throw EtcdStoreError(
                .invalidMeta,
                "\(file.path) is not a valid bbolt database: meta page 0: \(error0.message); meta page 1: \(error1.message)"
            )
        }

        guard dataLength >= 2 * meta.pageSize else {
            throw EtcdStoreError(
                .fileTooSmall,
                "\(file.path) is \(dataLength) bytes, shorter than its two meta pages of \(meta.pageSize) bytes; the file is truncated",
                offset: dataLength
            )
        }
        readablePageCount = min(meta.pageCount, UInt64(dataLength / meta.pageSize))
    }

    /// Reads and validates the meta record of the page at `offset`.
    private static func readMeta(bytes: UnsafeRawBufferPointer, dataLength: Int, offset: Int, pageID: Int) -> Result<BoltMeta, EtcdStoreError> {
        let start = offset + BoltLayout.pageHeaderSize
        guard start + BoltLayout.metaSize <= dataLength else {
            return .failure(EtcdStoreError(.fileTooSmall, "meta page \(pageID) lies past the end of the file", offset: offset))
        }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start + at, as: UInt32.self)) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start + at, as: UInt64.self)) }

        let magic = u32(0)
        guard magic == BoltLayout.magic else {
            let hex = String(magic, radix: 16)
            return .failure(EtcdStoreError(.invalidMeta, "invalid magic 0x\(hex), expected 0xed0cdaed", offset: start))
        }
        let version = u32(4)
        guard version == BoltLayout.version else {
            return .failure(EtcdStoreError(.invalidMeta, "unsupported bbolt version \(version), expected \(BoltLayout.version)", offset: start + 4))
        }
        let stored = u64(BoltLayout.metaChecksumOffset)
        let computed = FNV1a64.hash(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + BoltLayout.metaChecksumOffset)]))
        guard stored == computed else {
            return .failure(EtcdStoreError(
                .invalidMeta,
                "checksum mismatch: stored 0x\(String(stored, radix: 16)), computed 0x\(String(computed, radix: 16))",
                offset: start + BoltLayout.metaChecksumOffset
            ))
        }
        let pageSize = Int(u32(8))
        guard pageSize >= 512, pageSize <= 1 << 24, pageSize & (pageSize - 1) == 0 else {
            return .failure(EtcdStoreError(.invalidMeta, "invalid page size \(pageSize)", offset: start + 8))
        }
        return .success(BoltMeta(
            pageID: pageID, pageSize: pageSize, flags: u32(12), rootPage: u64(16),
            freelistPage: u64(32), pageCount: u64(40), transactionID: u64(48), checksum: stored
        ))
    }

    /// True when either meta page now contains a transaction newer than the one
    /// this database reads: a running etcd has committed since the file was opened.
    /// The mapping is shared, so it shows etcd's writes as they happen.
    /// Only a meta page that passes its checks counts, so a damaged one with
    /// a large transaction id in its garbage is not taken for a commit.
    func hasNewerCommit() -> Bool {
        for pageID in 0..<2 {
            let newer = BoltDatabase.readMeta(bytes: file.bytes, dataLength: dataLength, offset: pageID * pageSize, pageID: pageID)
            if case .success(let pageMeta) = newer, pageMeta.transactionID > meta.transactionID {
                return true
            }
        }
        return false
    }

    // MARK: - Loads

    @inline(__always)
    func loadUInt16(_ offset: Int) -> UInt16 {
        UInt16(littleEndian: file.bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always)
    func loadUInt32(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: file.bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    func loadUInt64(_ offset: Int) -> UInt64 {
        UInt64(littleEndian: file.bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The bytes of `range`, which must lie inside the file.
    public func bytes(_ range: FileRange) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[range.offset..<range.end])
    }

    /// Copies the bytes of `range`.
    public func copyBytes(_ range: FileRange) -> [UInt8] {
        Array(bytes(range))
    }

    // MARK: - Pages

    /// Reads the header of page `id` and checks that the page and its overflow
    /// pages lie inside the file and below the meta's page count.
    func page(_ id: UInt64) throws -> BoltPage {
        guard id >= 2 else {
            throw EtcdStoreError(.pageOutOfRange, "page id \(id) points at a meta page", offset: Int(id) * pageSize)
        }
        guard id < readablePageCount else {
            throw EtcdStoreError(
                .pageOutOfRange,
                "page id \(id) is out of range: the database has \(meta.pageCount) pages and the file holds \(dataLength / pageSize)"
            )
        }
        let offset = Int(id) * pageSize
        let headerID = loadUInt64(offset)
        guard headerID == id else {
            throw EtcdStoreError(.pageIDMismatch, "page \(id) has id \(headerID) in its header", offset: offset)
        }
        let flags = loadUInt16(offset + 8)
        let count = Int(loadUInt16(offset + 10))
        let overflow = UInt64(loadUInt32(offset + 12))
        guard id + overflow < readablePageCount else {
            throw EtcdStoreError(
                .pageOutOfRange,
                "page \(id) has \(overflow) overflow pages, which run past page \(readablePageCount - 1)",
                offset: offset + 12
            )
        }
        let end = offset + (Int(overflow) + 1) * pageSize
        return BoltPage(id: id, offset: offset, end: end, flags: flags, count: count, isInline: false)
    }

    /// Reads page `id` as a node of a bucket's B+tree: a branch or leaf page
    /// whose element array fits in the page.
    func treePage(_ id: UInt64) throws -> BoltPage {
        let page = try page(id)
        try checkTreePage(page)
        return page
    }

    private func checkTreePage(_ page: BoltPage) throws {
        let isBranch = page.flags == BoltLayout.branchPageFlag
        let isLeaf = page.flags == BoltLayout.leafPageFlag
        guard isBranch || isLeaf else {
            let kind = pageTypeName(page.flags)
            throw EtcdStoreError(
                .invalidPageType,
                "page \(page.id) is a \(kind) page (flags 0x\(String(page.flags, radix: 16))) where a branch or leaf page was expected",
                offset: page.offset + 8
            )
        }
        if isBranch && page.count == 0 {
            throw EtcdStoreError(.invalidPageType, "branch page \(page.id) has no elements", offset: page.offset + 10)
        }
        let elementsEnd = page.offset + BoltLayout.pageHeaderSize + page.count * BoltLayout.elementSize
        guard elementsEnd <= page.end else {
            throw EtcdStoreError(
                .elementOutOfBounds,
                "page \(page.id) claims \(page.count) elements, more than fit in \(page.end - page.offset) bytes",
                offset: page.offset + 10
            )
        }
    }

    private func pageTypeName(_ flags: UInt16) -> String {
        switch flags {
        case BoltLayout.branchPageFlag: return "branch"
        case BoltLayout.leafPageFlag: return "leaf"
        case BoltLayout.metaPageFlag: return "meta"
        case BoltLayout.freelistPageFlag: return "freelist"
        default: return "unknown"
        }
    }

    /// Reads the leaf page of an inline bucket, stored in its parent's leaf value.
    func inlinePage(_ range: FileRange) throws -> BoltPage {
        guard range.count >= BoltLayout.pageHeaderSize else {
            throw EtcdStoreError(.invalidBucket, "inline bucket of \(range.count) bytes is shorter than a page header", offset: range.offset)
        }
        let flags = loadUInt16(range.offset + 8)
        let count = Int(loadUInt16(range.offset + 10))
        let page = BoltPage(id: 0, offset: range.offset, end: range.end, flags: flags, count: count, isInline: true)
        guard flags == BoltLayout.leafPageFlag else {
            throw EtcdStoreError(
                .invalidPageType,
                "inline bucket page has flags 0x\(String(flags, radix: 16)), expected a leaf page",
                offset: range.offset + 8
            )
        }
        guard range.offset + BoltLayout.pageHeaderSize + count * BoltLayout.elementSize <= range.end else {
            throw EtcdStoreError(.elementOutOfBounds, "inline bucket page claims \(count) elements, more than fit in \(range.count) bytes", offset: range.offset + 10)
        }
        return page
    }

    // MARK: - Elements

    /// Key and child page id of element `index` of a branch page.
    func branchElement(_ page: BoltPage, _ index: Int) throws -> (key: FileRange, child: UInt64) {
        let element = page.offset + BoltLayout.pageHeaderSize + index * BoltLayout.elementSize
        let position = Int(loadUInt32(element))
        let keySize = Int(loadUInt32(element + 4))
        let child = loadUInt64(element + 8)
        let keyStart = element + position
        guard keyStart + keySize <= page.end else {
            throw EtcdStoreError(
                .elementOutOfBounds,
                "element \(index) of branch page \(page.id) has a key of \(keySize) bytes at +\(position), outside the page",
                offset: element
            )
        }
        return (FileRange(offset: keyStart, count: keySize), child)
    }

    /// Element `index` of a leaf page.
    func leafElement(_ page: BoltPage, _ index: Int) throws -> BoltEntry {
        let element = page.offset + BoltLayout.pageHeaderSize + index * BoltLayout.elementSize
        let flags = loadUInt32(element)
        let position = Int(loadUInt32(element + 4))
        let keySize = Int(loadUInt32(element + 8))
        let valueSize = Int(loadUInt32(element + 12))
        let keyStart = element + position
        guard keyStart + keySize + valueSize <= page.end else {
            let where_ = page.isInline ? "an inline bucket page" : "leaf page \(page.id)"
            throw EtcdStoreError(
                .elementOutOfBounds,
                "element \(index) of \(where_) has \(keySize) key and \(valueSize) value bytes at +\(position), outside the page",
                offset: element
            )
        }
        return BoltEntry(
            key: FileRange(offset: keyStart, count: keySize),
            value: FileRange(offset: keyStart + keySize, count: valueSize),
            isBucket: flags & BoltLayout.bucketLeafFlag != 0
        )
    }

    // MARK: - Buckets

    /// The root bucket, whose entries are the top-level buckets.
    public var rootBucket: BoltBucket {
        BoltBucket(rootPage: meta.rootPage, sequence: 0, inlinePage: nil)
    }

    /// Decodes the bucket header stored as the value of a bucket entry.
    public func bucket(_ entry: BoltEntry) throws -> BoltBucket {
        guard entry.isBucket else {
            throw EtcdStoreError(.invalidBucket, "entry is a plain value, not a bucket", offset: entry.key.offset)
        }
        guard entry.value.count >= BoltLayout.bucketHeaderSize else {
            throw EtcdStoreError(
                .invalidBucket,
                "bucket header is \(entry.value.count) bytes, expected at least \(BoltLayout.bucketHeaderSize)",
                offset: entry.value.offset
            )
        }
        let root = loadUInt64(entry.value.offset)
        let sequence = loadUInt64(entry.value.offset + 8)
        if root == 0 {
            let pageRange = FileRange(
                offset: entry.value.offset + BoltLayout.bucketHeaderSize,
                count: entry.value.count - BoltLayout.bucketHeaderSize
            )
            return BoltBucket(rootPage: 0, sequence: sequence, inlinePage: pageRange)
        }
        return BoltBucket(rootPage: root, sequence: sequence, inlinePage: nil)
    }

    /// Looks up the nested bucket `name` of `parent`; nil when there is none.
    public func bucket(named name: [UInt8], in parent: BoltBucket? = nil) throws -> BoltBucket? {
        var cursor = BoltCursor(database: self, bucket: parent ?? rootBucket)
        guard let entry = try cursor.seek(name), compare(entry.key, name) == 0 else { return nil }
        guard entry.isBucket else {
            throw EtcdStoreError(.invalidBucket, "\"\(String(decoding: name, as: UTF8.self))\" is a plain key, not a bucket", offset: entry.key.offset)
        }
        return try bucket(entry)
    }

    /// Calls `body` for every entry of `bucket` in key order.
    public func forEach(in bucket: BoltBucket, _ body: (BoltEntry) throws -> Void) throws {
        var cursor = BoltCursor(database: self, bucket: bucket)
        var entry = try cursor.first()
        while let current = entry {
            try body(current)
            entry = try cursor.next()
        }
    }

    /// Compares the bytes at `range` with `key` as bbolt does (bytes.Compare).
    func compare(_ range: FileRange, _ key: [UInt8]) -> Int {
        key.withUnsafeBytes { keyBytes in
            let shared = min(range.count, keyBytes.count)
            if shared > 0 {
                let result = memcmp(file.bytes.baseAddress! + range.offset, keyBytes.baseAddress!, shared)
                if result != 0 { return result < 0 ? -1 : 1 }
            }
            return range.count == keyBytes.count ? 0 : (range.count < keyBytes.count ? -1 : 1)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
