/// The wire type carried in the low three bits of every protobuf field tag.
///
/// See https://protobuf.dev/programming-guides/encoding/#structure.
public enum WireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}

/// A field's number and wire type, as read from or written to a tag varint.
public struct FieldTag: Equatable, Sendable {
    public var fieldNumber: Int
    public var wireType: WireType

    public init(fieldNumber: Int, wireType: WireType) {
        self.fieldNumber = fieldNumber
        self.wireType = wireType
    }

    /// The largest field number protobuf allows (2^29 - 1).
    public static let maxFieldNumber = (1 << 29) - 1
}
