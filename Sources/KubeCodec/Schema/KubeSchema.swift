/// The Kubernetes API types as the codec needs them: for every protobuf
/// message, its fields in Go struct order with JSON names, protobuf numbers,
/// element kinds and the JSON rules (omitempty, pointer, inline).
///
/// The schema is compiled into the binary as text (`baseText`, generated from
/// Kubernetes' API packages, and `supplementText`, written for types and
/// fields those packages predate) and parsed once on first use. Lookups on
/// the decode path go by integer index only.
///
/// Text format, one message per line, space-separated:
///
///     <package>.<Message> <special> <field> <field> ...
///
/// `<special>` is `-` for a plain struct, or the Go type with its own JSON
/// form: `T` metav1.Time, `U` metav1.MicroTime, `D` metav1.Duration,
/// `Q` resource.Quantity, `I` intstr.IntOrString, `R` runtime.RawExtension,
/// `F` metav1.FieldsV1, `W` a named Go slice carried as a message whose
/// field 1 contains the items. Three more are apiextensions' JSON schema
/// unions, and each lists its schema message field first. `A` is
/// JSONSchemaPropsOrArray (schema 1 or schemas 2, JSON: an object or an
/// array). `B` is JSONSchemaPropsOrBool (allows 1, schema 2, JSON: an object
/// or a bool). `S` is JSONSchemaPropsOrStringArray (schema 1 or strings 2,
/// JSON: an object or an array of strings).
///
/// Each field is `<json>=<number>,<kind>,<flags>[,<message>]`. `<json>` is
/// empty for an inlined embedded struct. `<kind>` is one of `s` string,
/// `b` bool, `i` int32, `l` int64, `u` uint32, `v` uint64, `d` double,
/// `f` float, `y` bytes, `m` message, `t` the inlined TypeMeta (kind and
/// apiVersion, number 0); a leading `M` makes it a map from string to that
/// kind. `<flags>` holds `o` omitempty, `p` Go pointer, `r` repeated,
/// `n` inline, `h` carried in protobuf but never in JSON.
///
/// A supplement line whose first word starts with `+` adds fields to a
/// message already defined: `+<message> <after> <field> ...` inserts the
/// fields after the JSON field named `<after>` (`^` for the front).
public final class KubeSchema: Sendable {
    public enum Special: UInt8, Sendable {
        case none, time, microTime, duration, quantity, intOrString, rawExtension, fieldsV1, wrappedSlice
        case schemaOrArray, schemaOrBool, schemaOrStringArray
    }

    public enum Kind: UInt8, Sendable {
        case string, bool, int32, int64, uint32, uint64, double, float, bytes, message, typeMeta
    }

    public struct Field: Sendable {
        public var jsonName: String
        public var number: Int
        public var kind: Kind
        public var isMap: Bool
        public var omitEmpty: Bool
        public var isPointer: Bool
        public var isRepeated: Bool
        public var isInline: Bool
        public var isHidden: Bool
        /// Index of the message type for `.message` fields, else -1.
        public var message: Int
        var messageName: String

        /// The wire type a single value of this field has.
        var wireType: UInt8 {
            if isMap { return 2 }
            switch kind {
            case .string, .bytes, .message, .typeMeta: return 2
            case .bool, .int32, .int64, .uint32, .uint64: return 0
            case .double: return 1
            case .float: return 5
            }
        }
    }

    public struct Message: Sendable {
        public var name: String
        public var special: Special
        /// Fields in Go struct (JSON) order.
        public var fields: [Field]
        /// Field index by protobuf number; -1 where no field has that number.
        var byNumber: [Int32]
        /// Field indices in protobuf number order, as gogo-protobuf writes them.
        var numberOrder: [Int]

        /// Returns the index of the field with protobuf number `number`, if any.
        public func field(number: Int) -> Int? {
            guard number >= 0, number < byNumber.count else { return nil }
            let index = byNumber[number]
            return index < 0 ? nil : Int(index)
        }
    }

