import Foundation
import Protobuf

/// Encodes API-server JSON into the protobuf bytes gogo-protobuf writes for
/// the same Go object: fields in number order, every non-pointer field
/// written even when zero, pointers and slices only when set, map entries
/// sorted by key.
struct JSONToProtobuf {
    let schema: KubeSchema
    /// Unknown fields to write back, by the JSON path of their message.
    let unknownByPath: [String: [UnknownField]]
    /// Paths of the object members that no schema field takes, in input
    /// order. They are left out of the bytes, as kube-apiserver drops them.
    private(set) var droppedMembers: [String] = []
    private var path: [String] = []

    static let maxDepth = 200

    init(schema: KubeSchema, unknownFields: [UnknownField]) {
        self.schema = schema
        self.unknownByPath = Dictionary(grouping: unknownFields, by: \.path)
    }

    private func currentPath() -> String {
        path.joined()
    }

    private func failure(_ reason: String) -> KubeCodecError {
        let where_ = path.isEmpty ? "the object" : currentPath()
        return KubeCodecError("cannot encode \(where_): \(reason)")
    }

    /// Writes `object` as message `messageIndex`. `isInlined` is true when
    /// the object is the JSON of an enclosing message that inlines this one;
    /// the enclosing call then reports the members no field takes.
    mutating func encodeMessage(_ messageIndex: Int, object: JSONObject, into writer: inout ProtobufWriter, isInlined: Bool = false) throws {
        guard path.count < Self.maxDepth else { throw failure("objects nested deeper than \(Self.maxDepth)") }
        let message = schema.messages[messageIndex]

        // Unknown fields, from inline markers and from a decode's report.
        var unknown: [(number: Int, raw: [UInt8])] = []
        for member in object.members {
            guard let number = unknownFieldNumber(memberName: member.key) else {
                if !isInlined && !takesMember(messageIndex, member.key) {
                    droppedMembers.append(path.isEmpty ? member.key : currentPath() + "." + member.key)
                }
                continue
            }
            guard case .string(let text) = member.value, let raw = Data(base64Encoded: text) else {
                throw failure("member \(member.key) is not the base64 of a protobuf field")
            }
            unknown.append((number, [UInt8](raw)))
        }
        if !unknownByPath.isEmpty, let fields = unknownByPath[currentPath()] {
            for field in fields where !unknown.contains(where: { $0.number == field.number }) {
                unknown.append((field.number, field.raw))
            }
        }
        var unknownIndex = 0
        unknown.sort { $0.number < $1.number }

        for fieldIndex in message.numberOrder {
            let field = message.fields[fieldIndex]
            while unknownIndex < unknown.count && unknown[unknownIndex].number < field.number {
                writer.writeRaw(unknown[unknownIndex].raw)
                unknownIndex += 1
            }
            if field.isHidden { continue }
            if field.isInline {
                try writer.writeMessageField(field.number) { inner in
                    try encodeMessage(field.message, object: object, into: &inner, isInlined: true)
                }
                continue
            }
            let value = object[field.jsonName]
            path.append(path.isEmpty ? field.jsonName : "." + field.jsonName)
            defer { path.removeLast() }
            try encodeField(field, value: value, into: &writer)
        }
        while unknownIndex < unknown.count {
            writer.writeRaw(unknown[unknownIndex].raw)
            unknownIndex += 1
        }
    }

