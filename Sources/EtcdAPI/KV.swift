import Protobuf

// Messages of etcd's KV service besides Range: Put, DeleteRange, Txn and Compact.

/// A write of one key: `etcdserverpb.PutRequest`.
// Fields: 1 key (bytes), 2 value (bytes), 3 lease (int64), 4 prev_kv (bool),
// 5 ignore_value (bool), 6 ignore_lease (bool).
public struct PutRequest: EtcdMessage {
    public var key: [UInt8]
    public var value: [UInt8]
    /// Lease to attach to the key; 0 detaches any lease.
    public var lease: Int64
    /// Return the key's previous state in the response.
    public var prevKV: Bool
    /// Keep the current value and change only the lease (etcdctl's `--ignore-value`).
    public var ignoreValue: Bool
    /// Keep the current lease and change only the value (etcdctl's `--ignore-lease`).
    public var ignoreLease: Bool

    public init() {
        self.init(key: [])
    }

    public init(key: [UInt8], value: [UInt8] = [], lease: Int64 = 0, prevKV: Bool = false, ignoreValue: Bool = false, ignoreLease: Bool = false) {
        self.key = key
        self.value = value
        self.lease = lease
        self.prevKV = prevKV
        self.ignoreValue = ignoreValue
        self.ignoreLease = ignoreLease
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): key = Array(try reader.readBytes())
            case (2, .lengthDelimited): value = Array(try reader.readBytes())
            case (3, .varint): lease = try reader.readInt64()
            case (4, .varint): prevKV = try reader.readBool()
            case (5, .varint): ignoreValue = try reader.readBool()
            case (6, .varint): ignoreLease = try reader.readBool()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonEmptyBytesField(1, key)
        writer.writeNonEmptyBytesField(2, value)
        writer.writeNonZeroInt64Field(3, lease)
        writer.writeTrueBoolField(4, prevKV)
        writer.writeTrueBoolField(5, ignoreValue)
        writer.writeTrueBoolField(6, ignoreLease)
    }
}

/// The response to a `PutRequest`: `etcdserverpb.PutResponse`.
// Fields: 1 header (ResponseHeader), 2 prev_kv (mvccpb.KeyValue).
public struct PutResponse: EtcdMessage {
    public var header: ResponseHeader
    /// The key's state before the write, when the request set `prevKV` and the key existed.
    public var prevKV: KeyValue?

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, prevKV: KeyValue? = nil) {
        self.header = header
        self.prevKV = prevKV
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .lengthDelimited): prevKV = try reader.readMessage(KeyValue.self)
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeOptionalMessageField(2, prevKV)
    }
}

/// A delete of one key or a key range: `etcdserverpb.DeleteRangeRequest`.
// Fields: 1 key (bytes), 2 range_end (bytes), 3 prev_kv (bool).
public struct DeleteRangeRequest: EtcdMessage {
    public var key: [UInt8]
    /// End of the range, exclusive, with the same conventions as `RangeRequest.rangeEnd`.
    public var rangeEnd: [UInt8]
    /// Return the deleted keys in the response.
    public var prevKV: Bool

    public init() {
        self.init(key: [])
    }

    public init(key: [UInt8], rangeEnd: [UInt8] = [], prevKV: Bool = false) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.prevKV = prevKV
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): key = Array(try reader.readBytes())
            case (2, .lengthDelimited): rangeEnd = Array(try reader.readBytes())
            case (3, .varint): prevKV = try reader.readBool()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonEmptyBytesField(1, key)
        writer.writeNonEmptyBytesField(2, rangeEnd)
        writer.writeTrueBoolField(3, prevKV)
    }
}

/// The response to a `DeleteRangeRequest`: `etcdserverpb.DeleteRangeResponse`.
// Fields: 1 header (ResponseHeader), 2 deleted (int64), 3 prev_kvs (repeated mvccpb.KeyValue).
public struct DeleteRangeResponse: EtcdMessage {
    public var header: ResponseHeader
    /// Number of keys deleted.
    public var deleted: Int64
    public var prevKVs: [KeyValue]

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, deleted: Int64 = 0, prevKVs: [KeyValue] = []) {
        self.header = header
        self.deleted = deleted
        self.prevKVs = prevKVs
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .varint): deleted = try reader.readInt64()
            case (3, .lengthDelimited): prevKVs.append(try reader.readMessage(KeyValue.self))
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeNonZeroInt64Field(2, deleted)
        for kv in prevKVs {
            writer.writeMessageField(3, kv)
        }
    }
}

