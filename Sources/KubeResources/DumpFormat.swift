import Foundation
import KubeCodec

/// One key of a dump: etcdhelper's record (key, the object as JSON,
/// group/version/kind, revisions, version, lease), or, for a value that is
/// not a decodable Kubernetes object, the raw bytes in base64.
public struct DumpRecord: Sendable, Equatable {
    public struct GroupVersionKind: Sendable, Equatable {
        public var group: String
        public var version: String
        public var kind: String

        public init(group: String, version: String, kind: String) {
            self.group = group
            self.version = version
            self.kind = kind
        }

        /// Splits an apiVersion (`v1`, `apps/v1`) and a kind.
        public init(apiVersion: String, kind: String) {
            if let slash = apiVersion.firstIndex(of: "/") {
                group = String(apiVersion[..<slash])
                version = String(apiVersion[apiVersion.index(after: slash)...])
            } else {
                group = ""
                version = apiVersion
            }
            self.kind = kind
        }

        public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

        /// `{"Group":"","Version":"v1","Kind":"Namespace"}`: Go's encoding of
        /// schema.GroupVersionKind, which has no JSON tags.
        public var etcdhelperJSON: String {
            "{\"Group\":\(GoJSON.quoted(group)),\"Version\":\(GoJSON.quoted(version)),\"Kind\":\(GoJSON.quoted(kind))}"
        }

        /// `apps/v1, Kind=Deployment`: Go's String() of the type, which
        /// etcdhelper's `get` prints before the object.
        public var etcdhelperDescription: String {
            "\(group)/\(version), Kind=\(kind)"
        }
    }

    public var key: String
    /// The object as the API server's compact JSON, with a trailing newline
    /// as etcdhelper writes it. Nil for raw records.
    public var value: String?
    public var gvk: GroupVersionKind?
    public var createRevision: Int64
    public var modRevision: Int64
    public var version: Int64
    public var lease: Int64
    /// The stored bytes, for values ketcd cannot decode (not a Kubernetes
    /// object, or encrypted at rest), so that a save writes them back as they were.
    public var rawValue: [UInt8]?
    /// Protobuf fields of the stored value that the JSON leaves out because
    /// the schema does not know them, kept so that a save restores them.
    public var unknownFields: [UnknownField] = []

    public init(
        key: String, value: String? = nil, gvk: GroupVersionKind? = nil, createRevision: Int64 = 0,
        modRevision: Int64 = 0, version: Int64 = 0, lease: Int64 = 0, rawValue: [UInt8]? = nil
    ) {
        self.key = key
        self.value = value
        self.gvk = gvk
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
        self.lease = lease
        self.rawValue = rawValue
    }
}

extension DumpRecord {
    /// `{"path":"metadata","number":15,"wire_type":2,"raw":"<base64>"}`.
    static func unknownFieldJSON(_ field: UnknownField) -> String {
        "{\"path\":\(GoJSON.quoted(field.path)),\"number\":\(field.number),\"wire_type\":\(field.wireType),\"raw\":\(GoJSON.quoted(Data(field.raw).base64EncodedString()))}"
    }
}

/// Writes dumps in etcdhelper's format: one JSON array, two-space indented
/// as Go's json.MarshalIndent writes it, fields with zero values left out.
/// Records are written as they come, so memory does not grow with the dump.
public struct EtcdhelperDumpWriter: Sendable {
    private var wroteRecord = false

    public init() {}

    /// Appends one record, with the separator that precedes it.
    public mutating func append(_ record: DumpRecord, to output: inout [UInt8]) {
        appendSeparator(to: &output)
        Self.appendBody(record, to: &output)
    }

    /// Appends what goes before the next record: the array's opening
    /// bracket before the first, a comma before the others.
    public mutating func appendSeparator(to output: inout [UInt8]) {
        output.append(contentsOf: (wroteRecord ? ",\n" : "[\n").utf8)
        wroteRecord = true
    }

