import CYAML

extension YAML {
    /// Parses every document in a YAML stream into JSON values, as
    /// sigs.k8s.io/yaml's `YAMLToJSON` converts each document.
    ///
    /// Plain scalars resolve under go-yaml v2's YAML 1.1 rules: `yes`/`no`/`on`/`off`
    /// are booleans, `0x1F` and `010` are integers, timestamps stay strings. Floats
    /// print as Go's `encoding/json` prints them. Non-string keys become strings
    /// (`1`, `true`, `1.5`). Anchors, aliases and `<<` merge keys are expanded.
    /// Object members keep their document order.
    ///
    /// Unlike go-yaml v2, which keeps the last of duplicate keys silently, a key
    /// repeated in one mapping is rejected, because a write to etcd should not
    /// lose data without notice.
    ///
    /// - Throws: `YAMLError` with the 1-based line and column of the problem.
    public static func parseDocuments(_ bytes: [UInt8]) throws -> [JSONValue] {
        let parser = Parser()
        return try bytes.withUnsafeBufferPointer { buffer in
            try parser.parseStream(buffer)
        }
    }

    /// Parses a YAML stream that contains exactly one document.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        let documents = try parseDocuments(bytes)
        guard documents.count == 1 else {
            throw YAMLError(
                message: "expected one YAML document, found \(documents.count)", line: nil, column: nil)
        }
        return documents[0]
    }
}

/// Owns a libyaml parser and builds JSON values from its event stream.
///
/// The tree is built with an explicit stack rather than recursion, so deeply
/// nested input cannot overflow the thread's stack.
private final class Parser {
    /// Deepest nesting of mappings and sequences accepted.
    static let maximumDepth = 10_000
    /// Values an alias may copy in total, relative to the events read, so that a
    /// small document cannot expand into an exponential tree ("billion laughs").
    static let aliasExpansionPerEvent = 100
    static let aliasExpansionFloor = 1_000_000

    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    private var event = yaml_event_t()
    private var hasEvent = false

    private var anchors: [String: JSONValue] = [:]
    private var stack: [Frame] = []
    private var documents: [JSONValue] = []
    private var eventCount = 0
    private var aliasExpansion = 0

    private struct Frame {
        enum Kind {
            case sequence([JSONValue])
            case mapping(JSONObject, keys: Set<String>)
        }
        var kind: Kind
        var anchor: String?
        /// The key waiting for its value, or nil when the next value is a key.
        var pendingKey: PendingKey?
        var line: Int
        var column: Int
    }

    private enum PendingKey {
        case key(String)
        case merge
    }

    init() {
        guard yaml_parser_initialize(parser) == 1 else {
            fatalError("yaml_parser_initialize failed: out of memory")
        }
    }

