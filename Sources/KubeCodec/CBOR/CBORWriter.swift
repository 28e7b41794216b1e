/// Writes JSON values as k8s.io/apimachinery's CBOR serializer writes an
/// unstructured object. See `CBOR` for the encoding rules.
struct CBORWriter {
    var output: [UInt8] = []

    mutating func write(_ value: JSONValue, path: String) throws(CBORError) {
        switch value {
        case .null:
            output.append(0xF6)
        case .bool(let flag):
            output.append(flag ? 0xF5 : 0xF4)
        case .number(let literal):
            try writeNumber(literal, path: path)
        case .string(let text):
            writeByteString(text)
        case .array(let elements):
            writeHead(major: 4, argument: UInt64(elements.count))
            for (position, element) in elements.enumerated() {
                try write(element, path: "\(path)[\(position)]")
            }
        case .object(let object):
            // Sort by the encoded key: shorter keys first, then bytewise.
            var entries: [(encodedKey: [UInt8], value: JSONValue, key: String)] = []
            entries.reserveCapacity(object.count)
            for member in object.members {
                var keyWriter = CBORWriter()
                keyWriter.writeByteString(member.key)
                entries.append((keyWriter.output, member.value, member.key))
            }
            entries.sort { $0.encodedKey.lexicographicallyPrecedes($1.encodedKey) }
            writeHead(major: 5, argument: UInt64(entries.count))
            for entry in entries {
                output += entry.encodedKey
                try write(entry.value, path: path.isEmpty ? entry.key : "\(path).\(entry.key)")
            }
        }
    }

    /// Writes a JSON number as Go's unstructured decoding types it: an int64
    /// when the literal parses as one, a float64 otherwise.
    private mutating func writeNumber(_ literal: String, path: String) throws(CBORError) {
        if let integer = Int64(literal) {
            if integer >= 0 {
                writeHead(major: 0, argument: UInt64(integer))
            } else {
                writeHead(major: 1, argument: UInt64(-1 - integer))
            }
            return
        }
        guard let value = Double(literal), value.isFinite else {
            throw CBORError(offset: nil, reason: "number \(literal) at \(path.isEmpty ? "the top level" : path) is out of float64 range")
        }
        writeFloat(value)
    }

    /// Writes the shortest of half, single and double precision that holds
    /// `value` exactly. Half precision is used only for zero and normal values,
    /// as the fxamacker/cbor encoder Kubernetes uses does.
    private mutating func writeFloat(_ value: Double) {
        let single = Float(value)
        guard Double(single) == value else {
            output.append(0xFB)
            appendBigEndian(value.bitPattern, width: 8)
            return
        }
        if let half = CBORWriter.exactHalf(single) {
            output.append(0xF9)
            appendBigEndian(UInt64(half), width: 2)
            return
        }
        output.append(0xFA)
        appendBigEndian(UInt64(single.bitPattern), width: 4)
    }

    /// The half-precision bits of `value` when it converts exactly to a zero
    /// or normal half-precision number.
    static func exactHalf(_ value: Float) -> UInt16? {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        if bits & 0x7FFF_FFFF == 0 { return sign }
        let exponent = Int((bits >> 23) & 0xFF) - 127
        let fraction = bits & 0x7F_FFFF
        // Half precision keeps 10 fraction bits, and normal exponents -14...15.
        guard exponent >= -14, exponent <= 15, fraction & 0x1FFF == 0 else { return nil }
        return sign | UInt16(exponent + 15) << 10 | UInt16(fraction >> 13)
    }

    private mutating func writeByteString(_ text: String) {
        writeHead(major: 2, argument: UInt64(text.utf8.count))
        output += text.utf8
    }

    private mutating func writeHead(major: UInt8, argument: UInt64) {
        let type = major << 5
        switch argument {
        case 0..<24:
            output.append(type | UInt8(argument))
        case 24...0xFF:
            output.append(type | 24)
            appendBigEndian(argument, width: 1)
        case 0x100...0xFFFF:
            output.append(type | 25)
            appendBigEndian(argument, width: 2)
        case 0x1_0000...0xFFFF_FFFF:
            output.append(type | 26)
            appendBigEndian(argument, width: 4)
        default:
            output.append(type | 27)
            appendBigEndian(argument, width: 8)
        }
    }

    private mutating func appendBigEndian(_ value: UInt64, width: Int) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            output.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}
