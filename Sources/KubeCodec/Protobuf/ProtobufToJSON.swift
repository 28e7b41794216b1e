import Foundation
import Protobuf

/// A protobuf field that the schema does not know, kept so that encoding
/// writes it back unchanged.
public struct UnknownField: Equatable, Sendable {
    /// The JSON path of the message that contains it, from the object root
    /// (`spec.containers[0]`), or empty for the object itself.
    public var path: String
    public var number: Int
    public var wireType: Int
    /// The field's complete bytes: tag, length prefix if any, and value.
    public var raw: [UInt8]

    public init(path: String, number: Int, wireType: Int, raw: [UInt8]) {
        self.path = path
        self.number = number
        self.wireType = wireType
        self.raw = raw
    }
}

/// Returns the JSON member name under which `--show-unknown` prints an
/// unknown field inline. The member's value is the base64 of the field's
/// complete bytes, so that encoding can write the field back.
public func unknownFieldMemberName(_ number: Int) -> String {
    "(unknown protobuf field \(number))"
}

/// Returns the field number in a member name made by `unknownFieldMemberName`.
func unknownFieldNumber(memberName: String) -> Int? {
    let prefix = "(unknown protobuf field "
    guard memberName.hasPrefix(prefix), memberName.hasSuffix(")") else { return nil }
    return Int(memberName.dropFirst(prefix.count).dropLast())
}

/// Decodes Kubernetes protobuf messages into the JSON the API server prints,
/// walking the schema by integer index.
struct ProtobufToJSON {
    let schema: KubeSchema
    let buffer: [UInt8]
    let showUnknown: Bool
    var unknownFields: [UnknownField] = []

    /// Occurrences of fields in the messages being decoded, a stack shared by
    /// every nesting level so that a message costs no array of its own.
    private var occurrences: [Occurrence] = []
    /// JSON path components of the message being decoded, for reporting
    /// unknown fields.
    private var path: [PathComponent] = []

    static let maxDepth = 200

    private struct Occurrence {
        /// Field index in the message, or -1 for a field the schema lacks.
        var field: Int32
        var wireType: UInt8
        var number: Int32
        var tagStart: Int
        var start: Int
        var end: Int
        /// The next occurrence of the same field, or -1.
        var next: Int32
    }

    /// Per message being decoded: the first and last occurrence of each field.
    private var slots: [Int32] = []

    private enum PathComponent {
        case member(String)
        case index(Int)
        case key(String)
    }

    init(schema: KubeSchema, buffer: [UInt8], showUnknown: Bool) {
        self.schema = schema
        self.buffer = buffer
        self.showUnknown = showUnknown
        occurrences.reserveCapacity(256)
    }

    /// Decodes the message in `range` as an object; `typeMeta` fills an
    /// inlined TypeMeta (kind, apiVersion) at the top level.
    mutating func decodeObject(message: Int, range: Range<Int>, typeMeta: (apiVersion: String, kind: String)?) throws -> JSONObject {
        var object = JSONObject(reservingCapacity: schema.messages[message].fields.count + 1)
        try decodeMembers(message: message, range: range, typeMeta: typeMeta, into: &object)
        return object
    }

