import Protobuf

// Messages of etcd's Watch service: one bidirectional stream of
// WatchRequest from the client and WatchResponse from the server.

/// A change to one key: `mvccpb.Event`.
// Fields: 1 type (EventType), 2 kv (KeyValue), 3 prev_kv (KeyValue).
public struct Event: EtcdMessage {
    /// `mvccpb.Event.EventType`.
    public struct EventType: EtcdEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let put = EventType(rawValue: 0)
        public static let delete = EventType(rawValue: 1)
        public static let names: [Int32: String] = [0: "PUT", 1: "DELETE"]
    }

    public var type: EventType
    /// The key after the change; for a delete, only the key and `modRevision` are set.
    public var kv: KeyValue?
    /// The key before the change, when the watch asked for `prevKV` and the key existed.
    public var prevKV: KeyValue?

    public init() {
        self.init(type: .put)
    }

    public init(type: EventType, kv: KeyValue? = nil, prevKV: KeyValue? = nil) {
        self.type = type
        self.kv = kv
        self.prevKV = prevKV
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): type = EventType(rawValue: try reader.readInt32())
            case (2, .lengthDelimited): kv = try reader.readMessage(KeyValue.self)
            case (3, .lengthDelimited): prevKV = try reader.readMessage(KeyValue.self)
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroEnumField(1, type.rawValue)
        writer.writeOptionalMessageField(2, kv)
        writer.writeOptionalMessageField(3, prevKV)
    }
}

/// A request to start watching a key or range: `etcdserverpb.WatchCreateRequest`.
// Fields: 1 key (bytes), 2 range_end (bytes), 3 start_revision (int64),
// 4 progress_notify (bool), 5 filters (repeated FilterType, packed), 6 prev_kv (bool),
// 7 watch_id (int64), 8 fragment (bool).
public struct WatchCreateRequest: EtcdMessage {
    /// `etcdserverpb.WatchCreateRequest.FilterType`: event kinds the server leaves out.
    public struct FilterType: EtcdEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let noPut = FilterType(rawValue: 0)
        public static let noDelete = FilterType(rawValue: 1)
        public static let names: [Int32: String] = [0: "NOPUT", 1: "NODELETE"]
    }

    public var key: [UInt8]
    public var rangeEnd: [UInt8]
    /// First revision to report, inclusive; 0 starts after the current revision.
    public var startRevision: Int64
    /// Ask for periodic empty responses carrying the current revision while idle.
    public var progressNotify: Bool
    public var filters: [FilterType]
    /// Include each key's previous state in the events.
    public var prevKV: Bool
    /// The watch ID to use; 0 lets the server choose.
    public var watchID: Int64
    /// Allow the server to split large revisions over several responses.
    public var fragment: Bool

    public init() {
        self.init(key: [])
    }

    public init(
        key: [UInt8], rangeEnd: [UInt8] = [], startRevision: Int64 = 0, progressNotify: Bool = false,
        filters: [FilterType] = [], prevKV: Bool = false, watchID: Int64 = 0, fragment: Bool = false
    ) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.startRevision = startRevision
        self.progressNotify = progressNotify
        self.filters = filters
        self.prevKV = prevKV
        self.watchID = watchID
        self.fragment = fragment
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        var filterValues: [Int32] = []
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): key = Array(try reader.readBytes())
            case (2, .lengthDelimited): rangeEnd = Array(try reader.readBytes())
            case (3, .varint): startRevision = try reader.readInt64()
            case (4, .varint): progressNotify = try reader.readBool()
            case (5, .lengthDelimited), (5, .varint): try reader.readRepeatedInt32(tag, into: &filterValues)
            case (6, .varint): prevKV = try reader.readBool()
            case (7, .varint): watchID = try reader.readInt64()
            case (8, .varint): fragment = try reader.readBool()
            default: try reader.skipField(tag)
            }
        }
        filters = filterValues.map(FilterType.init(rawValue:))
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonEmptyBytesField(1, key)
        writer.writeNonEmptyBytesField(2, rangeEnd)
        writer.writeNonZeroInt64Field(3, startRevision)
        writer.writeTrueBoolField(4, progressNotify)
        writer.writePackedEnumField(5, filters.map(\.rawValue))
        writer.writeTrueBoolField(6, prevKV)
        writer.writeNonZeroInt64Field(7, watchID)
        writer.writeTrueBoolField(8, fragment)
    }
}