    /// Appends one record without a separator, so that records can be
    /// formatted in parallel and joined in order. `objectJSON`, the object's
    /// compact JSON without the trailing newline, takes the place of
    /// `record.value`, so that a dump escapes the decoder's bytes without
    /// making a String of them.
    public static func appendBody(_ record: DumpRecord, objectJSON: [UInt8]? = nil, to output: inout [UInt8]) {
        output.append(contentsOf: "  {".utf8)
        var first = true
        func field(_ name: String) {
            output.append(contentsOf: (first ? "\n    \"" : ",\n    \"").utf8)
            output.append(contentsOf: name.utf8)
            output.append(contentsOf: "\": ".utf8)
            first = false
        }
        if !record.key.isEmpty {
            field("key")
            GoJSON.appendQuoted(record.key, to: &output)
        }
        if let objectJSON {
            field("value")
            output.append(UInt8(ascii: "\""))
            objectJSON.withUnsafeBufferPointer { GoJSON.appendEscaped(utf8: $0, to: &output) }
            output.append(contentsOf: "\\n\"".utf8)
        } else if let value = record.value, !value.isEmpty {
            field("value")
            GoJSON.appendQuoted(value, to: &output)
        }
        if let gvk = record.gvk {
            field("gkv")
            GoJSON.appendQuoted(gvk.etcdhelperJSON, to: &output)
        }
        if let raw = record.rawValue {
            field("value_base64")
            GoJSON.appendQuoted(Data(raw).base64EncodedString(), to: &output)
        }
        if !record.unknownFields.isEmpty {
            field("unknown_fields")
            GoJSON.appendQuoted("[" + record.unknownFields.map(DumpRecord.unknownFieldJSON).joined(separator: ",") + "]", to: &output)
        }
        for (name, number) in [("create_revision", record.createRevision), ("mod_revision", record.modRevision), ("version", record.version), ("lease", record.lease)]
        where number != 0 {
            field(name)
            output.append(contentsOf: String(number).utf8)
        }
        output.append(contentsOf: "\n  }".utf8)
    }

