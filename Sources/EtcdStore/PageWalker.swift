/// Walks every page reachable from the meta page: both meta pages, the
/// freelist when bbolt stored one, and the B+tree pages of every bucket,
/// nested buckets included.
///
/// Each page id (overflow pages too) may be reached once; a second visit
/// means a cycle or two trees sharing a page and throws. Nesting of buckets
/// and tree depth are capped, so damaged input ends in an error, not a loop
/// or a stack overflow.
struct PageWalker {
    let database: BoltDatabase

    /// Number of distinct pages reachable from the meta page.
    func countReachablePages() throws -> Int {
        var visited = PageSet(count: max(Int(database.readablePageCount), 2))
        visited.insert(0)
        visited.insert(1)
        var used = 2

        let freelist = database.meta.freelistPage
        if freelist != BoltLayout.noFreelist {
            let page = try database.page(freelist)
            guard page.flags == BoltLayout.freelistPageFlag else {
                throw EtcdStoreError(
                    .invalidPageType,
                    "page \(freelist), named as the freelist by meta page \(database.meta.pageID), has flags 0x\(String(page.flags, radix: 16))",
                    offset: page.offset + 8
                )
            }
            used += try mark(page, in: &visited, from: nil)
        }

        used += try walkTree(database.rootBucket, depth: 0, visited: &visited)
        return used
    }

    private func walkTree(_ bucket: BoltBucket, depth: Int, visited: inout PageSet) throws -> Int {
        guard depth < BoltLayout.maxTreeDepth else {
            throw EtcdStoreError(.cycle, "buckets nested deeper than \(BoltLayout.maxTreeDepth) levels; the file is damaged")
        }
        if let inline = bucket.inlinePage {
            return try walkLeaf(database.inlinePage(inline), depth: depth, visited: &visited)
        }
        return try walkPage(bucket.rootPage, parent: nil, level: 0, bucketDepth: depth, visited: &visited)
    }

    private func walkPage(_ id: UInt64, parent: BoltPage?, level: Int, bucketDepth: Int, visited: inout PageSet) throws -> Int {
        guard level < BoltLayout.maxTreeDepth else {
            throw EtcdStoreError(.cycle, "B+tree deeper than \(BoltLayout.maxTreeDepth) levels at page \(id); the file is damaged")
        }
        let page = try database.treePage(id)
        var used = try mark(page, in: &visited, from: parent)
        if page.isBranch {
            for element in 0..<page.count {
                let child = try database.branchElement(page, element).child
                used += try walkPage(child, parent: page, level: level + 1, bucketDepth: bucketDepth, visited: &visited)
            }
        } else {
            used += try walkLeaf(page, depth: bucketDepth, visited: &visited)
        }
        return used
    }

    private func walkLeaf(_ page: BoltPage, depth: Int, visited: inout PageSet) throws -> Int {
        var used = 0
        for element in 0..<page.count {
            let entry = try database.leafElement(page, element)
            if entry.isBucket {
                used += try walkTree(database.bucket(entry), depth: depth + 1, visited: &visited)
            }
        }
        return used
    }

    /// Marks `page` and its overflow pages; returns how many pages that is.
    private func mark(_ page: BoltPage, in visited: inout PageSet, from parent: BoltPage?) throws -> Int {
        let pages = (page.end - page.offset) / database.pageSize
        for offset in 0..<pages {
            let id = Int(page.id) + offset
            guard visited.insert(id) else {
                let origin = parent.map { "from branch page \($0.id)" } ?? "from a bucket header"
                throw EtcdStoreError(
                    .cycle,
                    "page \(id) is reached twice (\(origin)); the database has a cycle or a page shared by two trees",
                    offset: parent?.offset ?? page.offset
                )
            }
        }
        return pages
    }
}

/// A fixed-size set of page ids.
struct PageSet {
    private var words: [UInt64]

    init(count: Int) {
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    /// Inserts `id`; returns false when it was already present.
    @discardableResult
    mutating func insert(_ id: Int) -> Bool {
        let word = id >> 6
        let bit = UInt64(1) << UInt64(id & 63)
        if words[word] & bit != 0 { return false }
        words[word] |= bit
        return true
    }
}
