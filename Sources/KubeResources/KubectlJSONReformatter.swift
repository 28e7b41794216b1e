import Foundation

extension GoJSON {
    /// Appends compact JSON the way `appendKubectlJSON` prints the same
    /// value: members sorted by key, indented with four spaces per level
    /// starting at `level`, no trailing newline. Strings and numbers are
    /// copied as they are, so `compact` must be escaped as `appendQuoted`
    /// escapes, which the codec's compact JSON is.
    ///
    /// This skips building a `JSONValue` tree for each object of a list.
    /// Returns false, leaving `output` unchanged, for text it cannot order
    /// as the tree does: invalid or non-compact JSON, keys with escapes
    /// (their escaped bytes may sort differently from the key's bytes), or
    /// nesting deeper than 512 levels. Callers then print the tree.
    public static func appendKubectlJSON(compact: UnsafeBufferPointer<UInt8>, level: Int = 0, to output: inout [UInt8]) -> Bool {
        var index = CompactJSONIndex(bytes: compact)
        var position = 0
        guard index.parseValue(at: &position, depth: 0), position == compact.count else { return false }
        // Each node adds at most its indentation, ": " or ",\n", and the
        // newline after an opening bracket, so this bound always fits.
        let bound = compact.count + index.nodes.count * ((level + index.maxDepth + 1) * 4 + 4)
        let outputStart = output.count
        output.append(contentsOf: repeatElement(0, count: bound))
        let written = output.withUnsafeMutableBufferPointer { buffer in
            let start = buffer.baseAddress! + outputStart
            var target = start
            index.emit(to: &target, level: level)
            return target - start
        }
        output.removeLast(bound - written)
        return true
    }
}

/// The values of a compact JSON text as a flat list in document order, so
/// that objects can be printed with their members sorted without copying
/// any string.
private struct CompactJSONIndex {
    /// One value (or object key): its bytes in the text, and the index of
    /// the node after its last descendant. An object's children alternate
    /// key and value.
    struct Node {
        var start: Int32
        var end: Int32
        var after: Int32
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var nodes: [Node] = []
    /// The deepest nesting seen, 0 for a scalar.
    private(set) var maxDepth = 0

    private static let depthLimit = 512

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        nodes.reserveCapacity(bytes.count / 8)
    }

