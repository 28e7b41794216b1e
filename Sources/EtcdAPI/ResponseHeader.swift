import Protobuf

/// The header of every etcd response: `etcdserverpb.ResponseHeader`.
public struct ResponseHeader: EtcdMessage {
    public var clusterID: UInt64
    public var memberID: UInt64
    /// The key-value store revision when the request was applied.
    public var revision: Int64
    public var raftTerm: UInt64

    public init() {
        self.init(clusterID: 0)
    }

    public init(clusterID: UInt64 = 0, memberID: UInt64 = 0, revision: Int64 = 0, raftTerm: UInt64 = 0) {
        self.clusterID = clusterID
        self.memberID = memberID
        self.revision = revision
        self.raftTerm = raftTerm
    }
}

extension ResponseHeader {
    // message ResponseHeader {
    //   uint64 cluster_id = 1;
    //   uint64 member_id = 2;
    //   int64 revision = 3;
    //   uint64 raft_term = 4;
    // }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): clusterID = try reader.readVarint()
            case (2, .varint): memberID = try reader.readVarint()
            case (3, .varint): revision = try reader.readInt64()
            case (4, .varint): raftTerm = try reader.readVarint()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroUInt64Field(1, clusterID)
        writer.writeNonZeroUInt64Field(2, memberID)
        writer.writeNonZeroInt64Field(3, revision)
        writer.writeNonZeroUInt64Field(4, raftTerm)
    }
}