    private mutating func decodeMembers(message messageIndex: Int, range: Range<Int>, typeMeta: (apiVersion: String, kind: String)?, into object: inout JSONObject) throws {
        guard path.count < Self.maxDepth else {
            throw ProtobufError(offset: range.lowerBound, reason: "messages nested deeper than \(Self.maxDepth)")
        }
        let fields = schema.messages[messageIndex].fields
        let base = occurrences.count
        let slotBase = slots.count
        slots.append(contentsOf: repeatElement(-1, count: fields.count * 2))
        defer {
            occurrences.removeSubrange(base...)
            slots.removeSubrange(slotBase...)
        }
        try scan(message: messageIndex, range: range, slotBase: slotBase)
        let top = occurrences.count

        for fieldIndex in fields.indices {
            let field = fields[fieldIndex]
            let firstOccurrence = Int(slots[slotBase + fieldIndex * 2])
            let lastOccurrence = Int(slots[slotBase + fieldIndex * 2 + 1])
            if field.isHidden { continue }
            if field.kind == .typeMeta {
                if let typeMeta {
                    if !typeMeta.kind.isEmpty { object.append("kind", .string(typeMeta.kind)) }
                    if !typeMeta.apiVersion.isEmpty { object.append("apiVersion", .string(typeMeta.apiVersion)) }
                }
                continue
            }
            if field.isInline {
                // An embedded struct whose JSON members sit in this object.
                let last = lastOccurrence >= 0 ? occurrences[lastOccurrence] : nil
                if field.isPointer && last == nil { continue }
                try decodeMembers(message: field.message, range: last.map { $0.start..<$0.end } ?? 0..<0, typeMeta: nil, into: &object)
                continue
            }
            if field.isRepeated || field.isMap {
                let first = firstOccurrence
                if first < 0 {
                    if !field.omitEmpty { object.append(field.jsonName, .null) }
                    continue
                }
                path.append(.member(field.jsonName))
                defer { path.removeLast() }
                if field.isMap {
                    object.append(field.jsonName, .object(try decodeMap(field: field, firstOccurrence: first)))
                } else {
                    object.append(field.jsonName, .array(try decodeRepeated(field: field, firstOccurrence: first)))
                }
                continue
            }
            let last = lastOccurrence
            if last < 0 {
                if let value = absentValue(field) {
                    object.append(field.jsonName, value)
                }
                continue
            }
            let occurrence = occurrences[last]
            path.append(.member(field.jsonName))
            defer { path.removeLast() }
            let value = try decodeSingle(field: field, start: occurrence.start, end: occurrence.end)
            if field.omitEmpty && !field.isPointer && Self.isEmptyForOmit(value, field: field, schema: schema) { continue }
            object.append(field.jsonName, value)
        }

        // Fields the schema does not know: reported, printed only on request.
        var index = base
        while index < top {
            let occurrence = occurrences[index]
            index += 1
            guard occurrence.field < 0 else { continue }
            let raw = Array(buffer[occurrence.tagStart..<occurrence.end])
            unknownFields.append(UnknownField(path: pathString(), number: Int(occurrence.number), wireType: Int(occurrence.wireType), raw: raw))
            if showUnknown {
                let name = unknownFieldMemberName(Int(occurrence.number))
                if case .string(let earlier)? = object[name], let bytes = Data(base64Encoded: earlier) {
                    object[name] = .string((bytes + raw).base64EncodedString())
                } else {
                    object.append(name, .string(Data(raw).base64EncodedString()))
                }
            }
        }
    }

    /// Records every field of the message in `range` on the occurrence stack.
    private mutating func scan(message: Int, range: Range<Int>, slotBase: Int) throws {
        let tables = schema.tables
        let fieldStart = Int(tables.fieldStart[message])
        var reader = ProtobufReader(buffer: buffer, range: range)
        while true {
            let tagStart = reader.offset
            guard let tag = try reader.readTag() else { break }
            let start: Int
            let end: Int
            if tag.wireType == .lengthDelimited {
                let value = try reader.readLengthDelimited()
                start = value.lowerBound
                end = value.upperBound
            } else {
                start = reader.offset
                try reader.skipField(tag)
                end = reader.offset
            }
            var fieldIndex: Int32 = -1
            let absolute = tables.field(message: message, number: tag.fieldNumber)
            if absolute >= 0 {
                let field = tables.fields[absolute]
                let wire = tag.wireType.rawValue
                let expected = field.wireType
                if wire == expected || (field.has(KubeSchemaTables.Field.isRepeated) && wire == 2 && expected != 2) {
                    fieldIndex = Int32(absolute - fieldStart)
                }
            }
            let index = Int32(occurrences.count)
            occurrences.append(Occurrence(field: fieldIndex, wireType: tag.wireType.rawValue, number: Int32(tag.fieldNumber), tagStart: tagStart, start: start, end: end, next: -1))
            if fieldIndex >= 0 {
                let slot = slotBase + Int(fieldIndex) * 2
                let last = Int(slots[slot + 1])
                if last >= 0 {
                    occurrences[last].next = index
                } else {
                    slots[slot] = index
                }
                slots[slot + 1] = index
            }
        }
    }