    deinit {
        if hasEvent { yaml_event_delete(&event) }
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    func parseStream(_ buffer: UnsafeBufferPointer<UInt8>) throws -> [JSONValue] {
        // An empty stream has no documents; libyaml needs a non-null pointer.
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return [] }
        // libyaml reads the buffer in place, so it must outlive the parse.
        yaml_parser_set_input_string(parser, base, buffer.count)
        while true {
            try nextEvent()
            defer { deleteEvent() }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return documents
            case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
                continue
            case YAML_DOCUMENT_START_EVENT:
                anchors = [:]
            case YAML_SCALAR_EVENT:
                let node = try resolveScalar()
                if let anchor = Parser.string(event.data.scalar.anchor), let json = node.json { anchors[anchor] = json }
                try deliver(node)
            case YAML_ALIAS_EVENT:
                let name = Parser.string(event.data.alias.anchor) ?? ""
                guard let value = anchors[name] else {
                    throw error("unknown anchor '\(name)' referenced")
                }
                aliasExpansion += Parser.countValues(value)
                let budget = max(Parser.aliasExpansionFloor, eventCount * Parser.aliasExpansionPerEvent)
                guard aliasExpansion <= budget else {
                    throw error("document expands aliases into more than \(budget) values")
                }
                try deliver(.value(value))
            case YAML_SEQUENCE_START_EVENT:
                try push(.sequence([]), anchor: Parser.string(event.data.sequence_start.anchor))
            case YAML_MAPPING_START_EVENT:
                try push(.mapping(JSONObject(), keys: []), anchor: Parser.string(event.data.mapping_start.anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let frame = stack.removeLast()
                let value: JSONValue
                switch frame.kind {
                case .sequence(let elements): value = .array(elements)
                case .mapping(let object, _): value = .object(object)
                }
                if let anchor = frame.anchor { anchors[anchor] = value }
                try deliver(.value(value))
            default:
                continue
            }
        }
    }

    // MARK: Events

    private func nextEvent() throws {
        guard yaml_parser_parse(parser, &event) == 1 else {
            let problem = parser.pointee.problem.map { String(cString: $0) } ?? "unknown error"
            let context = parser.pointee.context.map { String(cString: $0) }
            let mark = parser.pointee.problem_mark
            let message = context.map { "invalid YAML: \(problem) \($0)" } ?? "invalid YAML: \(problem)"
            throw YAMLError(message: message, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }
        hasEvent = true
        eventCount += 1
    }

    private func deleteEvent() {
        yaml_event_delete(&event)
        hasEvent = false
    }

    private func error(_ message: String) -> YAMLError {
        YAMLError(
            message: message, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func countValues(_ value: JSONValue) -> Int {
        switch value {
        case .array(let elements): return 1 + elements.reduce(0) { $0 + countValues($1) }
        case .object(let object): return 1 + object.members.reduce(0) { $0 + countValues($1.value) }
        default: return 1
        }
    }

    // MARK: Tree building

    /// A finished node: a value, or the merge key `<<`, which is only valid as a key.
    private enum Node {
        case value(JSONValue)
        case mergeKey
        /// A scalar key as text, with its resolved value for non-string keys.
        case scalar(ResolvedScalar)

        /// The node as a value, or nil for a float with no JSON form.
        var json: JSONValue? {
            switch self {
            case .value(let value): return value
            case .mergeKey: return .string("<<")
            case .scalar(let scalar): return scalar.json
            }
        }
    }

    private struct ResolvedScalar {
        /// The value, or nil for infinities and NaN, which JSON cannot hold
        /// but which sigs.k8s.io/yaml accepts as map keys.
        var json: JSONValue?
        /// The key text sigs.k8s.io/yaml uses when this scalar is a map key,
        /// or nil when it cannot be one (null).
        var keyText: String?
    }

    /// The node's value, or an error naming a float that JSON cannot hold.
    private func value(of node: Node) throws -> JSONValue {
        guard let json = node.json else {
            throw error("an infinite or NaN number has no JSON form; quote it to keep it as a string")
        }
        return json
    }

    private func push(_ kind: Frame.Kind, anchor: String?) throws {
        guard stack.count < Parser.maximumDepth else {
            throw error("nesting deeper than \(Parser.maximumDepth) levels")
        }
        if let top = stack.last, case .mapping = top.kind, top.pendingKey == nil {
            throw error("a mapping or sequence cannot be a mapping key; use a string key")
        }
        stack.append(
            Frame(
                kind: kind, anchor: anchor, pendingKey: nil,
                line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1))
    }

    private func deliver(_ node: Node) throws {
        guard !stack.isEmpty else {
            documents.append(try value(of: node))
            return
        }
        let index = stack.count - 1
        switch stack[index].kind {
        case .sequence(var elements):
            stack[index].kind = .sequence([])
            defer { stack[index].kind = .sequence(elements) }
            elements.append(try value(of: node))
        case .mapping(var object, var keys):
            stack[index].kind = .mapping(JSONObject(), keys: [])
            defer { stack[index].kind = .mapping(object, keys: keys) }
            switch stack[index].pendingKey {
            case nil:
                stack[index].pendingKey = try key(from: node)
            case .key(let key):
                stack[index].pendingKey = nil
                guard keys.insert(key).inserted else {
                    throw error("mapping key \"\(key)\" is already defined in this mapping")
                }
                object[key] = try value(of: node)
            case .merge:
                stack[index].pendingKey = nil
                try merge(try value(of: node), into: &object, keys: &keys)
            }
        }
    }

    private func key(from node: Node) throws -> PendingKey {
        switch node {
        case .mergeKey:
            return .merge
        case .scalar(let scalar):
            guard let text = scalar.keyText else {
                throw error("a null mapping key has no JSON form; quote the key")
            }
            return .key(text)
        case .value(let value):
            switch value {
            case .string(let text): return .key(text)
            case .bool(let flag): return .key(flag ? "true" : "false")
            case .number(let text): return .key(text)
            default: throw error("a mapping or sequence cannot be a mapping key; use a string key")
            }
        }
    }

    /// Applies a `<<` merge as go-yaml v2 does: the merged keys are set in
    /// place, and from a list of mappings the earlier mappings win.
    private func merge(_ value: JSONValue, into object: inout JSONObject, keys: inout Set<String>) throws {
        switch value {
        case .object(let source):
            for member in source.members {
                object[member.key] = member.value
            }
        case .array(let sources):
            for source in sources.reversed() {
                guard case .object = source else {
                    throw error("a << merge list must contain only mappings")
                }
                try merge(source, into: &object, keys: &keys)
            }
        default:
            throw error("a << merge value must be a mapping or a list of mappings")
        }
    }

    // MARK: Scalars

    /// Types the current scalar event by its tag, or for an untagged plain
    /// scalar by go-yaml v2's resolver; quoted and block scalars are strings.
    private func resolveScalar() throws -> Node {
        let scalar = event.data.scalar
        let text = scalar.value.map {
            String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
        } ?? ""
        let tag = Parser.string(scalar.tag).map(Parser.shortTag)
        let isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE

        // The merge key, as go-yaml v2 recognises it: a plain "<<" or one tagged !!merge.
        if text == "<<", (tag == nil && isPlain) || tag == "!!merge" {
            return .mergeKey
        }

        switch tag ?? "" {
        case "" where isPlain:
            break
        case "", "!", "!!str":
            return .scalar(ResolvedScalar(json: .string(text), keyText: text))
        case "!!binary":
            guard let decoded = Parser.decodeBase64(text) else {
                throw error("!!binary value is not valid base64")
            }
            return .scalar(ResolvedScalar(json: .string(decoded), keyText: decoded))
        case "!!null", "!!bool", "!!int", "!!float", "!!timestamp":
            break
        default:
            // Other tags (custom ones like !foo) leave the text as a string, as go-yaml v2 does.
            return .scalar(ResolvedScalar(json: .string(text), keyText: text))
        }

        let resolved = YAMLPlainScalar(resolving: text)
        if let tag {
            try check(resolved, text: text, against: tag)
        }
        switch resolved {
        case .null:
            return .scalar(ResolvedScalar(json: .null, keyText: nil))
        case .bool(let flag):
            return .scalar(ResolvedScalar(json: .bool(flag), keyText: flag ? "true" : "false"))
        case .integer(let decimal):
            if tag == "!!float", let value = Double(decimal) {
                return .scalar(Parser.float(value))
            }
            return .scalar(ResolvedScalar(json: .number(decimal), keyText: decimal))
        case .float(let value):
            return .scalar(Parser.float(value))
        case .timestamp, .string:
            return .scalar(ResolvedScalar(json: .string(text), keyText: text))
        }
    }

    /// A float as encoding/json prints it, and as sigs.k8s.io/yaml spells it as
    /// a map key: Go's 32-bit shortest form, with go-yaml's names for the
    /// infinities and NaN.
    private static func float(_ value: Double) -> ResolvedScalar {
        var keyText = GoFloatFormat.formatGFloat32(value)
        switch keyText {
        case "+Inf": keyText = ".inf"
        case "-Inf": keyText = "-.inf"
        case "NaN": keyText = ".nan"
        default: break
        }
        return ResolvedScalar(json: value.isFinite ? .number(GoFormats.float(value)) : nil, keyText: keyText)
    }

    /// Rejects a tagged scalar whose text does not resolve to the tag's type,
    /// as go-yaml v2 does ("cannot decode !!str `abc` as a !!int").
    private func check(_ resolved: YAMLPlainScalar, text: String, against tag: String) throws {
        let matches: Bool
        switch (tag, resolved) {
        case ("!!null", .null), ("!!bool", .bool), ("!!int", .integer), ("!!float", .float),
            ("!!float", .integer), ("!!timestamp", .timestamp):
            matches = true
        default:
            matches = false
        }
        guard matches else {
            throw error("cannot read \(text.debugDescription) as \(tag)")
        }
    }

    private static func shortTag(_ tag: String) -> String {
        let prefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }

    /// Decodes standard base64, ignoring line breaks and spaces as YAML block
    /// scalars carry them; returns nil when the bytes are not UTF-8 text.
    private static func decodeBase64(_ text: String) -> String? {
        var alphabet = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            alphabet[Int(byte)] = UInt8(index)
        }
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), UInt8(ascii: "="):
                continue
            default:
                let value = alphabet[Int(byte)]
                guard value != 0xFF else { return nil }
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                }
            }
        }
        return String(validating: output, as: UTF8.self)
    }
}