/// One condition of a transaction: `etcdserverpb.Compare`.
// Fields: 1 result (CompareResult), 2 target (CompareTarget), 3 key (bytes),
// oneof target_union { 4 version (int64), 5 create_revision (int64),
// 6 mod_revision (int64), 7 value (bytes), 8 lease (int64) }, 64 range_end (bytes).
public struct Compare: EtcdMessage {
    /// `etcdserverpb.Compare.CompareResult`: the comparison operator.
    public struct Result: EtcdEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let equal = Result(rawValue: 0)
        public static let greater = Result(rawValue: 1)
        public static let less = Result(rawValue: 2)
        public static let notEqual = Result(rawValue: 3)
        public static let names: [Int32: String] = [0: "EQUAL", 1: "GREATER", 2: "LESS", 3: "NOT_EQUAL"]
    }

    /// `etcdserverpb.Compare.CompareTarget`: which property of the key is compared.
    public struct Target: EtcdEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let version = Target(rawValue: 0)
        public static let create = Target(rawValue: 1)
        public static let mod = Target(rawValue: 2)
        public static let value = Target(rawValue: 3)
        public static let lease = Target(rawValue: 4)
        public static let names: [Int32: String] = [0: "VERSION", 1: "CREATE", 2: "MOD", 3: "VALUE", 4: "LEASE"]
    }

    /// The value compared against: the `target_union` oneof.
    public enum Operand: Equatable, Sendable {
        case version(Int64)
        case createRevision(Int64)
        case modRevision(Int64)
        case value([UInt8])
        case lease(Int64)

        /// The target this operand is compared with.
        public var target: Target {
            switch self {
            case .version: return .version
            case .createRevision: return .create
            case .modRevision: return .mod
            case .value: return .value
            case .lease: return .lease
            }
        }
    }

    public var result: Result
    public var target: Target
    public var key: [UInt8]
    /// The compared value; nil only when decoded from a message that lacks it.
    public var operand: Operand?
    /// End of the key range compared, exclusive; empty compares only `key`.
    public var rangeEnd: [UInt8]

    public init() {
        self.result = .equal
        self.target = .version
        self.key = []
        self.operand = nil
        self.rangeEnd = []
    }

    /// Creates a comparison of `key`'s property named by `operand`'s case.
    public init(key: [UInt8], rangeEnd: [UInt8] = [], result: Result, operand: Operand) {
        self.result = result
        self.target = operand.target
        self.key = key
        self.operand = operand
        self.rangeEnd = rangeEnd
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): result = Result(rawValue: try reader.readInt32())
            case (2, .varint): target = Target(rawValue: try reader.readInt32())
            case (3, .lengthDelimited): key = Array(try reader.readBytes())
            case (4, .varint): operand = .version(try reader.readInt64())
            case (5, .varint): operand = .createRevision(try reader.readInt64())
            case (6, .varint): operand = .modRevision(try reader.readInt64())
            case (7, .lengthDelimited): operand = .value(Array(try reader.readBytes()))
            case (8, .varint): operand = .lease(try reader.readInt64())
            case (64, .lengthDelimited): rangeEnd = Array(try reader.readBytes())
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroEnumField(1, result.rawValue)
        writer.writeNonZeroEnumField(2, target.rawValue)
        writer.writeNonEmptyBytesField(3, key)
        // A oneof member is written even when it has its default value.
        switch operand {
        case .version(let version): writer.writeInt64Field(4, version)
        case .createRevision(let revision): writer.writeInt64Field(5, revision)
        case .modRevision(let revision): writer.writeInt64Field(6, revision)
        case .value(let value): writer.writeBytesField(7, value)
        case .lease(let lease): writer.writeInt64Field(8, lease)
        case nil: break
        }
        writer.writeNonEmptyBytesField(64, rangeEnd)
    }
}

/// One operation inside a transaction: `etcdserverpb.RequestOp`.
// Fields: oneof request { 1 request_range (RangeRequest), 2 request_put (PutRequest),
// 3 request_delete_range (DeleteRangeRequest), 4 request_txn (TxnRequest) }.
public enum RequestOp: Equatable, Sendable {
    case range(RangeRequest)
    case put(PutRequest)
    case deleteRange(DeleteRangeRequest)
    case txn(TxnRequest)
}

extension RequestOp: EtcdMessage {
    /// Creates an empty range read, because etcd needs every `RequestOp` to carry a request.
    public init() {
        self = .range(RangeRequest())
    }

    /// Decodes the operation; a message without a known request member is
    /// invalid, because etcd rejects it too.
    public init(from reader: inout ProtobufReader) throws {
        var decoded: RequestOp?
        let start = reader.offset
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): decoded = .range(try reader.readMessage(RangeRequest.self))
            case (2, .lengthDelimited): decoded = .put(try reader.readMessage(PutRequest.self))
            case (3, .lengthDelimited): decoded = .deleteRange(try reader.readMessage(DeleteRangeRequest.self))
            case (4, .lengthDelimited): decoded = .txn(try reader.readMessage(TxnRequest.self))
            default: try reader.skipField(tag)
            }
        }
        guard let decoded else {
            throw ProtobufError(offset: start, reason: "RequestOp has no range, put, delete_range or txn request")
        }
        self = decoded
    }

    public func encode(to writer: inout ProtobufWriter) {
        switch self {
        case .range(let request): writer.writeMessageField(1, request)
        case .put(let request): writer.writeMessageField(2, request)
        case .deleteRange(let request): writer.writeMessageField(3, request)
        case .txn(let request): writer.writeMessageField(4, request)
        }
    }
}

