import Foundation
import Protobuf

/// Writes a protobuf-stored object straight to compact JSON bytes, without
/// building a `JSONValue` tree: the fast path for dumping many objects.
///
/// The output is byte for byte what `ProtobufToJSON` followed by
/// `JSONSerializer.compact` produces, with one difference. Each invalid
/// UTF-8 byte in a string becomes `\ufffd`, as Go's encoding/json writes it,
/// while the tree path replaces each maximal invalid sequence once.
/// Unknown fields are reported but never printed; callers wanting them
/// inline use the tree path.
struct ProtobufJSONWriter {
    private let tables: KubeSchemaTables
    private let input: UnsafeBufferPointer<UInt8>
    private var output: RawStack<UInt8>
    private(set) var unknownFields: [UnknownField] = []
    /// Set when a string contained bytes that are not UTF-8, the one place
    /// where this output differs from the tree path's.
    private(set) var replacedInvalidUTF8 = false

    /// The mod revision's digits, written as the top-level
    /// metadata.resourceVersion in place of the stored value.
    private let resourceVersion: [UInt8]?
    private var writingTopMetadata = false

    private var occurrences: RawStack<Occurrence>
    /// Per message being written: the first and last occurrence of each field.
    private var slots: RawStack<Int32>
    private var path: RawStack<PathComponent>

    private static let maxDepth = 200

    private struct Occurrence {
        var field: Int32
        var wireType: UInt8
        var number: Int32
        var tagStart: Int
        var start: Int
        var end: Int
        /// The next occurrence of the same field, or -1.
        var next: Int32
    }

    private enum PathComponent {
        case member(Int)
        case index(Int)
        case key(Range<Int>)
    }

    init(tables: KubeSchemaTables, input: UnsafeBufferPointer<UInt8>, resourceVersion: [UInt8]?) {
        self.tables = tables
        self.input = input
        self.resourceVersion = resourceVersion
        output = RawStack(capacity: input.count * 3 + 256)
        occurrences = RawStack(capacity: 256)
        slots = RawStack(capacity: 512)
        path = RawStack(capacity: 32)
    }

    /// The JSON written, after which the writer's memory is freed; the
    /// writer must not be used again.
    mutating func finish() -> [UInt8] {
        let bytes = output.array()
        output.free()
        occurrences.free()
        slots.free()
        path.free()
        return bytes
    }

    /// Frees the writer's memory after a failure.
    func discard() {
        output.free()
        occurrences.free()
        slots.free()
        path.free()
    }

    // MARK: - Objects

    mutating func writeObject(message: Int, range: Range<Int>, typeMeta: (apiVersion: String, kind: String)?) throws {
        output.append(UInt8(ascii: "{"))
        var first = true
        try writeMembers(message: message, start: range.lowerBound, end: range.upperBound, typeMeta: typeMeta, topLevel: true, first: &first)
        output.append(UInt8(ascii: "}"))
    }