    /// Text for one record, including the separator that precedes it.
    public mutating func record(_ record: DumpRecord) -> String {
        var output: [UInt8] = []
        append(record, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends an element that marks where the dump continues at a newer
    /// revision: the JSON lines header of that revision, which `ketcd save`
    /// skips like every header.
    public mutating func appendRevisionSwitch(from previousRevision: Int64, to revision: Int64, prefix: String, to output: inout [UInt8]) {
        appendSeparator(to: &output)
        output.append(contentsOf: "  ".utf8)
        var header = JSONLinesDump.header(revision: revision, prefix: prefix, previousRevision: previousRevision)
        header.removeLast()
        output.append(contentsOf: header.utf8)
    }

    /// Text that closes the array; `[]` when no record was written.
    public func finish() -> String {
        wroteRecord ? "\n]\n" : "[]\n"
    }
}

/// JSON lines dumps: one header line, then one line per key with the object
/// embedded as JSON, so `jq` and line tools work on dumps of any size.
public enum JSONLinesDump {
    /// Returns the first line, and the line written where a compaction made the dump
    /// continue at a newer revision (`previousRevision` set).
    public static func header(revision: Int64, prefix: String, previousRevision: Int64? = nil) -> String {
        var line = "{\"header\":{\"format\":\"ketcd-dump/v1\",\"prefix\":\(GoJSON.quoted(prefix)),\"revision\":\(revision)"
        if let previousRevision {
            line += ",\"spans_revisions\":[\(previousRevision),\(revision)]"
            line += ",\"note\":\"etcd compacted revision \(previousRevision) during the dump; the records below are read at revision \(revision)\""
        }
        return line + "}}\n"
    }

    /// Returns the last line of a dump that stopped part way. `ketcd save`
    /// rejects a file that contains it, because the keys after it are missing.
    public static func incompleteLine(keysWritten: Int, reason: String) -> String {
        "{\"incomplete\":{\"keys_written\":\(keysWritten),\"error\":\(GoJSON.quoted(reason))}}\n"
    }

    /// Appends the line of one record, ending in a newline; `objectJSON` is
    /// the decoded object's compact JSON, nil for raw records.
    public static func appendLine(_ record: DumpRecord, objectJSON: [UInt8]?, to output: inout [UInt8]) {
        output.append(contentsOf: "{\"key\":".utf8)
        GoJSON.appendQuoted(record.key, to: &output)
        if let gvk = record.gvk {
            output.append(contentsOf: ",\"gkv\":{\"Group\":".utf8)
            GoJSON.appendQuoted(gvk.group, to: &output)
            output.append(contentsOf: ",\"Version\":".utf8)
            GoJSON.appendQuoted(gvk.version, to: &output)
            output.append(contentsOf: ",\"Kind\":".utf8)
            GoJSON.appendQuoted(gvk.kind, to: &output)
            output.append(UInt8(ascii: "}"))
        }
        output.append(contentsOf: ",\"create_revision\":\(record.createRevision),\"mod_revision\":\(record.modRevision),\"version\":\(record.version)".utf8)
        if record.lease != 0 {
            output.append(contentsOf: ",\"lease\":\(record.lease)".utf8)
        }
        if !record.unknownFields.isEmpty {
            output.append(contentsOf: (",\"unknown_fields\":[" + record.unknownFields.map(DumpRecord.unknownFieldJSON).joined(separator: ",") + "]").utf8)
        }
        if let objectJSON {
            output.append(contentsOf: ",\"value\":".utf8)
            output.append(contentsOf: objectJSON)
        } else if let raw = record.rawValue {
            output.append(contentsOf: ",\"value_base64\":".utf8)
            GoJSON.appendQuoted(Data(raw).base64EncodedString(), to: &output)
        }
        output.append(contentsOf: "}\n".utf8)
    }

    public static func line(_ record: DumpRecord, objectJSON: [UInt8]?) -> String {
        var output: [UInt8] = []
        appendLine(record, objectJSON: objectJSON, to: &output)
        return String(decoding: output, as: UTF8.self)
    }
}

/// Reads dump records back from a parsed dump: an etcdhelper array, or the
/// values of a JSON lines dump (header lines are skipped).
public enum DumpReader {
    /// Reads the record one JSON element describes; nil for header lines.
    /// `value` may be a string (etcdhelper) or an embedded object (JSON
    /// lines); `gkv` a JSON string or an object.
    public static func record(from element: JSONValue, parseJSON: (String) throws -> JSONValue) throws -> DumpRecord? {
        guard let object = element.objectValue else {
            throw DumpFormatError("a dump record must be a JSON object, found \(GoJSON.compact(element).prefix(60))")
        }
        if object["header"] != nil { return nil }
        if let incomplete = object["incomplete"]?.objectValue {
            let count = incomplete["keys_written"].map(integer) ?? 0
            let reason = incomplete["error"]?.stringValue ?? "unknown error"
            throw DumpFormatError("the dump is incomplete: it stopped after \(count) keys (\(reason)); take a new dump")
        }
        guard let key = object["key"]?.stringValue, !key.isEmpty else {
            throw DumpFormatError("a dump record has no \"key\"")
        }
        var record = DumpRecord(key: key)
        record.createRevision = integer(object["create_revision"])
        record.modRevision = integer(object["mod_revision"])
        record.version = integer(object["version"])
        record.lease = integer(object["lease"])

        switch object["value"] {
        case .string(let text): record.value = text
        case .object?: record.value = GoJSON.compact(object["value"]!)
        case nil, .null?: break
        default: throw DumpFormatError("the value of \(key) is neither a JSON string nor an object")
        }

        var gvkObject: JSONValue?
        switch object["gkv"] {
        case .string(let text):
            gvkObject = try parseJSON(text)
        case .object?:
            gvkObject = object["gkv"]
        default:
            break
        }
        if let gvkObject {
            record.gvk = DumpRecord.GroupVersionKind(
                group: gvkObject["Group"]?.stringValue ?? "",
                version: gvkObject["Version"]?.stringValue ?? "",
                kind: gvkObject["Kind"]?.stringValue ?? ""
            )
        }

        var unknownList: JSONValue?
        switch object["unknown_fields"] {
        case .string(let text): unknownList = try parseJSON(text)
        case .array?: unknownList = object["unknown_fields"]
        default: break
        }
        for field in unknownList?.arrayValue ?? [] {
            guard let number = field["number"].map(integer), let wireType = field["wire_type"].map(integer),
                let raw = field["raw"]?.stringValue.flatMap({ Data(base64Encoded: $0) })
            else {
                throw DumpFormatError("unknown_fields of \(key) must list objects with path, number, wire_type and base64 raw")
            }
            record.unknownFields.append(UnknownField(path: field["path"]?.stringValue ?? "", number: Int(number), wireType: Int(wireType), raw: Array(raw)))
        }

        if let base64 = object["value_base64"]?.stringValue {
            guard let data = Data(base64Encoded: base64) else {
                throw DumpFormatError("value_base64 of \(key) is not valid base64")
            }
            record.rawValue = Array(data)
        }
        if record.value == nil && record.rawValue == nil {
            throw DumpFormatError("the record of \(key) has neither \"value\" nor \"value_base64\"")
        }
        return record
    }

    private static func integer(_ value: JSONValue?) -> Int64 {
        if case .number(let literal) = value { return Int64(literal) ?? 0 }
        return 0
    }
}

public struct DumpFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
