/// A position in a bucket's B+tree that moves over its entries in key order.
///
/// The cursor keeps the path from the root to the current leaf. Every page it
/// descends into is checked for its type and bounds, and recorded: reaching a
/// page twice (a cycle, or two parents sharing a child) or descending deeper
/// than `BoltLayout.maxTreeDepth` throws `EtcdStoreError.Kind.cycle`, so a
/// damaged file can never make the walk loop.
public struct BoltCursor {
    let database: BoltDatabase
    let bucket: BoltBucket
    private var stack: [(page: BoltPage, index: Int)] = []
    private var visited: Set<UInt64> = []

    public init(database: BoltDatabase, bucket: BoltBucket) {
        self.database = database
        self.bucket = bucket
    }

    /// Moves to the first entry; nil when the bucket is empty.
    public mutating func first() throws -> BoltEntry? {
        try reset()
        try descendToFirstLeaf()
        if stack[stack.count - 1].page.count == 0 {
            return try next()
        }
        return try current()
    }

    /// Moves to the next entry; nil past the last one.
    public mutating func next() throws -> BoltEntry? {
        while true {
            // Find the deepest level that has an element after the current one.
            var level = stack.count - 1
            while level >= 0 && stack[level].index >= stack[level].page.count - 1 {
                level -= 1
            }
            guard level >= 0 else {
                if let last = stack.indices.last {
                    stack[last].index = stack[last].page.count
                }
                return nil
            }
            stack[level].index += 1
            stack.removeSubrange((level + 1)...)
            try descendToFirstLeaf()
            if stack[stack.count - 1].page.count > 0 {
                return try current()
            }
        }
    }

    /// Moves to the first entry whose key is greater than or equal to `key`;
    /// nil when there is none.
    public mutating func seek(_ key: [UInt8]) throws -> BoltEntry? {
        try reset()
        while true {
            let top = stack[stack.count - 1]
            if top.page.isLeaf {
                let index = try lowerBound(in: top.page, key: key)
                if index < top.page.count {
                    stack[stack.count - 1].index = index
                    return try current()
                }
                stack[stack.count - 1].index = max(top.page.count - 1, 0)
                return try next()
            }
            // In a branch, follow the last child whose first key is <= key.
            var index = try lowerBound(in: top.page, key: key)
            if index >= top.page.count {
                index = top.page.count - 1
            } else if try database.compare(database.branchElement(top.page, index).key, key) != 0 {
                index = max(index - 1, 0)
            }
            stack[stack.count - 1].index = index
            try push(database.branchElement(top.page, index).child, from: top.page)
        }
    }

    private mutating func reset() throws {
        stack.removeAll(keepingCapacity: true)
        visited.removeAll(keepingCapacity: true)
        if let inline = bucket.inlinePage {
            stack.append((try database.inlinePage(inline), 0))
        } else {
            visited.insert(bucket.rootPage)
            stack.append((try database.treePage(bucket.rootPage), 0))
        }
    }

    private mutating func descendToFirstLeaf() throws {
        while true {
            let top = stack[stack.count - 1]
            guard top.page.isBranch else { return }
            let child = try database.branchElement(top.page, top.index).child
            try push(child, from: top.page)
        }
    }

    private mutating func push(_ child: UInt64, from parent: BoltPage) throws {
        guard stack.count < BoltLayout.maxTreeDepth else {
            throw EtcdStoreError(
                .cycle,
                "B+tree deeper than \(BoltLayout.maxTreeDepth) levels below page \(parent.id); the file is damaged",
                offset: parent.offset
            )
        }
        guard visited.insert(child).inserted else {
            throw EtcdStoreError(
                .cycle,
                "page \(child) is reached twice (from branch page \(parent.id)); the tree has a cycle or a shared page",
                offset: parent.offset
            )
        }
        stack.append((try database.treePage(child), 0))
    }

    private func current() throws -> BoltEntry {
        let top = stack[stack.count - 1]
        return try database.leafElement(top.page, top.index)
    }

    /// Index of the first element whose key is >= `key` (binary search).
    private func lowerBound(in page: BoltPage, key: [UInt8]) throws -> Int {
        var low = 0
        var high = page.count
        while low < high {
            let middle = (low + high) / 2
            let elementKey = page.isLeaf ? try database.leafElement(page, middle).key : try database.branchElement(page, middle).key
            if database.compare(elementKey, key) < 0 {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
