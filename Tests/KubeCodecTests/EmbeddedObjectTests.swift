import Foundation
import Protobuf
import Testing
@testable import KubeCodec

/// RawExtension bytes that are not JSON never fail the object around them.
@Suite struct EmbeddedObjectTests {
    /// A stored apps/v1 ControllerRevision named `r` whose data is `raw`.
    static func controllerRevision(data raw: [UInt8]) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.writeRaw(KubeStorageCodec.protobufPrefix)
        writer.writeMessageField(1) { typeMeta in
            typeMeta.writeStringField(1, "apps/v1")
            typeMeta.writeStringField(2, "ControllerRevision")
        }
        writer.writeMessageField(2) { object in
            object.writeMessageField(1) { metadata in metadata.writeStringField(1, "r") }
            object.writeMessageField(2) { data in data.writeBytesField(1, raw) }
            object.writeInt64Field(3, 4)
        }
        writer.writeStringField(3, "")
        writer.writeStringField(4, "")
        return writer.bytes
    }

    static func data(of value: [UInt8]) throws -> (tree: JSONValue?, fast: JSONValue?) {
        let tree = try KubeStorageCodec.decode(value: value).object?["data"]
        let fast = try KubeStorageCodec.decodeToJSON(value: value).json.map { try JSONParser.parse($0) }?["data"]
        return (tree, fast)
    }

    @Test func embeddedProtobufObjectIsDecoded() throws {
        let namespace = try KubeStorageCodec.encode(object: try JSONParser.parse(#"{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"inner"}}"#))
        let (tree, fast) = try Self.data(of: Self.controllerRevision(data: namespace))
        #expect(tree?["kind"] == .string("Namespace"))
        #expect(tree?["metadata"]?["name"] == .string("inner"))
        #expect(fast == tree)
    }

    @Test func otherBytesPrintAsBase64() throws {
        let (tree, fast) = try Self.data(of: Self.controllerRevision(data: [0x00, 0xFF, 0x10]))
        #expect(tree == .string("AP8Q"))
        #expect(fast == tree)
    }

    @Test func embeddedJSONIsCompactedWithHTMLEscapes() throws {
        let (tree, fast) = try Self.data(of: Self.controllerRevision(data: Array(#"{ "a": "<b>" }"#.utf8)))
        #expect(tree == .object(JSONObject([(key: "a", value: .string("<b>"))])))
        let bytes = try KubeStorageCodec.decodeToJSON(value: Self.controllerRevision(data: Array(#"{ "a": "<b>" }"#.utf8))).json
        #expect(String(decoding: try #require(bytes), as: UTF8.self).contains(#""data":{"a":"\u003cb\u003e"}"#))
        #expect(fast == tree)
    }
}
