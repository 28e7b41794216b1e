/// Builds protobuf wire-format bytes into one growing array.
///
/// The writer emits exactly what it is told: it has no notion of default
/// values, so proto3 callers skip zero fields themselves while proto2
/// (gogo-protobuf, as Kubernetes uses) callers write every set field.
/// Nested messages are written in place: the body goes straight into the
/// output after a one-byte length placeholder, and the placeholder is widened
/// afterwards when the body turns out to be 128 bytes or longer.
public struct ProtobufWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    public init(reservingCapacity capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: - Raw values

    /// Appends a base-128 varint.
    public mutating func writeVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    /// Appends a field tag.
    public mutating func writeTag(_ fieldNumber: Int, _ wireType: WireType) {
        writeVarint(UInt64(fieldNumber) << 3 | UInt64(wireType.rawValue))
    }

    /// Appends a little-endian 32-bit value.
    public mutating func writeFixed32(_ value: UInt32) {
        for index in 0..<4 {
            bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))))
        }
    }

    /// Appends a little-endian 64-bit value.
    public mutating func writeFixed64(_ value: UInt64) {
        for index in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))))
        }
    }

    /// Appends bytes as they are, for fields copied unchanged from an input.
    public mutating func writeRaw<Bytes: Sequence>(_ raw: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: raw)
    }

    // MARK: - Fields

    /// Appends a varint field (protobuf `uint64`, `int64`, `int32`, `enum`).
    public mutating func writeVarintField(_ fieldNumber: Int, _ value: UInt64) {
        writeTag(fieldNumber, .varint)
        writeVarint(value)
    }

    /// Appends a signed varint field in two's complement (protobuf `int64`, `int32`).
    public mutating func writeInt64Field(_ fieldNumber: Int, _ value: Int64) {
        writeVarintField(fieldNumber, UInt64(bitPattern: value))
    }

    /// Appends a `bool` field.
    public mutating func writeBoolField(_ fieldNumber: Int, _ value: Bool) {
        writeVarintField(fieldNumber, value ? 1 : 0)
    }

    /// Appends a ZigZag-encoded field (protobuf `sint64`, `sint32`).
    public mutating func writeSInt64Field(_ fieldNumber: Int, _ value: Int64) {
        writeVarintField(fieldNumber, UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Appends a `double` field.
    public mutating func writeDoubleField(_ fieldNumber: Int, _ value: Double) {
        writeTag(fieldNumber, .fixed64)
        writeFixed64(value.bitPattern)
    }

    /// Appends a `fixed64` field.
    public mutating func writeFixed64Field(_ fieldNumber: Int, _ value: UInt64) {
        writeTag(fieldNumber, .fixed64)
        writeFixed64(value)
    }

    /// Appends a `fixed32` field.
    public mutating func writeFixed32Field(_ fieldNumber: Int, _ value: UInt32) {
        writeTag(fieldNumber, .fixed32)
        writeFixed32(value)
    }

    /// Appends a length-delimited `bytes` field.
    public mutating func writeBytesField<Bytes: Collection>(_ fieldNumber: Int, _ value: Bytes) where Bytes.Element == UInt8 {
        writeTag(fieldNumber, .lengthDelimited)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Appends a length-delimited `string` field as UTF-8.
    public mutating func writeStringField(_ fieldNumber: Int, _ value: String) {
        var value = value
        value.withUTF8 { writeBytesField(fieldNumber, $0) }
    }

    /// Appends a nested message field whose body `writeBody` writes.
    public mutating func writeMessageField(_ fieldNumber: Int, _ writeBody: (inout ProtobufWriter) throws -> Void) rethrows {
        writeTag(fieldNumber, .lengthDelimited)
        try writeLengthPrefixed(writeBody)
    }

    /// Writes a body that `writeBody` produces, preceded by its length as a varint.
    public mutating func writeLengthPrefixed(_ writeBody: (inout ProtobufWriter) throws -> Void) rethrows {
        let placeholder = bytes.count
        bytes.append(0)
        let bodyStart = bytes.count

        try writeBody(&self)

        let length = bytes.count - bodyStart
        let prefixSize = Self.varintSize(UInt64(length))
        if prefixSize > 1 {
            // Make room for the longer prefix by moving the body right.
            bytes.insert(contentsOf: repeatElement(0, count: prefixSize - 1), at: bodyStart)
        }

        var remaining = UInt64(length)
        var position = placeholder
        while remaining >= 0x80 {
            bytes[position] = UInt8(truncatingIfNeeded: remaining) | 0x80
            remaining >>= 7
            position += 1
        }
        bytes[position] = UInt8(remaining)
    }

    /// The number of bytes `writeVarint(value)` appends.
    public static func varintSize(_ value: UInt64) -> Int {
        if value == 0 { return 1 }
        let significantBits = 64 - value.leadingZeroBitCount
        return (significantBits + 6) / 7
    }
}