    private mutating func writeMembers(message: Int, start: Int, end: Int, typeMeta: (apiVersion: String, kind: String)?, topLevel: Bool, first: inout Bool) throws {
        guard path.count < Self.maxDepth else {
            throw ProtobufError(offset: start, reason: "messages nested deeper than \(Self.maxDepth)")
        }
        let fieldStart = Int(tables.fieldStart[message])
        let fieldCount = Int(tables.fieldCount[message])
        let occurrenceBase = occurrences.count
        let slotBase = slots.count
        slots.append(-1, times: fieldCount * 2)
        defer {
            occurrences.truncate(to: occurrenceBase)
            slots.truncate(to: slotBase)
        }
        try scan(message: message, fieldStart: fieldStart, slotBase: slotBase, start: start, end: end)

        for relative in 0..<fieldCount {
            let field = tables.fields[fieldStart + relative]
            if field.has(KubeSchemaTables.Field.isHidden) { continue }
            let firstOccurrence = Int(slots[slotBase + relative * 2])
            let lastOccurrence = Int(slots[slotBase + relative * 2 + 1])

            if field.kind == .typeMeta {
                if let typeMeta {
                    if !typeMeta.kind.isEmpty { writeStringMember("kind", typeMeta.kind, first: &first) }
                    if !typeMeta.apiVersion.isEmpty { writeStringMember("apiVersion", typeMeta.apiVersion, first: &first) }
                }
                continue
            }
            if field.has(KubeSchemaTables.Field.isInline) {
                if field.has(KubeSchemaTables.Field.isPointer) && lastOccurrence < 0 { continue }
                let occurrence = lastOccurrence >= 0 ? occurrences[lastOccurrence] : nil
                try writeMembers(message: Int(field.message), start: occurrence?.start ?? 0, end: occurrence?.end ?? 0,
                                 typeMeta: nil, topLevel: false, first: &first)
                continue
            }
            if field.has(KubeSchemaTables.Field.isRepeated) || field.has(KubeSchemaTables.Field.isMap) {
                if firstOccurrence < 0 {
                    if !field.has(KubeSchemaTables.Field.omitEmpty) {
                        writeKey(field, first: &first)
                        appendLiteral("null")
                    }
                    continue
                }
                writeKey(field, first: &first)
                path.append(.member(Int(field.keyOffset)))
                defer { path.truncate(to: path.count - 1) }
                if field.has(KubeSchemaTables.Field.isMap) {
                    try writeMap(field, firstOccurrence: firstOccurrence)
                } else {
                    try writeRepeated(field, firstOccurrence: firstOccurrence)
                }
                continue
            }

            // A single value: the last occurrence wins, as in Go.
            if topLevel && field.number == 1 && field.message == tables.objectMeta {
                writingTopMetadata = true
            }
            defer { if topLevel { writingTopMetadata = false } }
            if writingTopMetadata && !topLevel && message == Int(tables.objectMeta) && field.number == 6, let resourceVersion {
                writeKey(field, first: &first)
                output.append(UInt8(ascii: "\""))
                resourceVersion.withUnsafeBufferPointer { output.append(contentsOf: $0) }
                output.append(UInt8(ascii: "\""))
                continue
            }
            if lastOccurrence < 0 {
                try writeAbsent(field, first: &first)
                continue
            }
            let occurrence = occurrences[lastOccurrence]
            path.append(.member(Int(field.keyOffset)))
            defer { path.truncate(to: path.count - 1) }
            if field.has(KubeSchemaTables.Field.omitEmpty) && !field.has(KubeSchemaTables.Field.isPointer)
                && isEmptyForOmit(field, start: occurrence.start, end: occurrence.end) {
                continue
            }
            writeKey(field, first: &first)
            try writeValue(field, start: occurrence.start, end: occurrence.end)
        }

        for index in occurrenceBase..<occurrences.count where occurrences[index].field < 0 {
            let occurrence = occurrences[index]
            unknownFields.append(UnknownField(
                path: pathString(), number: Int(occurrence.number), wireType: Int(occurrence.wireType),
                raw: Array(input[occurrence.tagStart..<occurrence.end])))
        }
    }