    public let messages: [Message]
    private let indexByName: [String: Int]
    /// The same messages as plain-value tables for the fast JSON writer.
    let tables: KubeSchemaTables

    /// The schema built from the compiled-in base and supplement.
    public static let shared: KubeSchema = {
        do {
            return try KubeSchema(texts: [baseText, supplementText])
        } catch {
            fatalError("the compiled-in Kubernetes schema does not parse: \(error)")
        }
    }()

    public struct SchemaError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses schema texts in order; later texts add messages and fields.
    public init(texts: [String]) throws {
        var messages: [Message] = []
        var indexByName: [String: Int] = [:]

        for text in texts {
            for line in text.split(separator: "\n") where !line.isEmpty && !line.hasPrefix("#") {
                let words = line.split(separator: " ")
                if words[0].hasPrefix("+") {
                    let name = String(words[0].dropFirst())
                    guard words.count >= 2, let index = indexByName[name] else {
                        throw SchemaError(description: "schema line adds fields to unknown message \(name)")
                    }
                    let after = String(words[1])
                    var position = 0
                    if after != "^" {
                        guard let found = messages[index].fields.firstIndex(where: { $0.jsonName == after }) else {
                            throw SchemaError(description: "schema line for \(name) inserts after unknown field \(after)")
                        }
                        position = found + 1
                    }
                    let added = try words.dropFirst(2).map { try Self.parseField($0, in: name) }
                    messages[index].fields.insert(contentsOf: added, at: position)
                    continue
                }
                guard words.count >= 2 else {
                    throw SchemaError(description: "schema line has no special-kind word: \(line)")
                }
                let name = String(words[0])
                let special: Special
                switch words[1] {
                case "-": special = .none
                case "T": special = .time
                case "U": special = .microTime
                case "D": special = .duration
                case "Q": special = .quantity
                case "I": special = .intOrString
                case "R": special = .rawExtension
                case "F": special = .fieldsV1
                case "W": special = .wrappedSlice
                case "A": special = .schemaOrArray
                case "B": special = .schemaOrBool
                case "S": special = .schemaOrStringArray
                default: throw SchemaError(description: "unknown special kind \(words[1]) for \(name)")
                }
                let fields = try words.dropFirst(2).map { try Self.parseField($0, in: name) }
                if [.schemaOrArray, .schemaOrBool, .schemaOrStringArray].contains(special) && fields.first?.kind != .message {
                    throw SchemaError(description: "schema union \(name) must list its schema message field first")
                }
                let message = Message(name: name, special: special, fields: fields, byNumber: [], numberOrder: [])
                if let existing = indexByName[name] {
                    messages[existing] = message
                } else {
                    indexByName[name] = messages.count
                    messages.append(message)
                }
            }
        }

        for index in messages.indices {
            for fieldIndex in messages[index].fields.indices {
                let field = messages[index].fields[fieldIndex]
                guard field.kind == .message else { continue }
                guard let target = indexByName[field.messageName] else {
                    throw SchemaError(description: "\(messages[index].name).\(field.jsonName) refers to unknown message \(field.messageName)")
                }
                messages[index].fields[fieldIndex].message = target
                // Resolved: an empty name makes copies of the field, which the
                // decoder takes for every field it visits, cost no retain.
                messages[index].fields[fieldIndex].messageName = ""
            }
            let fields = messages[index].fields
            let maxNumber = fields.map(\.number).max() ?? 0
            var byNumber = [Int32](repeating: -1, count: maxNumber + 1)
            for (fieldIndex, field) in fields.enumerated() where field.kind != .typeMeta {
                byNumber[field.number] = Int32(fieldIndex)
            }
            messages[index].byNumber = byNumber
            messages[index].numberOrder = fields.indices.filter { fields[$0].kind != .typeMeta }
                .sorted { fields[$0].number < fields[$1].number }
        }
        self.messages = messages
        self.indexByName = indexByName
        self.tables = KubeSchemaTables(messages: messages, objectMeta: indexByName["meta.v1.ObjectMeta"])
    }

