/// Go's `strconv.Quote` (what `fmt`'s `%q` prints for a string), over raw
/// bytes: printable Unicode is kept as is, `"` and `\` are escaped, control
/// characters use `\n`-style or `\x` escapes, other non-printable code points
/// use `\u`/`\U`, and each byte that is not valid UTF-8 becomes `\xNN`.
/// etcdctl's `fields` output quotes keys and values this way.
enum GoQuote {
    static func quote(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 2)
        append(Array(bytes), to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the quoted form, surrounding quotes included, to `output`.
    static func append(_ bytes: [UInt8], to output: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0, to: &output) }
    }

    static func append(_ bytes: ArraySlice<UInt8>, to output: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0, to: &output) }
    }

    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                appendASCII(byte, to: &output)
                index += 1
                continue
            }
            if let (scalar, length) = decodeScalar(bytes, at: index) {
                if isPrintable(scalar) {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
                } else if scalar.value < 0x10000 {
                    output.append(UInt8(ascii: "\\"))
                    output.append(UInt8(ascii: "u"))
                    appendHex(scalar.value, digits: 4, to: &output)
                } else {
                    output.append(UInt8(ascii: "\\"))
                    output.append(UInt8(ascii: "U"))
                    appendHex(scalar.value, digits: 8, to: &output)
                }
                index += length
            } else {
                output.append(UInt8(ascii: "\\"))
                output.append(UInt8(ascii: "x"))
                appendHex(UInt32(byte), digits: 2, to: &output)
                index += 1
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendASCII(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            output.append(UInt8(ascii: "\\"))
            output.append(byte)
        case 0x20..<0x7f:
            output.append(byte)
        case 0x07: output.append(contentsOf: Array("\\a".utf8))
        case 0x08: output.append(contentsOf: Array("\\b".utf8))
        case 0x0c: output.append(contentsOf: Array("\\f".utf8))
        case 0x0a: output.append(contentsOf: Array("\\n".utf8))
        case 0x0d: output.append(contentsOf: Array("\\r".utf8))
        case 0x09: output.append(contentsOf: Array("\\t".utf8))
        case 0x0b: output.append(contentsOf: Array("\\v".utf8))
        default:
            output.append(contentsOf: Array("\\x".utf8))
            appendHex(UInt32(byte), digits: 2, to: &output)
        }
    }

    private static func appendHex(_ value: UInt32, digits: Int, to output: inout [UInt8]) {
        let hexDigits = Array("0123456789abcdef".utf8)
        for position in stride(from: digits - 1, through: 0, by: -1) {
            output.append(hexDigits[Int((value >> (4 * UInt32(position))) & 0xf)])
        }
    }

    /// Decodes one multi-byte UTF-8 sequence as Go's `utf8.DecodeRune`
    /// accepts it: shortest form only, no surrogates, nothing above U+10FFFF.
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        let length: Int
        var value: UInt32
        var minimum: UInt32
        switch lead {
        case 0xc2...0xdf: (length, value, minimum) = (2, UInt32(lead & 0x1f), 0x80)
        case 0xe0...0xef: (length, value, minimum) = (3, UInt32(lead & 0x0f), 0x800)
        case 0xf0...0xf4: (length, value, minimum) = (4, UInt32(lead & 0x07), 0x10000)
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        for offset in 1..<length {
            let continuation = bytes[index + offset]
            guard continuation & 0xc0 == 0x80 else { return nil }
            value = value << 6 | UInt32(continuation & 0x3f)
        }
        guard value >= minimum, value <= 0x10ffff, !(0xd800...0xdfff).contains(value),
              let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return scalar == " "
        }
    }
}
