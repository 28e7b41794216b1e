import EtcdAPI
import EtcdStore
import Foundation
import KubeCodec

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
        description: "Lists each revision of the key that the file still holds, oldest first: the revision, PUT or DELETE, the version, the create revision and the value. Revisions below the compaction revision are gone from the file.",
        flags: [.bool("decode", usage: "print Kubernetes values as the API server's JSON instead of the stored bytes")]
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("history command needs one argument as key")
        }
        let store = try context.requireOfflineStore()
        let key = Array(context.arguments[0].utf8)
        let entries = try store.history(of: key)
        let hex = context.global.hex
        let decode = context.flags.bool("decode")

        /// Returns the value to print: decoded JSON with --decode, else the stored bytes.
        @MainActor
        func shownValue(_ kv: KeyValue) -> [UInt8] {
            guard decode else { return kv.value }
            do {
                let decoded = try KubeStorageCodec.decode(value: kv.value, key: String(decoding: kv.key, as: UTF8.self), modRevision: kv.modRevision)
                if let object = decoded.object {
                    return JSONSerializer.compact.serialize(object)
                }
            } catch {
                context.errorOutput.writeLine("ketcd: revision \(kv.modRevision): \(error); printing the stored bytes")
            }
            return kv.value
        }

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
                        context.output.writeLine(hexBytes(shownValue(kv)))
                    } else {
                        context.output.writeLine(shownValue(kv))
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
                if decode && !entry.isDeletion {
                    let shown = shownValue(kv)
                    if shown != kv.value {
                        fields.append("\"object\":" + String(decoding: shown, as: UTF8.self))
                    }
                }
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
                let value = entry.isDeletion ? "" : (hex ? hexBytes(shownValue(kv)) : GoQuote.quote(shownValue(kv)))
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

extension Command {
    /// `ketcd inspect --db FILE`: what a database file contains and what a defrag
    /// would reclaim, for checking a member or a backup before using it.
    static let inspect = Command(
        ["inspect"], summary: "Describes a database file: space, revisions, members, leases",
        arguments: "--db <file> | --data-dir <dir>",
        description: "Prints the file's size against the bytes its pages use (what etcdctl defrag would give back), the revision and compaction point, the Raft index and term, the meta page in use, the cluster and member ids and where they come from, the members, leases, alarms, auth state and the buckets. Supports -w simple and -w json."
    ) { context in
        let store = try context.requireOfflineStore()
        let usage = try store.spaceUsage()
        let leases = try store.leases()
        let alarms = try store.alarms()
        let auth = try store.auth()
        let buckets = try store.buckets()
        let identity = store.identity
        let meta = store.database.meta

        let hashCheck: String
        switch store.snapshotHash {
        case .absent: hashCheck = "none (a member database)"
        case .verified: hashCheck = "SHA-256 verified"
        case .mismatch: hashCheck = "SHA-256 MISMATCH: the snapshot is damaged"
        }
        let identitySource: String
        switch identity.source {
        case .writeAheadLog(let path): identitySource = "write-ahead log \(path)"
        case .singleMember: identitySource = "derived from the only member"
        case .unknown: identitySource = "not derivable offline: the file lists several members"
        }
        func alarmName(_ kind: StoredAlarm.Kind) -> String {
            switch kind {
            case .noSpace: return "NOSPACE"
            case .corrupt: return "CORRUPT"
            case .other(let value): return "alarm \(value)"
            }
        }

        switch context.global.outputFormat {
        case .json:
            var fields: [String] = [
                "\"path\":\(jsonString(store.database.path))",
                "\"fileSize\":\(usage.fileSize)", "\"pageSize\":\(usage.pageSize)",
                "\"dbSize\":\(usage.allocatedSize)", "\"dbSizeInUse\":\(usage.inUseSize)",
                "\"reclaimableByDefrag\":\(usage.reclaimableSize)", "\"freePages\":\(usage.freePages)",
                "\"snapshotHash\":\(jsonString(hashCheck))",
                "\"revision\":\(store.currentRevision)", "\"compactRevision\":\(store.compactRevision)",
                "\"scheduledCompactRevision\":\(store.scheduledCompactRevision)", "\"finishedCompactRevision\":\(store.finishedCompactRevision)",
                "\"consistentIndex\":\(store.consistentIndex)", "\"term\":\(store.term)",
                "\"metaPage\":\(meta.pageID)", "\"txid\":\(meta.transactionID)",
                "\"keys\":\(store.keyCount)", "\"storedRevisions\":\(store.revisionCount)",
                "\"clusterID\":\(identity.clusterID)", "\"memberID\":\(identity.memberID)",
                "\"idSource\":\(jsonString(identitySource))",
            ]
            let members = identity.members.map { member in
                "{\"id\":\(member.id),\"name\":\(jsonString(member.name)),\"peerURLs\":[\(member.peerURLs.map(jsonString).joined(separator: ","))],"
                    + "\"clientURLs\":[\(member.clientURLs.map(jsonString).joined(separator: ","))],\"isLearner\":\(member.isLearner)}"
            }
            fields.append("\"members\":[\(members.joined(separator: ","))]")
            fields.append("\"leases\":[\(leases.map { "{\"id\":\($0.id),\"ttl\":\($0.ttl),\"remainingTTL\":\($0.remainingTTL)}" }.joined(separator: ","))]")
            fields.append("\"alarms\":[\(alarms.map { "{\"memberID\":\($0.memberID),\"alarm\":\"\(alarmName($0.kind))\"}" }.joined(separator: ","))]")
            fields.append("\"authEnabled\":\(auth.isEnabled)")
            fields.append("\"users\":[\(auth.userNames.map(jsonString).joined(separator: ","))]")
            fields.append("\"roles\":[\(auth.roleNames.map(jsonString).joined(separator: ","))]")
            fields.append("\"buckets\":{\(buckets.map { "\(jsonString($0.name)):\($0.entries)" }.joined(separator: ","))}")
            context.output.writeLine("{" + fields.joined(separator: ",") + "}")
        case .simple:
            let out = context.output
            out.writeLine("file: \(store.database.path)")
            out.writeLine("snapshot hash: \(hashCheck)")
            out.writeLine("file size: \(usage.fileSize) (\(humanizeBytes(UInt64(usage.fileSize))))")
            out.writeLine("allocated (dbSize): \(usage.allocatedSize) (\(humanizeBytes(UInt64(usage.allocatedSize))))")
            out.writeLine("in use (dbSizeInUse): \(usage.inUseSize) (\(humanizeBytes(UInt64(usage.inUseSize))))")
            out.writeLine("reclaimable by defrag: \(usage.reclaimableSize) (\(humanizeBytes(UInt64(max(usage.reclaimableSize, 0)))), \(usage.freePages) free pages of \(usage.pageSize) bytes)")
            out.writeLine("revision: \(store.currentRevision)")
            out.writeLine("compact revision: \(store.compactRevision) (scheduled \(store.scheduledCompactRevision), finished \(store.finishedCompactRevision))")
            out.writeLine("consistent index: \(store.consistentIndex)")
            out.writeLine("raft term: \(store.term)")
            out.writeLine("meta page: \(meta.pageID) (txid \(meta.transactionID))" + (store.database.rejectedMetaReason.map { "; \($0)" } ?? ""))
            out.writeLine("keys: \(store.keyCount) (\(store.revisionCount) stored revisions)")
            out.writeLine("cluster id: \(String(identity.clusterID, radix: 16)), member id: \(String(identity.memberID, radix: 16)) (\(identitySource))")
            for member in identity.members {
                out.writeLine("member: \(String(member.id, radix: 16)), \(member.name), \(member.peerURLs.joined(separator: ",")), \(member.clientURLs.joined(separator: ","))\(member.isLearner ? ", learner" : "")")
            }
            out.writeLine("leases: \(leases.count)")
            out.writeLine("alarms: " + (alarms.isEmpty ? "none" : alarms.map { "memberID:\($0.memberID) alarm:\(alarmName($0.kind))" }.joined(separator: "; ")))
            out.writeLine("auth: \(auth.isEnabled ? "enabled" : "disabled"), \(auth.userNames.count) users, \(auth.roleNames.count) roles")
            out.writeLine("buckets: " + buckets.map { "\($0.name) (\($0.entries))" }.joined(separator: ", "))
        case .fields, .table, .protobuf:
            throw CommandError.badFeature("inspect supports -w simple and -w json")
        }
    }
}

/// Formats the header as etcdctl's JSON prints it, zero fields left out.
private func headerJSON(_ header: ResponseHeader) -> String {
    var fields: [String] = []
    if header.clusterID != 0 { fields.append("\"cluster_id\":\(header.clusterID)") }
    if header.memberID != 0 { fields.append("\"member_id\":\(header.memberID)") }
    if header.revision != 0 { fields.append("\"revision\":\(header.revision)") }
    if header.raftTerm != 0 { fields.append("\"raft_term\":\(header.raftTerm)") }
    return "{" + fields.joined(separator: ",") + "}"
}

/// Quotes `text` as a JSON string literal with Go's `encoding/json` escaping (`<`, `>` and `&` too).
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

/// Formats a table in the layout etcdctl and etcdutl print with tablewriter:
/// a centered header and right-aligned cells between `+---+` rules.
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