    private static func parseField(_ word: Substring, in message: String) throws -> Field {
        guard let equals = word.firstIndex(of: "=") else {
            throw SchemaError(description: "schema field \(word) of \(message) has no '='")
        }
        let jsonName = String(word[..<equals])
        let parts = word[word.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count >= 3, let number = Int(parts[0]) else {
            throw SchemaError(description: "schema field \(word) of \(message) is not <json>=<number>,<kind>,<flags>")
        }
        var kindText = parts[1]
        let isMap = kindText.hasPrefix("M")
        if isMap { kindText = kindText.dropFirst() }
        let kind: Kind
        switch kindText {
        case "s": kind = .string
        case "b": kind = .bool
        case "i": kind = .int32
        case "l": kind = .int64
        case "u": kind = .uint32
        case "v": kind = .uint64
        case "d": kind = .double
        case "f": kind = .float
        case "y": kind = .bytes
        case "m": kind = .message
        case "t": kind = .typeMeta
        default: throw SchemaError(description: "schema field \(word) of \(message) has unknown kind \(kindText)")
        }
        let flags = parts[2]
        let messageName = parts.count > 3 ? String(parts[3]) : ""
        if kind == .message && messageName.isEmpty {
            throw SchemaError(description: "schema field \(word) of \(message) names no message type")
        }
        return Field(
            jsonName: jsonName, number: number, kind: kind, isMap: isMap,
            omitEmpty: flags.contains("o"), isPointer: flags.contains("p"),
            isRepeated: flags.contains("r"), isInline: flags.contains("n"), isHidden: flags.contains("h"),
            message: -1, messageName: messageName)
    }

    /// Returns the index of a message by schema name, for example `core.v1.Pod`.
    public func messageIndex(named name: String) -> Int? {
        indexByName[name]
    }

    /// Reports whether the message's `metadata` field is an ObjectMeta (a
    /// stored object) rather than a ListMeta or nothing.
    func hasObjectMeta(_ message: Int) -> Bool {
        guard let objectMeta = indexByName["meta.v1.ObjectMeta"] else { return false }
        return messages[message].fields.contains { $0.jsonName == "metadata" && $0.message == objectMeta }
    }

    /// Returns the message for an object's apiVersion and kind, if the schema
    /// has it.
    public func messageIndex(apiVersion: String, kind: String) -> Int? {
        guard let package = Self.schemaPackage(apiVersion: apiVersion) else { return nil }
        if let index = indexByName[package + "." + kind] { return index }
        // The core group also serves meta.k8s.io types (Status, APIGroup...).
        if package.hasPrefix("core."), let index = indexByName["meta." + package.dropFirst("core.".count) + "." + kind] {
            return index
        }
        return nil
    }

    /// Returns the schema package (`apps.v1`) for an apiVersion (`apps/v1`).
    static func schemaPackage(apiVersion: String) -> String? {
        let group: Substring
        let version: Substring
        if let slash = apiVersion.firstIndex(of: "/") {
            group = apiVersion[..<slash]
            version = apiVersion[apiVersion.index(after: slash)...]
        } else {
            group = ""
            version = Substring(apiVersion)
        }
        guard !version.isEmpty else { return nil }
        let directory: Substring
        switch group {
        case "": directory = "core"
        case "internal.apiserver.k8s.io": directory = "apiserverinternal"
        case "flowcontrol.apiserver.k8s.io": directory = "flowcontrol"
        case "rbac.authorization.k8s.io": directory = "rbac"
        case "meta.k8s.io": directory = "meta"
        default:
            if group.hasSuffix(".k8s.io") {
                directory = group.dropLast(".k8s.io".count)
            } else {
                directory = group
            }
        }
        return "\(directory).\(version)"
    }
}
