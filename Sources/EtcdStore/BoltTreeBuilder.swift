/// One branch or leaf node being filled before it is written as a page.
///
/// Keys and values are copied into `data` in element order, which is the
/// order bbolt lays them out after the element array.
struct BoltNodeBuffer {
    struct Element {
        var flags: UInt32
        var keySize: Int
        var valueSize: Int
        /// Child page id; branch elements only.
        var child: UInt64
    }

    let isLeaf: Bool
    private(set) var elements: [Element] = []
    private(set) var data: [UInt8] = []

    init(isLeaf: Bool) {
        self.isLeaf = isLeaf
    }

    var isEmpty: Bool { elements.isEmpty }

    /// Bytes the node takes as a page: header, element array, keys and values.
    var size: Int { BoltLayout.pageHeaderSize + elements.count * BoltLayout.elementSize + data.count }

    var firstKey: [UInt8] { Array(data.prefix(elements.first?.keySize ?? 0)) }

    /// Returns whether an element of `elementSize` bytes (element, key and
    /// value) may join this node.
    ///
    /// An empty node takes any element, which then spans as many overflow
    /// pages as it needs. A non-empty node takes elements while they fit in
    /// the pages it already spans and while the 16-bit element count allows.
    /// A branch takes at least two, as bbolt splits nodes, because with
    /// one child per branch (keys near bbolt's 32 KiB limit) the tree
    /// would never narrow to a root.
    ///
    /// A leaf also takes an element larger than a quarter page while it stays
    /// within `maxPackedLeafPages`. Starting a new page for each such entry
    /// would leave up to half of every page empty: entries of 2.1 KB fill 52%
    /// of 4 KiB pages. In a simulation of entries from 2 to 8 KB, leaves of up
    /// to 8 pages kept the file within 15% of the entries' size.
    func canTake(elementSize: Int, pageSize: Int) -> Bool {
        if elements.isEmpty || (!isLeaf && elements.count < 2) { return true }
        guard elements.count < Int(UInt16.max) else { return false }
        let spannedPages = (size + pageSize - 1) / pageSize
        if size + elementSize <= max(spannedPages, 1) * pageSize {
            return true
        }
        return isLeaf && elementSize > pageSize / 4 && size + elementSize <= BoltNodeBuffer.maxPackedLeafPages * pageSize
    }

    /// Pages a leaf may span to pack entries larger than a quarter page.
    static let maxPackedLeafPages = 8

    mutating func appendLeaf(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, flags: UInt32) {
        elements.append(Element(flags: flags, keySize: key.count, valueSize: value.count, child: 0))
        data.append(contentsOf: key)
        data.append(contentsOf: value)
    }

    mutating func appendBranch(key: [UInt8], child: UInt64) {
        elements.append(Element(flags: 0, keySize: key.count, valueSize: 0, child: child))
        data.append(contentsOf: key)
    }

    mutating func removeAll() {
        elements.removeAll(keepingCapacity: true)
        data.removeAll(keepingCapacity: true)
    }

    /// Writes the node as a page into `page` (zero-filled, at least `size`
    /// bytes). `id` is 0 for an inline bucket page, as bbolt writes it.
    func write(into page: UnsafeMutableRawBufferPointer, id: UInt64, pageSize: Int) {
        let overflow = (page.count + pageSize - 1) / pageSize - 1
        page.storeBytes(of: id.littleEndian, toByteOffset: 0, as: UInt64.self)
        let flags = isLeaf ? BoltLayout.leafPageFlag : BoltLayout.branchPageFlag
        page.storeBytes(of: flags.littleEndian, toByteOffset: 8, as: UInt16.self)
        page.storeBytes(of: UInt16(elements.count).littleEndian, toByteOffset: 10, as: UInt16.self)
        page.storeBytes(of: UInt32(max(overflow, 0)).littleEndian, toByteOffset: 12, as: UInt32.self)

        // Each element's pos is the distance from the element to its key.
        var elementOffset = BoltLayout.pageHeaderSize
        var keyOffset = BoltLayout.pageHeaderSize + elements.count * BoltLayout.elementSize
        for element in elements {
            let position = UInt32(keyOffset - elementOffset)
            if isLeaf {
                page.storeBytes(of: element.flags.littleEndian, toByteOffset: elementOffset, as: UInt32.self)
                page.storeBytes(of: position.littleEndian, toByteOffset: elementOffset + 4, as: UInt32.self)
                page.storeBytes(of: UInt32(element.keySize).littleEndian, toByteOffset: elementOffset + 8, as: UInt32.self)
                page.storeBytes(of: UInt32(element.valueSize).littleEndian, toByteOffset: elementOffset + 12, as: UInt32.self)
            } else {
                page.storeBytes(of: position.littleEndian, toByteOffset: elementOffset, as: UInt32.self)
                page.storeBytes(of: UInt32(element.keySize).littleEndian, toByteOffset: elementOffset + 4, as: UInt32.self)
                page.storeBytes(of: element.child.littleEndian, toByteOffset: elementOffset + 8, as: UInt64.self)
            }
            elementOffset += BoltLayout.elementSize
            keyOffset += element.keySize + element.valueSize
        }
        data.withUnsafeBytes { bytes in
            let dataStart = BoltLayout.pageHeaderSize + elements.count * BoltLayout.elementSize
            UnsafeMutableRawBufferPointer(rebasing: page[dataStart..<(dataStart + bytes.count)]).copyMemory(from: bytes)
        }
    }
}

