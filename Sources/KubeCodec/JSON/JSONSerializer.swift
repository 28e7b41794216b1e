/// Writes `JSONValue` trees as the bytes Go's encoding/json produces for the
/// Kubernetes API server.
///
/// Strings are escaped as Go escapes them: `"` and `\` with a backslash,
/// `\b \f \n \r \t` by name, other control characters as `\u00XX`, the HTML
/// characters `<`, `>` and `&` as `\u003c`, `\u003e` and `\u0026`, and the
/// line and paragraph separators U+2028 and U+2029 as escapes. Numbers are
/// written as their literal text.
public struct JSONSerializer: Sendable {
    /// Indentation per level; empty for compact output (what the API server
    /// sends), two spaces for `json.MarshalIndent(v, "", "  ")`.
    public var indent: String
    /// Escapes `<`, `>` and `&` as encoding/json does by default.
    public var escapeHTML: Bool

    public init(indent: String = "", escapeHTML: Bool = true) {
        self.indent = indent
        self.escapeHTML = escapeHTML
    }

    /// Compact JSON, as the API server writes it.
    public static let compact = JSONSerializer()

    /// JSON indented by two spaces, as `json.MarshalIndent(v, "", "  ")` writes it.
    public static let indented = JSONSerializer(indent: "  ")

    public func serialize(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        write(value, into: &output)
        return output
    }

    public func string(_ value: JSONValue) -> String {
        String(decoding: serialize(value), as: UTF8.self)
    }

    public func write(_ value: JSONValue, into output: inout [UInt8]) {
        if indent.isEmpty {
            writeCompact(value, into: &output)
        } else {
            writeIndented(value, level: 0, into: &output)
        }
    }

    private func writeCompact(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let flag):
            if flag { output.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) } else { output.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65]) }
        case .number(let text): output.append(contentsOf: text.utf8)
        case .string(let text): Self.writeString(text, escapeHTML: escapeHTML, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeCompact(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, escapeHTML: escapeHTML, into: &output)
                output.append(UInt8(ascii: ":"))
                writeCompact(member.value, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private func writeIndented(_ value: JSONValue, level: Int, into output: inout [UInt8]) {
        switch value {
        case .array(let elements):
            if elements.isEmpty {
                output.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")])
                return
            }
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(level + 1, into: &output)
                writeIndented(element, level: level + 1, into: &output)
            }
            newline(level, into: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty {
                output.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
                return
            }
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(level + 1, into: &output)
                Self.writeString(member.key, escapeHTML: escapeHTML, into: &output)
                output.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                writeIndented(member.value, level: level + 1, into: &output)
            }
            newline(level, into: &output)
            output.append(UInt8(ascii: "}"))
        default:
            writeCompact(value, into: &output)
        }
    }

    private func newline(_ level: Int, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\n"))
        for _ in 0..<level { output.append(contentsOf: indent.utf8) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` as a quoted JSON string with Go's escaping.
    public static func writeString(_ text: String, escapeHTML: Bool = true, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte < 0x80
                    && !(escapeHTML && (byte == 0x3C || byte == 0x3E || byte == 0x26)) {
                    index += 1
                    continue
                }
                if byte >= 0x80 {
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                    if byte == 0xE2, index + 2 < count, bytes[index + 1] == 0x80,
                       bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                        output.append(contentsOf: [0x5C, 0x75, 0x32, 0x30, 0x32, bytes[index + 2] == 0xA8 ? 0x38 : 0x39])
                        index += 3
                        runStart = index
                        continue
                    }
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                switch byte {
                case 0x22: output.append(contentsOf: [0x5C, 0x22])
                case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
                case 0x08: output.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: output.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                default:
                    output.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                               hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
                }
                index += 1
                runStart = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONSerializer {
    /// Indents compact JSON as Go's json.Indent does with prefix "" and the
    /// given indent: one member or element per line, `": "` after keys, and
    /// `{}` and `[]` kept on one line when empty.
    public static func indent(_ compact: [UInt8], indent: String = "  ") -> [UInt8] {
        let unit = Array(indent.utf8)
        var output = RawStack<UInt8>(capacity: compact.count * 2 + 16)
        defer { output.free() }
        compact.withUnsafeBufferPointer { input in
            unit.withUnsafeBufferPointer { unit in
                var level = 0
                var index = 0
                let count = input.count
                func newline(_ output: inout RawStack<UInt8>, _ level: Int) {
                    output.append(UInt8(ascii: "\n"))
                    for _ in 0..<level { output.append(contentsOf: unit) }
                }
                while index < count {
                    let byte = input[index]
                    switch byte {
                    case UInt8(ascii: "\""):
                        // Copy the whole string, escapes included, in one run.
                        var end = index + 1
                        while end < count {
                            let inner = input[end]
                            if inner == UInt8(ascii: "\\") {
                                end += 2
                                continue
                            }
                            end += 1
                            if inner == UInt8(ascii: "\"") { break }
                        }
                        end = min(end, count)
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<end]))
                        index = end
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                        output.append(byte)
                        if index + 1 < count && input[index + 1] == close {
                            output.append(close)
                            index += 2
                            continue
                        }
                        level += 1
                        newline(&output, level)
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        level -= 1
                        newline(&output, level)
                        output.append(byte)
                    case UInt8(ascii: ","):
                        output.append(byte)
                        newline(&output, level)
                    case UInt8(ascii: ":"):
                        output.append(byte)
                        output.append(UInt8(ascii: " "))
                    case 0x20, 0x09, 0x0A, 0x0D:
                        break
                    default:
                        output.append(byte)
                    }
                    index += 1
                }
            }
        }
        return output.array()
    }
}