/// A request to stop one watch: `etcdserverpb.WatchCancelRequest`.
// Fields: 1 watch_id (int64).
public struct WatchCancelRequest: EtcdMessage {
    public var watchID: Int64

    public init() {
        self.init(watchID: 0)
    }

    public init(watchID: Int64) {
        self.watchID = watchID
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): watchID = try reader.readInt64()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroInt64Field(1, watchID)
    }
}

/// A request for a progress notification on every watch of the stream:
/// `etcdserverpb.WatchProgressRequest` (no fields).
public typealias WatchProgressRequest = EmptyRequest

/// One message the client sends on a watch stream: `etcdserverpb.WatchRequest`.
// Fields: oneof request_union { 1 create_request (WatchCreateRequest),
// 2 cancel_request (WatchCancelRequest), 3 progress_request (WatchProgressRequest) }.
public enum WatchRequest: Equatable, Sendable {
    case create(WatchCreateRequest)
    case cancel(WatchCancelRequest)
    case progress
}

extension WatchRequest: EtcdMessage {
    public init() {
        self = .progress
    }

    public init(from reader: inout ProtobufReader) throws {
        var decoded: WatchRequest?
        let start = reader.offset
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): decoded = .create(try reader.readMessage(WatchCreateRequest.self))
            case (2, .lengthDelimited): decoded = .cancel(try reader.readMessage(WatchCancelRequest.self))
            case (3, .lengthDelimited):
                _ = try reader.readMessage(WatchProgressRequest.self)
                decoded = .progress
            default: try reader.skipField(tag)
            }
        }
        guard let decoded else {
            throw ProtobufError(offset: start, reason: "WatchRequest has no create, cancel or progress request")
        }
        self = decoded
    }

    public func encode(to writer: inout ProtobufWriter) {
        switch self {
        case .create(let request): writer.writeMessageField(1, request)
        case .cancel(let request): writer.writeMessageField(2, request)
        case .progress: writer.writeMessageField(3, WatchProgressRequest())
        }
    }
}

/// One message the server sends on a watch stream: `etcdserverpb.WatchResponse`.
// Fields: 1 header (ResponseHeader), 2 watch_id (int64), 3 created (bool),
// 4 canceled (bool), 5 compact_revision (int64), 6 cancel_reason (string),
// 7 fragment (bool), 11 events (repeated mvccpb.Event).
public struct WatchResponse: EtcdMessage {
    public var header: ResponseHeader
    public var watchID: Int64
    /// True on the response to a create request.
    public var created: Bool
    /// True when the watch ended; `cancelReason` or `compactRevision` gives the reason.
    public var canceled: Bool
    /// Set when the requested start revision was compacted: the oldest revision still available.
    public var compactRevision: Int64
    public var cancelReason: String
    /// True when more responses follow for the same revision.
    public var fragment: Bool
    public var events: [Event]

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(
        header: ResponseHeader, watchID: Int64 = 0, created: Bool = false, canceled: Bool = false,
        compactRevision: Int64 = 0, cancelReason: String = "", fragment: Bool = false, events: [Event] = []
    ) {
        self.header = header
        self.watchID = watchID
        self.created = created
        self.canceled = canceled
        self.compactRevision = compactRevision
        self.cancelReason = cancelReason
        self.fragment = fragment
        self.events = events
    }

    /// True for a progress notification: no events, not a create or cancel response.
    public var isProgressNotify: Bool {
        events.isEmpty && !created && !canceled && compactRevision == 0 && header.revision != 0
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .varint): watchID = try reader.readInt64()
            case (3, .varint): created = try reader.readBool()
            case (4, .varint): canceled = try reader.readBool()
            case (5, .varint): compactRevision = try reader.readInt64()
            case (6, .lengthDelimited): cancelReason = try reader.readString()
            case (7, .varint): fragment = try reader.readBool()
            case (11, .lengthDelimited): events.append(try reader.readMessage(Event.self))
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeNonZeroInt64Field(2, watchID)
        writer.writeTrueBoolField(3, created)
        writer.writeTrueBoolField(4, canceled)
        writer.writeNonZeroInt64Field(5, compactRevision)
        writer.writeNonEmptyStringField(6, cancelReason)
        writer.writeTrueBoolField(7, fragment)
        for event in events {
            writer.writeMessageField(11, event)
        }
    }
}
