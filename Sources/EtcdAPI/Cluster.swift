import Protobuf

// Messages of etcd's Cluster service: membership.

/// One cluster member: `etcdserverpb.Member`.
// Fields: 1 ID (uint64), 2 name (string), 3 peerURLs (repeated string),
// 4 clientURLs (repeated string), 5 isLearner (bool).
public struct Member: EtcdMessage {
    public var id: UInt64
    /// The member's name; empty until a newly added member has started.
    public var name: String
    public var peerURLs: [String]
    public var clientURLs: [String]
    public var isLearner: Bool

    public init() {
        self.init(id: 0)
    }

    public init(id: UInt64, name: String = "", peerURLs: [String] = [], clientURLs: [String] = [], isLearner: Bool = false) {
        self.id = id
        self.name = name
        self.peerURLs = peerURLs
        self.clientURLs = clientURLs
        self.isLearner = isLearner
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): id = try reader.readVarint()
            case (2, .lengthDelimited): name = try reader.readString()
            case (3, .lengthDelimited): peerURLs.append(try reader.readString())
            case (4, .lengthDelimited): clientURLs.append(try reader.readString())
            case (5, .varint): isLearner = try reader.readBool()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroUInt64Field(1, id)
        writer.writeNonEmptyStringField(2, name)
        writer.writeRepeatedStringField(3, peerURLs)
        writer.writeRepeatedStringField(4, clientURLs)
        writer.writeTrueBoolField(5, isLearner)
    }
}

/// A request to add a member: `etcdserverpb.MemberAddRequest`.
// Fields: 1 peerURLs (repeated string), 2 isLearner (bool).
public struct MemberAddRequest: EtcdMessage {
    public var peerURLs: [String]
    /// Add the member as a non-voting learner (etcdctl's `--learner`).
    public var isLearner: Bool

    public init() {
        self.init(peerURLs: [])
    }

    public init(peerURLs: [String], isLearner: Bool = false) {
        self.peerURLs = peerURLs
        self.isLearner = isLearner
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): peerURLs.append(try reader.readString())
            case (2, .varint): isLearner = try reader.readBool()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeRepeatedStringField(1, peerURLs)
        writer.writeTrueBoolField(2, isLearner)
    }
}

/// The response to a `MemberAddRequest`: `etcdserverpb.MemberAddResponse`.
// Fields: 1 header (ResponseHeader), 2 member (Member), 3 members (repeated Member).
public struct MemberAddResponse: EtcdMessage {
    public var header: ResponseHeader
    /// The member just added.
    public var member: Member?
    /// Every member after the change, the new one included.
    public var members: [Member]

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, member: Member? = nil, members: [Member] = []) {
        self.header = header
        self.member = member
        self.members = members
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .lengthDelimited): member = try reader.readMessage(Member.self)
            case (3, .lengthDelimited): members.append(try reader.readMessage(Member.self))
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeOptionalMessageField(2, member)
        for member in members {
            writer.writeMessageField(3, member)
        }
    }
}

/// A request that names one member by ID: `etcdserverpb.MemberRemoveRequest`
/// and `etcdserverpb.MemberPromoteRequest`, which are the same on the wire.
// Fields: 1 ID (uint64).
public struct MemberIDRequest: EtcdMessage {
    public var id: UInt64

    public init() {
        self.init(id: 0)
    }

    public init(id: UInt64) {
        self.id = id
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): id = try reader.readVarint()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroUInt64Field(1, id)
    }
}

public typealias MemberRemoveRequest = MemberIDRequest
public typealias MemberPromoteRequest = MemberIDRequest

/// A request to change a member's peer URLs: `etcdserverpb.MemberUpdateRequest`.
// Fields: 1 ID (uint64), 2 peerURLs (repeated string).
public struct MemberUpdateRequest: EtcdMessage {
    public var id: UInt64
    public var peerURLs: [String]

    public init() {
        self.init(id: 0)
    }

    public init(id: UInt64, peerURLs: [String] = []) {
        self.id = id
        self.peerURLs = peerURLs
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): id = try reader.readVarint()
            case (2, .lengthDelimited): peerURLs.append(try reader.readString())
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroUInt64Field(1, id)
        writer.writeRepeatedStringField(2, peerURLs)
    }
}

/// A request for the member list: `etcdserverpb.MemberListRequest`.
// Fields: 1 linearizable (bool).
public struct MemberListRequest: EtcdMessage {
    /// Read the list through the raft leader instead of the member's local
    /// copy (etcdctl 3.6's `member list --consistency=l`; etcd 3.5 ignores it).
    public var linearizable: Bool

    public init() {
        self.init(linearizable: false)
    }

    public init(linearizable: Bool) {
        self.linearizable = linearizable
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): linearizable = try reader.readBool()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeTrueBoolField(1, linearizable)
    }
}

/// A response that lists the members after a membership call:
/// `etcdserverpb.MemberListResponse`, `MemberRemoveResponse`,
/// `MemberUpdateResponse` and `MemberPromoteResponse`, the same on the wire.
// Fields: 1 header (ResponseHeader), 2 members (repeated Member).
public struct MemberListResponse: EtcdMessage {
    public var header: ResponseHeader
    public var members: [Member]

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, members: [Member] = []) {
        self.header = header
        self.members = members
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .lengthDelimited): members.append(try reader.readMessage(Member.self))
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        for member in members {
            writer.writeMessageField(2, member)
        }
    }
}

public typealias MemberRemoveResponse = MemberListResponse
public typealias MemberUpdateResponse = MemberListResponse
public typealias MemberPromoteResponse = MemberListResponse
