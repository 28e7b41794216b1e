import EtcdAPI

/// Prints etcd responses in the `-w` formats, byte for byte as etcdctl 3.5
/// prints them.
///
/// - simple: keys and values as raw bytes one per line (`--hex`: `\x61` per
///   byte), `OK` after a put, the deleted count after a delete, and
///   comma-separated rows for member and endpoint lists.
/// - json: Go `encoding/json` of etcd's response structs (snake_case field
///   names, zero fields left out, bytes in base64, 64-bit ids as plain numbers).
/// - fields: one `"Name" : value` line per field, strings quoted with Go's `%q`.
/// - table: bordered tables for member and endpoint lists only.
/// - protobuf: the response message in wire format, with no newline.
struct ResponsePrinter {
    let format: OutputFormat
    let hex: Bool
    let output: OutputWriter

    // MARK: - Key-value responses

    /// Prints a range response. `valueOnly` is `--print-value-only` (simple format only).
    func printRange(_ response: RangeResponse, valueOnly: Bool = false) throws(CommandError) {
        switch format {
        case .simple:
            for kv in response.kvs {
                output.append { buffer in appendSimple(kv, valueOnly: valueOnly, to: &buffer) }
            }
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendJSONHeaderMember(response.header, to: &buffer)
                if !response.kvs.isEmpty {
                    GoJSON.appendRaw(",\"kvs\":[", to: &buffer)
                }
            }
            for (index, kv) in response.kvs.enumerated() {
                output.append { buffer in
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    appendJSON(kv, to: &buffer)
                }
            }
            output.append { buffer in
                if !response.kvs.isEmpty { buffer.append(UInt8(ascii: "]")) }
                if response.more { GoJSON.appendRaw(",\"more\":true", to: &buffer) }
                if response.count != 0 {
                    GoJSON.appendRaw(",\"count\":", to: &buffer)
                    GoJSON.appendInteger(response.count, to: &buffer)
                }
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .fields:
            output.append { buffer in appendFieldsHeader(response.header, to: &buffer) }
            for kv in response.kvs {
                output.append { buffer in appendFields(kv, prefix: "", to: &buffer) }
            }
            output.write("\"More\" : \(response.more)\n\"Count\" : \(response.count)\n")
        case .protobuf:
            output.write(response.serializedBytes())
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    func printPut(_ response: PutResponse) throws(CommandError) {
        switch format {
        case .simple:
            output.write("OK\n")
            if let previous = response.prevKV {
                output.append { appendSimple(previous, valueOnly: false, to: &$0) }
            }
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendJSONHeaderMember(response.header, to: &buffer)
                if let previous = response.prevKV {
                    GoJSON.appendRaw(",\"prev_kv\":", to: &buffer)
                    appendJSON(previous, to: &buffer)
                }
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .fields:
            output.append { buffer in
                appendFieldsHeader(response.header, to: &buffer)
                if let previous = response.prevKV {
                    appendFields(previous, prefix: "Prev", to: &buffer)
                }
            }
        case .protobuf:
            output.write(response.serializedBytes())
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    func printDelete(_ response: DeleteRangeResponse) throws(CommandError) {
        switch format {
        case .simple:
            output.write("\(response.deleted)\n")
            for kv in response.prevKVs {
                output.append { appendSimple(kv, valueOnly: false, to: &$0) }
            }
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendJSONHeaderMember(response.header, to: &buffer)
                if response.deleted != 0 {
                    GoJSON.appendRaw(",\"deleted\":", to: &buffer)
                    GoJSON.appendInteger(response.deleted, to: &buffer)
                }
                if !response.prevKVs.isEmpty {
                    GoJSON.appendRaw(",\"prev_kvs\":[", to: &buffer)
                    for (index, kv) in response.prevKVs.enumerated() {
                        if index > 0 { buffer.append(UInt8(ascii: ",")) }
                        appendJSON(kv, to: &buffer)
                    }
                    buffer.append(UInt8(ascii: "]"))
                }
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .fields:
            output.append { buffer in
                appendFieldsHeader(response.header, to: &buffer)
                buffer.append(contentsOf: "\"Deleted\" : \(response.deleted)\n".utf8)
                for kv in response.prevKVs {
                    appendFields(kv, prefix: "Prev", to: &buffer)
                }
            }
        case .protobuf:
            output.write(response.serializedBytes())
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    // MARK: - Simple format

    /// One key-value pair as etcdctl's simple format prints it: the key line
    /// (unless `valueOnly`), then the value line.
    func appendSimple(_ kv: KeyValue, valueOnly: Bool, to buffer: inout [UInt8]) {
        if !valueOnly {
            appendSimpleBytes(kv.key, to: &buffer)
            buffer.append(0x0a)
        }
        appendSimpleBytes(kv.value, to: &buffer)
        buffer.append(0x0a)
    }

    private func appendSimpleBytes(_ bytes: [UInt8], to buffer: inout [UInt8]) {
        guard hex else {
            buffer.append(contentsOf: bytes)
            return
        }
        let digits = Array("0123456789abcdef".utf8)
        for byte in bytes {
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(UInt8(ascii: "x"))
            buffer.append(digits[Int(byte >> 4)])
            buffer.append(digits[Int(byte & 0xf)])
        }
    }

    // MARK: - JSON format

    /// Appends `"header":{...}` with Go's `omitempty` rules.
    func appendJSONHeaderMember(_ header: ResponseHeader, to buffer: inout [UInt8]) {
        GoJSON.appendRaw("\"header\":{", to: &buffer)
        var separator = false
        func member(_ name: StaticString, _ value: some BinaryInteger) {
            guard value != 0 else { return }
            if separator { buffer.append(UInt8(ascii: ",")) }
            GoJSON.appendRaw(name, to: &buffer)
            GoJSON.appendInteger(value, to: &buffer)
            separator = true
        }
        member("\"cluster_id\":", header.clusterID)
        member("\"member_id\":", header.memberID)
        member("\"revision\":", header.revision)
        member("\"raft_term\":", header.raftTerm)
        buffer.append(UInt8(ascii: "}"))
    }

    /// Appends one `mvccpb.KeyValue` object, leaving out zero and empty fields.
    func appendJSON(_ kv: KeyValue, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "{"))
        var separator = false
        func comma() {
            if separator { buffer.append(UInt8(ascii: ",")) }
            separator = true
        }
        if !kv.key.isEmpty {
            comma()
            GoJSON.appendRaw("\"key\":", to: &buffer)
            GoJSON.appendBase64String(kv.key, to: &buffer)
        }
        if kv.createRevision != 0 {
            comma()
            GoJSON.appendRaw("\"create_revision\":", to: &buffer)
            GoJSON.appendInteger(kv.createRevision, to: &buffer)
        }
        if kv.modRevision != 0 {
            comma()
            GoJSON.appendRaw("\"mod_revision\":", to: &buffer)
            GoJSON.appendInteger(kv.modRevision, to: &buffer)
        }
        if kv.version != 0 {
            comma()
            GoJSON.appendRaw("\"version\":", to: &buffer)
            GoJSON.appendInteger(kv.version, to: &buffer)
        }
        if !kv.value.isEmpty {
            comma()
            GoJSON.appendRaw("\"value\":", to: &buffer)
            GoJSON.appendBase64String(kv.value, to: &buffer)
        }
        if kv.lease != 0 {
            comma()
            GoJSON.appendRaw("\"lease\":", to: &buffer)
            GoJSON.appendInteger(kv.lease, to: &buffer)
        }
        buffer.append(UInt8(ascii: "}"))
    }

    // MARK: - Fields format

    func appendFieldsHeader(_ header: ResponseHeader, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: "\"ClusterID\" : \(header.clusterID)\n\"MemberID\" : \(header.memberID)\n\"Revision\" : \(header.revision)\n\"RaftTerm\" : \(header.raftTerm)\n".utf8)
    }

    func appendFields(_ kv: KeyValue, prefix: String, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: "\"\(prefix)Key\" : ".utf8)
        GoQuote.append(kv.key, to: &buffer)
        buffer.append(contentsOf: "\n\"\(prefix)CreateRevision\" : \(kv.createRevision)\n\"\(prefix)ModRevision\" : \(kv.modRevision)\n\"\(prefix)Version\" : \(kv.version)\n\"\(prefix)Value\" : ".utf8)
        GoQuote.append(kv.value, to: &buffer)
        buffer.append(contentsOf: "\n\"\(prefix)Lease\" : \(kv.lease)\n".utf8)
    }
}
