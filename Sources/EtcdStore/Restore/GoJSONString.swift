/// JSON string literals escaped as Go 1.22 and later `encoding/json` escapes
/// them, which is how etcd 3.5.16 (Debian's build uses Go 1.24) writes member
/// records: `<`, `>`, `&`, U+2028, U+2029 and control characters as `\u`
/// escapes, except `\b`, `\f`, `\n`, `\r` and `\t`.
enum GoJSONString {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func append(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: output.append(contentsOf: Array("\\\"".utf8))
            case 0x5c: output.append(contentsOf: Array("\\\\".utf8))
            case 0x08: output.append(contentsOf: Array("\\b".utf8))
            case 0x0c: output.append(contentsOf: Array("\\f".utf8))
            case 0x0a: output.append(contentsOf: Array("\\n".utf8))
            case 0x0d: output.append(contentsOf: Array("\\r".utf8))
            case 0x09: output.append(contentsOf: Array("\\t".utf8))
            case 0x3c, 0x3e, 0x26, 0x2028, 0x2029, 0..<0x20:
                output.append(contentsOf: Array("\\u".utf8))
                for shift in stride(from: 12, through: 0, by: -4) {
                    output.append(hexDigits[Int(scalar.value >> UInt32(shift) & 0xf)])
                }
            default:
                output.append(contentsOf: String(scalar).utf8)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    static func quoted(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        append(text, to: &output)
        return output
    }
}