    private mutating func encodeField(_ field: KubeSchema.Field, value: JSONValue?, into writer: inout ProtobufWriter) throws {
        let isNull = value == nil || value == .null
        if field.isMap {
            guard !isNull else { return }
            guard case .object(let entries)? = value else { throw failure("expected an object") }
            let sorted = entries.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            let valueField = KubeSchema.Field.mapValue(of: field)
            for entry in sorted {
                path.append("[\"\(entry.key)\"]")
                defer { path.removeLast() }
                try writer.writeMessageField(field.number) { inner in
                    inner.writeStringField(1, entry.key)
                    if field.kind == .bytes && entry.value == .null { return }
                    try encodeSingle(valueField, value: entry.value, into: &inner)
                }
            }
            return
        }
        if field.isRepeated {
            guard !isNull else { return }
            guard case .array(let elements)? = value else { throw failure("expected an array") }
            for (index, element) in elements.enumerated() {
                path.append("[\(index)]")
                defer { path.removeLast() }
                try encodeSingle(field, value: element, into: &writer)
            }
            return
        }
        if isNull {
            if field.isPointer { return }
            switch field.kind {
            case .bytes, .typeMeta: return
            case .message:
                let special = schema.messages[field.message].special
                if special == .wrappedSlice { return }
            default: break
            }
        }
        try encodeSingle(field, value: value, into: &writer)
    }

    /// Writes one value of `field` (one element for repeated fields); a nil
    /// or null value writes the Go zero value.
    private mutating func encodeSingle(_ field: KubeSchema.Field, value: JSONValue?, into writer: inout ProtobufWriter) throws {
        let value = value == .null ? nil : value
        switch field.kind {
        case .string:
            guard let value else { writer.writeStringField(field.number, ""); return }
            guard case .string(let text) = value else { throw failure("expected a string") }
            writer.writeStringField(field.number, text)
        case .bool:
            guard let value else { writer.writeBoolField(field.number, false); return }
            guard case .bool(let flag) = value else { throw failure("expected true or false") }
            writer.writeBoolField(field.number, flag)
        case .int32, .int64:
            let number = try integer(value, bits: field.kind == .int32 ? 32 : 64)
            writer.writeInt64Field(field.number, number)
        case .uint32, .uint64:
            guard let value else { writer.writeVarintField(field.number, 0); return }
            guard case .number(let text) = value, let number = UInt64(text),
                  field.kind == .uint64 || number <= UInt64(UInt32.max) else {
                throw failure("expected an unsigned integer")
            }
            writer.writeVarintField(field.number, number)
        case .double, .float:
            var number = 0.0
            if let value {
                guard case .number(let text) = value, let parsed = Double(text) else { throw failure("expected a number") }
                number = parsed
            }
            if field.kind == .double {
                writer.writeDoubleField(field.number, number)
            } else {
                writer.writeFixed32Field(field.number, Float(number).bitPattern)
            }
        case .bytes:
            guard let value else { writer.writeBytesField(field.number, [UInt8]()); return }
            guard case .string(let text) = value, let data = Data(base64Encoded: text) else {
                throw failure("expected a base64 string")
            }
            writer.writeBytesField(field.number, data)
        case .typeMeta:
            return
        case .message:
            try writer.writeMessageField(field.number) { inner in
                try encodeMessageValue(field.message, value: value, into: &inner)
            }
        }
    }

    /// Whether a field of the message, or of a message it inlines, has the
    /// JSON name `name`; the inlined TypeMeta takes apiVersion and kind.
    private func takesMember(_ messageIndex: Int, _ name: String) -> Bool {
        let message = schema.messages[messageIndex]
        if message.fields.contains(where: { !$0.isInline && !$0.isHidden && $0.jsonName == name }) { return true }
        // The envelope carries a stored object's own apiVersion and kind.
        if path.isEmpty && (name == "apiVersion" || name == "kind") { return true }
        for field in message.fields {
            if field.kind == .typeMeta && (name == "apiVersion" || name == "kind") { return true }
            if field.isInline && field.kind == .message && takesMember(field.message, name) { return true }
        }
        return false
    }

    private func integer(_ value: JSONValue?, bits: Int) throws -> Int64 {
        guard let value else { return 0 }
        guard case .number(let text) = value else { throw failure("expected an integer") }
        guard let number = Int64(text) else { throw failure("\(text) is not an integer") }
        if bits == 32 && (number < Int64(Int32.min) || number > Int64(Int32.max)) {
            throw failure("\(text) does not fit in 32 bits")
        }
        return number
    }

