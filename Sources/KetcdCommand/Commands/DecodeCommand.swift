import Foundation
import KubeCodec
import KubeResources

extension Command {
    /// `ketcd decode`: prints stored Kubernetes objects read from standard
    /// input as the API server would return them (`kubectl get -o yaml|json`).
    static let decode = Command(
        ["decode"], summary: "Decodes Kubernetes objects stored in etcd, read from standard input",
        arguments: "[options] < value",
        description: """
            Input is one of: a raw value (etcdctl get KEY --print-value-only), the output of etcdctl get KEY (key line, then value), or the JSON that etcdctl -w json get prints, where each key-value pair is decoded with its own key and mod revision.
            Values may be protobuf (built-in types), JSON, CBOR (custom resources with the CBORServingAndStorage feature gate) or encrypted at rest. Encrypted values are reported by provider and key name, and decrypted when --encryption-config names their key.
            Several objects print as a kubectl List.
            """,
        flags: [
            .string("key", usage: "etcd key of the raw value on standard input; names the object and is authenticated by aesgcm encryption"),
            .int("mod-revision", usage: "mod revision of the key, shown as metadata.resourceVersion (default: keep the stored value)"),
            .string("output", shorthand: "o", default: "yaml", usage: "output format: yaml or json"),
            .bool("show-unknown", usage: "print protobuf fields the schema does not know inline, as members named \"(unknown protobuf field N)\""),
            .string("encryption-config", usage: "kube-apiserver EncryptionConfiguration file used to decrypt values encrypted at rest"),
        ],
        usesGlobalOptions: false
    ) { context in
        try DecodeCommand(context: context).run()
    }
}

/// One stored value to decode, with the etcd record's key and mod revision when known.
struct StoredRecord {
    var key: String?
    var modRevision: Int64?
    var value: [UInt8]
    /// True for a raw value on standard input, which etcdctl ends with a newline;
    /// the newline is dropped only when the value does not decode with it.
    var mayHaveTrailingNewline: Bool
}

@MainActor
struct DecodeCommand {
    let context: CommandContext

    func run() throws {
        let format = context.flags.string("output")
        guard format == "yaml" || format == "json" else {
            throw CommandError.badFeature("unsupported output format \"\(format)\" for decode; use -o yaml or -o json")
        }
        let encryption = try loadEncryptionConfiguration(context.flags.string("encryption-config"))
        let options = DecodeOptions(showUnknown: context.flags.bool("show-unknown"))

        let records = try StoredRecordReader.records(
            from: try context.readStandardInput(),
            key: context.flags.isSet("key") ? context.flags.string("key") : nil,
            modRevision: context.flags.isSet("mod-revision") ? context.flags.int("mod-revision") : nil)

        var objects: [JSONValue] = []
        var failures = 0
        for record in records {
            let label = record.key ?? "value"
            do {
                let decoded = try decode(record, options: options, encryption: encryption)
                if !options.showUnknown, let summary = decoded.unknownFieldsSummary {
                    context.errorOutput.writeLine("ketcd decode: \(label): \(summary)")
                }
                switch decoded.format {
                case .encrypted(let provider, let keyName):
                    failures += 1
                    context.errorOutput.writeLine(
                        "ketcd decode: \(label): encrypted at rest with \(provider) key \"\(keyName)\"; pass --encryption-config with kube-apiserver's EncryptionConfiguration to decrypt it")
                case .unknown:
                    // Not a Kubernetes object: print it as etcdctl does.
                    context.errorOutput.writeLine("ketcd decode: \(label): not a stored Kubernetes object; printed as stored")
                    context.output.writeLine(record.value)
                default:
                    if let object = decoded.object { objects.append(object) }
                }
            } catch {
                failures += 1
                context.errorOutput.writeLine("ketcd decode: \(label): \(KetcdMain.errorMessage(error))")
            }
        }

        if !objects.isEmpty {
            let document = objects.count == 1 ? objects[0] : DecodeCommand.list(objects)
            if format == "json" {
                context.output.writeLine(KubeResources.GoJSON.kubectlJSON(document))
            } else {
                context.output.write(try YAML.serialize(document))
            }
        }
        if failures > 0 {
            throw CommandError(.error, "\(failures) of \(records.count) value(s) could not be decoded")
        }
    }

    /// Decodes one record. A raw value that fails to decode is tried again
    /// without a trailing newline, which `etcdctl get` adds after every value.
    private func decode(_ record: StoredRecord, options: DecodeOptions, encryption: EncryptionConfiguration?) throws -> DecodedObject {
        do {
            return try KubeStorageCodec.decode(
                value: record.value, key: record.key, modRevision: record.modRevision, options: options, encryption: encryption)
        } catch {
            guard record.mayHaveTrailingNewline, record.value.last == UInt8(ascii: "\n") else { throw error }
            if let decoded = try? KubeStorageCodec.decode(
                value: Array(record.value.dropLast()), key: record.key, modRevision: record.modRevision,
                options: options, encryption: encryption)
            {
                return decoded
            }
            throw error
        }
    }

    private func loadEncryptionConfiguration(_ path: String) throws -> EncryptionConfiguration? {
        guard !path.isEmpty else { return nil }
        return try EncryptionConfiguration(contentsOfFile: path)
    }

    /// Several objects as kubectl prints them: a v1 List.
    static func list(_ items: [JSONValue]) -> JSONValue {
        .object(JSONObject([
            ("apiVersion", .string("v1")),
            ("items", .array(items)),
            ("kind", .string("List")),
            ("metadata", .object(JSONObject([("resourceVersion", .string(""))]))),
        ]))
    }
}

