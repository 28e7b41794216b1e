/// Byte-level JSON building that matches Go's `encoding/json`, which
/// etcdctl's `-w json` output comes from: `[]byte` fields as standard base64
/// with padding, integers in decimal, and strings escaped as Go escapes them
/// (`<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes, invalid UTF-8 as U+FFFD).
enum GoJSON {
    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func appendRaw(_ text: StaticString, to output: inout [UInt8]) {
        text.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    static func appendInteger<Integer: BinaryInteger>(_ value: Integer, to output: inout [UInt8]) {
        // Decimal text of up to 20 digits fits Swift's small-string form, so this does not allocate.
        output.append(contentsOf: String(value).utf8)
    }

    /// Appends `"<base64>"`: Go's encoding of a `[]byte` field.
    static func appendBase64String(_ bytes: [UInt8], to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        appendBase64(bytes, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    static func appendBase64(_ bytes: [UInt8], to output: inout [UInt8]) {
        let fullGroups = bytes.count / 3
        output.reserveCapacity(output.count + (bytes.count + 2) / 3 * 4 + 2)
        bytes.withUnsafeBufferPointer { input in
            base64Alphabet.withUnsafeBufferPointer { alphabet in
                var index = 0
                for _ in 0..<fullGroups {
                    let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                    output.append(alphabet[Int(chunk >> 18)])
                    output.append(alphabet[Int(chunk >> 12 & 0x3f)])
                    output.append(alphabet[Int(chunk >> 6 & 0x3f)])
                    output.append(alphabet[Int(chunk & 0x3f)])
                    index += 3
                }
                switch input.count - index {
                case 1:
                    let chunk = UInt32(input[index]) << 16
                    output.append(alphabet[Int(chunk >> 18)])
                    output.append(alphabet[Int(chunk >> 12 & 0x3f)])
                    output.append(UInt8(ascii: "="))
                    output.append(UInt8(ascii: "="))
                case 2:
                    let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
                    output.append(alphabet[Int(chunk >> 18)])
                    output.append(alphabet[Int(chunk >> 12 & 0x3f)])
                    output.append(alphabet[Int(chunk >> 6 & 0x3f)])
                    output.append(UInt8(ascii: "="))
                default:
                    break
                }
            }
        }
    }

    /// Appends a JSON string literal with Go's escaping rules.
    static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Swift strings hold valid UTF-8, so only the escapes need care here.
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: appendRaw("\\\"", to: &output)
            case 0x5c: appendRaw("\\\\", to: &output)
            case 0x0a: appendRaw("\\n", to: &output)
            case 0x0d: appendRaw("\\r", to: &output)
            case 0x09: appendRaw("\\t", to: &output)
            case 0x3c, 0x3e, 0x26, 0x2028, 0x2029, 0..<0x20:
                appendRaw("\\u", to: &output)
                for shift in stride(from: 12, through: 0, by: -4) {
                    output.append(hexDigits[Int(scalar.value >> UInt32(shift) & 0xf)])
                }
            default:
                output.append(contentsOf: String(scalar).utf8)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Appends a JSON array of strings, or `null` for an empty array, as Go
    /// marshals a nil slice.
    static func appendStringArray(_ values: [String], nilWhenEmpty: Bool, to output: inout [UInt8]) {
        if values.isEmpty && nilWhenEmpty {
            appendRaw("null", to: &output)
            return
        }
        output.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            appendString(value, to: &output)
        }
        output.append(UInt8(ascii: "]"))
    }
}
