import EtcdAPI
import EtcdClient

extension Command {
    /// `ketcd member list`.
    static let memberList = Command(
        ["member", "list"], summary: "Lists all members in the cluster",
        description: """
            When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.
            The items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.
            """,
        flags: [.string("consistency", default: "l", usage: "Linearizable(l) or Serializable(s)")]
    ) { context in
        var request = MemberListRequest()
        switch context.flags.string("consistency") {
        case "l": request.linearizable = true
        case "s": request.linearizable = false
        case let other: throw CommandError.badFeature("unknown consistency flag \(goQuoted(other))")
        }
        let response = try await context.client().memberList(request)
        try context.printer.printMemberList(response)
    }

    /// `ketcd member add <name> --peer-urls=...`: prints the new member's ID
    /// and, in the simple format, the environment the new member starts with.
    static let memberAdd = Command(
        ["member", "add"], summary: "Adds a member into the cluster", arguments: "<memberName> [options]",
        flags: [
            .bool("learner", usage: "indicates if the new member is raft learner"),
            .string("peer-urls", usage: "comma separated peer URLs for the new member."),
        ]
    ) { context in
        let arguments = context.arguments
        guard let name = arguments.first else {
            throw CommandError.badArguments("member name not provided")
        }
        if arguments.count > 1 {
            var message = "too many arguments"
            for argument in arguments where argument.lowercased().hasPrefix("http") {
                message += ", did you mean --peer-urls=\(argument)"
            }
            throw CommandError.badArguments(message)
        }
        let peerURLs = context.flags.string("peer-urls")
        guard !peerURLs.isEmpty else {
            throw CommandError.badArguments("member peer urls not provided")
        }
        let urls = peerURLs.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let response = try await context.client().memberAdd(MemberAddRequest(peerURLs: urls, isLearner: context.flags.bool("learner")))
        let newID = response.member?.id ?? 0
        try context.printer.printMemberChange("added to", id: newID, response: response)

        if context.global.outputFormat == .simple {
            var cluster: [String] = []
            for member in response.members {
                for url in member.peerURLs {
                    cluster.append("\(member.id == newID ? name : member.name)=\(url)")
                }
            }
            let output = context.output
            output.writeLine("")
            output.writeLine("ETCD_NAME=\(goQuoted(name))")
            output.writeLine("ETCD_INITIAL_CLUSTER=\(goQuoted(cluster.joined(separator: ",")))")
            output.writeLine("ETCD_INITIAL_ADVERTISE_PEER_URLS=\(goQuoted(peerURLs))")
            output.writeLine("ETCD_INITIAL_CLUSTER_STATE=\"existing\"")
        }
    }

    /// `ketcd member remove <memberID>`.
    static let memberRemove = Command(
        ["member", "remove"], summary: "Removes a member from the cluster", arguments: "<memberID>"
    ) { context in
        let id = try parseMemberID(context.arguments)
        let response = try await context.client().memberRemove(MemberRemoveRequest(id: id))
        try context.printer.printMemberChange("removed from", id: id, response: response)
    }

    /// `ketcd member update <memberID> --peer-urls=...`.
    static let memberUpdate = Command(
        ["member", "update"], summary: "Updates a member in the cluster", arguments: "<memberID> [options]",
        flags: [.string("peer-urls", usage: "comma separated peer URLs for the updated member.")]
    ) { context in
        let id = try parseMemberID(context.arguments)
        let peerURLs = context.flags.string("peer-urls")
        guard !peerURLs.isEmpty else {
            throw CommandError.badArguments("member peer urls not provided")
        }
        let urls = peerURLs.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let response = try await context.client().memberUpdate(MemberUpdateRequest(id: id, peerURLs: urls))
        try context.printer.printMemberChange("updated in", id: id, response: response)
    }

    /// `ketcd member promote <memberID>`: makes a learner that caught up a voting member.
    static let memberPromote = Command(
        ["member", "promote"], summary: "Promotes a non-voting member in the cluster", arguments: "<memberID>"
    ) { context in
        let id = try parseMemberID(context.arguments)
        let response = try await context.client().memberPromote(MemberPromoteRequest(id: id))
        try context.printer.printMemberChange("promoted in", id: id, response: response)
    }

    /// Reads the one member ID argument, in hexadecimal as etcdctl prints IDs.
    static func parseMemberID(_ arguments: [String]) throws(CommandError) -> UInt64 {
        guard let text = arguments.first else {
            throw CommandError.badArguments("member ID is not provided")
        }
        guard let id = UInt64(text, radix: 16) else {
            let reason = !text.isEmpty && text.allSatisfy(\.isHexDigit) ? "value out of range" : "invalid syntax"
            throw CommandError.badArguments("bad member ID arg (strconv.ParseUint: parsing \(goQuoted(text)): \(reason)), expecting ID in Hex")
        }
        return id
    }
}
