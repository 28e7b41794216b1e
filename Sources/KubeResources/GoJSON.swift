import KubeCodec

/// JSON text as Go's encoding/json writes it, for output that must match
/// kubectl and etcdhelper byte for byte: `<`, `>` and `&` escaped as
/// `\u003c`, `\u003e`, `\u0026`; U+2028 and U+2029 escaped; control
/// characters as `\b \f \n \r \t` or `\u00XX`.
///
/// The writers append UTF-8 to a byte buffer, because dumps and lists of
/// many thousand objects go through them.
public enum GoJSON {
    /// How many bytes the escape of each byte adds: 0 for bytes copied as
    /// they are, 1 for `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, and 5 for
    /// `\u00XX` (`<`, `>`, `&` and the other control characters).
    /// `leadE2` marks 0xE2, the first byte of U+2028 and U+2029.
    private static let escapeCost: [UInt8] = (0...255).map { byte in
        switch byte {
        case 0x22, 0x5C, 0x0A, 0x0D, 0x09, 0x08, 0x0C: return 1
        case 0..<0x20, 0x3C, 0x3E, 0x26: return 5
        case 0xE2: return leadE2
        default: return 0
        }
    }
    private static let leadE2: UInt8 = 0x80

    /// Appends `text` as a quoted JSON string.
    public static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendQuoted(utf8: $0, to: &output) }
    }

    /// Appends valid UTF-8 bytes as a quoted JSON string.
    public static func appendQuoted(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        appendEscaped(utf8: bytes, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// Appends valid UTF-8 bytes escaped for the inside of a JSON string,
    /// without the quotes. Dumps escape whole objects this way, so `output`
    /// grows once by twice the input, which fits every escape but `\u00XX`.
    /// Bytes are stored one by one, which beats copying the short runs
    /// between escapes (JSON text has a quote every few bytes). When a
    /// `\u00XX` escape might not fit, the text is measured and escaped again.
    public static func appendEscaped(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        guard let source = bytes.baseAddress else { return }
        let count = bytes.count
        let outputStart = output.count
        let room = 2 * count
        output.append(contentsOf: repeatElement(0, count: room))
        escapeCost.withUnsafeBufferPointer { cost in
            let written = output.withUnsafeMutableBufferPointer { buffer in
                escape(source, count, cost: cost, into: buffer.baseAddress! + outputStart, room: room)
            }
            if let written {
                output.removeLast(room - written)
                return
            }
            var needed = count
            for index in 0..<count {
                let added = cost[Int(source[index])]
                if added != 0 {
                    needed += added == leadE2 ? (isLineOrParagraphSeparator(source, index, count) ? 3 : 0) : Int(added)
                }
            }
            if needed > room {
                output.append(contentsOf: repeatElement(0, count: needed - room))
            }
            _ = output.withUnsafeMutableBufferPointer { buffer in
                escape(source, count, cost: cost, into: buffer.baseAddress! + outputStart, room: nil)
            }
            output.removeLast(max(room, needed) - needed)
        }
    }

    /// Escapes `count` bytes into `start` and returns the number of bytes
    /// written, or nil when `room` is too small. A nil `room` is known to fit.
    private static func escape(
        _ source: UnsafePointer<UInt8>, _ count: Int, cost: UnsafeBufferPointer<UInt8>, into start: UnsafeMutablePointer<UInt8>, room: Int?
    ) -> Int? {
        var target = start
        var index = 0
        while index < count {
            let byte = source[index]
            index += 1
            let added = cost[Int(byte)]
            if added == 0 || (added == leadE2 && !isLineOrParagraphSeparator(source, index - 1, count)) {
                target.pointee = byte
                target += 1
                continue
            }
            // Every byte left needs up to 2 bytes of room, and this one
            // up to 6 (U+2028 and U+2029 take 6 for their 3 bytes).
            if added == 5, let room, start + room - target < 6 + 2 * (count - index) { return nil }
            target[0] = UInt8(ascii: "\\")
            switch byte {
            case 0x22, 0x5C: target[1] = byte
            case 0x0A: target[1] = UInt8(ascii: "n")
            case 0x0D: target[1] = UInt8(ascii: "r")
            case 0x09: target[1] = UInt8(ascii: "t")
            case 0x08: target[1] = UInt8(ascii: "b")
            case 0x0C: target[1] = UInt8(ascii: "f")
            case 0xE2:
                // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
                target[1] = UInt8(ascii: "u")
                target[2] = UInt8(ascii: "2")
                target[3] = UInt8(ascii: "0")
                target[4] = UInt8(ascii: "2")
                target[5] = source[index + 1] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")
                index += 2
            default:
                target[1] = UInt8(ascii: "u")
                target[2] = UInt8(ascii: "0")
                target[3] = UInt8(ascii: "0")
                target[4] = hexDigit(byte >> 4)
                target[5] = hexDigit(byte & 0x0F)
            }
            target += Int(added == leadE2 ? 6 : added + 1)
        }
        return target - start
    }

    @inline(__always)
    private static func isLineOrParagraphSeparator(_ bytes: UnsafePointer<UInt8>, _ index: Int, _ count: Int) -> Bool {
        index + 2 < count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
    }

    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
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
