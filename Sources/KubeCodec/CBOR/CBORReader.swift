import Foundation

/// Reads one CBOR data item into a JSON value, checking every length against
/// the bytes that remain before it allocates, so truncated or hostile input
/// fails with an offset instead of exhausting memory.
struct CBORReader {
    /// Deepest nesting of arrays, maps and tags accepted.
    static let maximumDepth = 512

    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private enum MajorType: UInt8 {
        case unsignedInteger = 0, negativeInteger, byteString, textString, array, map, tag, simpleOrFloat
    }

    mutating func readValue(depth: Int) throws(CBORError) -> JSONValue {
        guard depth < CBORReader.maximumDepth else {
            throw CBORError(offset: index, reason: "nesting deeper than \(CBORReader.maximumDepth) levels")
        }
        let start = index
        let initial = try readByte()
        let major = MajorType(rawValue: initial >> 5)!
        let additional = initial & 0x1F

        switch major {
        case .unsignedInteger:
            let value = try readArgument(additional, at: start)
            guard value <= UInt64(Int64.max) else {
                throw CBORError(offset: start, reason: "integer \(value) is larger than int64, which Kubernetes objects cannot hold")
            }
            return .number(String(value))
        case .negativeInteger:
            let value = try readArgument(additional, at: start)
            guard value <= UInt64(Int64.max) else {
                throw CBORError(offset: start, reason: "integer -1-\(value) is smaller than int64, which Kubernetes objects cannot hold")
            }
            return .number(String(-1 - Int64(value)))
        case .byteString, .textString:
            return .string(try readString(major: major, additional: additional, at: start))
        case .array:
            var elements: [JSONValue] = []
            if additional == 31 {
                while try !consumeBreak() {
                    elements.append(try readValue(depth: depth + 1))
                }
            } else {
                let count = try readCount(additional, at: start, minimumItemSize: 1)
                elements.reserveCapacity(count)
                for _ in 0..<count {
                    elements.append(try readValue(depth: depth + 1))
                }
            }
            return .array(elements)
        case .map:
            return .object(try readMap(additional: additional, at: start, depth: depth))
        case .tag:
            return try readTagged(additional: additional, at: start, depth: depth)
        case .simpleOrFloat:
            return try readSimpleOrFloat(additional, at: start)
        }
    }

    // MARK: Items

    private mutating func readMap(additional: UInt8, at start: Int, depth: Int) throws(CBORError) -> JSONObject {
        var members: [(key: String, value: JSONValue)] = []
        var seen = Set<String>()
        func readMember(_ reader: inout CBORReader) throws(CBORError) {
            let keyOffset = reader.index
            let keyByte = try reader.peekByte()
            let keyMajor = keyByte >> 5
            guard keyMajor == MajorType.byteString.rawValue || keyMajor == MajorType.textString.rawValue else {
                throw CBORError(offset: keyOffset, reason: "map key is not a string; Kubernetes objects have string keys only")
            }
            guard case .string(let key) = try reader.readValue(depth: depth + 1) else {
                throw CBORError(offset: keyOffset, reason: "map key is not a string")
            }
            guard seen.insert(key).inserted else {
                throw CBORError(offset: keyOffset, reason: "duplicate map key \"\(key)\"")
            }
            members.append((key, try reader.readValue(depth: depth + 1)))
        }
        if additional == 31 {
            while try !consumeBreak() {
                try readMember(&self)
            }
        } else {
            let count = try readCount(additional, at: start, minimumItemSize: 2)
            members.reserveCapacity(count)
            for _ in 0..<count {
                try readMember(&self)
            }
        }
        // The API server serves unstructured objects from Go maps, which
        // encoding/json prints in byte order of their keys.
        members.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        return JSONObject(members)
    }

    private mutating func readString(major: MajorType, additional: UInt8, at start: Int) throws(CBORError) -> String {
        let content = try readStringContent(major: major, additional: additional, at: start)
        guard let text = String(validating: content, as: UTF8.self) else {
            if major == .textString {
                throw CBORError(offset: start, reason: "text string is not valid UTF-8")
            }
            // Go keeps the bytes of a byte string; encoding/json then replaces
            // each invalid sequence with U+FFFD, as String(decoding:) does.
            return String(decoding: content, as: UTF8.self)
        }
        return text
    }

    /// Reads a string's bytes, definite or chunked.
    private mutating func readStringContent(major: MajorType, additional: UInt8, at start: Int) throws(CBORError) -> [UInt8] {
        var content: [UInt8] = []
        if additional == 31 {
            // Indefinite length: definite-length chunks of the same major type.
            while try !consumeBreak() {
                let chunkStart = index
                let chunkInitial = try readByte()
                guard chunkInitial >> 5 == major.rawValue, chunkInitial & 0x1F != 31 else {
                    throw CBORError(offset: chunkStart, reason: "indefinite-length string chunk is not a definite-length string of the same type")
                }
                content += try readDefiniteBytes(chunkInitial & 0x1F, at: chunkStart)
            }
        } else {
            content = try readDefiniteBytes(additional, at: start)
        }
        return content
    }

