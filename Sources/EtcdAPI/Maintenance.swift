import Protobuf

// Messages of etcd's Maintenance service.

/// `etcdserverpb.AlarmType`: the condition an alarm reports.
public struct AlarmType: EtcdEnum {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let none = AlarmType(rawValue: 0)
    /// The backend database reached its space quota; etcd accepts only reads and deletes.
    public static let noSpace = AlarmType(rawValue: 1)
    /// A member's data differs from the others.
    public static let corrupt = AlarmType(rawValue: 2)
    public static let names: [Int32: String] = [0: "NONE", 1: "NOSPACE", 2: "CORRUPT"]
}

/// A request to list, raise or clear alarms: `etcdserverpb.AlarmRequest`.
// Fields: 1 action (AlarmAction), 2 memberID (uint64), 3 alarm (AlarmType).
public struct AlarmRequest: EtcdMessage {
    /// `etcdserverpb.AlarmRequest.AlarmAction`.
    public struct Action: EtcdEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let get = Action(rawValue: 0)
        public static let activate = Action(rawValue: 1)
        public static let deactivate = Action(rawValue: 2)
        public static let names: [Int32: String] = [0: "GET", 1: "ACTIVATE", 2: "DEACTIVATE"]
    }

    public var action: Action
    /// The member the alarm belongs to; 0 with `get` lists every member's alarms.
    public var memberID: UInt64
    public var alarm: AlarmType

    public init() {
        self.init(action: .get)
    }

    public init(action: Action, memberID: UInt64 = 0, alarm: AlarmType = .none) {
        self.action = action
        self.memberID = memberID
        self.alarm = alarm
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): action = Action(rawValue: try reader.readInt32())
            case (2, .varint): memberID = try reader.readVarint()
            case (3, .varint): alarm = AlarmType(rawValue: try reader.readInt32())
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroEnumField(1, action.rawValue)
        writer.writeNonZeroUInt64Field(2, memberID)
        writer.writeNonZeroEnumField(3, alarm.rawValue)
    }
}

/// One raised alarm: `etcdserverpb.AlarmMember`.
// Fields: 1 memberID (uint64), 2 alarm (AlarmType).
public struct AlarmMember: EtcdMessage {
    public var memberID: UInt64
    public var alarm: AlarmType

    public init() {
        self.init(memberID: 0, alarm: .none)
    }

    public init(memberID: UInt64, alarm: AlarmType) {
        self.memberID = memberID
        self.alarm = alarm
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): memberID = try reader.readVarint()
            case (2, .varint): alarm = AlarmType(rawValue: try reader.readInt32())
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroUInt64Field(1, memberID)
        writer.writeNonZeroEnumField(2, alarm.rawValue)
    }
}

/// The response to an `AlarmRequest`: `etcdserverpb.AlarmResponse`.
// Fields: 1 header (ResponseHeader), 2 alarms (repeated AlarmMember).
public struct AlarmResponse: EtcdMessage {
    public var header: ResponseHeader
    /// The alarms listed, raised or cleared by the request.
    public var alarms: [AlarmMember]

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, alarms: [AlarmMember] = []) {
        self.header = header
        self.alarms = alarms
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .lengthDelimited): alarms.append(try reader.readMessage(AlarmMember.self))
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        for alarm in alarms {
            writer.writeMessageField(2, alarm)
        }
    }
}

/// A request for the member's status: `etcdserverpb.StatusRequest` (no fields).
public typealias StatusRequest = EmptyRequest

/// A cluster downgrade in progress: `etcdserverpb.DowngradeInfo` (etcd 3.6 and later).
// Fields: 1 enabled (bool), 2 targetVersion (string).
public struct DowngradeInfo: EtcdMessage {
    public var enabled: Bool
    public var targetVersion: String

    public init() {
        self.init(enabled: false)
    }

    public init(enabled: Bool, targetVersion: String = "") {
        self.enabled = enabled
        self.targetVersion = targetVersion
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): enabled = try reader.readBool()
            case (2, .lengthDelimited): targetVersion = try reader.readString()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeTrueBoolField(1, enabled)
        writer.writeNonEmptyStringField(2, targetVersion)
    }
}

