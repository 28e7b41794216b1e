import EtcdAPI
import EtcdStore
import Foundation

extension CommandGroup {
    static let snapshot = CommandGroup("snapshot", summary: "Manages etcd node snapshots")
}

extension Command {
    /// `ketcd snapshot status FILE`: etcdutl 3.5's `snapshot status`, with the
    /// same hash, revision, key count and size in the same formats. The
    /// snapshot's appended SHA-256 is checked and reported on standard error.
    static let snapshotStatus = Command(
        ["snapshot", "status"], summary: "Gets backend snapshot status of a given file",
        arguments: "<filename>",
        description: "Prints etcdutl's figures for a snapshot or database file: a CRC-32C over every bucket, the revision, the number of keys and the size. The SHA-256 that etcdctl appends to a snapshot is checked first."
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("snapshot status requires exactly one argument")
        }
        let path = context.arguments[0]
        let store = try EtcdStore(path: path, allowHashMismatch: context.global.skipHashCheck)
        switch store.snapshotHash {
        case .verified:
            context.errorOutput.writeLine("ketcd: the SHA-256 appended to \(path) matches its contents")
        case .mismatch:
            context.errorOutput.writeLine("ketcd: warning: the SHA-256 appended to \(path) does not match its contents; the snapshot may be damaged")
        case .absent:
            break
        }
        let status = try store.snapshotStatus()
        let hexHash = String(status.hash, radix: 16)
        let size = humanizeBytes(UInt64(truncatingIfNeeded: status.totalSize))

        switch context.global.outputFormat {
        case .simple:
            context.output.writeLine("\(hexHash), \(status.revision), \(status.totalKey), \(size)")
        case .json:
            context.output.writeLine("{\"hash\":\(status.hash),\"revision\":\(status.revision),\"totalKey\":\(status.totalKey),\"totalSize\":\(status.totalSize)}")
        case .fields:
            context.output.writeLine("\"Hash\" : \(status.hash)")
            context.output.writeLine("\"Revision\" : \(status.revision)")
            context.output.writeLine("\"Keys\" : \(status.totalKey)")
            context.output.writeLine("\"Size\" : \(status.totalSize)")
        case .table:
            context.output.write(asciiTable(
                header: ["HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE"],
                rows: [[hexHash, String(status.revision), String(status.totalKey), size]]
            ))
        case .protobuf:
            throw CommandError.badFeature("protobuf not supported as output format")
        }
    }

    /// `ketcd hashkv --db FILE [--rev N]`: the hash that `etcdctl endpoint
    /// hashkv` returns for the same data, computed from a file, in the same
    /// output formats with the file in place of the endpoint.
    static let hashKV = Command(
        ["hashkv"], summary: "Computes a database file's HashKV, as a member reports it",
        arguments: "--db <file> | --data-dir <dir>",
        description: "Computes the CRC-32C over the MVCC key-value store that etcd's HashKV RPC returns, from a member's database or a snapshot, so members and backups can be compared offline.",
        flags: [.int("rev", usage: "maximum revision to hash (default: latest revision)")]
    ) { context in
        let store = try context.requireOfflineStore()
        let result = try store.hashKV(revision: context.flags.int("rev"))
        let source = context.global.databaseFile.isEmpty ? context.global.dataDirectory : context.global.databaseFile
        var header = store.header
        header.revision = result.currentRevision

        switch context.global.outputFormat {
        case .simple:
            context.output.writeLine("\(source), \(result.hash)")
        case .json:
            var body = "{\"header\":\(headerJSON(header)),\"hash\":\(result.hash)"
            if result.compactRevision != 0 {
                body += ",\"compact_revision\":\(result.compactRevision)"
            }
            context.output.writeLine("[{\"Endpoint\":\(jsonString(source)),\"HashKV\":\(body)}}]")
        case .fields:
            context.output.writeLine("\"ClusterID\" : \(header.clusterID)")
            context.output.writeLine("\"MemberID\" : \(header.memberID)")
            context.output.writeLine("\"Revision\" : \(header.revision)")
            context.output.writeLine("\"RaftTerm\" : \(header.raftTerm)")
            context.output.writeLine("\"Endpoint\" : \(jsonString(source))")
            context.output.writeLine("\"Hash\" : \(result.hash)")
            context.output.writeLine("")
        case .table:
            context.output.write(asciiTable(header: ["ENDPOINT", "HASH"], rows: [[source, String(result.hash)]]))
        case .protobuf:
            throw CommandError.badFeature("protobuf not supported as output format")
        }
    }

    /// `ketcd history <key>`: every revision of one key that a database file
    /// still holds, oldest first, with deletions.
    static let history = Command(
        ["history"], summary: "Prints every stored revision of a key from a database file",
        arguments: "--db <file> | --data-dir <dir> <key>",
        description: "Lists each revision of the key that the file still holds, oldest first: the revision, PUT or DELETE, the version, the create revision and the value. Revisions below the compaction revision are gone from the file."
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("history command needs one argument as key")
        }
        let store = try context.requireOfflineStore()
        let key = Array(context.arguments[0].utf8)
        let entries = try store.history(of: key)
        let hex = context.global.hex

        switch context.global.outputFormat {
        case .simple:
            for entry in entries {
                let kv = entry.keyValue
                if entry.isDeletion {
                    context.output.writeLine("revision \(entry.revision.main) DELETE")
                } else {
                    var line = "revision \(kv.modRevision) PUT version \(kv.version) create_revision \(kv.createRevision)"
                    if kv.lease != 0 { line += " lease \(String(kv.lease, radix: 16))" }
                    context.output.writeLine(line)
                    if hex {
                        context.output.writeLine(hexBytes(kv.value))
                    } else {
                        context.output.writeLine(kv.value)
                    }
                }
            }
        case .json:
            var items: [String] = []
            for entry in entries {
                let kv = entry.keyValue
                var fields = ["\"revision\":\(entry.revision.main)", "\"sub_revision\":\(entry.revision.sub)"]
                fields.append("\"type\":\"\(entry.isDeletion ? "DELETE" : "PUT")\"")
                var kvFields = ["\"key\":\"\(Data(kv.key).base64EncodedString())\""]
                if kv.createRevision != 0 { kvFields.append("\"create_revision\":\(kv.createRevision)") }
                if kv.modRevision != 0 { kvFields.append("\"mod_revision\":\(kv.modRevision)") }
                if kv.version != 0 { kvFields.append("\"version\":\(kv.version)") }
                if !kv.value.isEmpty { kvFields.append("\"value\":\"\(Data(kv.value).base64EncodedString())\"") }
                if kv.lease != 0 { kvFields.append("\"lease\":\(kv.lease)") }
                fields.append("\"kv\":{" + kvFields.joined(separator: ",") + "}")
                items.append("{" + fields.joined(separator: ",") + "}")
            }
            context.output.writeLine(
                "{\"header\":\(headerJSON(store.header)),\"key\":\"\(Data(key).base64EncodedString())\","
                    + "\"compact_revision\":\(store.compactRevision),\"history\":[" + items.joined(separator: ",") + "]}"
            )
        case .table, .fields:
            var rows: [[String]] = []
            for entry in entries {
                let kv = entry.keyValue
                let value = entry.isDeletion ? "" : (hex ? hexBytes(kv.value) : GoQuote.quote(kv.value))
                rows.append([
                    String(entry.revision.main), entry.isDeletion ? "DELETE" : "PUT",
                    entry.isDeletion ? "" : String(kv.version), entry.isDeletion ? "" : String(kv.createRevision),
                    kv.lease == 0 ? "" : String(kv.lease, radix: 16), value,
                ])
            }
            context.output.write(asciiTable(header: ["REVISION", "TYPE", "VERSION", "CREATE REVISION", "LEASE", "VALUE"], rows: rows))
        case .protobuf:
            throw CommandError.badFeature("protobuf not supported as output format")
        }
    }
}

