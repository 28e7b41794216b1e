import EtcdAPI
import EtcdClient

extension Command {
    /// `ketcd elect`: etcdctl's elect, interoperable with it because both use
    /// etcd's election recipe on the same keys.
    static let elect = Command(
        ["elect"], summary: "Observes and participates in leader election",
        arguments: "<election-name> [proposal]",
        description: """
            With a proposal, campaigns until elected, prints the leader key (<election-name>/<lease ID in hex>) and the proposal, and leads until interrupted, then resigns.
            With -l, prints the leader key and proposal each time the leader or its proposal changes.
            """,
        flags: [
            .bool("listen", shorthand: "l", usage: "observation mode"),
            .int("ttl", default: 60, usage: "timeout for session"),
        ]
    ) { context in
        let arguments = context.arguments
        guard arguments.count == 1 || arguments.count == 2 else {
            throw CommandError.badArguments("elect takes one election name argument and an optional proposal argument")
        }
        let listen = context.flags.bool("listen")
        if arguments.count == 1 && !listen {
            throw CommandError.badArguments("no proposal argument but -l not set")
        }
        if arguments.count == 2 && listen {
            throw CommandError.badArguments("proposal given but -l is set")
        }
        let client = try context.clientWithoutCommandTimeout()
        let signals = InterruptSignals()
        let printer = context.printer

        if listen {
            let observer = ElectionObserver(client: client, name: arguments[0])
            do {
                try await signals.cancellable {
                    try await observer.observe { response in
                        try printer.printRange(response)
                        context.output.flush()
                    }
                }
            } catch where signals.received {
                // Interrupted: etcdctl exits with status 0 here.
            }
            return
        }

        let session = try await EtcdSession(client: client, ttl: context.flags.int("ttl"))
        let election = EtcdElection(session: session, name: arguments[0])
        do {
            _ = try await signals.cancellable { try await election.campaign(Array(arguments[1].utf8)) }
        } catch {
            try? await election.resign()
            try? await session.close()
            throw error
        }

        let leader = try await client.range(RangeRequest(key: Array(election.key.utf8)))
        try printer.printRange(leader)
        context.output.flush()

        switch await signals.wait(orExpiryOf: session) {
        case .interrupted:
            try await election.resign()
            try? await session.close()
        case .sessionExpired:
            throw CommandError(.error, "elect: session expired")
        }
    }
}
