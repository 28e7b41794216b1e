/// The schema flattened into plain-value tables for the protobuf-to-JSON
/// writer: one array of field records for all messages, field lookup by
/// protobuf number, and every field's JSON key pre-quoted. Reading them takes
/// no reference counting, which the nested `KubeSchema.Message` arrays would.
///
/// The tables live as long as the schema, which for `KubeSchema.shared` is the
/// whole process; their memory is freed only if a schema is deinitialized.
final class KubeSchemaTables: @unchecked Sendable {
    struct Field {
        var number: Int32
        /// Target message index for message fields, else -1.
        var message: Int32
        var kind: KubeSchema.Kind
        /// The target message's special JSON form, for message fields.
        var special: KubeSchema.Special
        var flags: UInt8
        /// Offset and length of `"name":` in `keys`.
        var keyOffset: Int32
        var keyLength: Int32

        static let isMap: UInt8 = 1
        static let omitEmpty: UInt8 = 2
        static let isPointer: UInt8 = 4
        static let isRepeated: UInt8 = 8
        static let isInline: UInt8 = 16
        static let isHidden: UInt8 = 32

        func has(_ flag: UInt8) -> Bool { flags & flag != 0 }

        /// The wire type a single value of this field has.
        var wireType: UInt8 {
            if has(Self.isMap) { return 2 }
            switch kind {
            case .string, .bytes, .message, .typeMeta: return 2
            case .bool, .int32, .int64, .uint32, .uint64: return 0
            case .double: return 1
            case .float: return 5
            }
        }
    }

    let fields: UnsafeMutableBufferPointer<Field>
    /// Per message: index of its first field in `fields`, and the count.
    let fieldStart: UnsafeMutableBufferPointer<Int32>
    let fieldCount: UnsafeMutableBufferPointer<Int32>
    /// Per message: its slice of `byNumber` (field index relative to
    /// `fieldStart`, or -1), indexed by protobuf number.
    let numberStart: UnsafeMutableBufferPointer<Int32>
    let numberCount: UnsafeMutableBufferPointer<Int32>
    let byNumber: UnsafeMutableBufferPointer<Int32>
    let keys: UnsafeMutableBufferPointer<UInt8>
    /// Index of metav1.ObjectMeta, whose resourceVersion the mod revision sets.
    let objectMeta: Int32

    init(messages: [KubeSchema.Message], objectMeta: Int?) {
        let totalFields = messages.reduce(0) { $0 + $1.fields.count }
        fields = .allocate(capacity: max(totalFields, 1))
        fieldStart = .allocate(capacity: max(messages.count, 1))
        fieldCount = .allocate(capacity: max(messages.count, 1))
        numberStart = .allocate(capacity: max(messages.count, 1))
        numberCount = .allocate(capacity: max(messages.count, 1))
        let totalNumbers = messages.reduce(0) { $0 + $1.byNumber.count }
        byNumber = .allocate(capacity: max(totalNumbers, 1))

        var keyBytes: [UInt8] = []
        var fieldIndex = 0
        var numberIndex = 0
        for (messageIndex, message) in messages.enumerated() {
            fieldStart[messageIndex] = Int32(fieldIndex)
            fieldCount[messageIndex] = Int32(message.fields.count)
            for field in message.fields {
                var flags: UInt8 = 0
                if field.isMap { flags |= Field.isMap }
                if field.omitEmpty { flags |= Field.omitEmpty }
                if field.isPointer { flags |= Field.isPointer }
                if field.isRepeated { flags |= Field.isRepeated }
                if field.isInline { flags |= Field.isInline }
                if field.isHidden { flags |= Field.isHidden }
                let keyOffset = keyBytes.count
                JSONSerializer.writeString(field.jsonName, into: &keyBytes)
                keyBytes.append(UInt8(ascii: ":"))
                let special = field.message >= 0 ? messages[field.message].special : .none
                (fields.baseAddress! + fieldIndex).initialize(to: Field(
                    number: Int32(field.number), message: Int32(field.message), kind: field.kind,
                    special: special, flags: flags, keyOffset: Int32(keyOffset),
                    keyLength: Int32(keyBytes.count - keyOffset)))
                fieldIndex += 1
            }
            numberStart[messageIndex] = Int32(numberIndex)
            numberCount[messageIndex] = Int32(message.byNumber.count)
            for value in message.byNumber {
                byNumber[numberIndex] = value
                numberIndex += 1
            }
        }
        keys = .allocate(capacity: max(keyBytes.count, 1))
        _ = keys.initialize(from: keyBytes)
        self.objectMeta = Int32(objectMeta ?? -1)
    }

    deinit {
        fields.deallocate()
        fieldStart.deallocate()
        fieldCount.deallocate()
        numberStart.deallocate()
        numberCount.deallocate()
        byNumber.deallocate()
        keys.deallocate()
    }

    /// Returns the index into `fields` of protobuf field `number` of a
    /// message, or -1 when the message has no such field.
    @inline(__always)
    func field(message: Int, number: Int) -> Int {
        let count = Int(numberCount[message])
        guard number < count else { return -1 }
        let relative = byNumber[Int(numberStart[message]) + number]
        return relative < 0 ? -1 : Int(fieldStart[message]) + Int(relative)
    }
}