/// Builds one bucket's B+tree bottom-up from entries in ascending key order,
/// writing each node as soon as it is full.
///
/// Only one node per tree level is kept in memory. Every written node adds
/// its first key and page id to its parent level, so branch keys are the
/// first keys of their children, as bbolt sets them. The top level ends as
/// the root once every entry is in.
struct BoltTreeBuilder {
    /// `levels[0]` is the leaf being filled, `levels[1]` its parent branch, and so on.
    private var levels: [BoltNodeBuffer] = [BoltNodeBuffer(isLeaf: true)]
    /// Nodes written per level. The first level that wrote none is the top one.
    private var nodesWritten: [Int] = [0]
    /// Whether an entry is a nested bucket, which keeps the tree from being inlined.
    private var hasBucketEntries = false

    /// The finished tree: a root page, or for a small bucket the bytes of
    /// its leaf page to store inline in the parent's value.
    enum Root {
        case page(UInt64)
        case inline([UInt8])
    }

    mutating func append(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, flags: UInt32, file: BoltOutputFile) throws {
        let elementSize = BoltLayout.elementSize + key.count + value.count
        if !levels[0].canTake(elementSize: elementSize, pageSize: file.pageSize) {
            try writeNode(level: 0, file: file)
        }
        levels[0].appendLeaf(key: key, value: value, flags: flags)
        if flags & BoltLayout.bucketLeafFlag != 0 {
            hasBucketEntries = true
        }
    }

    /// Writes the nodes still open, bottom-up, and returns the root.
    ///
    /// A tree that never filled a page and takes at most a quarter page is
    /// returned inline when `allowInline` is set, the rule bbolt 1.3 uses
    /// for buckets without nested buckets.
    mutating func finish(file: BoltOutputFile, allowInline: Bool) throws -> Root {
        let leaf = levels[0]
        if allowInline && !hasBucketEntries && nodesWritten[0] == 0 && leaf.size <= file.pageSize / 4 {
            var page = [UInt8](repeating: 0, count: leaf.size)
            page.withUnsafeMutableBytes { leaf.write(into: $0, id: 0, pageSize: file.pageSize) }
            return .inline(page)
        }

        var level = 0
        while nodesWritten[level] > 0 {
            // Levels above exist and take this level's last node.
            try writeNode(level: level, file: file)
            level += 1
        }
        return .page(try writePage(levels[level], file: file))
    }

    /// Writes the node at `level`, empties it and adds it to its parent,
    /// writing the parent first when it is full.
    private mutating func writeNode(level: Int, file: BoltOutputFile) throws {
        let id = try writePage(levels[level], file: file)
        let firstKey = levels[level].firstKey
        levels[level].removeAll()
        nodesWritten[level] += 1

        if level + 1 == levels.count {
            levels.append(BoltNodeBuffer(isLeaf: false))
            nodesWritten.append(0)
        }
        let elementSize = BoltLayout.elementSize + firstKey.count
        if !levels[level + 1].canTake(elementSize: elementSize, pageSize: file.pageSize) {
            try writeNode(level: level + 1, file: file)
        }
        levels[level + 1].appendBranch(key: firstKey, child: id)
    }

    private func writePage(_ node: BoltNodeBuffer, file: BoltOutputFile) throws -> UInt64 {
        let pageCount = max((node.size + file.pageSize - 1) / file.pageSize, 1)
        return try file.appendPages(pageCount) { page, id in
            node.write(into: page, id: id, pageSize: file.pageSize)
        }
    }
}
