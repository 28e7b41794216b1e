import EtcdAPI
import Foundation
import KubeCodec
import KubeResources

// OpenShift's etcdhelper actions: `ls [prefix]`, `get <key>`, `dump` and
// `save <dumpfile>`, with the same meaning and output, plus what large
// clusters need (pages pinned to one revision, JSON lines, progress).

extension Command {
    /// `ketcd ls [prefix]`: every key (etcdhelper: every key from `/` on), or
    /// the keys under a prefix, one per line.
    static let ls = Command(
        ["ls"], summary: "Lists keys, all of them or those under a prefix (etcdhelper ls)",
        arguments: "[prefix]",
        description: "Prints one key per line. Without a prefix, every key from \"/\" on is listed, as OpenShift's etcdhelper does.",
        flags: [KubeFlags.pageSize] + KubeFlags.discovery
    ) { context in
        guard context.arguments.count <= 1 else {
            throw CommandError(.error, "ls takes at most one prefix, got \(context.arguments.count) arguments")
        }
        let source = try await context.kubeKeyRangeSource()
        var scan: PaginatedScan
        if let prefix = context.arguments.first {
            scan = PaginatedScan(source: source, prefix: prefix, pageSize: context.flags.int("page-size"), keysOnly: true)
        } else {
            scan = PaginatedScan(source: source, key: Array("/".utf8), rangeEnd: [0], pageSize: context.flags.int("page-size"), keysOnly: true)
        }
        while let page = try await scan.nextPage() {
            for kv in page {
                context.output.writeLine(kv.key)
            }
        }
    }

    /// `ketcd dump [prefix]`: every key with its decoded object, in
    /// etcdhelper's JSON array or as JSON lines.
    static let dump = Command(
        ["dump"], summary: "Dumps every key with its decoded object (etcdhelper dump)",
        arguments: "[prefix]",
        description: """
            Prints every key under the prefix (default "/") with the object as JSON, its group/version/kind, create and mod revision, version and lease, in OpenShift etcdhelper's format (a JSON array), or as JSON lines with -o jsonl. Values that are not Kubernetes objects, or are encrypted at rest, are kept as value_base64 so that `ketcd save` restores them unchanged.
            The keys are read page by page at the revision of the first page, so the dump is one consistent snapshot. If etcd compacts that revision during the dump, the dump stops; with --allow-newer-revision it continues at the current revision and marks the switch in the output with a header record that names both revisions. A dump that stops leaves its JSON array unclosed (with -o jsonl: ends with an "incomplete" line), so `ketcd save` rejects the partial output.
            Keys are in ascending order; etcdhelper sorts them descending, which etcd can only do by reading the whole keyspace at once.
            """,
        flags: [
            .string("output", shorthand: "o", default: "json", usage: "dump format: json (etcdhelper's array) or jsonl (one record per line, with a header line)"),
            .bool("allow-newer-revision", usage: "if etcd compacts the dump's revision, continue at the current revision instead of failing"),
            .int("rev", default: 0, usage: "revision to dump; 0 means the current one"),
            KubeFlags.pageSize,
            KubeFlags.encryptionConfig,
        ] + KubeFlags.discovery
    ) { context in
        try await Dump.run(context)
    }

    /// `ketcd save <dumpfile>`: writes the objects of a dump back.
    static let save = Command(
        ["save"], summary: "Writes the objects of a dump back to etcd (etcdhelper save)",
        arguments: "<dumpfile>",
        description: """
            Reads a dump written by `ketcd dump` (either format), by etcdhelper, or a backup file written by ketcd, re-encodes each object the way kube-apiserver stores it (protobuf for built-in types, JSON for custom resources, API services and CRDs; the format the key already has when it exists; resourceVersion and selfLink cleared), and writes it.
            Every record is read, checked and encoded before the first write, so a damaged dump writes nothing. A key that would change and whose mod_revision differs from the one in the dump (it changed after the dump was taken) fails the save before anything is written; --force overwrites such keys. Keys that no longer exist are created. Every write compares the key's mod_revision with the one read just before, so a concurrent change fails the save instead of being overwritten. The previous value of every key that is replaced is written to a backup file first. Keys whose stored bytes would not change are left alone. A key that is encrypted at rest is not overwritten with plaintext.
            """,
        flags: [
            .bool("dry-run", usage: "print what would change without writing"),
            .bool("force", usage: "overwrite keys that changed after the dump was taken (their mod_revision differs from the dump's)"),
            .string("backup", usage: "file for the previous values (JSON lines; `ketcd save` restores it); default ketcd-backup-<time>.jsonl"),
            .bool("ignore-encryption", usage: "write plaintext over keys that are encrypted at rest (the API server then reads the plaintext)"),
            Flag.string("encryption-config", usage: "kube-apiserver EncryptionConfiguration file: objects of the resources it encrypts are encrypted as kube-apiserver would"),
        ] + KubeFlags.discovery
    ) { context in
        try await Save.run(context)
    }
}