/// Splits decode's standard input into stored records.
enum StoredRecordReader {
    static func records(from input: [UInt8], key: String?, modRevision: Int64?) throws -> [StoredRecord] {
        guard !input.isEmpty else {
            throw CommandError(.invalidInput, "no input: pipe a value into ketcd decode, for example etcdctl get KEY --print-value-only | ketcd decode --key KEY")
        }
        if let records = try etcdctlJSONRecords(input) {
            guard !records.isEmpty else {
                throw CommandError(.invalidInput, "the etcdctl JSON output contains no key-value pairs; check that the key exists")
            }
            return records
        }
        // `etcdctl get` prints each key on one line and its value on the next.
        // No stored value starts with a slash, so a leading slash marks that layout.
        if input.first == UInt8(ascii: "/") {
            var records = try keyValueRecords(input)
            if records.count == 1, let key { records[0].key = key }
            if let modRevision {
                for index in records.indices { records[index].modRevision = modRevision }
            }
            return records
        }
        return [StoredRecord(key: key, modRevision: modRevision, value: input, mayHaveTrailingNewline: true)]
    }

    /// Splits `etcdctl get [--prefix]` output: key line, value, newline, and so on.
    ///
    /// Values are binary and may contain line feeds, so a value ends at the
    /// first line feed that is followed by a key line under the same root
    /// (`/registry/`) and where the bytes before it decode as a stored value.
    /// The last value ends at the input's final line feed.
    static func keyValueRecords(_ input: [UInt8]) throws -> [StoredRecord] {
        guard let firstKeyEnd = input.firstIndex(of: UInt8(ascii: "\n")) else {
            throw CommandError(.invalidInput, "the input starts with a key line but has no value after it")
        }
        // The key root: up to and including the second slash (`/registry/`).
        let secondSlash = input[1..<firstKeyEnd].firstIndex(of: UInt8(ascii: "/")) ?? (firstKeyEnd - 1)
        let root = Array(input[...secondSlash])

        var records: [StoredRecord] = []
        var position = 0
        while position < input.count {
            guard let keyEnd = input[position...].firstIndex(of: UInt8(ascii: "\n")) else {
                throw CommandError(.invalidInput, "key \(String(decoding: input[position...], as: UTF8.self)) has no value after it")
            }
            let key = String(decoding: input[position..<keyEnd], as: UTF8.self)
            let valueStart = keyEnd + 1
            var valueEnd = input.count
            var next = input.count
            var search = valueStart
            while let lineFeed = input[search...].firstIndex(of: UInt8(ascii: "\n")) {
                if lineFeed + 1 == input.count {
                    valueEnd = lineFeed
                    next = input.count
                    break
                }
                if isKeyLine(input, at: lineFeed + 1, root: root), isStoredValue(Array(input[valueStart..<lineFeed])) {
                    valueEnd = lineFeed
                    next = lineFeed + 1
                    break
                }
                search = lineFeed + 1
            }
            records.append(StoredRecord(
                key: key, modRevision: nil, value: Array(input[valueStart..<valueEnd]), mayHaveTrailingNewline: false))
            position = next
        }
        return records
    }

    /// True when a line starting at `start` reads as an etcd key under `root`:
    /// printable bytes up to the next line feed.
    private static func isKeyLine(_ input: [UInt8], at start: Int, root: [UInt8]) -> Bool {
        guard input[start...].starts(with: root),
            let end = input[start...].firstIndex(of: UInt8(ascii: "\n"))
        else { return false }
        return input[start..<end].allSatisfy { $0 >= 0x20 && $0 != 0x7F }
    }

    private static func isStoredValue(_ value: [UInt8]) -> Bool {
        (try? KubeStorageCodec.decode(value: value)) != nil
    }

    /// Reads `etcdctl -w json get` output, or returns nil when the input is
    /// not that (a stored JSON object has no "header" with a "kvs" or "count").
    static func etcdctlJSONRecords(_ input: [UInt8]) throws -> [StoredRecord]? {
        guard let first = input.first(where: { !isWhitespace($0) }), first == UInt8(ascii: "{"),
            containsBytes(input, Array("\"header\"".utf8))
        else { return nil }
        let document: JSONValue
        do {
            document = try JSONParser.parse(stripLineComments(input))
        } catch {
            return nil
        }
        guard document["header"]?.objectValue != nil, document["kvs"] != nil || document["count"] != nil else {
            return nil
        }
        let pairs = document["kvs"]?.arrayValue ?? []
        return try pairs.enumerated().map { index, pair in
            guard let keyText = pair["key"]?.stringValue, let keyData = Data(base64Encoded: keyText) else {
                throw CommandError(.invalidInput, "kvs[\(index)].key in the etcdctl JSON output is missing or not base64")
            }
            let valueData = Data(base64Encoded: pair["value"]?.stringValue ?? "") ?? Data()
            var modRevision: Int64?
            if case .number(let text)? = pair["mod_revision"] { modRevision = Int64(text) }
            return StoredRecord(
                key: String(decoding: keyData, as: UTF8.self), modRevision: modRevision, value: [UInt8](valueData),
                mayHaveTrailingNewline: false)
        }
    }

    /// Removes lines that start with `//`, which people add to annotate
    /// etcdctl JSON before sharing it.
    private static func stripLineComments(_ input: [UInt8]) -> [UInt8] {
        guard containsBytes(input, Array("//".utf8)) else { return input }
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        for line in input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: isWhitespace)
            if trimmed.starts(with: Array("//".utf8)) { continue }
            output += line
            output.append(UInt8(ascii: "\n"))
        }
        return output
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
