import Protobuf

/// A read of one key or a key range: `etcdserverpb.RangeRequest`.
public struct RangeRequest: EtcdMessage {
    public enum SortOrder: Int, Sendable {
        case none = 0, ascend = 1, descend = 2
    }

    public enum SortTarget: Int, Sendable {
        case key = 0, version = 1, create = 2, mod = 3, value = 4
    }

    public var key: [UInt8]
    /// End of the range, exclusive. Empty: only `key`. `[0]`: every key >= `key`.
    public var rangeEnd: [UInt8]
    /// Maximum number of keys returned; 0 means no limit.
    public var limit: Int64
    /// Revision to read at; 0 or less means the newest.
    public var revision: Int64
    public var sortOrder: SortOrder
    public var sortTarget: SortTarget
    /// Read from the member's local state without a quorum round (etcdctl's `--consistency=s`).
    public var serializable: Bool
    public var keysOnly: Bool
    public var countOnly: Bool
    public var minModRevision: Int64
    public var maxModRevision: Int64
    public var minCreateRevision: Int64
    public var maxCreateRevision: Int64

    public init() {
        self.init(key: [])
    }

    public init(
        key: [UInt8], rangeEnd: [UInt8] = [], limit: Int64 = 0, revision: Int64 = 0,
        sortOrder: SortOrder = .none, sortTarget: SortTarget = .key, serializable: Bool = false,
        keysOnly: Bool = false, countOnly: Bool = false,
        minModRevision: Int64 = 0, maxModRevision: Int64 = 0,
        minCreateRevision: Int64 = 0, maxCreateRevision: Int64 = 0
    ) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.limit = limit
        self.revision = revision
        self.sortOrder = sortOrder
        self.sortTarget = sortTarget
        self.serializable = serializable
        self.keysOnly = keysOnly
        self.countOnly = countOnly
        self.minModRevision = minModRevision
        self.maxModRevision = maxModRevision
        self.minCreateRevision = minCreateRevision
        self.maxCreateRevision = maxCreateRevision
    }
}

extension RangeRequest {
    // message RangeRequest {
    //   bytes key = 1; bytes range_end = 2; int64 limit = 3; int64 revision = 4;
    //   SortOrder sort_order = 5; SortTarget sort_target = 6; bool serializable = 7;
    //   bool keys_only = 8; bool count_only = 9;
    //   int64 min_mod_revision = 10; int64 max_mod_revision = 11;
    //   int64 min_create_revision = 12; int64 max_create_revision = 13;
    // }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): key = Array(try reader.readBytes())
            case (2, .lengthDelimited): rangeEnd = Array(try reader.readBytes())
            case (3, .varint): limit = try reader.readInt64()
            case (4, .varint): revision = try reader.readInt64()
            // Unknown enum values fall back to the default, which is what
            // etcd does with them too.
            case (5, .varint): sortOrder = SortOrder(rawValue: Int(try reader.readInt32())) ?? .none
            case (6, .varint): sortTarget = SortTarget(rawValue: Int(try reader.readInt32())) ?? .key
            case (7, .varint): serializable = try reader.readBool()
            case (8, .varint): keysOnly = try reader.readBool()
            case (9, .varint): countOnly = try reader.readBool()
            case (10, .varint): minModRevision = try reader.readInt64()
            case (11, .varint): maxModRevision = try reader.readInt64()
            case (12, .varint): minCreateRevision = try reader.readInt64()
            case (13, .varint): maxCreateRevision = try reader.readInt64()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonEmptyBytesField(1, key)
        writer.writeNonEmptyBytesField(2, rangeEnd)
        writer.writeNonZeroInt64Field(3, limit)
        writer.writeNonZeroInt64Field(4, revision)
        writer.writeNonZeroInt64Field(5, Int64(sortOrder.rawValue))
        writer.writeNonZeroInt64Field(6, Int64(sortTarget.rawValue))
        writer.writeTrueBoolField(7, serializable)
        writer.writeTrueBoolField(8, keysOnly)
        writer.writeTrueBoolField(9, countOnly)
        writer.writeNonZeroInt64Field(10, minModRevision)
        writer.writeNonZeroInt64Field(11, maxModRevision)
        writer.writeNonZeroInt64Field(12, minCreateRevision)
        writer.writeNonZeroInt64Field(13, maxCreateRevision)
    }
}

/// The response to a `RangeRequest`: `etcdserverpb.RangeResponse`.
public struct RangeResponse: EtcdMessage {
    public var header: ResponseHeader
    public var kvs: [KeyValue]
    /// True when `limit` cut the result and more keys are in the range.
    public var more: Bool
    /// Number of keys in the range, whatever the limit.
    public var count: Int64

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader = ResponseHeader(), kvs: [KeyValue] = [], more: Bool = false, count: Int64 = 0) {
        self.header = header
        self.kvs = kvs
        self.more = more
        self.count = count
    }
}

extension RangeResponse {
    // message RangeResponse {
    //   ResponseHeader header = 1; repeated mvccpb.KeyValue kvs = 2;
    //   bool more = 3; int64 count = 4;
    // }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited):
                var message = try reader.readMessage()
                header = try ResponseHeader(from: &message)
            case (2, .lengthDelimited):
                var message = try reader.readMessage()
                kvs.append(try KeyValue(from: &message))
            case (3, .varint): more = try reader.readBool()
            case (4, .varint): count = try reader.readInt64()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1) { header.encode(to: &$0) }
        for kv in kvs {
            writer.writeMessageField(2) { kv.encode(to: &$0) }
        }
        writer.writeTrueBoolField(3, more)
        writer.writeNonZeroInt64Field(4, count)
    }
}