    private mutating func readDefiniteBytes(_ additional: UInt8, at start: Int) throws(CBORError) -> [UInt8] {
        let count = try readCount(additional, at: start, minimumItemSize: 1)
        let content = Array(bytes[index..<(index + count)])
        index += count
        return content
    }

    private mutating func readTagged(additional: UInt8, at start: Int, depth: Int) throws(CBORError) -> JSONValue {
        let tag = try readArgument(additional, at: start)
        let contentOffset = index
        switch tag {
        case 21, 22, 23:
            // Expected later encoding of a byte string: base64url, base64, base16.
            let contentByte = try peekByte()
            guard contentByte >> 5 == MajorType.byteString.rawValue else {
                return try readValue(depth: depth + 1)
            }
            let stringStart = index
            let initial = try readByte()
            let content = try readStringContent(major: .byteString, additional: initial & 0x1F, at: stringStart)
            switch tag {
            case 21: return .string(Self.base64URL(content))
            case 22: return .string(Data(content).base64EncodedString())
            default: return .string(content.map { String(format: "%02x", $0) }.joined())
            }
        case 55799, 0:
            // Self-described CBOR, and RFC 3339 text (read as the text itself).
            return try readValue(depth: depth + 1)
        default:
            throw CBORError(offset: start, reason: "tag \(tag) has no JSON form in Kubernetes objects (content at byte \(contentOffset))")
        }
    }

    private mutating func readSimpleOrFloat(_ additional: UInt8, at start: Int) throws(CBORError) -> JSONValue {
        switch additional {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 25:
            let bits = UInt16(try readArgument(25, at: start))
            return try number(Self.halfToDouble(bits), at: start)
        case 26:
            let bits = UInt32(try readArgument(26, at: start))
            return try number(Double(Float(bitPattern: bits)), at: start)
        case 27:
            return try number(Double(bitPattern: try readArgument(27, at: start)), at: start)
        case 31:
            throw CBORError(offset: start, reason: "unexpected break outside an indefinite-length item")
        case 23:
            throw CBORError(offset: start, reason: "undefined has no JSON form")
        default:
            throw CBORError(offset: start, reason: "simple value \(additional) has no JSON form")
        }
    }

    private func number(_ value: Double, at start: Int) throws(CBORError) -> JSONValue {
        guard value.isFinite else {
            throw CBORError(offset: start, reason: "float \(value) has no JSON form")
        }
        return .number(GoFormats.float(value))
    }

    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    // MARK: Heads

    private mutating func readByte() throws(CBORError) -> UInt8 {
        guard index < bytes.count else {
            throw CBORError(offset: index, reason: "unexpected end of input")
        }
        defer { index += 1 }
        return bytes[index]
    }

    private func peekByte() throws(CBORError) -> UInt8 {
        guard index < bytes.count else {
            throw CBORError(offset: index, reason: "unexpected end of input")
        }
        return bytes[index]
    }

    private mutating func consumeBreak() throws(CBORError) -> Bool {
        guard try peekByte() == 0xFF else { return false }
        index += 1
        return true
    }

    /// Reads the argument of a head whose initial byte had `additional` in its low bits.
    private mutating func readArgument(_ additional: UInt8, at start: Int) throws(CBORError) -> UInt64 {
        let width: Int
        switch additional {
        case 0..<24: return UInt64(additional)
        case 24: width = 1
        case 25: width = 2
        case 26: width = 4
        case 27: width = 8
        default:
            throw CBORError(offset: start, reason: "reserved or indefinite additional information \(additional) where a length or value is required")
        }
        guard bytes.count - index >= width else {
            throw CBORError(offset: index, reason: "unexpected end of input: expected \(width) argument bytes")
        }
        var value: UInt64 = 0
        for offset in 0..<width {
            value = value << 8 | UInt64(bytes[index + offset])
        }
        index += width
        return value
    }

    /// Reads a length and checks that the remaining input can hold that many
    /// items of at least `minimumItemSize` bytes each.
    private mutating func readCount(_ additional: UInt8, at start: Int, minimumItemSize: Int) throws(CBORError) -> Int {
        let count = try readArgument(additional, at: start)
        let remaining = UInt64(bytes.count - index)
        guard count <= remaining / UInt64(minimumItemSize) else {
            throw CBORError(offset: start, reason: "length \(count) exceeds the \(remaining) bytes that remain")
        }
        return Int(count)
    }
}
