import Foundation
import Protobuf

/// A value that could not be decoded or encoded. The message states what
/// failed, where, and what to do next.
public struct KubeCodecError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The format in which kube-apiserver stored a value in etcd.
public enum StorageFormat: Equatable, Sendable {
    /// `k8s\0` followed by a runtime.Unknown envelope holding the protobuf message.
    case protobuf
    /// A JSON object (apiregistration.k8s.io, custom resources, very old data).
    case json
    /// Self-described CBOR (custom resources with CBORServingAndStorage).
    case cbor
    /// Encrypted at rest: `k8s:enc:<provider>:<version>:<key name>:` then ciphertext.
    case encrypted(provider: String, keyName: String)
    /// None of the above; shown as etcdctl shows it.
    case unknown
}

/// Options for `KubeStorageCodec.decode`.
public struct DecodeOptions: Sendable {
    /// Prints unknown protobuf fields inline under
    /// `unknownFieldMemberName(number)` members instead of only reporting them.
    public var showUnknown: Bool
    /// The type to decode as when the envelope names none (kube-apiserver
    /// always names one; serialization fixtures of non-stored types do not).
    public var defaultType: (apiVersion: String, kind: String)?

    public init(showUnknown: Bool = false, defaultType: (apiVersion: String, kind: String)? = nil) {
        self.showUnknown = showUnknown
        self.defaultType = defaultType
    }
}

/// A stored value decoded to the JSON the API server serves for it.
public struct DecodedObject: Sendable {
    public var format: StorageFormat
    public var apiVersion: String
    public var kind: String
    /// The object as API-server JSON; nil when the value cannot be shown as
    /// JSON (encrypted, or in no known format).
    public var object: JSONValue?
    /// Protobuf fields the schema does not know, kept for re-encoding.
    public var unknownFields: [UnknownField]
    /// False when the schema does not know the apiVersion and kind.
    public var isKnownType: Bool

    public init(format: StorageFormat, apiVersion: String, kind: String, object: JSONValue?, unknownFields: [UnknownField] = [], isKnownType: Bool) {
        self.format = format
        self.apiVersion = apiVersion
        self.kind = kind
        self.object = object
        self.unknownFields = unknownFields
        self.isKnownType = isKnownType
    }

    /// One line naming the unknown fields' paths and numbers, or nil when
    /// there are none.
    public var unknownFieldsSummary: String? {
        guard !unknownFields.isEmpty else { return nil }
        let list = unknownFields.map { field in
            (field.path.isEmpty ? "" : field.path + ".") + "#\(field.number)"
        }
        return "\(kind.isEmpty ? "object" : kind) has \(unknownFields.count) protobuf field(s) the schema does not know, not shown (use --show-unknown): " + list.joined(separator: ", ")
    }
}

/// A stored value decoded straight to JSON bytes by
/// `KubeStorageCodec.decodeToJSON`.
public struct DecodedJSON: Sendable {
    public var format: StorageFormat
    public var apiVersion: String
    public var kind: String
    /// Compact JSON as the API server sends it, without a trailing newline.
    /// It is nil when the value cannot be shown as JSON (encrypted, or in no
    /// known format).
    public var json: [UInt8]?
    public var unknownFields: [UnknownField]
    public var isKnownType: Bool
    /// True when a protobuf string held bytes that are not UTF-8. `json`
    /// then prints `\ufffd` for each such byte, as Go does, while the tree
    /// path's serialization prints one U+FFFD per invalid sequence; callers
    /// that must match the tree path byte for byte decode such values again
    /// with `decode`.
    public var replacedInvalidUTF8 = false

    init(format: StorageFormat, apiVersion: String, kind: String, json: [UInt8]?, unknownFields: [UnknownField], isKnownType: Bool, replacedInvalidUTF8: Bool) {
        self.format = format
        self.apiVersion = apiVersion
        self.kind = kind
        self.json = json
        self.unknownFields = unknownFields
        self.isKnownType = isKnownType
        self.replacedInvalidUTF8 = replacedInvalidUTF8
    }

