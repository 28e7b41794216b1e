import Protobuf

// Messages of etcd's Lease service.

/// A request for a new lease: `etcdserverpb.LeaseGrantRequest`.
// Fields: 1 TTL (int64, seconds), 2 ID (int64).
public struct LeaseGrantRequest: EtcdMessage {
    /// Time to live in seconds.
    public var ttl: Int64
    /// The lease ID to use; 0 lets the server choose.
    public var id: Int64

    public init() {
        self.init(ttl: 0)
    }

    public init(ttl: Int64, id: Int64 = 0) {
        self.ttl = ttl
        self.id = id
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): ttl = try reader.readInt64()
            case (2, .varint): id = try reader.readInt64()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroInt64Field(1, ttl)
        writer.writeNonZeroInt64Field(2, id)
    }
}

/// The response to a `LeaseGrantRequest`: `etcdserverpb.LeaseGrantResponse`.
// Fields: 1 header (ResponseHeader), 2 ID (int64), 3 TTL (int64, seconds), 4 error (string).
public struct LeaseGrantResponse: EtcdMessage {
    public var header: ResponseHeader
    public var id: Int64
    /// Time to live the server chose, in seconds.
    public var ttl: Int64
    public var error: String

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, id: Int64 = 0, ttl: Int64 = 0, error: String = "") {
        self.header = header
        self.id = id
        self.ttl = ttl
        self.error = error
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .varint): id = try reader.readInt64()
            case (3, .varint): ttl = try reader.readInt64()
            case (4, .lengthDelimited): error = try reader.readString()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeNonZeroInt64Field(2, id)
        writer.writeNonZeroInt64Field(3, ttl)
        writer.writeNonEmptyStringField(4, error)
    }
}

/// A request that names one lease by ID: `etcdserverpb.LeaseRevokeRequest` and
/// `etcdserverpb.LeaseKeepAliveRequest`, which are the same on the wire.
// Fields: 1 ID (int64).
public struct LeaseIDRequest: EtcdMessage {
    public var id: Int64

    public init() {
        self.init(id: 0)
    }

    public init(id: Int64) {
        self.id = id
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): id = try reader.readInt64()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroInt64Field(1, id)
    }
}

public typealias LeaseRevokeRequest = LeaseIDRequest
public typealias LeaseKeepAliveRequest = LeaseIDRequest

/// The response to a `LeaseRevokeRequest`: `etcdserverpb.LeaseRevokeResponse` (header only).
public typealias LeaseRevokeResponse = HeaderOnlyResponse

/// One response on a keep-alive stream: `etcdserverpb.LeaseKeepAliveResponse`.
// Fields: 1 header (ResponseHeader), 2 ID (int64), 3 TTL (int64, seconds).
public struct LeaseKeepAliveResponse: EtcdMessage {
    public var header: ResponseHeader
    public var id: Int64
    /// The renewed time to live in seconds; 0 or less means the lease has expired.
    public var ttl: Int64

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, id: Int64 = 0, ttl: Int64 = 0) {
        self.header = header
        self.id = id
        self.ttl = ttl
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .varint): id = try reader.readInt64()
            case (3, .varint): ttl = try reader.readInt64()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeNonZeroInt64Field(2, id)
        writer.writeNonZeroInt64Field(3, ttl)
    }
}

/// A query for a lease's remaining time: `etcdserverpb.LeaseTimeToLiveRequest`.
// Fields: 1 ID (int64), 2 keys (bool).
public struct LeaseTimeToLiveRequest: EtcdMessage {
    public var id: Int64
    /// Also list the keys attached to the lease (etcdctl's `--keys`).
    public var keys: Bool

    public init() {
        self.init(id: 0)
    }

    public init(id: Int64, keys: Bool = false) {
        self.id = id
        self.keys = keys
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): id = try reader.readInt64()
            case (2, .varint): keys = try reader.readBool()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroInt64Field(1, id)
        writer.writeTrueBoolField(2, keys)
    }
}

/// The response to a `LeaseTimeToLiveRequest`: `etcdserverpb.LeaseTimeToLiveResponse`.
// Fields: 1 header (ResponseHeader), 2 ID (int64), 3 TTL (int64, seconds),
// 4 grantedTTL (int64, seconds), 5 keys (repeated bytes).
public struct LeaseTimeToLiveResponse: EtcdMessage {
    public var header: ResponseHeader
    public var id: Int64
    /// Remaining time to live in seconds; -1 when the lease does not exist or has expired.
    public var ttl: Int64
    /// Time to live the lease was granted with, in seconds.
    public var grantedTTL: Int64
    public var keys: [[UInt8]]

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, id: Int64 = 0, ttl: Int64 = 0, grantedTTL: Int64 = 0, keys: [[UInt8]] = []) {
        self.header = header
        self.id = id
        self.ttl = ttl
        self.grantedTTL = grantedTTL
        self.keys = keys
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .varint): id = try reader.readInt64()
            case (3, .varint): ttl = try reader.readInt64()
            case (4, .varint): grantedTTL = try reader.readInt64()
            case (5, .lengthDelimited): keys.append(Array(try reader.readBytes()))
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeNonZeroInt64Field(2, id)
        writer.writeNonZeroInt64Field(3, ttl)
        writer.writeNonZeroInt64Field(4, grantedTTL)
        writer.writeRepeatedBytesField(5, keys)
    }
}

/// A request to list every lease: `etcdserverpb.LeaseLeasesRequest` (no fields).
public typealias LeaseLeasesRequest = EmptyRequest

/// One lease in a `LeaseLeasesResponse`: `etcdserverpb.LeaseStatus`.
// Fields: 1 ID (int64).
public typealias LeaseStatus = LeaseIDRequest

/// The list of leases: `etcdserverpb.LeaseLeasesResponse`.
// Fields: 1 header (ResponseHeader), 2 leases (repeated LeaseStatus).
public struct LeaseLeasesResponse: EtcdMessage {
    public var header: ResponseHeader
    public var leases: [LeaseStatus]

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, leases: [LeaseStatus] = []) {
        self.header = header
        self.leases = leases
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .lengthDelimited): leases.append(try reader.readMessage(LeaseStatus.self))
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        for lease in leases {
            writer.writeMessageField(2, lease)
        }
    }
}