/// The header as etcdctl's JSON prints it: zero fields left out.
private func headerJSON(_ header: ResponseHeader) -> String {
    var fields: [String] = []
    if header.clusterID != 0 { fields.append("\"cluster_id\":\(header.clusterID)") }
    if header.memberID != 0 { fields.append("\"member_id\":\(header.memberID)") }
    if header.revision != 0 { fields.append("\"revision\":\(header.revision)") }
    if header.raftTerm != 0 { fields.append("\"raft_term\":\(header.raftTerm)") }
    return "{" + fields.joined(separator: ",") + "}"
}

/// A JSON string literal with Go's `encoding/json` escaping (`<`, `>` and `&` too).
private func jsonString(_ text: String) -> String {
    var output = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        case "<", ">", "&", "\u{2028}", "\u{2029}":
            output += String(format: "\\u%04x", scalar.value)
        default:
            if scalar.value < 0x20 {
                output += String(format: "\\u%04x", scalar.value)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
    }
    return output + "\""
}

private func hexBytes(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// Go's `humanize.Bytes`, which etcdutl uses for sizes: SI units (1 kB =
/// 1000 B), one decimal below 10 and none above.
func humanizeBytes(_ size: UInt64) -> String {
    if size < 10 {
        return "\(size) B"
    }
    let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
    let exponent = floor(log(Double(size)) / log(1000))
    let value = floor(Double(size) / pow(1000, exponent) * 10 + 0.5) / 10
    let format = value < 10 ? "%.1f %@" : "%.0f %@"
    return String(format: format, value, units[Int(exponent)])
}

/// A table in the layout etcdctl and etcdutl print with tablewriter: a
/// centered header and right-aligned cells between `+---+` rules.
private func asciiTable(header: [String], rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows {
        for (column, cell) in row.enumerated() {
            widths[column] = max(widths[column], cell.count)
        }
    }
    let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
    var text = rule
    text += "|" + header.enumerated().map { column, title in
        let gap = widths[column] - title.count
        let left = gap / 2
        return " " + String(repeating: " ", count: left) + title + String(repeating: " ", count: gap - left) + " "
    }.joined(separator: "|") + "|\n"
    text += rule
    for row in rows {
        text += "|" + row.enumerated().map { column, cell in
            " " + String(repeating: " ", count: widths[column] - cell.count) + cell + " "
        }.joined(separator: "|") + "|\n"
    }
    text += rule
    return text
}
