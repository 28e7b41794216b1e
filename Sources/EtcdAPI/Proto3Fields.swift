import Protobuf

/// proto3 field writers: etcd's messages leave out fields that hold their
/// default value, and byte-exact output (`-w protobuf`) depends on it.
extension ProtobufWriter {
    public mutating func writeNonZeroInt64Field(_ fieldNumber: Int, _ value: Int64) {
        if value != 0 { writeInt64Field(fieldNumber, value) }
    }

    public mutating func writeNonZeroUInt64Field(_ fieldNumber: Int, _ value: UInt64) {
        if value != 0 { writeVarintField(fieldNumber, value) }
    }

    public mutating func writeTrueBoolField(_ fieldNumber: Int, _ value: Bool) {
        if value { writeBoolField(fieldNumber, true) }
    }

    public mutating func writeNonEmptyBytesField(_ fieldNumber: Int, _ value: [UInt8]) {
        if !value.isEmpty { writeBytesField(fieldNumber, value) }
    }

    public mutating func writeNonEmptyStringField(_ fieldNumber: Int, _ value: String) {
        if !value.isEmpty { writeStringField(fieldNumber, value) }
    }
}
