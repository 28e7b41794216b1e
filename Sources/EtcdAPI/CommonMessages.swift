import Protobuf

/// A request without fields, such as `etcdserverpb.StatusRequest`.
///
/// etcd declares one empty message per RPC; they are identical on the wire,
/// so the per-RPC names are aliases of this type.
public struct EmptyRequest: EtcdMessage {
    public init() {}

    public init(from reader: inout ProtobufReader) throws {
        while let tag = try reader.readTag() {
            try reader.skipField(tag)
        }
    }

    public func encode(to writer: inout ProtobufWriter) {}
}

/// A response that carries only the header, such as `etcdserverpb.DefragmentResponse`.
// Fields: 1 header (ResponseHeader).
public struct HeaderOnlyResponse: EtcdMessage {
    public var header: ResponseHeader

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader) {
        self.header = header
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
    }
}
