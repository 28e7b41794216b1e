/// A cursor over protobuf wire-format bytes.
///
/// The reader never copies the buffer: length-delimited fields come back as
/// ranges of the same array, or as sub-readers that share it. Every `read`
/// method consumes input and checks the length before each load. When a
/// method throws, `offset` is left where the failed item started, and the
/// error names that offset.
///
/// Offsets are absolute positions in `buffer`, so errors from nested messages
/// point at the right byte of the outermost input.
public struct ProtobufReader: Sendable {
    /// The whole input, shared with every sub-reader.
    public let buffer: [UInt8]

    /// Position of the next unread byte.
    public private(set) var offset: Int

    /// Position one past the last byte this reader may read.
    public let endOffset: Int

    /// Creates a reader over all of `buffer`.
    public init(_ buffer: [UInt8]) {
        self.buffer = buffer
        self.offset = 0
        self.endOffset = buffer.count
    }

    /// Creates a reader over `range` of `buffer`.
    public init(buffer: [UInt8], range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= buffer.count, "range outside the buffer")
        self.buffer = buffer
        self.offset = range.lowerBound
        self.endOffset = range.upperBound
    }

    /// True when every byte has been read.
    public var isAtEnd: Bool { offset >= endOffset }

    /// The bytes not read yet.
    public var remainingRange: Range<Int> { offset..<endOffset }

    // MARK: - Tags

    /// Reads the next field tag, or returns nil at the end of the input.
    public mutating func readTag() throws -> FieldTag? {
        if isAtEnd { return nil }

        let start = offset
        let raw = try readVarint()
        let wireTypeBits = UInt8(truncatingIfNeeded: raw & 7)
        let fieldNumber = raw >> 3

        guard let wireType = WireType(rawValue: wireTypeBits) else {
            offset = start
            throw ProtobufError(offset: start, reason: "unknown wire type \(wireTypeBits) in field tag")
        }
        guard fieldNumber >= 1, fieldNumber <= UInt64(FieldTag.maxFieldNumber) else {
            offset = start
            throw ProtobufError(offset: start, reason: "field number \(fieldNumber) out of range 1...\(FieldTag.maxFieldNumber)")
        }
        return FieldTag(fieldNumber: Int(fieldNumber), wireType: wireType)
    }

    // MARK: - Scalars

    /// Reads a base-128 varint of at most 10 bytes.
    public mutating func readVarint() throws -> UInt64 {
        // Fast path: a one-byte varint, the most common case for tags and small values.
        if offset < endOffset {
            let first = buffer[offset]
            if first < 0x80 {
                offset += 1
                return UInt64(first)
            }
        }
        return try readVarintSlow()
    }

    mutating func readVarintSlow() throws -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var position = offset

        while true {
            guard position < endOffset else {
                throw ProtobufError(offset: start, reason: "truncated varint")
            }
            let byte = buffer[position]
            position += 1

            if shift == 63 && byte > 1 {
                throw ProtobufError(offset: start, reason: "varint longer than 64 bits")
            }
            result |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { break }

            shift += 7
            if shift > 63 {
                throw ProtobufError(offset: start, reason: "varint longer than 10 bytes")
            }
        }

        offset = position
        return result
    }

    /// Reads a little-endian 32-bit value.
    public mutating func readFixed32() throws -> UInt32 {
        guard endOffset - offset >= 4 else {
            throw ProtobufError(offset: offset, reason: "truncated fixed32: \(endOffset - offset) of 4 bytes left")
        }
        var value: UInt32 = 0
        for index in 0..<4 {
            value |= UInt32(buffer[offset + index]) << (8 * UInt32(index))
        }
        offset += 4
        return value
    }

    /// Reads a little-endian 64-bit value.
    public mutating func readFixed64() throws -> UInt64 {
        guard endOffset - offset >= 8 else {
            throw ProtobufError(offset: offset, reason: "truncated fixed64: \(endOffset - offset) of 8 bytes left")
        }
        var value: UInt64 = 0
        for index in 0..<8 {
            value |= UInt64(buffer[offset + index]) << (8 * UInt64(index))
        }
        offset += 8
        return value
    }

    /// Reads a varint as a two's-complement int64 (protobuf `int64` and `int32`).
    public mutating func readInt64() throws -> Int64 {
        Int64(bitPattern: try readVarint())
    }

    /// Reads a varint as a protobuf `bool`: any non-zero value is true.
    public mutating func readBool() throws -> Bool {
        try readVarint() != 0
    }

    /// Reads a ZigZag-encoded varint (protobuf `sint64` and `sint32`).
    public mutating func readSInt64() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads a little-endian IEEE 754 double (protobuf `double`).
    public mutating func readDouble() throws -> Double {
        Double(bitPattern: try readFixed64())
    }

    // MARK: - Length-delimited fields

    /// Reads a length prefix and returns the range of the bytes it covers,
    /// leaving the reader after them.
    public mutating func readLengthDelimited() throws -> Range<Int> {
        let start = offset
        let length = try readVarint()
        guard length <= UInt64(endOffset - offset) else {
            let available = endOffset - offset
            offset = start
            throw ProtobufError(offset: start, reason: "length \(length) runs past the end of the input (\(available) bytes left)")
        }
        let range = offset..<(offset + Int(length))
        offset = range.upperBound
        return range
    }

    /// Reads a length-delimited field as a slice of the buffer, without copying.
    public mutating func readBytes() throws -> ArraySlice<UInt8> {
        buffer[try readLengthDelimited()]
    }

    /// Reads a length-delimited field as a UTF-8 string. Invalid UTF-8 is
    /// repaired with U+FFFD, as Go's protobuf runtime for proto2 strings does
    /// not validate either.
    public mutating func readString() throws -> String {
        let range = try readLengthDelimited()
        return String(decoding: buffer[range], as: UTF8.self)
    }

    /// Reads a length-delimited field as a nested message.
    public mutating func readMessage() throws -> ProtobufReader {
        ProtobufReader(buffer: buffer, range: try readLengthDelimited())
    }

    // MARK: - Skipping

    /// Skips the value of a field whose tag was just read, and returns the
    /// range of the value's bytes (for length-delimited fields, without the
    /// length prefix). Groups are skipped up to their matching end tag.
    @discardableResult
    public mutating func skipField(_ tag: FieldTag) throws -> Range<Int> {
        try skipField(tag, depth: 0)
    }

    /// Nesting limit for groups, so hostile input cannot exhaust the stack.
    public static let maxGroupDepth = 100

    private mutating func skipField(_ tag: FieldTag, depth: Int) throws -> Range<Int> {
        let start = offset
        switch tag.wireType {
        case .varint:
            _ = try readVarint()
        case .fixed64:
            _ = try readFixed64()
        case .fixed32:
            _ = try readFixed32()
        case .lengthDelimited:
            return try readLengthDelimited()
        case .startGroup:
            guard depth < Self.maxGroupDepth else {
                throw ProtobufError(offset: start, reason: "groups nested deeper than \(Self.maxGroupDepth)")
            }
            while true {
                guard let inner = try readTag() else {
                    throw ProtobufError(offset: start, reason: "group \(tag.fieldNumber) has no end tag")
                }
                if inner.wireType == .endGroup {
                    guard inner.fieldNumber == tag.fieldNumber else {
                        throw ProtobufError(offset: offset, reason: "end tag \(inner.fieldNumber) does not match group \(tag.fieldNumber)")
                    }
                    break
                }
                _ = try skipField(inner, depth: depth + 1)
            }
        case .endGroup:
            throw ProtobufError(offset: start, reason: "end-group tag \(tag.fieldNumber) without a start")
        }
        return start..<offset
    }
}