/// One member's status: `etcdserverpb.StatusResponse`.
// Fields: 1 header (ResponseHeader), 2 version (string), 3 dbSize (int64),
// 4 leader (uint64), 5 raftIndex (uint64), 6 raftTerm (uint64),
// 7 raftAppliedIndex (uint64), 8 errors (repeated string), 9 dbSizeInUse (int64),
// 10 isLearner (bool). etcd 3.6 adds 11 storageVersion (string),
// 12 dbSizeQuota (int64), 13 downgradeInfo (DowngradeInfo).
public struct StatusResponse: EtcdMessage {
    public var header: ResponseHeader
    /// The member's etcd version, such as `3.5.16`.
    public var version: String
    /// Size of the backend database file in bytes.
    public var dbSize: Int64
    /// Member ID of the current leader.
    public var leader: UInt64
    public var raftIndex: UInt64
    public var raftTerm: UInt64
    public var raftAppliedIndex: UInt64
    /// Errors the member reports, such as raised alarms.
    public var errors: [String]
    /// Bytes of the database file in use; the rest is free space a defragmentation reclaims.
    public var dbSizeInUse: Int64
    public var isLearner: Bool
    public var storageVersion: String
    /// The backend quota in bytes.
    public var dbSizeQuota: Int64
    public var downgradeInfo: DowngradeInfo?

    public init() {
        self.header = ResponseHeader()
        self.version = ""
        self.dbSize = 0
        self.leader = 0
        self.raftIndex = 0
        self.raftTerm = 0
        self.raftAppliedIndex = 0
        self.errors = []
        self.dbSizeInUse = 0
        self.isLearner = false
        self.storageVersion = ""
        self.dbSizeQuota = 0
        self.downgradeInfo = nil
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .lengthDelimited): version = try reader.readString()
            case (3, .varint): dbSize = try reader.readInt64()
            case (4, .varint): leader = try reader.readVarint()
            case (5, .varint): raftIndex = try reader.readVarint()
            case (6, .varint): raftTerm = try reader.readVarint()
            case (7, .varint): raftAppliedIndex = try reader.readVarint()
            case (8, .lengthDelimited): errors.append(try reader.readString())
            case (9, .varint): dbSizeInUse = try reader.readInt64()
            case (10, .varint): isLearner = try reader.readBool()
            case (11, .lengthDelimited): storageVersion = try reader.readString()
            case (12, .varint): dbSizeQuota = try reader.readInt64()
            case (13, .lengthDelimited): downgradeInfo = try reader.readMessage(DowngradeInfo.self)
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeNonEmptyStringField(2, version)
        writer.writeNonZeroInt64Field(3, dbSize)
        writer.writeNonZeroUInt64Field(4, leader)
        writer.writeNonZeroUInt64Field(5, raftIndex)
        writer.writeNonZeroUInt64Field(6, raftTerm)
        writer.writeNonZeroUInt64Field(7, raftAppliedIndex)
        writer.writeRepeatedStringField(8, errors)
        writer.writeNonZeroInt64Field(9, dbSizeInUse)
        writer.writeTrueBoolField(10, isLearner)
        writer.writeNonEmptyStringField(11, storageVersion)
        writer.writeNonZeroInt64Field(12, dbSizeQuota)
        writer.writeOptionalMessageField(13, downgradeInfo)
    }
}

/// A request to defragment the member's database: `etcdserverpb.DefragmentRequest` (no fields).
public typealias DefragmentRequest = EmptyRequest
/// The response to a `DefragmentRequest` (header only).
public typealias DefragmentResponse = HeaderOnlyResponse

/// A request for a hash of the whole backend: `etcdserverpb.HashRequest` (no fields).
public typealias HashRequest = EmptyRequest

/// The response to a `HashRequest`: `etcdserverpb.HashResponse`.
// Fields: 1 header (ResponseHeader), 2 hash (uint32).
public struct HashResponse: EtcdMessage {
    public var header: ResponseHeader
    public var hash: UInt32

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, hash: UInt32 = 0) {
        self.header = header
        self.hash = hash
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .varint): hash = UInt32(truncatingIfNeeded: try reader.readVarint())
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeNonZeroUInt64Field(2, UInt64(hash))
    }
}

/// A request for a hash of the key-value history: `etcdserverpb.HashKVRequest`.
// Fields: 1 revision (int64).
public struct HashKVRequest: EtcdMessage {
    /// Hash the history up to this revision; 0 means the newest.
    public var revision: Int64

    public init() {
        self.init(revision: 0)
    }

    public init(revision: Int64) {
        self.revision = revision
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): revision = try reader.readInt64()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroInt64Field(1, revision)
    }
}