    /// Adds the value at `position` and its descendants, and moves
    /// `position` past it. Returns false for anything but compact JSON.
    mutating func parseValue(at position: inout Int, depth: Int) -> Bool {
        guard position < bytes.count, depth < Self.depthLimit, bytes.count < Int(Int32.max) else { return false }
        maxDepth = max(maxDepth, depth)
        let nodeIndex = nodes.count
        nodes.append(Node(start: Int32(position), end: 0, after: 0))
        switch bytes[position] {
        case UInt8(ascii: "\""):
            guard scanString(at: &position, allowEscapes: true) else { return false }
        case UInt8(ascii: "{"):
            position += 1
            if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
                position += 1
                break
            }
            while true {
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return false }
                let keyStart = position
                guard scanString(at: &position, allowEscapes: false) else { return false }
                nodes.append(Node(start: Int32(keyStart), end: Int32(position), after: Int32(nodes.count + 1)))
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return false }
                position += 1
                guard parseValue(at: &position, depth: depth + 1), position < bytes.count else { return false }
                let separator = bytes[position]
                position += 1
                if separator == UInt8(ascii: "}") { break }
                guard separator == UInt8(ascii: ",") else { return false }
            }
        case UInt8(ascii: "["):
            position += 1
            if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
                position += 1
                break
            }
            while true {
                guard parseValue(at: &position, depth: depth + 1), position < bytes.count else { return false }
                let separator = bytes[position]
                position += 1
                if separator == UInt8(ascii: "]") { break }
                guard separator == UInt8(ascii: ",") else { return false }
            }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            // Numbers and literals are copied as the codec wrote them.
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { break }
                guard byte > 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: ":") else { return false }
                position += 1
            }
        default:
            return false
        }
        nodes[nodeIndex].end = Int32(position)
        nodes[nodeIndex].after = Int32(nodes.count)
        return true
    }

    /// Moves `position` from an opening quote past the closing one.
    private func scanString(at position: inout Int, allowEscapes: Bool) -> Bool {
        var index = position + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                position = index + 1
                return true
            case UInt8(ascii: "\\"):
                guard allowEscapes else { return false }
                index += 2
            case 0..<0x20:
                return false
            default:
                index += 1
            }
        }
        return false
    }

    /// Writes the value of the first node at `target`, indented from
    /// `level`, and moves `target` past it.
    func emit(to target: inout UnsafeMutablePointer<UInt8>, level: Int) {
        var keys: [Int32] = []
        nodes.withUnsafeBufferPointer { nodes in
            Emitter(bytes: bytes.baseAddress!, nodes: nodes).emit(node: 0, level: level, keys: &keys, to: &target)
        }
    }

    private struct Emitter {
        let bytes: UnsafePointer<UInt8>
        let nodes: UnsafeBufferPointer<Node>

        /// `keys` is scratch space shared by every level: each object sorts
        /// its keys after those of the objects that contain it.
        func emit(node: Int, level: Int, keys: inout [Int32], to target: inout UnsafeMutablePointer<UInt8>) {
            let value = nodes[node]
            let first = bytes[Int(value.start)]
            guard first == UInt8(ascii: "{") || first == UInt8(ascii: "["), Int(value.after) > node + 1 else {
                copy(value, to: &target)
                return
            }
            let after = Int(value.after)
            target[0] = first
            target[1] = UInt8(ascii: "\n")
            target += 2
            if first == UInt8(ascii: "[") {
                var child = node + 1
                while child < after {
                    indent(level + 1, to: &target)
                    emit(node: child, level: level + 1, keys: &keys, to: &target)
                    child = Int(nodes[child].after)
                    endLine(last: child >= after, to: &target)
                }
                indent(level, to: &target)
                target.pointee = UInt8(ascii: "]")
                target += 1
                return
            }

            // Object members: each key node is followed by its value's node.
            let keysStart = keys.count
            var child = node + 1
            while child < after {
                keys.append(Int32(child))
                child = Int(nodes[child + 1].after)
            }
            keys[keysStart...].sort { left, right in
                let leftKey = nodes[Int(left)], rightKey = nodes[Int(right)]
                let leftCount = Int(leftKey.end - leftKey.start) - 2, rightCount = Int(rightKey.end - rightKey.start) - 2
                let order = memcmp(bytes + Int(leftKey.start) + 1, bytes + Int(rightKey.start) + 1, min(leftCount, rightCount))
                if order != 0 { return order < 0 }
                if leftCount != rightCount { return leftCount < rightCount }
                return left < right
            }
            let keysEnd = keys.count
            for position in keysStart..<keysEnd {
                let key = Int(keys[position])
                indent(level + 1, to: &target)
                copy(nodes[key], to: &target)
                target[0] = UInt8(ascii: ":")
                target[1] = UInt8(ascii: " ")
                target += 2
                emit(node: key + 1, level: level + 1, keys: &keys, to: &target)
                endLine(last: position == keysEnd - 1, to: &target)
            }
            keys.removeSubrange(keysStart...)
            indent(level, to: &target)
            target.pointee = UInt8(ascii: "}")
            target += 1
        }

        @inline(__always)
        private func copy(_ node: Node, to target: inout UnsafeMutablePointer<UInt8>) {
            let count = Int(node.end - node.start)
            target.update(from: bytes + Int(node.start), count: count)
            target += count
        }

        @inline(__always)
        private func indent(_ level: Int, to target: inout UnsafeMutablePointer<UInt8>) {
            let count = level * 4
            target.update(repeating: UInt8(ascii: " "), count: count)
            target += count
        }

        @inline(__always)
        private func endLine(last: Bool, to target: inout UnsafeMutablePointer<UInt8>) {
            if !last {
                target.pointee = UInt8(ascii: ",")
                target += 1
            }
            target.pointee = UInt8(ascii: "\n")
            target += 1
        }
    }
}
