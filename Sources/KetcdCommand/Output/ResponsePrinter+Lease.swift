import EtcdAPI

/// Lease responses, printed as etcdctl 3.5 prints clientv3's lease types.
/// Their JSON puts the header fields at the top level, because clientv3
/// embeds the header struct, and their protobuf output is the header alone,
/// the only part of those types that etcdctl can marshal.
extension ResponsePrinter {
    func printLeaseGrant(_ response: LeaseGrantResponse) throws(CommandError) {
        switch format {
        case .simple:
            output.writeLine("lease \(Command.hexLeaseID(response.id)) granted with TTL(\(response.ttl)s)")
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendFlattenedHeader(response.header, to: &buffer)
                buffer.append(contentsOf: ",\"ID\":\(response.id),\"TTL\":\(response.ttl),\"Error\":".utf8)
                GoJSON.appendString(response.error, to: &buffer)
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .fields:
            output.append { buffer in
                appendFieldsHeader(response.header, to: &buffer)
                buffer.append(contentsOf: "\"ID\" : \(response.id)\n\"TTL\" : \(response.ttl)\n".utf8)
            }
        case .protobuf:
            output.write(response.header.serializedBytes())
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    func printLeaseRevoke(id: Int64, _ response: LeaseRevokeResponse) throws(CommandError) {
        switch format {
        case .simple:
            output.writeLine("lease \(Command.hexLeaseID(id)) revoked")
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendJSONHeaderMember(response.header, to: &buffer)
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .fields:
            output.append { appendFieldsHeader(response.header, to: &$0) }
        case .protobuf:
            throw CommandError.badFeature("marshal unsupported for type clientv3.LeaseRevokeResponse ({\(Self.protoText(response.header))  {} [] 0})")
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    func printLeaseTimeToLive(_ response: LeaseTimeToLiveResponse, keys: Bool) throws(CommandError) {
        switch format {
        case .simple:
            if response.grantedTTL == 0 && response.ttl == -1 {
                output.writeLine("lease \(Command.hexLeaseID(response.id)) already expired")
                return
            }
            var line = "lease \(Command.hexLeaseID(response.id)) granted with TTL(\(response.grantedTTL)s), remaining(\(response.ttl)s)"
            if keys {
                line += ", attached keys([\(response.keys.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " "))])"
            }
            output.writeLine(line)
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendFlattenedHeader(response.header, to: &buffer)
                buffer.append(contentsOf: ",\"id\":\(response.id),\"ttl\":\(response.ttl),\"granted-ttl\":\(response.grantedTTL),\"keys\":".utf8)
                if response.keys.isEmpty {
                    GoJSON.appendRaw("null", to: &buffer)
                } else {
                    buffer.append(UInt8(ascii: "["))
                    for (index, key) in response.keys.enumerated() {
                        if index > 0 { buffer.append(UInt8(ascii: ",")) }
                        GoJSON.appendBase64String(key, to: &buffer)
                    }
                    buffer.append(UInt8(ascii: "]"))
                }
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .fields:
            output.append { buffer in
                appendFieldsHeader(response.header, to: &buffer)
                buffer.append(contentsOf: "\"ID\" : \(response.id)\n\"TTL\" : \(response.ttl)\n\"GrantedTTL\" : \(response.grantedTTL)\n".utf8)
                for key in response.keys {
                    buffer.append(contentsOf: "\"Key\" : ".utf8)
                    GoQuote.append(key, to: &buffer)
                    buffer.append(0x0a)
                }
            }
        case .protobuf:
            output.write(response.header.serializedBytes())
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    func printLeaseList(_ response: LeaseLeasesResponse) throws(CommandError) {
        switch format {
        case .simple:
            output.writeLine("found \(response.leases.count) leases")
            for lease in response.leases {
                output.writeLine(Command.hexLeaseID(lease.id))
            }
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendFlattenedHeader(response.header, to: &buffer)
                GoJSON.appendRaw(",\"leases\":[", to: &buffer)
                for (index, lease) in response.leases.enumerated() {
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    buffer.append(contentsOf: "{\"id\":\(lease.id)}".utf8)
                }
                GoJSON.appendRaw("]}\n", to: &buffer)
            }
        case .fields:
            output.append { buffer in
                appendFieldsHeader(response.header, to: &buffer)
                for lease in response.leases {
                    buffer.append(contentsOf: "\"ID\" : \(lease.id)\n".utf8)
                }
            }
        case .protobuf:
            output.write(response.header.serializedBytes())
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    func printLeaseKeepAlive(_ response: LeaseKeepAliveResponse) throws(CommandError) {
        switch format {
        case .simple:
            output.writeLine("lease \(Command.hexLeaseID(response.id)) keepalived with TTL(\(response.ttl))")
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendFlattenedHeader(response.header, to: &buffer)
                buffer.append(contentsOf: ",\"ID\":\(response.id),\"TTL\":\(response.ttl)}\n".utf8)
            }
        case .fields:
            output.append { buffer in
                appendFieldsHeader(response.header, to: &buffer)
                buffer.append(contentsOf: "\"ID\" : \(response.id)\n\"TTL\" : \(response.ttl)\n".utf8)
            }
        case .protobuf:
            output.write(response.header.serializedBytes())
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    /// The header's members without the `"header":{}` wrapper, zero fields left out.
    func appendFlattenedHeader(_ header: ResponseHeader, to buffer: inout [UInt8]) {
        var wrapped: [UInt8] = []
        appendJSONHeaderMember(header, to: &wrapped)
        // Drop `"header":{` and the closing brace.
        buffer.append(contentsOf: wrapped.dropFirst(10).dropLast())
    }

    /// The header in protobuf text format, as Go's `%v` prints it inside a struct.
    static func protoText(_ header: ResponseHeader) -> String {
        var parts: [String] = []
        if header.clusterID != 0 { parts.append("cluster_id:\(header.clusterID)") }
        if header.memberID != 0 { parts.append("member_id:\(header.memberID)") }
        if header.revision != 0 { parts.append("revision:\(header.revision)") }
        if header.raftTerm != 0 { parts.append("raft_term:\(header.raftTerm)") }
        return parts.joined(separator: " ")
    }
}