    /// Records every field of the message in `start..<end`, linking the
    /// occurrences of each field.
    private mutating func scan(message: Int, fieldStart: Int, slotBase: Int, start: Int, end: Int) throws {
        var position = start
        while position < end {
            let tagStart = position
            let tag = try readVarint(&position, end)
            let wireType = UInt8(truncatingIfNeeded: tag & 7)
            let number = tag >> 3
            guard number >= 1, number <= UInt64(FieldTag.maxFieldNumber) else {
                throw ProtobufError(offset: tagStart, reason: "field number \(number) out of range 1...\(FieldTag.maxFieldNumber)")
            }
            var valueStart = position
            switch wireType {
            case 0:
                _ = try readVarint(&position, end)
            case 1:
                guard end - position >= 8 else { throw ProtobufError(offset: position, reason: "truncated fixed64: \(end - position) of 8 bytes left") }
                position += 8
            case 5:
                guard end - position >= 4 else { throw ProtobufError(offset: position, reason: "truncated fixed32: \(end - position) of 4 bytes left") }
                position += 4
            case 2:
                let lengthStart = position
                let length = try readVarint(&position, end)
                guard length <= UInt64(end - position) else {
                    throw ProtobufError(offset: lengthStart, reason: "length \(length) runs past the end of the input (\(end - position) bytes left)")
                }
                valueStart = position
                position += Int(length)
            default:
                // Groups (never written by Kubernetes, skipped as unknown
                // fields) and invalid wire types, which the reader rejects
                // with their offset. This copies the input, but only here.
                var reader = ProtobufReader(buffer: Array(input), range: tagStart..<end)
                guard let fieldTag = try reader.readTag() else { return }
                try reader.skipField(fieldTag)
                position = reader.offset
            }
            var fieldIndex: Int32 = -1
            let absolute = tables.field(message: message, number: Int(number))
            if absolute >= 0 {
                let field = tables.fields[absolute]
                let expected = field.wireType
                if wireType == expected || (field.has(KubeSchemaTables.Field.isRepeated) && wireType == 2 && expected != 2) {
                    fieldIndex = Int32(absolute)
                }
            }
            let index = Int32(occurrences.count)
            occurrences.append(Occurrence(field: fieldIndex, wireType: wireType, number: Int32(number),
                                          tagStart: tagStart, start: valueStart, end: position, next: -1))
            if fieldIndex >= 0 {
                let slot = slotBase + (Int(fieldIndex) - fieldStart) * 2
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

    // MARK: - Values

    private mutating func writeAbsent(_ field: KubeSchemaTables.Field, first: inout Bool) throws {
        let omit = field.has(KubeSchemaTables.Field.omitEmpty)
        if field.has(KubeSchemaTables.Field.isPointer) {
            if !omit {
                writeKey(field, first: &first)
                appendLiteral("null")
            }
            return
        }
        switch field.kind {
        case .string:
            if omit { return }
            writeKey(field, first: &first)
            appendLiteral("\"\"")
        case .bool:
            if omit { return }
            writeKey(field, first: &first)
            appendLiteral("false")
        case .int32, .int64, .uint32, .uint64, .double, .float:
            if omit { return }
            writeKey(field, first: &first)
            output.append(UInt8(ascii: "0"))
        case .bytes:
            if omit { return }
            writeKey(field, first: &first)
            appendLiteral("null")
        case .typeMeta:
            return
        case .message:
            if field.special == .wrappedSlice {
                if omit { return }
                writeKey(field, first: &first)
                appendLiteral("null")
                return
            }
            writeKey(field, first: &first)
            try writeMessageValue(message: Int(field.message), special: field.special, start: 0, end: 0)
        }
    }

    /// Reports whether encoding/json's omitempty drops this non-pointer value.
    private func isEmptyForOmit(_ field: KubeSchemaTables.Field, start: Int, end: Int) -> Bool {
        switch field.kind {
        case .string, .bytes:
            return start == end
        case .bool, .int32, .int64, .uint32, .uint64:
            var position = start
            guard let value = try? readVarint(&position, end) else { return false }
            if field.kind == .int32 || field.kind == .uint32 { return UInt32(truncatingIfNeeded: value) == 0 }
            return value == 0
        case .double:
            var bits: UInt64 = 0
            for index in 0..<8 { bits |= UInt64(input[start + index]) << (8 * UInt64(index)) }
            return Double(bitPattern: bits) == 0
        case .float:
            var bits: UInt32 = 0
            for index in 0..<4 { bits |= UInt32(input[start + index]) << (8 * UInt32(index)) }
            return Float(bitPattern: bits) == 0
        case .message:
            guard field.special == .wrappedSlice else { return false }
            return start == end
        case .typeMeta:
            return true
        }
    }

    /// Writes one value of `field` (an element, for repeated fields).
    private mutating func writeValue(_ field: KubeSchemaTables.Field, start: Int, end: Int) throws {
        switch field.kind {
        case .string:
            writeString(start: start, end: end)
        case .bytes:
            writeBase64(start: start, end: end)
        case .bool:
            var position = start
            appendLiteral(try readVarint(&position, end) != 0 ? "true" : "false")
        case .int32:
            var position = start
            appendInteger(Int64(Int32(truncatingIfNeeded: try readVarint(&position, end))))
        case .int64:
            var position = start
            appendInteger(Int64(bitPattern: try readVarint(&position, end)))
        case .uint32:
            var position = start
            appendDigits(UInt64(UInt32(truncatingIfNeeded: try readVarint(&position, end))))
        case .uint64:
            var position = start
            appendDigits(try readVarint(&position, end))
        case .double:
            var bits: UInt64 = 0
            for index in 0..<8 { bits |= UInt64(input[start + index]) << (8 * UInt64(index)) }
            append(GoFormats.float(Double(bitPattern: bits)))
        case .float:
            var bits: UInt32 = 0
            for index in 0..<4 { bits |= UInt32(input[start + index]) << (8 * UInt32(index)) }
            append(GoFormats.float(Double(Float(bitPattern: bits)), bits: 32))
        case .message:
            try writeMessageValue(message: Int(field.message), special: field.special, start: start, end: end)
        case .typeMeta:
            appendLiteral("null")
        }
    }

    private mutating func writeMessageValue(message: Int, special: KubeSchema.Special, start: Int, end: Int) throws {
        switch special {
        case .none:
            output.append(UInt8(ascii: "{"))
            var first = true
            try writeMembers(message: message, start: start, end: end, typeMeta: nil, topLevel: false, first: &first)
            output.append(UInt8(ascii: "}"))
        case .time, .microTime:
            if start == end {
                appendLiteral("null")
                return
            }
            var seconds: Int64 = 0
            var nanos: Int32 = 0
            try forEachField(start, end) { number, wireType, valueStart, valueEnd in
                guard wireType == 0 else { return }
                var position = valueStart
                let value = try readVarint(&position, valueEnd)
                if number == 1 { seconds = Int64(bitPattern: value) }
                if number == 2 { nanos = Int32(truncatingIfNeeded: value) }
            }
            writeTime(seconds: seconds, nanos: nanos, fractionDigits: special == .time ? 0 : 6)
        case .duration:
            var nanoseconds: Int64 = 0
            try forEachField(start, end) { number, wireType, valueStart, valueEnd in
                guard number == 1, wireType == 0 else { return }
                var position = valueStart
                nanoseconds = Int64(bitPattern: try readVarint(&position, valueEnd))
            }
            output.append(UInt8(ascii: "\""))
            append(GoFormats.duration(nanoseconds))
            output.append(UInt8(ascii: "\""))
        case .quantity:
            var text: Range<Int>?
            try forEachField(start, end) { number, wireType, valueStart, valueEnd in
                if number == 1 && wireType == 2 { text = valueStart..<valueEnd }
            }
            if let text, !text.isEmpty {
                writeString(start: text.lowerBound, end: text.upperBound)
            } else {
                appendLiteral("\"0\"")
            }
        case .intOrString:
            var type: UInt64 = 0
            var intValue: Int32 = 0
            var text = 0..<0
            try forEachField(start, end) { number, wireType, valueStart, valueEnd in
                var position = valueStart
                switch (number, wireType) {
                case (1, 0): type = try readVarint(&position, valueEnd)
                case (2, 0): intValue = Int32(truncatingIfNeeded: try readVarint(&position, valueEnd))
                case (3, 2): text = valueStart..<valueEnd
                default: break
                }
            }
            if type == 1 {
                writeString(start: text.lowerBound, end: text.upperBound)
            } else {
                appendInteger(Int64(intValue))
            }
        case .rawExtension, .fieldsV1:
            var raw: Range<Int>?
            try forEachField(start, end) { number, wireType, valueStart, valueEnd in
                if number == 1 && wireType == 2 { raw = valueStart..<valueEnd }
            }
            guard let raw, !raw.isEmpty else {
                appendLiteral("null")
                return
            }
            writeEmbeddedJSON(raw)
        case .schemaOrArray, .schemaOrBool, .schemaOrStringArray:
            try writeSchemaUnion(message: message, special: special, start: start, end: end)
        case .wrappedSlice:
            let itemIndex = Int(tables.fieldStart[message])
            let item = tables.fields[itemIndex]
            output.append(UInt8(ascii: "["))
            var count = 0
            try forEachField(start, end) { number, wireType, valueStart, valueEnd in
                guard number == Int(item.number) else { return }
                if count > 0 { output.append(UInt8(ascii: ",")) }
                count += 1
                try writeValue(item, start: valueStart, end: valueEnd)
            }
            output.append(UInt8(ascii: "]"))
        }
    }

    /// Writes one of apiextensions' schema unions as Go's MarshalJSON
    /// prints it: the list when it has items, else the schema, else the
    /// bool (`B`) or null. The union's first field is the schema.
    private mutating func writeSchemaUnion(message: Int, special: KubeSchema.Special, start: Int, end: Int) throws {
        let schemaField = tables.fields[Int(tables.fieldStart[message])]
        let schemaNumber = special == .schemaOrBool ? 2 : 1
        var schema: Range<Int>?
        var allows = false
        var hasItems = false
        try forEachField(start, end) { number, wireType, valueStart, valueEnd in
            if number == schemaNumber && wireType == 2 { schema = valueStart..<valueEnd }
            if number == 2 && wireType == 2 && special != .schemaOrBool { hasItems = true }
            if number == 1 && wireType == 0 && special == .schemaOrBool {
                var position = valueStart
                allows = try readVarint(&position, valueEnd) != 0
            }
        }
        if hasItems {
            output.append(UInt8(ascii: "["))
            var count = 0
            try forEachField(start, end) { number, wireType, valueStart, valueEnd in
                guard number == 2, wireType == 2 else { return }
                if count > 0 { output.append(UInt8(ascii: ",")) }
                count += 1
                if special == .schemaOrArray {
                    try writeMessageValue(message: Int(schemaField.message), special: .none, start: valueStart, end: valueEnd)
                } else {
                    writeString(start: valueStart, end: valueEnd)
                }
            }
            output.append(UInt8(ascii: "]"))
        } else if let schema {
            try writeMessageValue(message: Int(schemaField.message), special: .none, start: schema.lowerBound, end: schema.upperBound)
        } else if special == .schemaOrBool {
            appendLiteral(allows ? "true" : "false")
        } else {
            appendLiteral("null")
        }
    }

    /// Copies embedded JSON (RawExtension, FieldsV1) as Go's encoder does:
    /// compacted, with HTML characters escaped. Valid raw JSON without
    /// whitespace or such characters, as the API server stores it, is copied
    /// unchanged.
    private mutating func writeEmbeddedJSON(_ raw: Range<Int>) {
        var needsRewrite = false
        for index in raw {
            switch input[index] {
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0xE2, UInt8(ascii: "\\"):
                needsRewrite = true
            default:
                continue
            }
            break
        }
        let first = input[raw.lowerBound]
        if !needsRewrite && (first == UInt8(ascii: "{") || first == UInt8(ascii: "[")) && isCopyableJSON(raw) {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: input[raw]))
            return
        }
        let value = ProtobufToJSON.embeddedValue(Array(input[raw]))
        JSONSerializer.compact.serialize(value).withUnsafeBufferPointer { output.append(contentsOf: $0) }
    }

    /// Reports whether embedded JSON prints unchanged through the tree path,
    /// so that it can be copied. That takes one valid JSON value without
    /// whitespace, escapes, HTML or control characters and invalid UTF-8,
    /// with ASCII object keys, none repeated, nested less than 100 deep.
    /// Anything else goes through the tree, which is exact but slower.
    private func isCopyableJSON(_ raw: Range<Int>) -> Bool {
        var keys = RawStack<Range<Int>>(capacity: 32)
        defer { keys.free() }
        var position = raw.lowerBound
        return isCopyableValue(&position, raw.upperBound, depth: 0, keys: &keys) && position == raw.upperBound
    }

    private func isCopyableValue(_ position: inout Int, _ end: Int, depth: Int, keys: inout RawStack<Range<Int>>) -> Bool {
        guard position < end, depth < 100 else { return false }
        switch input[position] {
        case UInt8(ascii: "{"):
            position += 1
            if position < end && input[position] == UInt8(ascii: "}") {
                position += 1
                return true
            }
            let firstKey = keys.count
            defer { keys.truncate(to: firstKey) }
            while true {
                let keyStart = position
                guard isCopyableString(&position, end, asciiOnly: true) else { return false }
                let key = keyStart..<position
                for index in firstKey..<keys.count where keys[index].count == key.count
                    && memcmp(input.baseAddress! + keys[index].lowerBound, input.baseAddress! + key.lowerBound, key.count) == 0 {
                    return false
                }
                keys.append(key)
                guard position < end, input[position] == UInt8(ascii: ":") else { return false }
                position += 1
                guard isCopyableValue(&position, end, depth: depth + 1, keys: &keys), position < end else { return false }
                let separator = input[position]
                position += 1
                if separator == UInt8(ascii: "}") { return true }
                guard separator == UInt8(ascii: ",") else { return false }
            }
        case UInt8(ascii: "["):
            position += 1
            if position < end && input[position] == UInt8(ascii: "]") {
                position += 1
                return true
            }
            while true {
                guard isCopyableValue(&position, end, depth: depth + 1, keys: &keys), position < end else { return false }
                let separator = input[position]
                position += 1
                if separator == UInt8(ascii: "]") { return true }
                guard separator == UInt8(ascii: ",") else { return false }
            }
        case UInt8(ascii: "\""):
            return isCopyableString(&position, end, asciiOnly: false)
        case UInt8(ascii: "t"):
            return matches("true", &position, end)
        case UInt8(ascii: "f"):
            return matches("false", &position, end)
        case UInt8(ascii: "n"):
            return matches("null", &position, end)
        default:
            return isNumber(&position, end)
        }
    }

    /// Reads a quoted string that needs no escape when printed again.
    private func isCopyableString(_ position: inout Int, _ end: Int, asciiOnly: Bool) -> Bool {
        guard position < end, input[position] == UInt8(ascii: "\"") else { return false }
        position += 1
        while position < end {
            let byte = input[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return true
            case 0..<0x20, UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0xE2:
                return false
            case 0x80...:
                let length = validUTF8Length(at: position, end: end)
                if asciiOnly || length == 0 { return false }
                position += length
            default:
                position += 1
            }
        }
        return false
    }

    private func matches(_ literal: StaticString, _ position: inout Int, _ end: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard end - position >= length, memcmp(input.baseAddress! + position, literal.utf8Start, length) == 0 else { return false }
        position += length
        return true
    }

    /// Reads a number as RFC 8259 writes it.
    private func isNumber(_ position: inout Int, _ end: Int) -> Bool {
        func digits(_ position: inout Int) -> Bool {
            let start = position
            while position < end && input[position] >= UInt8(ascii: "0") && input[position] <= UInt8(ascii: "9") { position += 1 }
            return position > start
        }
        if position < end && input[position] == UInt8(ascii: "-") { position += 1 }
        if position < end && input[position] == UInt8(ascii: "0") {
            position += 1
        } else if !digits(&position) {
            return false
        }
        if position < end && input[position] == UInt8(ascii: ".") {
            position += 1
            guard digits(&position) else { return false }
        }
        if position < end && (input[position] == UInt8(ascii: "e") || input[position] == UInt8(ascii: "E")) {
            position += 1
            if position < end && (input[position] == UInt8(ascii: "+") || input[position] == UInt8(ascii: "-")) { position += 1 }
            guard digits(&position) else { return false }
        }
        return true
    }

    private mutating func writeRepeated(_ field: KubeSchemaTables.Field, firstOccurrence: Int) throws {
        output.append(UInt8(ascii: "["))
        var count = 0
        var index = firstOccurrence
        let packable = field.kind != .message && field.wireType != 2
        while index >= 0 {
            let occurrence = occurrences[index]
            if packable && occurrence.wireType == 2 {
                var position = occurrence.start
                while position < occurrence.end {
                    let valueStart = position
                    switch field.wireType {
                    case 0: _ = try readVarint(&position, occurrence.end)
                    case 1: position += 8
                    default: position += 4
                    }
                    guard position <= occurrence.end else {
                        throw ProtobufError(offset: valueStart, reason: "packed value runs past the end of its field")
                    }
                    if count > 0 { output.append(UInt8(ascii: ",")) }
                    try writeValue(field, start: valueStart, end: position)
                    count += 1
                }
            } else {
                if count > 0 { output.append(UInt8(ascii: ",")) }
                if field.kind == .message {
                    path.append(.index(count))
                    defer { path.truncate(to: path.count - 1) }
                    try writeValue(field, start: occurrence.start, end: occurrence.end)
                } else {
                    try writeValue(field, start: occurrence.start, end: occurrence.end)
                }
                count += 1
            }
            index = Int(occurrence.next)
        }
        output.append(UInt8(ascii: "]"))
    }

    private struct MapEntry {
        var key: Range<Int>
        var value: Range<Int>?
        var order: Int
    }

    private mutating func writeMap(_ field: KubeSchemaTables.Field, firstOccurrence: Int) throws {
        var entries: [MapEntry] = []
        var index = firstOccurrence
        while index >= 0 {
            let occurrence = occurrences[index]
            var key = occurrence.start..<occurrence.start
            var value: Range<Int>?
            try forEachField(occurrence.start, occurrence.end) { number, wireType, valueStart, valueEnd in
                if number == 1 && wireType == 2 { key = valueStart..<valueEnd }
                if number == 2 { value = valueStart..<valueEnd }
            }
            entries.append(MapEntry(key: key, value: value, order: entries.count))
            index = Int(occurrence.next)
        }
        // encoding/json prints map keys in byte order; a repeated key keeps its last value.
        let base = input.baseAddress!
        entries.sort { left, right in
            let common = min(left.key.count, right.key.count)
            let order = memcmp(base + left.key.lowerBound, base + right.key.lowerBound, common)
            if order != 0 { return order < 0 }
            if left.key.count != right.key.count { return left.key.count < right.key.count }
            return left.order < right.order
        }
        var valueField = field
        valueField.flags &= ~(KubeSchemaTables.Field.isMap | KubeSchemaTables.Field.isRepeated | KubeSchemaTables.Field.isPointer | KubeSchemaTables.Field.omitEmpty)
        output.append(UInt8(ascii: "{"))
        var written = 0
        for (position, entry) in entries.enumerated() {
            if position + 1 < entries.count {
                let next = entries[position + 1].key
                if next.count == entry.key.count && memcmp(base + next.lowerBound, base + entry.key.lowerBound, next.count) == 0 {
                    continue
                }
            }
            if written > 0 { output.append(UInt8(ascii: ",")) }
            written += 1
            writeString(start: entry.key.lowerBound, end: entry.key.upperBound)
            output.append(UInt8(ascii: ":"))
            path.append(.key(entry.key))
            defer { path.truncate(to: path.count - 1) }
            if let value = entry.value {
                try writeValue(valueField, start: value.lowerBound, end: value.upperBound)
            } else {
                switch valueField.kind {
                case .string: appendLiteral("\"\"")
                case .bytes: appendLiteral("null")
                case .bool: appendLiteral("false")
                case .message: try writeMessageValue(message: Int(valueField.message), special: valueField.special, start: 0, end: 0)
                default: output.append(UInt8(ascii: "0"))
                }
            }
        }
        output.append(UInt8(ascii: "}"))
    }

    /// Calls `body` with each field of the message in `start..<end`: its
    /// number, wire type and value range (the varint's own bytes for wire
    /// type 0).
    private func forEachField(_ start: Int, _ end: Int, _ body: (Int, UInt8, Int, Int) throws -> Void) throws {
        var position = start
        while position < end {
            let tagStart = position
            let tag = try readVarint(&position, end)
            let wireType = UInt8(truncatingIfNeeded: tag & 7)
            let number = Int(truncatingIfNeeded: tag >> 3)
            let valueStart = position
            switch wireType {
            case 0:
                _ = try readVarint(&position, end)
            case 1:
                guard end - position >= 8 else { throw ProtobufError(offset: position, reason: "truncated fixed64: \(end - position) of 8 bytes left") }
                position += 8
            case 5:
                guard end - position >= 4 else { throw ProtobufError(offset: position, reason: "truncated fixed32: \(end - position) of 4 bytes left") }
                position += 4
            case 2:
                let length = try readVarint(&position, end)
                guard length <= UInt64(end - position) else {
                    throw ProtobufError(offset: valueStart, reason: "length \(length) runs past the end of the input (\(end - position) bytes left)")
                }
                try body(number, wireType, position, position + Int(length))
                position += Int(length)
                continue
            default:
                throw ProtobufError(offset: tagStart, reason: "unsupported wire type \(wireType) in field tag")
            }
            try body(number, wireType, valueStart, position)
        }
    }

    // MARK: - Bytes

    @inline(__always)
    private func readVarint(_ position: inout Int, _ end: Int) throws -> UInt64 {
        if position < end {
            let byte = input[position]
            if byte < 0x80 {
                position += 1
                return UInt64(byte)
            }
        }
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw ProtobufError(offset: start, reason: "truncated varint") }
            let byte = input[position]
            position += 1
            if shift == 63 && byte > 1 { throw ProtobufError(offset: start, reason: "varint longer than 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift > 63 { throw ProtobufError(offset: start, reason: "varint longer than 10 bytes") }
        }
    }

    @inline(__always)
    private mutating func writeKey(_ field: KubeSchemaTables.Field, first: inout Bool) {
        if first {
            first = false
        } else {
            output.append(UInt8(ascii: ","))
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: tables.keys[Int(field.keyOffset)..<Int(field.keyOffset + field.keyLength)]))
    }