    /// Serializes a decoded tree: compact, or indented as
    /// `json.MarshalIndent` writes it.
    public init(_ decoded: DecodedObject, indented: Bool = false) {
        let serializer = indented ? JSONSerializer.indented : JSONSerializer.compact
        self.init(format: decoded.format, apiVersion: decoded.apiVersion, kind: decoded.kind,
                  json: decoded.object.map { serializer.serialize($0) },
                  unknownFields: decoded.unknownFields, isKnownType: decoded.isKnownType, replacedInvalidUTF8: false)
    }

    /// One line naming the unknown fields' paths and numbers, or nil when
    /// there are none.
    public var unknownFieldsSummary: String? {
        DecodedObject(format: format, apiVersion: apiVersion, kind: kind, object: nil,
                      unknownFields: unknownFields, isKnownType: isKnownType).unknownFieldsSummary
    }
}

/// The envelope of a protobuf-stored object (runtime.Unknown).
public struct ProtobufEnvelope: Sendable {
    public var apiVersion: String
    public var kind: String
    /// The range of the typed message within the value.
    public var raw: Range<Int>
    public var contentEncoding: String
    public var contentType: String
}

/// Decodes the values kube-apiserver keeps in etcd into API-server JSON, and
/// encodes such JSON back into the exact bytes the API server writes.
public enum KubeStorageCodec {
    /// The four bytes in front of every protobuf-stored object.
    public static let protobufPrefix: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    /// Recognises a stored value's format from its first bytes.
    public static func detectFormat(_ value: [UInt8]) -> StorageFormat {
        if value.starts(with: protobufPrefix) { return .protobuf }
        let encryptedPrefix = Array("k8s:enc:".utf8)
        if value.starts(with: encryptedPrefix) {
            // k8s:enc:<provider>:<version>:<key name>:<ciphertext>
            let fields = value[encryptedPrefix.count...].split(separator: UInt8(ascii: ":"), maxSplits: 3, omittingEmptySubsequences: false)
            let provider = fields.count > 0 ? String(decoding: fields[0], as: UTF8.self) : ""
            let keyName = fields.count > 2 ? String(decoding: fields[2], as: UTF8.self) : ""
            return .encrypted(provider: provider, keyName: keyName)
        }
        if value.starts(with: [0xD9, 0xD9, 0xF7]) { return .cbor }
        if let first = value.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }), first == UInt8(ascii: "{") {
            return .json
        }
        return .unknown
    }

    /// Decodes a value as kube-apiserver stored it.
    ///
    /// - Parameters:
    ///   - key: the etcd key, when known (it names the object).
    ///   - modRevision: the key's mod revision, which becomes
    ///     metadata.resourceVersion as the API server sets it; without it the
    ///     stored resourceVersion (normally empty) stays.
    public static func decode(value: [UInt8], key: String? = nil, modRevision: Int64? = nil, options: DecodeOptions = DecodeOptions()) throws -> DecodedObject {
        var decoded: DecodedObject
        switch detectFormat(value) {
        case .protobuf:
            decoded = try decodeProtobuf(value, options: options)
        case .json:
            decoded = try decodeJSON(value)
        case .cbor:
            decoded = try decodeCBOR(value)
        case .encrypted(let provider, let keyName):
            return DecodedObject(format: .encrypted(provider: provider, keyName: keyName), apiVersion: "", kind: "", object: nil, isKnownType: false)
        case .unknown:
            return DecodedObject(format: .unknown, apiVersion: "", kind: "", object: nil, isKnownType: false)
        }
        let schema = KubeSchema.shared
        let carriesObjectMeta = !decoded.isKnownType
            || schema.messageIndex(apiVersion: decoded.apiVersion, kind: decoded.kind).map(schema.hasObjectMeta) ?? true
        if let modRevision, carriesObjectMeta, case .object(var object)? = decoded.object {
            let isUnstructured = (decoded.format == .json || decoded.format == .cbor) && !decoded.isKnownType
            setResourceVersion(String(modRevision), in: &object, sorted: isUnstructured)
            decoded.object = .object(object)
        }
        return decoded
    }

    /// Decodes a value straight to the compact JSON the API server sends,
    /// without building a `JSONValue` tree: the fast path for printing many
    /// objects. The bytes equal `JSONSerializer.compact` applied to
    /// `decode(value:key:modRevision:options:).object`, except that each
    /// invalid UTF-8 byte in a protobuf string prints as `\ufffd`, as Go
    /// prints it. `indented` gives `json.MarshalIndent`'s two-space form.
    public static func decodeToJSON(value: [UInt8], key: String? = nil, modRevision: Int64? = nil, options: DecodeOptions = DecodeOptions(), indented: Bool = false) throws -> DecodedJSON {
        if detectFormat(value) == .protobuf && !options.showUnknown {
            let envelope = try readEnvelope(value)
            try requireType(envelope, value: value, options: options)
            let schema = KubeSchema.shared
            var messageIndex = schema.messageIndex(apiVersion: envelope.apiVersion, kind: envelope.kind)
            if envelope.kind.isEmpty, let type = options.defaultType {
                messageIndex = schema.messageIndex(apiVersion: type.apiVersion, kind: type.kind)
            }
            if let messageIndex, envelope.contentEncoding.isEmpty {
                let resourceVersion = modRevision.map { Array(String($0).utf8) }
                let (json, unknownFields, replacedInvalidUTF8) = try value.withUnsafeBufferPointer { input in
                    var writer = ProtobufJSONWriter(tables: schema.tables, input: input, resourceVersion: resourceVersion)
                    do {
                        try writer.writeObject(message: messageIndex, range: envelope.raw, typeMeta: (envelope.apiVersion, envelope.kind))
                    } catch {
                        writer.discard()
                        throw error
                    }
                    let unknownFields = writer.unknownFields
                    let replacedInvalidUTF8 = writer.replacedInvalidUTF8
                    return (writer.finish(), unknownFields, replacedInvalidUTF8)
                }
                return DecodedJSON(format: .protobuf, apiVersion: envelope.apiVersion, kind: envelope.kind,
                                   json: indented ? JSONSerializer.indent(json) : json,
                                   unknownFields: unknownFields, isKnownType: true, replacedInvalidUTF8: replacedInvalidUTF8)
            }
        }
        return DecodedJSON(try decode(value: value, key: key, modRevision: modRevision, options: options), indented: indented)
    }

    /// Reads the `k8s\0` envelope.
    public static func readEnvelope(_ value: [UInt8]) throws -> ProtobufEnvelope {
        guard value.starts(with: protobufPrefix) else {
            throw ProtobufError(offset: 0, reason: "expected the protobuf prefix k8s\\0")
        }
        var envelope = ProtobufEnvelope(apiVersion: "", kind: "", raw: value.count..<value.count, contentEncoding: "", contentType: "")
        var reader = ProtobufReader(buffer: value, range: protobufPrefix.count..<value.count)
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited):
                var typeMeta = try reader.readMessage()
                while let inner = try typeMeta.readTag() {
                    switch (inner.fieldNumber, inner.wireType) {
                    case (1, .lengthDelimited): envelope.apiVersion = try typeMeta.readString()
                    case (2, .lengthDelimited): envelope.kind = try typeMeta.readString()
                    default: try typeMeta.skipField(inner)
                    }
                }
            case (2, .lengthDelimited): envelope.raw = try reader.readLengthDelimited()
            case (3, .lengthDelimited): envelope.contentEncoding = try reader.readString()
            case (4, .lengthDelimited): envelope.contentType = try reader.readString()
            default: try reader.skipField(tag)
            }
        }
        return envelope
    }

    /// Rejects an envelope that names no apiVersion or kind, because without
    /// them the typed message cannot be read. kube-apiserver always writes
    /// both; `options.defaultType` supplies them for fixtures that do not.
    static func requireType(_ envelope: ProtobufEnvelope, value: [UInt8], options: DecodeOptions) throws {
        guard envelope.apiVersion.isEmpty || envelope.kind.isEmpty, options.defaultType == nil else { return }
        let offset = protobufPrefix.count
        if value.count == offset {
            throw ProtobufError(offset: offset, reason: "the value ends after the 4-byte k8s\\0 prefix, so the envelope that names its apiVersion and kind is missing")
        }
        let missing = [envelope.apiVersion.isEmpty ? "apiVersion" : nil, envelope.kind.isEmpty ? "kind" : nil].compactMap { $0 }
        throw ProtobufError(offset: offset, reason: "the envelope names no \(missing.joined(separator: " and ")), so the object in it cannot be decoded")
    }

    static func decodeProtobuf(_ value: [UInt8], options: DecodeOptions) throws -> DecodedObject {
        let envelope = try readEnvelope(value)
        try requireType(envelope, value: value, options: options)
        guard envelope.contentEncoding.isEmpty else {
            throw KubeCodecError("\(envelope.kind) has content encoding \"\(envelope.contentEncoding)\", which kube-apiserver does not write; the value is not a stored object")
        }
        let schema = KubeSchema.shared
        var messageIndex = schema.messageIndex(apiVersion: envelope.apiVersion, kind: envelope.kind)
        if envelope.kind.isEmpty, let type = options.defaultType {
            messageIndex = schema.messageIndex(apiVersion: type.apiVersion, kind: type.kind)
        }
        var decoder = ProtobufToJSON(schema: schema, buffer: value, showUnknown: options.showUnknown || messageIndex == nil)
        let object = try decoder.decodeObject(
            message: messageIndex ?? schema.emptyMessage, range: envelope.raw,
            typeMeta: (envelope.apiVersion, envelope.kind))
        var result = object
        if messageIndex == nil {
            // No schema: the type meta, then every field as raw bytes.
            result = JSONObject()
            result.append("kind", .string(envelope.kind))
            result.append("apiVersion", .string(envelope.apiVersion))
            for member in object.members { result.append(member.key, member.value) }
        }
        return DecodedObject(format: .protobuf, apiVersion: envelope.apiVersion, kind: envelope.kind, object: .object(result), unknownFields: decoder.unknownFields, isKnownType: messageIndex != nil)
    }

    static func decodeJSON(_ value: [UInt8]) throws -> DecodedObject {
        let parsed = try JSONParser.parse(value)
        guard case .object(let object) = parsed else {
            throw KubeCodecError("the stored JSON is not an object")
        }
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        let schema = KubeSchema.shared
        if let messageIndex = schema.messageIndex(apiVersion: apiVersion, kind: kind) {
            // A typed object: print it as its Go struct would, through protobuf.
            var encoder = JSONToProtobuf(schema: schema, unknownFields: [])
            var writer = ProtobufWriter(reservingCapacity: value.count)
            try encoder.encodeMessage(messageIndex, object: object, into: &writer)
            var decoder = ProtobufToJSON(schema: schema, buffer: writer.bytes, showUnknown: false)
            let typed = try decoder.decodeObject(message: messageIndex, range: 0..<writer.bytes.count, typeMeta: (apiVersion, kind))
            return DecodedObject(format: .json, apiVersion: apiVersion, kind: kind, object: .object(typed), isKnownType: true)
        }
        // Unstructured, as served for custom resources: Go maps print sorted.
        return DecodedObject(format: .json, apiVersion: apiVersion, kind: kind, object: unstructured(parsed), isKnownType: false)
    }

    /// Decodes a custom resource stored as self-described CBOR into the
    /// unstructured JSON the API server serves for it.
    static func decodeCBOR(_ value: [UInt8]) throws -> DecodedObject {
        let parsed = try CBOR.decode(value)
        guard case .object(let object) = parsed else {
            throw KubeCodecError("the stored CBOR is not a map, so it is not a Kubernetes object")
        }
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        return DecodedObject(format: .cbor, apiVersion: apiVersion, kind: kind, object: parsed, isKnownType: false)
    }

    /// Returns a JSON tree as Go's unstructured objects print it: object keys
    /// sorted, numbers as int64 when integral and float64 otherwise.
    public static func unstructured(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            let members = object.members.map { ($0.key, unstructured($0.value)) }
                .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            return .object(JSONObject(members.map { (key: $0.0, value: $0.1) }))
        case .array(let elements):
            return .array(elements.map(unstructured))
        case .number(let text):
            if Int64(text) != nil { return value }
            if let double = Double(text) { return .number(GoFormats.float(double)) }
            return value
        default:
            return value
        }
    }

    /// Sets metadata.resourceVersion where ObjectMeta puts it.
    static func setResourceVersion(_ resourceVersion: String, in object: inout JSONObject, sorted: Bool) {
        guard case .object(var metadata)? = object["metadata"] else { return }
        if metadata["resourceVersion"] != nil || sorted {
            metadata["resourceVersion"] = .string(resourceVersion)
            if sorted {
                metadata = JSONObject(metadata.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
            }
        } else {
            let before: Set<String> = ["name", "generateName", "namespace", "selfLink", "uid"]
            var members = metadata.members
            let position = (members.lastIndex { before.contains($0.key) }).map { $0 + 1 } ?? 0
            members.insert((key: "resourceVersion", value: .string(resourceVersion)), at: position)
            metadata = JSONObject(members)
        }
        object["metadata"] = .object(metadata)
    }

    /// Encodes API-server JSON into the bytes kube-apiserver stores.
    ///
    /// - Parameters:
    ///   - format: `.protobuf` (built-in types), `.json` or `.cbor` (custom resources).
    ///   - unknownFields: fields from a decode's report to write back.
    ///   - type: the type to encode as when the object names none.
    public static func encode(object: JSONValue, format: StorageFormat = .protobuf, unknownFields: [UnknownField] = [], type: (apiVersion: String, kind: String)? = nil) throws -> [UInt8] {
        guard case .object(let members) = object else {
            throw KubeCodecError("cannot encode: the input is not a JSON object")
        }
        switch format {
        case .protobuf:
            return try encodeProtobuf(object: members, unknownFields: unknownFields, type: type).bytes
        case .json:
            var bytes = JSONSerializer.compact.serialize(object)
            bytes.append(UInt8(ascii: "\n"))
            return bytes
        case .cbor:
            return try CBOR.encode(object)
        default:
            throw KubeCodecError("cannot encode to \(format): only protobuf, JSON and CBOR are supported here")
        }
    }

    /// Encodes an object as protobuf like `encode(object:format:unknownFields:type:)`,
    /// and also returns the paths of the members that no schema field takes
    /// (such as `spec.bogusField`). Those members are left out of the bytes,
    /// as kube-apiserver drops unknown fields.
    public static func encodeProtobuf(object members: JSONObject, unknownFields: [UnknownField] = [], type: (apiVersion: String, kind: String)? = nil) throws -> (bytes: [UInt8], droppedFields: [String]) {
        let apiVersion = members["apiVersion"]?.stringValue ?? ""
        let kind = members["kind"]?.stringValue ?? ""
        let schema = KubeSchema.shared
        let schemaType: (apiVersion: String, kind: String) = kind.isEmpty ? (type ?? (apiVersion, kind)) : (apiVersion, kind)
        guard let messageIndex = schema.messageIndex(apiVersion: schemaType.apiVersion, kind: schemaType.kind) else {
            throw KubeCodecError("cannot encode \(kind.isEmpty ? "an object without kind" : kind) of apiVersion \"\(apiVersion)\" as protobuf: the schema does not know this type; encode it as JSON instead")
        }
        var writer = ProtobufWriter(reservingCapacity: 1024)
        writer.writeRaw(protobufPrefix)
        var encoder = JSONToProtobuf(schema: schema, unknownFields: unknownFields)
        writer.writeMessageField(1) { typeMeta in
            typeMeta.writeStringField(1, apiVersion)
            typeMeta.writeStringField(2, kind)
        }
        try writer.writeMessageField(2) { raw in
            try encoder.encodeMessage(messageIndex, object: members, into: &raw)
        }
        writer.writeStringField(3, "")
        writer.writeStringField(4, "")
        return (writer.bytes, encoder.droppedMembers)
    }
}

extension KubeSchema {
    /// A message with no fields, for decoding types the schema lacks.
    var emptyMessage: Int {
        messageIndex(named: "ketcd.Empty") ?? 0
    }
}