/// The response to a `HashKVRequest`: `etcdserverpb.HashKVResponse`.
// Fields: 1 header (ResponseHeader), 2 hash (uint32), 3 compact_revision (int64),
// 4 hash_revision (int64, etcd 3.5.5 and later).
public struct HashKVResponse: EtcdMessage {
    public var header: ResponseHeader
    public var hash: UInt32
    /// The compaction revision the hash starts from.
    public var compactRevision: Int64
    /// The revision the hash was computed at.
    public var hashRevision: Int64

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, hash: UInt32 = 0, compactRevision: Int64 = 0, hashRevision: Int64 = 0) {
        self.header = header
        self.hash = hash
        self.compactRevision = compactRevision
        self.hashRevision = hashRevision
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .varint): hash = UInt32(truncatingIfNeeded: try reader.readVarint())
            case (3, .varint): compactRevision = try reader.readInt64()
            case (4, .varint): hashRevision = try reader.readInt64()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeNonZeroUInt64Field(2, UInt64(hash))
        writer.writeNonZeroInt64Field(3, compactRevision)
        writer.writeNonZeroInt64Field(4, hashRevision)
    }
}

/// A request for a snapshot of the backend database: `etcdserverpb.SnapshotRequest` (no fields).
public typealias SnapshotRequest = EmptyRequest

/// One chunk of a snapshot stream: `etcdserverpb.SnapshotResponse`.
// Fields: 1 header (ResponseHeader), 2 remaining_bytes (uint64), 3 blob (bytes),
// 4 version (string, etcd 3.6 and later).
public struct SnapshotResponse: EtcdMessage {
    public var header: ResponseHeader
    /// Bytes still to come after this chunk; 0 on the last one.
    public var remainingBytes: UInt64
    public var blob: [UInt8]
    /// The sending member's storage version.
    public var version: String

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, remainingBytes: UInt64 = 0, blob: [UInt8] = [], version: String = "") {
        self.header = header
        self.remainingBytes = remainingBytes
        self.blob = blob
        self.version = version
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .varint): remainingBytes = try reader.readVarint()
            case (3, .lengthDelimited): blob = Array(try reader.readBytes())
            case (4, .lengthDelimited): version = try reader.readString()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeNonZeroUInt64Field(2, remainingBytes)
        writer.writeNonEmptyBytesField(3, blob)
        writer.writeNonEmptyStringField(4, version)
    }
}

/// A request to hand leadership to another member: `etcdserverpb.MoveLeaderRequest`.
// Fields: 1 targetID (uint64).
public struct MoveLeaderRequest: EtcdMessage {
    public var targetID: UInt64

    public init() {
        self.init(targetID: 0)
    }

    public init(targetID: UInt64) {
        self.targetID = targetID
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): targetID = try reader.readVarint()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroUInt64Field(1, targetID)
    }
}

/// The response to a `MoveLeaderRequest` (header only).
public typealias MoveLeaderResponse = HeaderOnlyResponse

/// A cluster downgrade step: `etcdserverpb.DowngradeRequest`.
// Fields: 1 action (DowngradeAction), 2 version (string).
public struct DowngradeRequest: EtcdMessage {
    /// `etcdserverpb.DowngradeRequest.DowngradeAction`.
    public struct Action: EtcdEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let validate = Action(rawValue: 0)
        public static let enable = Action(rawValue: 1)
        public static let cancel = Action(rawValue: 2)
        public static let names: [Int32: String] = [0: "VALIDATE", 1: "ENABLE", 2: "CANCEL"]
    }

    public var action: Action
    /// The target version, such as `3.5`.
    public var version: String

    public init() {
        self.init(action: .validate)
    }

    public init(action: Action, version: String = "") {
        self.action = action
        self.version = version
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): action = Action(rawValue: try reader.readInt32())
            case (2, .lengthDelimited): version = try reader.readString()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroEnumField(1, action.rawValue)
        writer.writeNonEmptyStringField(2, version)
    }
}

/// The response to a `DowngradeRequest`: `etcdserverpb.DowngradeResponse`.
// Fields: 1 header (ResponseHeader), 2 version (string).
public struct DowngradeResponse: EtcdMessage {
    public var header: ResponseHeader
    /// The cluster version after the step.
    public var version: String

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, version: String = "") {
        self.header = header
        self.version = version
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .lengthDelimited): version = try reader.readString()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeNonEmptyStringField(2, version)
    }
}
