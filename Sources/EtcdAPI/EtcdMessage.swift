import Protobuf

/// An etcd v3 API message that reads and writes the protobuf wire format.
///
/// Decoding follows proto3: fields may come in any order, unknown fields are
/// skipped, and a missing field keeps its default. Encoding leaves out
/// fields that hold their default, as etcd's Go code does, so `-w protobuf`
/// output matches etcdctl byte for byte.
public protocol EtcdMessage: Equatable, Sendable {
    /// Creates the message with every field at its default.
    init()
    /// Decodes the message from all the bytes `reader` has left.
    init(from reader: inout ProtobufReader) throws
    /// Appends the message's fields (without a length prefix) to `writer`.
    func encode(to writer: inout ProtobufWriter)
}

extension EtcdMessage {
    /// Decodes the message from a complete buffer.
    public init(serializedBytes bytes: [UInt8]) throws {
        var reader = ProtobufReader(bytes)
        try self.init(from: &reader)
    }

    /// Encodes the message in protobuf wire format.
    public func serializedBytes() -> [UInt8] {
        var writer = ProtobufWriter()
        encode(to: &writer)
        return writer.bytes
    }
}

extension ProtobufReader {
    /// Reads a length-delimited field as a nested etcd message.
    public mutating func readMessage<Message: EtcdMessage>(_: Message.Type) throws -> Message {
        var nested = try readMessage()
        return try Message(from: &nested)
    }

    /// Reads one element of a repeated enum field, which may come packed
    /// (one length-delimited run of varints) or as separate varint fields.
    mutating func readRepeatedInt32(_ tag: FieldTag, into values: inout [Int32]) throws {
        if tag.wireType == .lengthDelimited {
            var packed = try readMessage()
            while !packed.isAtEnd {
                values.append(Int32(truncatingIfNeeded: try packed.readInt64()))
            }
        } else {
            values.append(Int32(truncatingIfNeeded: try readInt64()))
        }
    }

    /// Reads a varint field as a protobuf `int32` or enum value.
    mutating func readInt32() throws -> Int32 {
        Int32(truncatingIfNeeded: try readInt64())
    }
}

extension ProtobufWriter {
    /// Appends a message field, even when the message is empty: proto3 writes
    /// every set message field, and etcd rejects a `RequestOp` whose `oneof`
    /// member is missing.
    public mutating func writeMessageField<Message: EtcdMessage>(_ fieldNumber: Int, _ message: Message) {
        writeMessageField(fieldNumber) { message.encode(to: &$0) }
    }

    /// Appends a message field when `message` is present.
    public mutating func writeOptionalMessageField<Message: EtcdMessage>(_ fieldNumber: Int, _ message: Message?) {
        if let message {
            writeMessageField(fieldNumber, message)
        }
    }

    /// Appends a `repeated string` field, one entry per element.
    public mutating func writeRepeatedStringField(_ fieldNumber: Int, _ values: [String]) {
        for value in values {
            writeStringField(fieldNumber, value)
        }
    }

    /// Appends a `repeated bytes` field, one entry per element.
    public mutating func writeRepeatedBytesField(_ fieldNumber: Int, _ values: [[UInt8]]) {
        for value in values {
            writeBytesField(fieldNumber, value)
        }
    }

    /// Appends a packed `repeated` enum field, as proto3 encodes it.
    public mutating func writePackedEnumField(_ fieldNumber: Int, _ values: [Int32]) {
        if values.isEmpty { return }
        writeTag(fieldNumber, .lengthDelimited)
        writeLengthPrefixed { writer in
            for value in values {
                writer.writeVarint(UInt64(bitPattern: Int64(value)))
            }
        }
    }

    /// Appends an enum field unless it has the default (zero) value.
    public mutating func writeNonZeroEnumField(_ fieldNumber: Int, _ value: Int32) {
        writeNonZeroInt64Field(fieldNumber, Int64(value))
    }
}

/// A proto3 enum: any int32 is valid on the wire, so values this code does
/// not know survive a decode and re-encode. Each conforming type lists its
/// known cases with etcd's names, which etcdctl prints in some outputs.
public protocol EtcdEnum: RawRepresentable, Hashable, Sendable, CustomStringConvertible where RawValue == Int32 {
    /// The known values and their names in etcd's `.proto` files.
    static var names: [Int32: String] { get }
}

extension EtcdEnum {
    /// The value's name in etcd's `.proto` file (such as `PUT` or `NOSPACE`),
    /// or the number when the value is unknown, as Go's protobuf runtime prints it.
    public var description: String {
        Self.names[rawValue] ?? String(rawValue)
    }
}
