import KubeCodec

/// JSON text as Go's encoding/json writes it, for output that must match
/// kubectl and etcdhelper byte for byte: `<`, `>` and `&` escaped as
/// `\u003c`, `\u003e`, `\u0026`; U+2028 and U+2029 escaped; control
/// characters as `\b \f \n \r \t` or `\u00XX`.
public enum GoJSON {
    /// Appends `text` as a quoted JSON string.
    public static func appendQuoted(_ text: String, to output: inout String) {
        output.append("\"")
        var pendingStart = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let escape = escapeSequence(for: scalar)
            if let escape {
                output.unicodeScalars.append(contentsOf: scalars[pendingStart..<index])
                output.append(escape)
                pendingStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        output.unicodeScalars.append(contentsOf: scalars[pendingStart..<scalars.endIndex])
        output.append("\"")
    }

    public static func quoted(_ text: String) -> String {
        var output = ""
        appendQuoted(text, to: &output)
        return output
    }

    private static func escapeSequence(for scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x22: return "\\\""
        case 0x5C: return "\\\\"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x08: return "\\b"
        case 0x0C: return "\\f"
        case 0x3C: return "\\u003c"
        case 0x3E: return "\\u003e"
        case 0x26: return "\\u0026"
        case 0x2028: return "\\u2028"
        case 0x2029: return "\\u2029"
        case 0..<0x20:
            let hex = String(scalar.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: return nil
        }
    }

    /// Appends `value` the way kubectl's `-o json` prints it: members sorted
    /// by key (kubectl prints unstructured maps), indented with four spaces
    /// per level starting at `level`, no trailing newline.
    public static func appendKubectlJSON(_ value: JSONValue, level: Int = 0, to output: inout String) {
        switch value {
        case .null: output.append("null")
        case .bool(let flag): output.append(flag ? "true" : "false")
        case .number(let literal): output.append(literal)
        case .string(let text): appendQuoted(text, to: &output)
        case .array(let elements):
            if elements.isEmpty {
                output.append("[]")
                return
            }
            output.append("[\n")
            for (offset, element) in elements.enumerated() {
                appendIndent(level + 1, to: &output)
                appendKubectlJSON(element, level: level + 1, to: &output)
                output.append(offset == elements.count - 1 ? "\n" : ",\n")
            }
            appendIndent(level, to: &output)
            output.append("]")
        case .object(let object):
            if object.isEmpty {
                output.append("{}")
                return
            }
            output.append("{\n")
            let members = object.members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            for (offset, member) in members.enumerated() {
                appendIndent(level + 1, to: &output)
                appendQuoted(member.key, to: &output)
                output.append(": ")
                appendKubectlJSON(member.value, level: level + 1, to: &output)
                output.append(offset == members.count - 1 ? "\n" : ",\n")
            }
            appendIndent(level, to: &output)
            output.append("}")
        }
    }

    public static func kubectlJSON(_ value: JSONValue) -> String {
        var output = ""
        appendKubectlJSON(value, to: &output)
        return output
    }

    /// Appends `value` compactly, members in their stored order, as Go's
    /// json.Marshal writes a struct.
    public static func appendCompact(_ value: JSONValue, to output: inout String) {
        switch value {
        case .null: output.append("null")
        case .bool(let flag): output.append(flag ? "true" : "false")
        case .number(let literal): output.append(literal)
        case .string(let text): appendQuoted(text, to: &output)
        case .array(let elements):
            output.append("[")
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(",") }
                appendCompact(element, to: &output)
            }
            output.append("]")
        case .object(let object):
            output.append("{")
            for (offset, member) in object.members.enumerated() {
                if offset > 0 { output.append(",") }
                appendQuoted(member.key, to: &output)
                output.append(":")
                appendCompact(member.value, to: &output)
            }
            output.append("}")
        }
    }

    public static func compact(_ value: JSONValue) -> String {
        var output = ""
        appendCompact(value, to: &output)
        return output
    }

    private static func appendIndent(_ level: Int, to output: inout String) {
        for _ in 0..<level { output.append("    ") }
    }
}
