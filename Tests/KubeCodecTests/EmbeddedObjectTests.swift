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

    /// Embedded JSON that the direct writer would copy as it is prints as
    /// the tree path prints it, also when it is damaged, repeats a key or
    /// contains bytes that are not UTF-8.
    @Test func copiedJSONMatchesTreePath() throws {
        var texts: [[UInt8]] = [
            #"{"a":[1,-0,2.5e3,1E-2,true,false,null,{},[]],"b":"xé漢"}"#, #"[{"f:a":{}},{"f:b":{".":{}}}]"#,
            #"{"a":1"#, #"{"a":1,}"#, #"[1,]"#, #"[01]"#, #"{"a":1}x"#, #"{"a":tru}"#, #"[1.]"#, #"[1e]"#, #"{"a"}"#,
            #"{"a":1,"a":2}"#, "{\"\u{E9}\":1,\"e\u{301}\":2}",
        ].map { Array($0.utf8) }
        texts.append(Array((String(repeating: "[", count: 300) + String(repeating: "]", count: 300)).utf8))
        texts.append(Array(#"{"a":""#.utf8) + [0xFF] + Array(#""}"#.utf8))
        texts.append(Array(#"{"a":""#.utf8) + [0x01] + Array(#""}"#.utf8))
        for text in texts {
            let value = Self.controllerRevision(data: text)
            let tree = try KubeStorageCodec.decode(value: value).object.map { JSONSerializer.compact.serialize($0) }
            let fast = try KubeStorageCodec.decodeToJSON(value: value).json
            #expect(fast.map { String(decoding: $0, as: UTF8.self) } == tree.map { String(decoding: $0, as: UTF8.self) }, "\(String(decoding: text, as: UTF8.self))")
        }
    }
}