/// etcdhelper's `get <key>`: the group/version/kind line, then the object
/// as indented JSON with no newline after it.
enum EtcdhelperGet {
    @MainActor
    static func run(_ context: CommandContext) async throws {
        guard let key = context.arguments.first else {
            throw CommandError(.error, "you need to specify <key> for get operation")
        }
        let source = try await context.kubeKeyRangeSource()
        for kv in try await source.range(RangeRequest(key: Array(key.utf8))).kvs {
            switch KubeValues.decode(kv, fillResourceVersion: false) {
            case .undecodable(let reason):
                context.errorOutput.writeLine("WARN: unable to decode \(key): \(reason)")
            case .object(let decoded, let object):
                context.output.writeLine(DumpRecord.GroupVersionKind(apiVersion: decoded.apiVersion, kind: decoded.kind).etcdhelperDescription)
                context.output.write(JSONSerializer.indented.serialize(object))
            }
        }
    }
}

enum Dump {
    enum Format {
        case etcdhelper, jsonLines
    }

    @MainActor
    static func run(_ context: CommandContext) async throws {
        let format: Format
        switch context.flags.string("output") {
        case "json": format = .etcdhelper
        case "jsonl": format = .jsonLines
        case let other:
            throw CommandError(.error, "unknown dump format \"\(other)\"; use json (etcdhelper's array) or jsonl")
        }
        guard context.arguments.count <= 1 else {
            throw CommandError(.error, "you cannot specify more than one prefix with dump")
        }
        let prefix = context.arguments.first ?? "/"
        let source = try await context.kubeKeyRangeSource()
        var scan = PaginatedScan(
            source: source, prefix: prefix, pageSize: context.flags.int("page-size"), revision: context.flags.int("rev"),
            allowNewerRevision: context.flags.bool("allow-newer-revision"))
        let encryption = try KubeFlags.encryption(context)
        let progress = isatty(2) == 1
        var writer = EtcdhelperDumpWriter()
        var written = 0
        var switchesReported = 0
        var wroteHeader = false

        /// Writes a formatted page and reports the progress.
        func write(_ chunks: [FormattedChunk]) {
            for chunk in chunks where chunk.count > 0 {
                if format == .etcdhelper {
                    var separator: [UInt8] = []
                    writer.appendSeparator(to: &separator)
                    context.output.write(separator)
                }
                context.output.write(chunk.text)
                written += chunk.count
            }
            if progress {
                context.errorOutput.write("\rdumped \(written) of \(scan.totalCount) keys at revision \(scan.revision)")
                context.errorOutput.flush()
            }
        }

        // Three pages overlap: the next one is read while the current one is
        // decoded on every core and the previous one is written. Records are
        // written in key order, and memory keeps three pages and their output
        // at most.
        var pending = prefetch(scan)
        var formatting: Task<[FormattedChunk], Never>?
        while true {
            let page: [KeyValue]?
            do {
                (scan, page) = try await pending.value
            } catch {
                if let formatting { write(await formatting.value) }
                if progress { context.errorOutput.write("\n") }
                throw stopped(by: error, keysWritten: written, prefix: prefix, format: format, output: context.output)
            }
            guard let page else { break }
            pending = prefetch(scan)
            let next = Task { await formatInParallel(page, format: format, encryption: encryption) }
            if let formatting { write(await formatting.value) }
            formatting = next

            if !wroteHeader && format == .jsonLines {
                context.output.write(JSONLinesDump.header(revision: scan.revision, prefix: prefix))
                wroteHeader = true
            }
            while switchesReported < scan.revisionSwitches.count {
                let change = scan.revisionSwitches[switchesReported]
                switchesReported += 1
                context.errorOutput.writeLine("Warning: etcd compacted revision \(change.from) during the dump; keys after \(written) are read at revision \(change.to), so the dump spans two revisions")
                switch format {
                case .jsonLines:
                    context.output.write(JSONLinesDump.header(revision: change.to, prefix: prefix, previousRevision: change.from))
                case .etcdhelper:
                    var marker: [UInt8] = []
                    writer.appendRevisionSwitch(from: change.from, to: change.to, prefix: prefix, to: &marker)
                    context.output.write(marker)
                }
            }
        }
        if let formatting { write(await formatting.value) }
        if progress { context.errorOutput.write("\n") }
        switch format {
        case .etcdhelper: context.output.write(writer.finish())
        case .jsonLines:
            if !wroteHeader { context.output.write(JSONLinesDump.header(revision: scan.revision, prefix: prefix)) }
        }
    }

    /// Returns the error for a dump that failed after it started printing.
    /// The etcdhelper array is left unclosed, so no JSON reader (and no
    /// `ketcd save`) takes the output for a whole dump. JSON lines, which
    /// are valid line by line, get a last line that `ketcd save` rejects.
    @MainActor
    static func stopped(by error: any Error, keysWritten: Int, prefix: String, format: Format, output: OutputWriter) -> CommandError {
        let reason = String(describing: error)
        if format == .jsonLines {
            output.write(JSONLinesDump.incompleteLine(keysWritten: keysWritten, reason: reason))
        }
        if case .revisionCompacted? = error as? PaginatedScanError {
            return CommandError(.error, "dump of \(prefix) failed: \(reason)")
        }
        return CommandError(.error, "dump of \(prefix) stopped after \(keysWritten) keys, so its output is incomplete and must not be used as a dump: \(reason)")
    }