    /// Returns what Go prints for a field the protobuf bytes do not carry, or
    /// nil when Go omits the member.
    private func absentValue(_ field: KubeSchema.Field) -> JSONValue? {
        if field.isPointer {
            return field.omitEmpty ? nil : .null
        }
        switch field.kind {
        case .string: return field.omitEmpty ? nil : .string("")
        case .bool: return field.omitEmpty ? nil : .bool(false)
        case .int32, .int64, .uint32, .uint64, .double, .float: return field.omitEmpty ? nil : .number("0")
        case .bytes: return field.omitEmpty ? nil : .null
        case .typeMeta: return nil
        case .message:
            let target = schema.messages[field.message]
            switch target.special {
            case .time, .microTime, .rawExtension, .fieldsV1, .schemaOrArray, .schemaOrStringArray: return .null
            case .schemaOrBool: return .bool(false)
            case .duration: return .string("0s")
            case .quantity: return .string("0")
            case .intOrString: return .number("0")
            case .wrappedSlice: return field.omitEmpty ? nil : .null
            case .none:
                // A struct value: Go prints its zero value in full.
                var decoder = ProtobufToJSON(schema: schema, buffer: [], showUnknown: false)
                return (try? decoder.decodeObject(message: field.message, range: 0..<0, typeMeta: nil)).map(JSONValue.object) ?? .object(JSONObject())
            }
        }
    }

    /// Reports whether encoding/json's omitempty drops a non-pointer value.
    private static func isEmptyForOmit(_ value: JSONValue, field: KubeSchema.Field, schema: KubeSchema) -> Bool {
        switch field.kind {
        case .string: return value == .string("")
        case .bool: return value == .bool(false)
        case .int32, .int64, .uint32, .uint64, .double, .float: return value == .number("0")
        case .bytes:
            if case .string(let text) = value { return text.isEmpty }
            return value == .null
        case .message:
            if schema.messages[field.message].special == .wrappedSlice {
                return value == .null || value == .array([])
            }
            return false
        case .typeMeta: return true
        }
    }

    private mutating func decodeSingle(field: KubeSchema.Field, start: Int, end: Int) throws -> JSONValue {
        switch field.kind {
        case .message:
            return try decodeMessageValue(message: field.message, start: start, end: end)
        default:
            var reader = ProtobufReader(buffer: buffer, range: start..<end)
            return try decodeScalar(kind: field.kind, reader: &reader)
        }
    }

    private func decodeScalar(kind: KubeSchema.Kind, reader: inout ProtobufReader) throws -> JSONValue {
        switch kind {
        case .string:
            return .string(String(decoding: buffer[reader.remainingRange], as: UTF8.self))
        case .bytes:
            return .string(Data(buffer[reader.remainingRange]).base64EncodedString())
        case .bool:
            return .bool(try reader.readVarint() != 0)
        case .int32:
            return .number(String(Int32(truncatingIfNeeded: try reader.readVarint())))
        case .int64:
            return .number(String(Int64(bitPattern: try reader.readVarint())))
        case .uint32:
            return .number(String(UInt32(truncatingIfNeeded: try reader.readVarint())))
        case .uint64:
            return .number(String(try reader.readVarint()))
        case .double:
            return .number(GoFormats.float(Double(bitPattern: try reader.readFixed64())))
        case .float:
            return .number(GoFormats.float(Double(Float(bitPattern: try reader.readFixed32())), bits: 32))
        case .message, .typeMeta:
            return .null
        }
    }

