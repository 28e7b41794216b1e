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
}