    /// Writes the body of a message-typed value.
    private mutating func encodeMessageValue(_ messageIndex: Int, value: JSONValue?, into writer: inout ProtobufWriter) throws {
        let message = schema.messages[messageIndex]
        switch message.special {
        case .none:
            switch value {
            case nil: try encodeMessage(messageIndex, object: JSONObject(), into: &writer)
            case .object(let object)?: try encodeMessage(messageIndex, object: object, into: &writer)
            default: throw failure("expected an object")
            }
        case .time, .microTime:
            guard let value else { return }
            guard case .string(let text) = value, let time = GoFormats.parseRFC3339(text) else {
                throw failure("expected an RFC 3339 time")
            }
            writer.writeInt64Field(1, time.seconds)
            writer.writeInt64Field(2, message.special == .time ? 0 : Int64(time.nanos / 1000 * 1000))
        case .duration:
            var nanoseconds: Int64 = 0
            if let value {
                guard case .string(let text) = value, let parsed = GoFormats.parseDuration(text) else {
                    throw failure("expected a duration such as \"1m30s\"")
                }
                nanoseconds = parsed
            }
            writer.writeInt64Field(1, nanoseconds)
        case .quantity:
            var text = "0"
            switch value {
            case nil: break
            case .string(let string)?: text = string
            case .number(let number)?: text = number
            default: throw failure("expected a quantity such as \"100m\"")
            }
            guard GoFormats.isQuantity(text) else {
                throw failure("invalid quantity \"\(text)\": expected a number with an optional suffix, such as \"100m\", \"1.5Gi\" or \"2e3\"")
            }
            writer.writeStringField(1, text)
        case .intOrString:
            switch value {
            case nil:
                writer.writeVarintField(1, 0)
                writer.writeInt64Field(2, 0)
                writer.writeStringField(3, "")
            case .number?:
                writer.writeVarintField(1, 0)
                writer.writeInt64Field(2, try integer(value, bits: 32))
                writer.writeStringField(3, "")
            case .string(let text)?:
                writer.writeVarintField(1, 1)
                writer.writeInt64Field(2, 0)
                writer.writeStringField(3, text)
            default:
                throw failure("expected an integer or a string")
            }
        case .rawExtension, .fieldsV1:
            guard let value else { return }
            writer.writeBytesField(1, JSONSerializer.compact.serialize(value))
        case .schemaOrArray, .schemaOrBool, .schemaOrStringArray:
            guard let value else {
                if message.special == .schemaOrBool { writer.writeBoolField(1, false) }
                return
            }
            let schemaNumber = message.special == .schemaOrBool ? 2 : 1
            switch value {
            case .object(let object):
                if message.special == .schemaOrBool { writer.writeBoolField(1, true) }
                try writer.writeMessageField(schemaNumber) { inner in
                    try encodeMessage(message.fields[0].message, object: object, into: &inner)
                }
            case .bool(let allows) where message.special == .schemaOrBool:
                writer.writeBoolField(1, allows)
            case .array(let elements) where message.special != .schemaOrBool:
                for (index, element) in elements.enumerated() {
                    path.append("[\(index)]")
                    defer { path.removeLast() }
                    if message.special == .schemaOrArray {
                        guard case .object(let object) = element else { throw failure("expected a schema object") }
                        try writer.writeMessageField(2) { inner in
                            try encodeMessage(message.fields[0].message, object: object, into: &inner)
                        }
                    } else {
                        guard case .string(let text) = element else { throw failure("expected a string") }
                        writer.writeStringField(2, text)
                    }
                }
            default:
                switch message.special {
                case .schemaOrBool: throw failure("expected a schema object, true or false")
                case .schemaOrArray: throw failure("expected a schema object or an array of schema objects")
                default: throw failure("expected a schema object or an array of strings")
                }
            }
        case .wrappedSlice:
            guard let item = message.fields.first else { return }
            guard let value else { return }
            guard case .array(let elements) = value else { throw failure("expected an array") }
            for (index, element) in elements.enumerated() {
                path.append("[\(index)]")
                defer { path.removeLast() }
                try encodeSingle(item, value: element, into: &writer)
            }
        }
    }
}
