import Protobuf

/// One key's state at a revision: etcd's `mvccpb.KeyValue`.
public struct KeyValue: EtcdMessage {
    public var key: [UInt8]
    /// Revision of the last creation of this key.
    public var createRevision: Int64
    /// Revision of the last modification of this key.
    public var modRevision: Int64
    /// Number of modifications since creation; a delete resets it to zero.
    public var version: Int64
    public var value: [UInt8]
    /// ID of the lease attached to the key, or 0 for none.
    public var lease: Int64

    public init() {
        self.init(key: [])
    }

    public init(key: [UInt8], createRevision: Int64 = 0, modRevision: Int64 = 0, version: Int64 = 0, value: [UInt8] = [], lease: Int64 = 0) {
        self.key = key
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
        self.value = value
        self.lease = lease
    }
}

extension KeyValue {
    // message KeyValue {
    //   bytes key = 1;
    //   int64 create_revision = 2;
    //   int64 mod_revision = 3;
    //   int64 version = 4;
    //   bytes value = 5;
    //   int64 lease = 6;
    // }

    /// Decodes a `mvccpb.KeyValue` message; unknown fields are skipped.
    public init(from reader: inout ProtobufReader) throws {
        self.init(key: [])
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): key = Array(try reader.readBytes())
            case (2, .varint): createRevision = try reader.readInt64()
            case (3, .varint): modRevision = try reader.readInt64()
            case (4, .varint): version = try reader.readInt64()
            case (5, .lengthDelimited): value = Array(try reader.readBytes())
            case (6, .varint): lease = try reader.readInt64()
            default: try reader.skipField(tag)
            }
        }
    }

    /// Encodes as `mvccpb.KeyValue`, omitting proto3 defaults as etcd does.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonEmptyBytesField(1, key)
        writer.writeNonZeroInt64Field(2, createRevision)
        writer.writeNonZeroInt64Field(3, modRevision)
        writer.writeNonZeroInt64Field(4, version)
        writer.writeNonEmptyBytesField(5, value)
        writer.writeNonZeroInt64Field(6, lease)
    }
}
