import KubeCodec

/// JSON text as Go's encoding/json writes it, for output that must match
/// kubectl and etcdhelper byte for byte: `<`, `>` and `&` escaped as
/// `\u003c`, `\u003e`, `\u0026`; U+2028 and U+2029 escaped; control
/// characters as `\b \f \n \r \t` or `\u00XX`.
///
/// The writers append UTF-8 to a byte buffer, because dumps and lists of
/// many thousand objects go through them.
public enum GoJSON {
    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let escapedQuote = Array("\\\"".utf8)
    private static let escapedBackslash = Array("\\\\".utf8)
    private static let escapedNewline = Array("\\n".utf8)
    private static let escapedReturn = Array("\\r".utf8)
    private static let escapedTab = Array("\\t".utf8)
    private static let escapedBackspace = Array("\\b".utf8)
    private static let escapedFormFeed = Array("\\f".utf8)
    private static let escapedLineSeparator = Array("\\u2028".utf8)
    private static let escapedParagraphSeparator = Array("\\u2029".utf8)

    /// Appends `text` as a quoted JSON string.
    public static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendQuoted(utf8: $0, to: &output) }
    }

    /// Appends valid UTF-8 bytes as a quoted JSON string, copying runs of
    /// bytes that need no escape in one step.
    public static func appendQuoted(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            // Bytes that need no escape: the common case, checked first.
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "<")
                && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "&") && byte != 0xE2 {
                index += 1
                continue
            }
            var length = 1
            let pending = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: pending); output.append(contentsOf: escapedQuote)
            case UInt8(ascii: "\\"): output.append(contentsOf: pending); output.append(contentsOf: escapedBackslash)
            case 0x0A: output.append(contentsOf: pending); output.append(contentsOf: escapedNewline)
            case 0x0D: output.append(contentsOf: pending); output.append(contentsOf: escapedReturn)
            case 0x09: output.append(contentsOf: pending); output.append(contentsOf: escapedTab)
            case 0x08: output.append(contentsOf: pending); output.append(contentsOf: escapedBackspace)
            case 0x0C: output.append(contentsOf: pending); output.append(contentsOf: escapedFormFeed)
            case 0xE2:
                // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR; other
                // characters starting with 0xE2 are copied as they are.
                guard index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 else {
                    index += 1
                    continue
                }
                output.append(contentsOf: pending)
                output.append(contentsOf: bytes[index + 2] == 0xA8 ? escapedLineSeparator : escapedParagraphSeparator)
                length = 3
            default:
                // `<`, `>`, `&` and the other control characters.
                output.append(contentsOf: pending)
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
            }
            index += length
            runStart = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        output.append(UInt8(ascii: "\""))
    }

    public static func quoted(_ text: String) -> String {
        var output: [UInt8] = []
        appendQuoted(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `value` the way kubectl's `-o json` prints it: members sorted
    /// by key (kubectl prints unstructured maps), indented with four spaces
    /// per level starting at `level`, no trailing newline.
    public static func appendKubectlJSON(_ value: JSONValue, level: Int = 0, to output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let literal): output.append(contentsOf: literal.utf8)
        case .string(let text): appendQuoted(text, to: &output)
        case .array(let elements):
            if elements.isEmpty {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(contentsOf: "[\n".utf8)
            for (offset, element) in elements.enumerated() {
                appendIndent(level + 1, to: &output)
                appendKubectlJSON(element, level: level + 1, to: &output)
                output.append(contentsOf: (offset == elements.count - 1 ? "\n" : ",\n").utf8)
            }
            appendIndent(level, to: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(contentsOf: "{\n".utf8)
            let members = object.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (offset, member) in members.enumerated() {
                appendIndent(level + 1, to: &output)
                appendQuoted(member.key, to: &output)
                output.append(contentsOf: ": ".utf8)
                appendKubectlJSON(member.value, level: level + 1, to: &output)
                output.append(contentsOf: (offset == members.count - 1 ? "\n" : ",\n").utf8)
            }
            appendIndent(level, to: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    public static func kubectlJSON(_ value: JSONValue) -> String {
        var output: [UInt8] = []
        appendKubectlJSON(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `value` compactly, members in their stored order, as Go's
    /// json.Marshal writes a struct.
    public static func appendCompact(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let literal): output.append(contentsOf: literal.utf8)
        case .string(let text): appendQuoted(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                appendCompact(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (offset, member) in object.members.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                appendQuoted(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                appendCompact(member.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    public static func compact(_ value: JSONValue) -> String {
        var output: [UInt8] = []
        appendCompact(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func appendIndent(_ level: Int, to output: inout [UInt8]) {
        for _ in 0..<level { output.append(contentsOf: "    ".utf8) }
    }
}
