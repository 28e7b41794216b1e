import EtcdAPI
import EtcdClient
import Foundation

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
        try validatePeerURLs(urls)
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

    /// Checks peer URLs before they are sent, with the checks and messages of
    /// etcdctl 3.5 (exit status 1): the scheme must be http, https, unix or
    /// unixs, http(s) URLs need a host:port, and no URL may have a path.
    /// Surrounding spaces are ignored for the check, and the URLs are sent
    /// as given, as etcdctl sends them.
    static func validatePeerURLs(_ urls: [String]) throws {
        for url in urls {
            if let problem = peerURLProblem(url.trimmingCharacters(in: .whitespaces)) {
                throw CommandError(.error, problem)
            }
        }
    }

    /// Returns etcdctl's message for a peer URL it rejects, or nil when the
    /// URL passes its checks.
    static func peerURLProblem(_ url: String) -> String? {
        let schemeEnd = url.firstIndex(of: ":")
        let scheme = schemeEnd.map { url[..<$0].lowercased() } ?? ""
        let isScheme = scheme.first?.isLetter == true
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
        if let schemeEnd, !isScheme, !url[..<schemeEnd].contains("/") {
            return "parse \"\(url)\": first path segment in URL cannot contain colon"
        }
        guard isScheme, ["http", "https", "unix", "unixs"].contains(scheme), let schemeEnd else {
            return "URL scheme must be http, https, unix, or unixs: \(url)"
        }
        var rest = url[url.index(after: schemeEnd)...]
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        // Without "//" the URL is opaque (unix:name) and has a path only
        // when the rest starts with "/".
        var host: Substring = ""
        var path = rest.hasPrefix("/") ? rest : ""
        if rest.hasPrefix("//") {
            let authority = rest.dropFirst(2)
            let authorityEnd = authority.firstIndex(of: "/") ?? authority.endIndex
            host = authority[..<authorityEnd]
            if let userInfoEnd = host.lastIndex(of: "@") { host = host[host.index(after: userInfoEnd)...] }
            path = authority[authorityEnd...]
            if host.hasPrefix("["), !host.contains("]") {
                return "parse \"\(url)\": missing ']' in host"
            }
        }
        if scheme == "http" || scheme == "https", !hasHostPortForm(host) {
            return "URL address does not have the form \"host:port\": \(url)"
        }
        if !path.isEmpty {
            return "URL must not contain a path: \(url)"
        }
        return nil
    }

    /// Whether `host` splits into a host and a port the way Go's
    /// net.SplitHostPort splits it: one colon, or a bracketed IPv6 address
    /// followed by a colon.
    private static func hasHostPortForm(_ host: Substring) -> Bool {
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let after = host[host.index(after: close)...]
            return after.hasPrefix(":") && !after.dropFirst().contains(":") && !after.contains("]")
        }
        return host.filter { $0 == ":" }.count == 1 && !host.contains("[") && !host.contains("]")
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
        try validatePeerURLs(urls)
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