    private mutating func writeStringMember(_ key: String, _ value: String, first: inout Bool) {
        if first {
            first = false
        } else {
            output.append(UInt8(ascii: ","))
        }
        var text: [UInt8] = []
        JSONSerializer.writeString(key, into: &text)
        text.append(UInt8(ascii: ":"))
        JSONSerializer.writeString(value, into: &text)
        text.withUnsafeBufferPointer { output.append(contentsOf: $0) }
    }

    private mutating func appendLiteral(_ literal: StaticString) {
        literal.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    @inline(__always)
    private mutating func append(_ first: UInt8, _ second: UInt8) {
        output.append(first)
        output.append(second)
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    private mutating func appendInteger(_ value: Int64) {
        if value < 0 {
            output.append(UInt8(ascii: "-"))
            appendDigits(value.magnitude)
        } else {
            appendDigits(UInt64(value))
        }
    }

    private mutating func appendDigits(_ value: UInt64) {
        if value < 10 {
            output.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var length = 0
        var remaining = value
        while remaining > 0 {
            remaining /= 10
            length += 1
        }
        output.append(UInt8(ascii: "0"), times: length)
        var position = output.count - 1
        remaining = value
        while remaining > 0 {
            output[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            position -= 1
        }
    }

    /// Writes a quoted RFC 3339 time in UTC with `fractionDigits` digits of
    /// the nanoseconds, as metav1.Time (0) and MicroTime (6) print.
    private mutating func writeTime(seconds: Int64, nanos: Int32, fractionDigits: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = GoFormats.civil(fromDays: days)
        guard (0...9999).contains(year) else {
            append("\"" + GoFormats.rfc3339(seconds: seconds, nanos: nanos, fractionDigits: fractionDigits) + "\"")
            return
        }
        output.append(UInt8(ascii: "\""))
        appendFixed(UInt64(year), width: 4)
        output.append(UInt8(ascii: "-"))
        appendFixed(UInt64(month), width: 2)
        output.append(UInt8(ascii: "-"))
        appendFixed(UInt64(day), width: 2)
        output.append(UInt8(ascii: "T"))
        appendFixed(UInt64(secondOfDay / 3600), width: 2)
        output.append(UInt8(ascii: ":"))
        appendFixed(UInt64(secondOfDay / 60 % 60), width: 2)
        output.append(UInt8(ascii: ":"))
        appendFixed(UInt64(secondOfDay % 60), width: 2)
        if fractionDigits > 0 {
            output.append(UInt8(ascii: "."))
            var divisor: Int32 = 1
            for _ in 0..<(9 - fractionDigits) { divisor *= 10 }
            appendFixed(UInt64(max(0, nanos) / divisor), width: fractionDigits)
        }
        append(UInt8(ascii: "Z"), UInt8(ascii: "\""))
    }

    /// Appends `value` in decimal, zero-padded to `width` digits.
    private mutating func appendFixed(_ value: UInt64, width: Int) {
        output.append(UInt8(ascii: "0"), times: width)
        var position = output.count - 1
        var remaining = value
        while remaining > 0 && position >= output.count - width {
            output[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            position -= 1
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private mutating func writeBase64(start: Int, end: Int) {
        output.append(UInt8(ascii: "\""))
        let alphabet = Self.base64Alphabet
        var index = start
        while end - index >= 3 {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(alphabet[Int(chunk >> 6 & 63)])
            output.append(alphabet[Int(chunk & 63)])
            index += 3
        }
        if end - index == 2 {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(alphabet[Int(chunk >> 6 & 63)])
            output.append(UInt8(ascii: "="))
        } else if end - index == 1 {
            let chunk = UInt32(input[index]) << 16
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Writes input bytes as a JSON string with Go's escaping, validating
    /// UTF-8 as Go does: each byte of an invalid sequence becomes `\ufffd`.
    private mutating func writeString(start: Int, end: Int) {
        output.append(UInt8(ascii: "\""))
        var runStart = start
        var index = start
        while index < end {
            let byte = input[index]
            if byte < 0x80 {
                if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x3C && byte != 0x3E && byte != 0x26 {
                    index += 1
                    continue
                }
                flush(runStart, index)
                switch byte {
                case 0x22: append(0x5C, 0x22)
                case 0x5C: append(0x5C, 0x5C)
                case 0x08: append(0x5C, UInt8(ascii: "b"))
                case 0x0C: append(0x5C, UInt8(ascii: "f"))
                case 0x0A: append(0x5C, UInt8(ascii: "n"))
                case 0x0D: append(0x5C, UInt8(ascii: "r"))
                case 0x09: append(0x5C, UInt8(ascii: "t"))
                default:
                    appendLiteral("\\u00")
                    append(Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0xF)])
                }
                index += 1
                runStart = index
                continue
            }
            let length = validUTF8Length(at: index, end: end)
            if length == 0 {
                flush(runStart, index)
                appendLiteral("\\ufffd")
                replacedInvalidUTF8 = true
                index += 1
                runStart = index
                continue
            }
            if length == 3 && byte == 0xE2 && input[index + 1] == 0x80 && (input[index + 2] == 0xA8 || input[index + 2] == 0xA9) {
                flush(runStart, index)
                appendLiteral(input[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                index += 3
                runStart = index
                continue
            }
            index += length
        }
        flush(runStart, end)
        output.append(UInt8(ascii: "\""))
    }

    @inline(__always)
    private mutating func flush(_ start: Int, _ end: Int) {
        if start < end {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<end]))
        }
    }

    /// Returns the length of the valid UTF-8 sequence at `index` (2 to 4), or
    /// 0 when the bytes there are not valid UTF-8.
    private func validUTF8Length(at index: Int, end: Int) -> Int {
        let first = input[index]
        func continuation(_ offset: Int) -> Bool {
            index + offset < end && input[index + offset] & 0xC0 == 0x80
        }
        switch first {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0...0xEF:
            guard continuation(1), continuation(2) else { return 0 }
            let second = input[index + 1]
            if first == 0xE0 && second < 0xA0 { return 0 }
            if first == 0xED && second > 0x9F { return 0 }
            return 3
        case 0xF0...0xF4:
            guard continuation(1), continuation(2), continuation(3) else { return 0 }
            let second = input[index + 1]
            if first == 0xF0 && second < 0x90 { return 0 }
            if first == 0xF4 && second > 0x8F { return 0 }
            return 4
        default:
            return 0
        }
    }

    private func pathString() -> String {
        var text = ""
        for component in path.array() {
            switch component {
            case .member(let keyOffset):
                // The key is stored quoted with a trailing colon.
                var end = keyOffset + 1
                while tables.keys[end] != UInt8(ascii: ":") || tables.keys[end - 1] != UInt8(ascii: "\"") { end += 1 }
                if !text.isEmpty { text.append(".") }
                text.append(String(decoding: UnsafeBufferPointer(rebasing: tables.keys[(keyOffset + 1)..<(end - 1)]), as: UTF8.self))
            case .index(let index):
                text.append("[\(index)]")
            case .key(let range):
                text.append("[\"\(String(decoding: UnsafeBufferPointer(rebasing: input[range]), as: UTF8.self))\"]")
            }
        }
        return text
    }
}
