/// Malformed JSON: what was expected and the byte offset where parsing stopped.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// Parses JSON text (RFC 8259) into a `JSONValue`, keeping object member
/// order and each number's literal text. Duplicate keys keep the last value
/// in the first key's place, as Go does when decoding into a map or struct.
public struct JSONParser {
    /// Nesting limit, so hostile input cannot exhaust the stack.
    public static let maxDepth = 512

    private let bytes: [UInt8]
    private var offset: Int
    private let end: Int

    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try parse(bytes, range: 0..<bytes.count)
    }

    public static func parse(_ text: String) throws -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Parses the JSON document in `range` of `bytes`; error offsets count
    /// from the start of `bytes`.
    public static func parse(_ bytes: [UInt8], range: Range<Int>) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes, offset: range.lowerBound, end: range.upperBound)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.offset == parser.end else {
            throw JSONParseError(offset: parser.offset, reason: "expected the end of the document, found more text")
        }
        return value
    }

    private init(bytes: [UInt8], offset: Int, end: Int) {
        self.bytes = bytes
        self.offset = offset
        self.end = end
    }

    private mutating func skipWhitespace() {
        while offset < end {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard offset < end else {
            throw JSONParseError(offset: offset, reason: "expected a value, found the end of the input")
        }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["):
            return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw JSONParseError(offset: offset, reason: "expected a value, found \(Self.describe(bytes[offset]))")
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        let matches = end - offset >= count && literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[offset + $0] == expected[$0] }
        }
        guard matches else {
            throw JSONParseError(offset: offset, reason: "expected '\(literal)'")
        }
        offset += count
    }

    private mutating func parseObject(depth: Int) throws -> JSONObject {
        guard depth <= Self.maxDepth else {
            throw JSONParseError(offset: offset, reason: "objects and arrays nested deeper than \(Self.maxDepth)")
        }
        offset += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if offset < end && bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            return JSONObject(members)
        }
        var seen: Set<String>?
        while true {
            skipWhitespace()
            guard offset < end, bytes[offset] == UInt8(ascii: "\"") else {
                throw JSONParseError(offset: offset, reason: "expected a string key in an object")
            }
            let key = try parseString()
            skipWhitespace()
            guard offset < end, bytes[offset] == UInt8(ascii: ":") else {
                throw JSONParseError(offset: offset, reason: "expected ':' after an object key")
            }
            offset += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            if members.count >= 8 && seen == nil {
                seen = Set(members.map(\.key))
            }
            let duplicate = seen.map { $0.contains(key) } ?? members.contains(where: { $0.key == key })
            if duplicate, let index = members.firstIndex(where: { $0.key == key }) {
                members[index].value = value
            } else {
                members.append((key, value))
                seen?.insert(key)
            }
            skipWhitespace()
            guard offset < end else {
                throw JSONParseError(offset: offset, reason: "expected ',' or '}' in an object, found the end of the input")
            }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return JSONObject(members)
            }
            throw JSONParseError(offset: offset, reason: "expected ',' or '}' in an object, found \(Self.describe(bytes[offset]))")
        }
    }

    private mutating func parseArray(depth: Int) throws -> [JSONValue] {
        guard depth <= Self.maxDepth else {
            throw JSONParseError(offset: offset, reason: "objects and arrays nested deeper than \(Self.maxDepth)")
        }
        offset += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if offset < end && bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard offset < end else {
                throw JSONParseError(offset: offset, reason: "expected ',' or ']' in an array, found the end of the input")
            }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return elements
            }
            throw JSONParseError(offset: offset, reason: "expected ',' or ']' in an array, found \(Self.describe(bytes[offset]))")
        }
    }

    private mutating func parseNumber() throws -> String {
        let start = offset
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < end, isDigit(bytes[offset]) else {
            throw JSONParseError(offset: offset, reason: "expected a digit in a number")
        }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
        } else {
            while offset < end && isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < end && bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard offset < end, isDigit(bytes[offset]) else {
                throw JSONParseError(offset: offset, reason: "expected a digit after the decimal point")
            }
            while offset < end && isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < end && (bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E")) {
            offset += 1
            if offset < end && (bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-")) { offset += 1 }
            guard offset < end, isDigit(bytes[offset]) else {
                throw JSONParseError(offset: offset, reason: "expected a digit in the exponent")
            }
            while offset < end && isDigit(bytes[offset]) { offset += 1 }
        }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func parseString() throws -> String {
        let start = offset
        offset += 1
        let contentStart = offset
        // Fast path: no escapes.
        while offset < end {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[contentStart..<offset], as: UTF8.self)
                offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw JSONParseError(offset: offset, reason: "control character in a string")
            }
            offset += 1
        }
        var scalars: [UInt8] = Array(bytes[contentStart..<offset])
        while offset < end {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                return String(decoding: scalars, as: UTF8.self)
            }
            if byte < 0x20 {
                throw JSONParseError(offset: offset, reason: "control character in a string")
            }
            if byte != UInt8(ascii: "\\") {
                scalars.append(byte)
                offset += 1
                continue
            }
            guard offset + 1 < end else { break }
            let escape = bytes[offset + 1]
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4(at: offset + 2)
                offset += 6
                if (0xD800..<0xDC00).contains(code), end - offset >= 6, bytes[offset] == UInt8(ascii: "\\"),
                   bytes[offset + 1] == UInt8(ascii: "u"), let low = try? hex4(at: offset + 2),
                   (0xDC00..<0xE000).contains(low) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    offset += 6
                }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                scalars.append(contentsOf: String(Character(scalar)).utf8)
                continue
            default:
                throw JSONParseError(offset: offset, reason: "unknown escape sequence in a string")
            }
            offset += 2
        }
        throw JSONParseError(offset: start, reason: "string is not terminated")
    }

    private func hex4(at position: Int) throws -> UInt32 {
        guard end - position >= 4 else {
            throw JSONParseError(offset: position, reason: "expected four hex digits after \\u")
        }
        var value: UInt32 = 0
        for index in position..<(position + 4) {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONParseError(offset: index, reason: "expected a hex digit after \\u")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