    private mutating func decodeMessageValue(message messageIndex: Int, start: Int, end: Int) throws -> JSONValue {
        let message = schema.messages[messageIndex]
        switch message.special {
        case .none:
            return .object(try decodeObject(message: messageIndex, range: start..<end, typeMeta: nil))
        case .time, .microTime:
            if start == end { return .null }
            var seconds: Int64 = 0
            var nanos: Int32 = 0
            var reader = ProtobufReader(buffer: buffer, range: start..<end)
            while let tag = try reader.readTag() {
                switch (tag.fieldNumber, tag.wireType) {
                case (1, .varint): seconds = Int64(bitPattern: try reader.readVarint())
                case (2, .varint): nanos = Int32(truncatingIfNeeded: try reader.readVarint())
                default: try reader.skipField(tag)
                }
            }
            if message.special == .time {
                return .string(GoFormats.rfc3339(seconds: seconds, nanos: 0, fractionDigits: 0))
            }
            return .string(GoFormats.rfc3339(seconds: seconds, nanos: nanos / 1000 * 1000, fractionDigits: 6))
        case .duration:
            var nanoseconds: Int64 = 0
            var reader = ProtobufReader(buffer: buffer, range: start..<end)
            while let tag = try reader.readTag() {
                if tag.fieldNumber == 1 && tag.wireType == .varint {
                    nanoseconds = Int64(bitPattern: try reader.readVarint())
                } else {
                    try reader.skipField(tag)
                }
            }
            return .string(GoFormats.duration(nanoseconds))
        case .quantity:
            var text = ""
            var reader = ProtobufReader(buffer: buffer, range: start..<end)
            while let tag = try reader.readTag() {
                if tag.fieldNumber == 1 && tag.wireType == .lengthDelimited {
                    text = try reader.readString()
                } else {
                    try reader.skipField(tag)
                }
            }
            return .string(text.isEmpty ? "0" : text)
        case .intOrString:
            var type: UInt64 = 0
            var intValue: Int32 = 0
            var stringValue = ""
            var reader = ProtobufReader(buffer: buffer, range: start..<end)
            while let tag = try reader.readTag() {
                switch (tag.fieldNumber, tag.wireType) {
                case (1, .varint): type = try reader.readVarint()
                case (2, .varint): intValue = Int32(truncatingIfNeeded: try reader.readVarint())
                case (3, .lengthDelimited): stringValue = try reader.readString()
                default: try reader.skipField(tag)
                }
            }
            return type == 1 ? .string(stringValue) : .number(String(intValue))
        case .rawExtension, .fieldsV1:
            var raw: Range<Int>?
            var reader = ProtobufReader(buffer: buffer, range: start..<end)
            while let tag = try reader.readTag() {
                if tag.fieldNumber == 1 && tag.wireType == .lengthDelimited {
                    raw = try reader.readLengthDelimited()
                } else {
                    try reader.skipField(tag)
                }
            }
            guard let raw, !raw.isEmpty else { return .null }
            return Self.embeddedValue(Array(buffer[raw]))
        case .schemaOrArray, .schemaOrBool, .schemaOrStringArray:
            return try decodeSchemaUnion(message, start: start, end: end)
        case .wrappedSlice:
            guard let item = message.fields.first else { return .array([]) }
            var elements: [JSONValue] = []
            var reader = ProtobufReader(buffer: buffer, range: start..<end)
            while let tag = try reader.readTag() {
                if tag.fieldNumber == item.number {
                    if tag.wireType == .lengthDelimited {
                        let range = try reader.readLengthDelimited()
                        if item.kind == .message {
                            elements.append(try decodeMessageValue(message: item.message, start: range.lowerBound, end: range.upperBound))
                        } else if item.wireType == 2 {
                            var sub = ProtobufReader(buffer: buffer, range: range)
                            elements.append(try decodeScalar(kind: item.kind, reader: &sub))
                        } else {
                            var packed = ProtobufReader(buffer: buffer, range: range)
                            while !packed.isAtEnd { elements.append(try decodeScalar(kind: item.kind, reader: &packed)) }
                        }
                    } else {
                        let valueStart = reader.offset
                        try reader.skipField(tag)
                        var sub = ProtobufReader(buffer: buffer, range: valueStart..<reader.offset)
                        elements.append(try decodeScalar(kind: item.kind, reader: &sub))
                    }
                } else {
                    try reader.skipField(tag)
                }
            }
            return .array(elements)
        }
    }

    private mutating func decodeRepeated(field: KubeSchema.Field, firstOccurrence: Int) throws -> [JSONValue] {
        var elements: [JSONValue] = []
        var index = firstOccurrence
        while index >= 0 {
            let occurrence = occurrences[index]
            index = Int(occurrence.next)
            if field.kind == .message {
                path.append(.index(elements.count))
                defer { path.removeLast() }
                elements.append(try decodeMessageValue(message: field.message, start: occurrence.start, end: occurrence.end))
            } else if field.wireType != 2 && occurrence.wireType == 2 {
                var packed = ProtobufReader(buffer: buffer, range: occurrence.start..<occurrence.end)
                while !packed.isAtEnd { elements.append(try decodeScalar(kind: field.kind, reader: &packed)) }
            } else {
                var reader = ProtobufReader(buffer: buffer, range: occurrence.start..<occurrence.end)
                elements.append(try decodeScalar(kind: field.kind, reader: &reader))
            }
        }
        return elements
    }

