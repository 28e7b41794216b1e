import CYAML

extension YAML {
    /// Serializes `value` as the YAML that `kubectl get -o yaml` prints for the
    /// same JSON.
    ///
    /// kubectl converts JSON to YAML with sigs.k8s.io/yaml, which reads the JSON
    /// with go-yaml v2 and prints it with go-yaml v2's port of libyaml's emitter.
    /// This drives libyaml's emitter with the same settings: block style, indent
    /// 2, width 80, Unicode output, map keys in go-yaml's order. Strings use the
    /// literal block style when they contain a line break, double quotes when a
    /// plain scalar would read as another YAML 1.1 type, and otherwise plain style,
    /// which the emitter itself quotes when the text requires it. Numbers print as
    /// go-yaml prints the int or float it reads from the JSON literal.
    ///
    /// - Throws: `YAMLError` when libyaml rejects an event, which only an
    ///   internal bug or a failed allocation causes.
    public static func serialize(_ value: JSONValue) throws -> [UInt8] {
        let emitter = Emitter()
        try emitter.emitDocument(value)
        var bytes = emitter.output.bytes
        removeDocumentEndMarker(&bytes)
        return bytes
    }

    /// Removes the "..." marker with which libyaml 0.2.5 ends a document
    /// after a scalar that keeps its trailing line breaks (`|+`), even when
    /// later scalars follow it. go-yaml v2 writes no such marker.
    fileprivate static func removeDocumentEndMarker(_ bytes: inout [UInt8]) {
        if bytes.count >= 5, bytes.suffix(5).elementsEqual("\n...\n".utf8) {
            bytes.removeLast(4)
        }
    }
}

extension YAML {
    /// Prints kubectl's `-o yaml` List one item at a time, so memory keeps
    /// one item instead of the whole list. The text is what `serialize`
    /// prints for the List with every item in it: libyaml looks ahead at
    /// the events it needs (such as the end of an empty `items`) before it
    /// writes anything.
    public final class ListWriter {
        private let emitter = Emitter()
        private var finished = false

        /// Starts the List's document and its `items` sequence.
        public init() throws {
            try emitter.startDocument()
            try emitter.emitMappingStart()
            try emitter.emitString("apiVersion")
            try emitter.emitString("v1")
            try emitter.emitString("items")
            try emitter.emitSequenceStart()
        }

        /// Appends one item of `items`.
        public func append(_ item: JSONValue) throws {
            try emitter.emitValue(item)
        }

        /// Returns the text libyaml has written since the last call.
        public func takeOutput() -> [UInt8] {
            defer { emitter.output.bytes.removeAll(keepingCapacity: true) }
            return emitter.output.bytes
        }

        /// Ends `items` and the List and returns the rest of the text.
        public func finish() throws -> [UInt8] {
            precondition(!finished, "a YAML list is finished once")
            finished = true
            try emitter.emitSequenceEnd()
            try emitter.emitString("kind")
            try emitter.emitString("List")
            try emitter.emitString("metadata")
            var metadata = JSONObject()
            metadata.append("resourceVersion", .string(""))
            try emitter.emitValue(.object(metadata))
            try emitter.emitMappingEnd()
            try emitter.endDocument()
            var rest = takeOutput()
            YAML.removeDocumentEndMarker(&rest)
            return rest
        }
    }
}

/// Output collected by libyaml's write handler.
private final class EmitterOutput {
    var bytes: [UInt8] = []
}

