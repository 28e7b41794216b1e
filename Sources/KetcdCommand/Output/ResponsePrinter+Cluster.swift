import EtcdAPI

extension ResponsePrinter {
    // MARK: - Member list

    func printMemberList(_ response: MemberListResponse) throws(CommandError) {
        switch format {
        case .simple:
            for row in Self.memberRows(response) {
                output.writeLine(row.joined(separator: ", "))
            }
        case .table:
            output.write(TableWriter.render(header: ["ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER"], rows: Self.memberRows(response)))
        case .json:
            output.append { buffer in
                if hex {
                    appendHexMemberListJSON(response, to: &buffer)
                } else {
                    appendMemberListJSON(response, to: &buffer)
                }
                buffer.append(0x0a)
            }
        case .fields:
            output.append { buffer in
                appendFieldsHeader(response.header, to: &buffer)
                for member in response.members {
                    buffer.append(contentsOf: "\"ID\" : \(member.id)\n\"Name\" : ".utf8)
                    GoQuote.append(Array(member.name.utf8), to: &buffer)
                    buffer.append(0x0a)
                    for url in member.peerURLs {
                        buffer.append(contentsOf: "\"PeerURL\" : ".utf8)
                        GoQuote.append(Array(url.utf8), to: &buffer)
                        buffer.append(0x0a)
                    }
                    for url in member.clientURLs {
                        buffer.append(contentsOf: "\"ClientURL\" : ".utf8)
                        GoQuote.append(Array(url.utf8), to: &buffer)
                        buffer.append(0x0a)
                    }
                    buffer.append(contentsOf: "\"IsLearner\" : \(member.isLearner)\n\n".utf8)
                }
            }
        case .protobuf:
            output.write(response.serializedBytes())
        }
    }

    /// Rows of etcdctl's member table: a member without a name has not started yet.
    static func memberRows(_ response: MemberListResponse) -> [[String]] {
        response.members.map { member in
            [
                String(member.id, radix: 16),
                member.name.isEmpty ? "unstarted" : "started",
                member.name,
                member.peerURLs.joined(separator: ","),
                member.clientURLs.joined(separator: ","),
                String(member.isLearner),
            ]
        }
    }