    /// Reads the page after `scan`'s position in a task of its own.
    static func prefetch(_ scan: PaginatedScan) -> Task<(PaginatedScan, [KeyValue]?), any Error> {
        Task {
            var next = scan
            let page = try await next.nextPage()
            return (next, page)
        }
    }

    /// Records of a page formatted by one task. In etcdhelper's format the
    /// text has the separator between records but none before the first.
    struct FormattedChunk: Sendable {
        var text: [UInt8] = []
        var count = 0
    }

    /// Decodes and formats the records of a page in one task per core and
    /// returns the chunks in key order.
    static func formatInParallel(_ page: [KeyValue], format: Format, encryption: EncryptionConfiguration?) async -> [FormattedChunk] {
        let chunkCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, page.count / 16))
        let chunkSize = (page.count + chunkCount - 1) / max(1, chunkCount)
        return await withTaskGroup(of: (Int, FormattedChunk).self) { group in
            for chunk in 0..<chunkCount {
                let slice = page[min(page.count, chunk * chunkSize)..<min(page.count, (chunk + 1) * chunkSize)]
                group.addTask {
                    var formatted = FormattedChunk()
                    formatted.text.reserveCapacity(slice.reduce(0) { $0 + $1.value.count } * 3)
                    for kv in slice {
                        let (record, objectJSON) = makeRecord(kv, encryption: encryption)
                        switch format {
                        case .etcdhelper:
                            if formatted.count > 0 { formatted.text.append(contentsOf: ",\n".utf8) }
                            EtcdhelperDumpWriter.appendBody(record, objectJSON: objectJSON, to: &formatted.text)
                        case .jsonLines:
                            JSONLinesDump.appendLine(record, objectJSON: objectJSON, to: &formatted.text)
                        }
                        formatted.count += 1
                    }
                    return (chunk, formatted)
                }
            }
            var results = [FormattedChunk](repeating: FormattedChunk(), count: chunkCount)
            for await (chunk, formatted) in group {
                results[chunk] = formatted
            }
            return results
        }
    }

    /// Builds the record of one key with the object as the API server's
    /// compact JSON (resourceVersion as stored, which is empty), or a record
    /// of the raw bytes and no JSON. Protobuf values go straight to JSON
    /// without a `JSONValue` tree. Values that the direct writer rejects or
    /// whose strings are not valid UTF-8 go through the tree, so that the
    /// output stays what the tree path prints (one U+FFFD per invalid sequence).
    static func makeRecord(_ kv: KeyValue, encryption: EncryptionConfiguration?) -> (DumpRecord, [UInt8]?) {
        var record = DumpRecord(
            key: String(decoding: kv.key, as: UTF8.self), createRevision: kv.createRevision,
            modRevision: kv.modRevision, version: kv.version, lease: kv.lease)
        var decoded = try? KubeStorageCodec.decodeToJSON(value: kv.value, key: record.key, modRevision: nil, options: DecodeOptions(), encryption: encryption)
        if decoded == nil || decoded?.replacedInvalidUTF8 == true {
            decoded = (try? KubeStorageCodec.decode(value: kv.value, key: record.key, modRevision: nil, options: DecodeOptions(), encryption: encryption))
                .map { DecodedJSON($0) }
        }
        if let decoded, let json = decoded.json {
            switch decoded.format {
            case .encrypted, .unknown: break
            default:
                record.gvk = DumpRecord.GroupVersionKind(apiVersion: decoded.apiVersion, kind: decoded.kind)
                // Fields the schema does not know (such as ObjectMeta's clusterName,
                // removed in Kubernetes 1.25 but still in older objects) are not in
                // the JSON; the record carries them so that save writes them back.
                record.unknownFields = decoded.unknownFields
                return (record, json)
            }
        }
        record.rawValue = kv.value
        return (record, nil)
    }
}

/// Command lines written for OpenShift's etcdhelper, which takes
/// `-endpoint -key -cert -cacert` with one dash and prints `get KEY`
/// decoded. Such a line, or `KETCD_ETCDHELPER=1`, makes `ketcd get KEY`
/// print etcdhelper's output instead of etcdctl's.
enum EtcdhelperStyle {
    static let environmentVariable = "KETCD_ETCDHELPER"

    static func usesEtcdhelperFlags(_ arguments: [String]) -> Bool {
        arguments.contains { argument in
            ["-endpoint", "-key", "-cert", "-cacert"].contains { name in
                argument == name || argument.hasPrefix(name + "=")
            }
        }
    }

    @MainActor
    static func isRequested(_ context: CommandContext) -> Bool {
        context.environment[environmentVariable] == "1" && context.arguments.count == 1
            && context.arguments[0].hasPrefix("/")
    }
}