/// Owns a libyaml emitter and feeds it the events for one document.
private final class Emitter {
    let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
    let output = EmitterOutput()
    /// The event being built; a raw pointer, so that handing it to libyaml
    /// involves no exclusivity checks.
    private let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)

    init() {
        event.initialize(to: yaml_event_t())
        // yaml_emitter_initialize fails only when it cannot allocate its buffers.
        guard yaml_emitter_initialize(emitter) == 1 else {
            fatalError("yaml_emitter_initialize failed: out of memory")
        }
        yaml_emitter_set_indent(emitter, 2)
        yaml_emitter_set_width(emitter, 80)
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_output(
            emitter,
            { context, buffer, size in
                guard let context, let buffer else { return 0 }
                let output = Unmanaged<EmitterOutput>.fromOpaque(context).takeUnretainedValue()
                output.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                return 1
            },
            Unmanaged.passUnretained(output).toOpaque()
        )
    }

    deinit {
        yaml_emitter_delete(emitter)
        emitter.deallocate()
        event.deallocate()
    }

    func emitDocument(_ value: JSONValue) throws {
        try startDocument()
        try emitValue(value)
        try endDocument()
    }

    func startDocument() throws {
        yaml_stream_start_event_initialize(event, YAML_UTF8_ENCODING)
        try emit()
        yaml_document_start_event_initialize(event, nil, nil, nil, 1)
        try emit()
    }

    func endDocument() throws {
        yaml_document_end_event_initialize(event, 1)
        try emit()
        yaml_stream_end_event_initialize(event)
        try emit()
        // The handler has seen everything once the stream end is emitted;
        // yaml_emitter_flush covers libyaml versions that buffer further.
        guard yaml_emitter_flush(emitter) == 1 else { throw emitterError() }
    }

    func emitSequenceStart() throws {
        yaml_sequence_start_event_initialize(event, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE)
        try emit()
    }

    func emitSequenceEnd() throws {
        yaml_sequence_end_event_initialize(event)
        try emit()
    }

    func emitMappingStart() throws {
        yaml_mapping_start_event_initialize(event, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE)
        try emit()
    }

    func emitMappingEnd() throws {
        yaml_mapping_end_event_initialize(event)
        try emit()
    }

    func emitValue(_ value: JSONValue) throws {
        switch value {
        case .null:
            try emitScalar("null", style: YAML_PLAIN_SCALAR_STYLE)
        case .bool(let flag):
            try emitScalar(flag ? "true" : "false", style: YAML_PLAIN_SCALAR_STYLE)
        case .number(let literal):
            try emitScalar(Emitter.goYAMLNumber(literal), style: YAML_PLAIN_SCALAR_STYLE)
        case .string(let text):
            try emitString(text)
        case .array(let elements):
            try emitSequenceStart()
            for element in elements {
                try emitValue(element)
            }
            try emitSequenceEnd()
        case .object(let object):
            try emitMappingStart()
            let members = YAMLKeyOrder.sorted(object.members)
            for member in members {
                try emitString(member.key)
                try emitValue(member.value)
            }
            try emitMappingEnd()
        }
    }

    // NOTE: go-yaml escapes every character of a string that starts with
    // U+FEFF, because its BOM check reads the string's first bytes instead of
    // the current ones. libyaml escapes only the BOM itself.
    func emitString(_ text: String) throws {
        var text = text
        var (hasLineFeed, hasByte85) = Emitter.scanLineBreaks(text)
        // NEL is C2 85 in UTF-8; a lone 85 byte only continues another character.
        if hasByte85, text.unicodeScalars.contains("\u{85}") {
            text = Emitter.foldNextLines(text)
            hasLineFeed = text.utf8.contains(UInt8(ascii: "\n"))
        }
        let style: yaml_scalar_style_t
        if hasLineFeed {
            style = YAML_LITERAL_SCALAR_STYLE
        } else if YAMLPlainScalar.needsQuotes(text) {
            style = YAML_DOUBLE_QUOTED_SCALAR_STYLE
        } else {
            style = YAML_PLAIN_SCALAR_STYLE
        }
        try emitScalar(text, style: style)
    }

    private func emitScalar(_ text: String, style: yaml_scalar_style_t) throws {
        var text = text
        // yaml_scalar_event_initialize copies the value and fails only on
        // invalid UTF-8 or a failed allocation. It requires a non-null pointer,
        // so an empty value points at a NUL byte.
        let initialized = text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, utf8.count > 0 else {
                return Emitter.emptyValue.withUnsafeBufferPointer { empty in
                    yaml_scalar_event_initialize(event, nil, nil, empty.baseAddress, 0, 1, 1, style)
                }
            }
            return yaml_scalar_event_initialize(event, nil, nil, base, Int32(utf8.count), 1, 1, style)
        }
        guard initialized == 1 else {
            throw YAMLError(message: "libyaml rejected the scalar \(text.debugDescription)", line: nil, column: nil)
        }
        try emit()
    }

    private static let emptyValue: [UInt8] = [0]

    /// Hands the current event to libyaml, which takes ownership of it.
    private func emit() throws {
        guard yaml_emitter_emit(emitter, event) == 1 else { throw emitterError() }
    }

    private func emitterError() -> YAMLError {
        let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown error"
        return YAMLError(message: "libyaml could not emit the document: \(problem)", line: nil, column: nil)
    }

    /// Reports whether `text` contains a line feed and whether it contains the
    /// byte 0x85, in one pass over its UTF-8 bytes.
    static func scanLineBreaks(_ text: String) -> (lineFeed: Bool, byte85: Bool) {
        var text = text
        return text.withUTF8 { bytes in
            var lineFeed = false
            var byte85 = false
            for byte in bytes {
                if byte == 0x0A { lineFeed = true } else if byte == 0x85 { byte85 = true }
            }
            return (lineFeed, byte85)
        }
    }

    /// Folds U+0085 (NEL) as kubectl's JSON-to-YAML conversion does.
    ///
    /// sigs.k8s.io/yaml reads the API server's JSON with go-yaml's parser, and
    /// NEL is the one line break Go's encoding/json leaves unescaped. Inside a
    /// double-quoted scalar the parser folds it: spaces next to the breaks are
    /// dropped, one break becomes a space, and n breaks become n - 1 line feeds.
    /// Tabs and other breaks arrive as escapes, so they are never folded.
    static func foldNextLines(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var folded = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == " " || scalars[index] == "\u{85}" else {
                folded.append(scalars[index])
                index += 1
                continue
            }
            var spaces = 0
            var breaks = 0
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\u{85}" {
                if scalars[index] == "\u{85}" {
                    breaks += 1
                } else if breaks == 0 {
                    spaces += 1
                }
                index += 1
            }
            switch breaks {
            case 0: folded.append(contentsOf: repeatElement(" ", count: spaces))
            case 1: folded.append(" ")
            default: folded.append(contentsOf: repeatElement("\n", count: breaks - 1))
            }
        }
        return String(folded)
    }

    /// The text go-yaml v2 prints for a JSON number: the int or float that
    /// its resolver reads from the literal, formatted by Go's strconv.
    static func goYAMLNumber(_ literal: String) -> String {
        switch YAMLPlainScalar(resolving: literal) {
        case .integer(let decimal):
            return decimal
        case .float(let value):
            return GoFloatFormat.formatG(value)
        default:
            return literal
        }
    }
}