    private mutating func decodeMap(field: KubeSchema.Field, firstOccurrence: Int) throws -> JSONObject {
        var entries: [(key: String, value: JSONValue)] = []
        var index = firstOccurrence
        while index >= 0 {
            let occurrence = occurrences[index]
            index = Int(occurrence.next)
            var reader = ProtobufReader(buffer: buffer, range: occurrence.start..<occurrence.end)
            var key = ""
            var valueRange: Range<Int>?
            while true {
                guard let tag = try reader.readTag() else { break }
                if tag.fieldNumber == 1 && tag.wireType == .lengthDelimited {
                    key = try reader.readString()
                } else if tag.fieldNumber == 2 {
                    let start = reader.offset
                    if tag.wireType == .lengthDelimited {
                        valueRange = try reader.readLengthDelimited()
                    } else {
                        try reader.skipField(tag)
                        valueRange = start..<reader.offset
                    }
                } else {
                    try reader.skipField(tag)
                }
            }
            path.append(.key(key))
            defer { path.removeLast() }
            let value: JSONValue
            if let valueRange {
                value = try decodeSingle(field: KubeSchema.Field.mapValue(of: field), start: valueRange.lowerBound, end: valueRange.upperBound)
            } else if field.kind == .message {
                value = try decodeMessageValue(message: field.message, start: 0, end: 0)
            } else {
                value = absentValue(KubeSchema.Field.mapValue(of: field)) ?? .null
            }
            entries.append((key, value))
        }
        // encoding/json prints map keys in byte order; a repeated key keeps
        // its last value, in the place of its first.
        var order = Array(entries.indices)
        order.sort { left, right in
            if entries[left].key == entries[right].key { return left < right }
            return entries[left].key.utf8.lexicographicallyPrecedes(entries[right].key.utf8)
        }
        var sorted: [(key: String, value: JSONValue)] = []
        sorted.reserveCapacity(entries.count)
        for index in order {
            if let last = sorted.last, last.key == entries[index].key {
                sorted[sorted.count - 1].value = entries[index].value
            } else {
                sorted.append(entries[index])
            }
        }
        return JSONObject(sorted)
    }

    private func pathString() -> String {
        var text = ""
        for component in path {
            switch component {
            case .member(let name):
                if !text.isEmpty { text.append(".") }
                text.append(name)
            case .index(let index):
                text.append("[\(index)]")
            case .key(let key):
                text.append("[\"\(key)\"]")
            }
        }
        return text
    }
}

extension ProtobufToJSON {
    /// Returns the JSON an embedded object (RawExtension, FieldsV1) prints as.
    ///
    /// The API server stores JSON there. An object a protobuf client embedded
    /// as `k8s\0` bytes is decoded in turn, and any other bytes print as a
    /// base64 string. Go's encoder would fail the whole object on such bytes;
    /// this keeps the rest of it readable.
    /// Decodes one of apiextensions' schema unions as Go's MarshalJSON
    /// prints it: the list when it has items, else the schema, else the
    /// bool (`B`) or null.
    private mutating func decodeSchemaUnion(_ message: KubeSchema.Message, start: Int, end: Int) throws -> JSONValue {
        let schemaNumber = message.special == .schemaOrBool ? 2 : 1
        var schema: Range<Int>?
        var allows = false
        var items: [JSONValue] = []
        var reader = ProtobufReader(buffer: buffer, range: start..<end)
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (schemaNumber, .lengthDelimited):
                schema = try reader.readLengthDelimited()
            case (1, .varint) where message.special == .schemaOrBool:
                allows = try reader.readVarint() != 0
            case (2, .lengthDelimited) where message.special == .schemaOrArray:
                let range = try reader.readLengthDelimited()
                items.append(try decodeMessageValue(message: message.fields[0].message, start: range.lowerBound, end: range.upperBound))
            case (2, .lengthDelimited) where message.special == .schemaOrStringArray:
                items.append(.string(try reader.readString()))
            default:
                try reader.skipField(tag)
            }
        }
        if !items.isEmpty { return .array(items) }
        if let schema {
            return try decodeMessageValue(message: message.fields[0].message, start: schema.lowerBound, end: schema.upperBound)
        }
        return message.special == .schemaOrBool ? .bool(allows) : .null
    }

    static func embeddedValue(_ raw: [UInt8]) -> JSONValue {
        if let value = try? JSONParser.parse(raw) {
            return value
        }
        if raw.starts(with: KubeStorageCodec.protobufPrefix),
           let object = try? KubeStorageCodec.decode(value: raw).object {
            return object
        }
        return .string(Data(raw).base64EncodedString())
    }
}

extension KubeSchema.Field {
    /// Returns the field description of a map's values.
    static func mapValue(of field: KubeSchema.Field) -> KubeSchema.Field {
        var value = field
        value.isMap = false
        value.isRepeated = false
        value.isPointer = false
        value.omitEmpty = false
        value.number = 2
        return value
    }
}