/// The result of one transaction operation: `etcdserverpb.ResponseOp`.
// Fields: oneof response { 1 response_range (RangeResponse), 2 response_put (PutResponse),
// 3 response_delete_range (DeleteRangeResponse), 4 response_txn (TxnResponse) }.
public enum ResponseOp: Equatable, Sendable {
    case range(RangeResponse)
    case put(PutResponse)
    case deleteRange(DeleteRangeResponse)
    case txn(TxnResponse)
}

extension ResponseOp: EtcdMessage {
    public init() {
        self = .range(RangeResponse())
    }

    public init(from reader: inout ProtobufReader) throws {
        var decoded: ResponseOp?
        let start = reader.offset
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): decoded = .range(try reader.readMessage(RangeResponse.self))
            case (2, .lengthDelimited): decoded = .put(try reader.readMessage(PutResponse.self))
            case (3, .lengthDelimited): decoded = .deleteRange(try reader.readMessage(DeleteRangeResponse.self))
            case (4, .lengthDelimited): decoded = .txn(try reader.readMessage(TxnResponse.self))
            default: try reader.skipField(tag)
            }
        }
        guard let decoded else {
            throw ProtobufError(offset: start, reason: "ResponseOp has no range, put, delete_range or txn response")
        }
        self = decoded
    }

    public func encode(to writer: inout ProtobufWriter) {
        switch self {
        case .range(let response): writer.writeMessageField(1, response)
        case .put(let response): writer.writeMessageField(2, response)
        case .deleteRange(let response): writer.writeMessageField(3, response)
        case .txn(let response): writer.writeMessageField(4, response)
        }
    }
}

/// An atomic if/then/else: `etcdserverpb.TxnRequest`.
// Fields: 1 compare (repeated Compare), 2 success (repeated RequestOp), 3 failure (repeated RequestOp).
public struct TxnRequest: EtcdMessage {
    /// Conditions that must all hold for `success` to run; otherwise `failure` runs.
    public var compare: [Compare]
    public var success: [RequestOp]
    public var failure: [RequestOp]

    public init() {
        self.init(compare: [])
    }

    public init(compare: [Compare], success: [RequestOp] = [], failure: [RequestOp] = []) {
        self.compare = compare
        self.success = success
        self.failure = failure
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): compare.append(try reader.readMessage(Compare.self))
            case (2, .lengthDelimited): success.append(try reader.readMessage(RequestOp.self))
            case (3, .lengthDelimited): failure.append(try reader.readMessage(RequestOp.self))
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        for comparison in compare {
            writer.writeMessageField(1, comparison)
        }
        for operation in success {
            writer.writeMessageField(2, operation)
        }
        for operation in failure {
            writer.writeMessageField(3, operation)
        }
    }
}

/// The response to a `TxnRequest`: `etcdserverpb.TxnResponse`.
// Fields: 1 header (ResponseHeader), 2 succeeded (bool), 3 responses (repeated ResponseOp).
public struct TxnResponse: EtcdMessage {
    public var header: ResponseHeader
    /// True when every comparison held and the `success` branch ran.
    public var succeeded: Bool
    /// One result per operation of the branch that ran, in order.
    public var responses: [ResponseOp]

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, succeeded: Bool = false, responses: [ResponseOp] = []) {
        self.header = header
        self.succeeded = succeeded
        self.responses = responses
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .varint): succeeded = try reader.readBool()
            case (3, .lengthDelimited): responses.append(try reader.readMessage(ResponseOp.self))
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeTrueBoolField(2, succeeded)
        for response in responses {
            writer.writeMessageField(3, response)
        }
    }
}

/// A compaction of the key-value history: `etcdserverpb.CompactionRequest`.
// Fields: 1 revision (int64), 2 physical (bool).
public struct CompactionRequest: EtcdMessage {
    /// Revisions below this one are discarded.
    public var revision: Int64
    /// Wait until the compaction is applied on disk before responding (etcdctl's `--physical`).
    public var physical: Bool

    public init() {
        self.init(revision: 0)
    }

    public init(revision: Int64, physical: Bool = false) {
        self.revision = revision
        self.physical = physical
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): revision = try reader.readInt64()
            case (2, .varint): physical = try reader.readBool()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroInt64Field(1, revision)
        writer.writeTrueBoolField(2, physical)
    }
}

/// The response to a `CompactionRequest`: `etcdserverpb.CompactionResponse` (header only).
public typealias CompactionResponse = HeaderOnlyResponse