    private func appendMemberListJSON(_ response: MemberListResponse, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "{"))
        appendJSONHeaderMember(response.header, to: &buffer)
        if !response.members.isEmpty {
            GoJSON.appendRaw(",\"members\":[", to: &buffer)
            for (index, member) in response.members.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                appendMemberJSON(member, to: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        }
        buffer.append(UInt8(ascii: "}"))
    }

    /// Appends one `etcdserverpb.Member` as Go's encoding/json writes it, zero fields left out.
    private func appendMemberJSON(_ member: Member, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "{"))
        var separator = false
        func comma() {
            if separator { buffer.append(UInt8(ascii: ",")) }
            separator = true
        }
        if member.id != 0 {
            comma()
            GoJSON.appendRaw("\"ID\":", to: &buffer)
            GoJSON.appendInteger(member.id, to: &buffer)
        }
        if !member.name.isEmpty {
            comma()
            GoJSON.appendRaw("\"name\":", to: &buffer)
            GoJSON.appendString(member.name, to: &buffer)
        }
        if !member.peerURLs.isEmpty {
            comma()
            GoJSON.appendRaw("\"peerURLs\":", to: &buffer)
            GoJSON.appendStringArray(member.peerURLs, nilWhenEmpty: false, to: &buffer)
        }
        if !member.clientURLs.isEmpty {
            comma()
            GoJSON.appendRaw("\"clientURLs\":", to: &buffer)
            GoJSON.appendStringArray(member.clientURLs, nilWhenEmpty: false, to: &buffer)
        }
        if member.isLearner {
            comma()
            GoJSON.appendRaw("\"isLearner\":true", to: &buffer)
        }
        buffer.append(UInt8(ascii: "}"))
    }

    /// etcdctl's hand-built JSON for `member list --hex`: ids as hex strings,
    /// every member field present, and the client URL key spelled `clientURLS`.
    private func appendHexMemberListJSON(_ response: MemberListResponse, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: "{\"header\":{\"cluster_id\":\"\(String(response.header.clusterID, radix: 16))\",\"member_id\":\"\(String(response.header.memberID, radix: 16))\",\"raft_term\":\(response.header.raftTerm)".utf8)
        for (index, member) in response.members.enumerated() {
            buffer.append(contentsOf: (index == 0 ? "},\"members\":[{\"ID\":\"" : ",{\"ID\":\"").utf8)
            buffer.append(contentsOf: "\(String(member.id, radix: 16))\",\"name\":\"\(member.name)\",\"peerURLs\":".utf8)
            GoJSON.appendStringArray(member.peerURLs, nilWhenEmpty: true, to: &buffer)
            GoJSON.appendRaw(",\"clientURLS\":", to: &buffer)
            GoJSON.appendStringArray(member.clientURLs, nilWhenEmpty: true, to: &buffer)
            if member.isLearner {
                GoJSON.appendRaw(",\"isLearner\":true", to: &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
            if index == response.members.count - 1 {
                GoJSON.appendRaw("]}", to: &buffer)
            }
        }
    }

    /// Prints the result of member add, remove, update or promote. The simple
    /// format writes `Member <id> <change> cluster <id>` with the IDs in
    /// space-padded hex (Go's `%16x`); etcdctl has no fields or table layout.
    func printMemberChange<Response: EtcdMessage>(_ change: String, id: UInt64, response: Response) throws(CommandError) where Response: MemberChangeResponse {
        switch format {
        case .simple:
            output.writeLine("Member \(Self.paddedHex(id)) \(change) cluster \(Self.paddedHex(response.header.clusterID))")
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendJSONHeaderMember(response.header, to: &buffer)
                if let member = response.addedMember {
                    GoJSON.appendRaw(",\"member\":", to: &buffer)
                    appendMemberJSON(member, to: &buffer)
                }
                if !response.members.isEmpty {
                    GoJSON.appendRaw(",\"members\":[", to: &buffer)
                    for (index, member) in response.members.enumerated() {
                        if index > 0 { buffer.append(UInt8(ascii: ",")) }
                        appendMemberJSON(member, to: &buffer)
                    }
                    buffer.append(UInt8(ascii: "]"))
                }
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .protobuf:
            output.write(response.serializedBytes())
        case .fields, .table:
            throw CommandError.badFeature("\(format.rawValue) not supported as output format")
        }
    }

    static func paddedHex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: " ", count: max(0, 16 - digits.count)) + digits
    }

    // MARK: - Endpoint status

    func printEndpointStatus(_ statuses: [EndpointStatus]) throws(CommandError) {
        switch format {
        case .simple:
            for row in Self.statusRows(statuses) {
                output.writeLine(row.joined(separator: ", "))
            }
        case .table:
            output.write(TableWriter.render(
                header: ["ENDPOINT", "ID", "VERSION", "DB SIZE", "IS LEADER", "IS LEARNER", "RAFT TERM", "RAFT INDEX", "RAFT APPLIED INDEX", "ERRORS"],
                rows: Self.statusRows(statuses)
            ))
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "["))
                for (index, entry) in statuses.enumerated() {
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    GoJSON.appendRaw("{\"Endpoint\":", to: &buffer)
                    GoJSON.appendString(entry.endpoint, to: &buffer)
                    GoJSON.appendRaw(",\"Status\":{", to: &buffer)
                    appendJSONHeaderMember(entry.status.header, to: &buffer)
                    appendStatusMembers(entry.status, to: &buffer)
                    GoJSON.appendRaw("}}", to: &buffer)
                }
                GoJSON.appendRaw("]\n", to: &buffer)
            }
        case .fields:
            output.append { buffer in
                for entry in statuses {
                    let status = entry.status
                    appendFieldsHeader(status.header, to: &buffer)
                    buffer.append(contentsOf: "\"Version\" : ".utf8)
                    GoQuote.append(Array(status.version.utf8), to: &buffer)
                    buffer.append(contentsOf: "\n\"DBSize\" : \(status.dbSize)\n\"Leader\" : \(status.leader)\n\"IsLearner\" : \(status.isLearner)\n".utf8)
                    buffer.append(contentsOf: "\"RaftIndex\" : \(status.raftIndex)\n\"RaftTerm\" : \(status.raftTerm)\n\"RaftAppliedIndex\" : \(status.raftAppliedIndex)\n".utf8)
                    buffer.append(contentsOf: "\"Errors\" : [\(status.errors.joined(separator: " "))]\n\"Endpoint\" : ".utf8)
                    GoQuote.append(Array(entry.endpoint.utf8), to: &buffer)
                    buffer.append(contentsOf: "\n\n".utf8)
                }
            }
        case .protobuf:
            throw CommandError.badFeature("protobuf not supported as output format")
        }
    }

    /// Appends the `StatusResponse` fields that etcdctl 3.5 has, after the header, with `omitempty`.
    private func appendStatusMembers(_ status: StatusResponse, to buffer: inout [UInt8]) {
        if !status.version.isEmpty {
            GoJSON.appendRaw(",\"version\":", to: &buffer)
            GoJSON.appendString(status.version, to: &buffer)
        }
        func member(_ name: StaticString, _ value: some BinaryInteger) {
            guard value != 0 else { return }
            GoJSON.appendRaw(name, to: &buffer)
            GoJSON.appendInteger(value, to: &buffer)
        }
        member(",\"dbSize\":", status.dbSize)
        member(",\"leader\":", status.leader)
        member(",\"raftIndex\":", status.raftIndex)
        member(",\"raftTerm\":", status.raftTerm)
        member(",\"raftAppliedIndex\":", status.raftAppliedIndex)
        if !status.errors.isEmpty {
            GoJSON.appendRaw(",\"errors\":", to: &buffer)
            GoJSON.appendStringArray(status.errors, nilWhenEmpty: false, to: &buffer)
        }
        member(",\"dbSizeInUse\":", status.dbSizeInUse)
        if status.isLearner {
            GoJSON.appendRaw(",\"isLearner\":true", to: &buffer)
        }
    }

    static func statusRows(_ statuses: [EndpointStatus]) -> [[String]] {
        statuses.map { entry in
            let status = entry.status
            return [
                entry.endpoint,
                String(status.header.memberID, radix: 16),
                status.version,
                GoFormat.humanizeBytes(UInt64(clamping: status.dbSize)),
                String(status.leader == status.header.memberID),
                String(status.isLearner),
                String(status.raftTerm),
                String(status.raftIndex),
                String(status.raftAppliedIndex),
                status.errors.joined(separator: ", "),
            ]
        }
    }

    // MARK: - Endpoint health

    /// Prints health results. In the simple format, unhealthy endpoints go to
    /// standard error and healthy ones to standard output, as in etcdctl.
    func printEndpointHealth(_ results: [EndpointHealth], errorOutput: OutputWriter) throws(CommandError) {
        switch format {
        case .simple:
            for result in results {
                if result.error.isEmpty {
                    output.writeLine("\(result.endpoint) is healthy: successfully committed proposal: took = \(result.took)")
                } else {
                    errorOutput.writeLine("\(result.endpoint) is unhealthy: failed to commit proposal: \(result.error)")
                }
            }
        case .table:
            output.write(TableWriter.render(
                header: ["ENDPOINT", "HEALTH", "TOOK", "ERROR"],
                rows: results.map { [$0.endpoint, String($0.isHealthy), $0.took, $0.error] }
            ))
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "["))
                for (index, result) in results.enumerated() {
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    GoJSON.appendRaw("{\"endpoint\":", to: &buffer)
                    GoJSON.appendString(result.endpoint, to: &buffer)
                    buffer.append(contentsOf: ",\"health\":\(result.isHealthy),\"took\":".utf8)
                    GoJSON.appendString(result.took, to: &buffer)
                    if !result.error.isEmpty {
                        GoJSON.appendRaw(",\"error\":", to: &buffer)
                        GoJSON.appendString(result.error, to: &buffer)
                    }
                    buffer.append(UInt8(ascii: "}"))
                }
                GoJSON.appendRaw("]\n", to: &buffer)
            }
        case .fields:
            output.append { buffer in
                for result in results {
                    buffer.append(contentsOf: "\"Endpoint\" : ".utf8)
                    GoQuote.append(Array(result.endpoint.utf8), to: &buffer)
                    buffer.append(contentsOf: "\n\"Health\" : \(result.isHealthy)\n\"Took\" : \(result.took)\n\"Error\" : \(result.error)\n\n".utf8)
                }
            }
        case .protobuf:
            throw CommandError.badFeature("protobuf not supported as output format")
        }
    }

    // MARK: - Endpoint hash

    func printEndpointHashKV(_ hashes: [EndpointHash]) throws(CommandError) {
        switch format {
        case .simple:
            for entry in hashes {
                output.writeLine("\(entry.endpoint), \(entry.response.hash)")
            }
        case .table:
            output.write(TableWriter.render(header: ["ENDPOINT", "HASH"], rows: hashes.map { [$0.endpoint, String($0.response.hash)] }))
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "["))
                for (index, entry) in hashes.enumerated() {
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    GoJSON.appendRaw("{\"Endpoint\":", to: &buffer)
                    GoJSON.appendString(entry.endpoint, to: &buffer)
                    GoJSON.appendRaw(",\"HashKV\":{", to: &buffer)
                    appendJSONHeaderMember(entry.response.header, to: &buffer)
                    if entry.response.hash != 0 {
                        GoJSON.appendRaw(",\"hash\":", to: &buffer)
                        GoJSON.appendInteger(entry.response.hash, to: &buffer)
                    }
                    if entry.response.compactRevision != 0 {
                        GoJSON.appendRaw(",\"compact_revision\":", to: &buffer)
                        GoJSON.appendInteger(entry.response.compactRevision, to: &buffer)
                    }
                    GoJSON.appendRaw("}}", to: &buffer)
                }
                GoJSON.appendRaw("]\n", to: &buffer)
            }
        case .fields:
            output.append { buffer in
                for entry in hashes {
                    appendFieldsHeader(entry.response.header, to: &buffer)
                    buffer.append(contentsOf: "\"Endpoint\" : ".utf8)
                    GoQuote.append(Array(entry.endpoint.utf8), to: &buffer)
                    buffer.append(contentsOf: "\n\"Hash\" : \(entry.response.hash)\n\n".utf8)
                }
            }
        case .protobuf:
            throw CommandError.badFeature("protobuf not supported as output format")
        }
    }
}

/// The responses of member add, remove, update and promote: a header, the
/// member list after the change, and for add the new member.
protocol MemberChangeResponse {
    var header: ResponseHeader { get }
    var members: [Member] { get }
    var addedMember: Member? { get }
}

extension MemberListResponse: MemberChangeResponse {
    var addedMember: Member? { nil }
}

extension MemberAddResponse: MemberChangeResponse {
    var addedMember: Member? { member }
}
