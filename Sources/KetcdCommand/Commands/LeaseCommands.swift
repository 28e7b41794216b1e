import EtcdAPI
import EtcdClient

extension CommandGroup {
    static let lease = CommandGroup("lease", summary: "Lease related commands")
}

extension Command {
    /// `ketcd lease grant <ttl>`.
    static let leaseGrant = Command(
        ["lease", "grant"], summary: "Creates leases", arguments: "<ttl>"
    ) { context in
        guard let text = context.arguments.first else {
            throw CommandError.badArguments("lease grant command needs TTL argument")
        }
        let ttl = try parseTTL(text)
        let response: LeaseGrantResponse
        do {
            response = try await context.client().leaseGrant(LeaseGrantRequest(ttl: ttl))
        } catch {
            throw CommandError(.error, "failed to grant lease (\(error))")
        }
        try context.printer.printLeaseGrant(response)
    }

    /// `ketcd lease revoke <leaseID>`.
    static let leaseRevoke = Command(
        ["lease", "revoke"], summary: "Revokes leases", arguments: "<leaseID>"
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("lease revoke command needs 1 argument")
        }
        let id = try parseLeaseArgument(context.arguments[0])
        let response: LeaseRevokeResponse
        do {
            response = try await context.client().leaseRevoke(LeaseRevokeRequest(id: id))
        } catch {
            throw CommandError(.error, "failed to revoke lease (\(error))")
        }
        try context.printer.printLeaseRevoke(id: id, response)
    }

    /// `ketcd lease timetolive <leaseID> [--keys]`.
    static let leaseTimeToLive = Command(
        ["lease", "timetolive"], summary: "Get lease information", arguments: "<leaseID> [options]",
        flags: [.bool("keys", usage: "Get keys attached to this lease")]
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("lease timetolive command needs lease ID as argument")
        }
        let id = try parseLeaseArgument(context.arguments[0])
        let keys = context.flags.bool("keys")
        let response = try await context.client().leaseTimeToLive(LeaseTimeToLiveRequest(id: id, keys: keys))
        try context.printer.printLeaseTimeToLive(response, keys: keys)
    }

    /// `ketcd lease list`.
    static let leaseList = Command(
        ["lease", "list"], summary: "List all active leases"
    ) { context in
        let response: LeaseLeasesResponse
        do {
            response = try await context.client().leaseLeases()
        } catch {
            throw CommandError(.error, "failed to list leases (\(error))")
        }
        try context.printer.printLeaseList(response)
    }

    /// `ketcd lease keep-alive --once <leaseID>`: one renewal. Without
    /// `--once` the renewal repeats until interrupted.
    static let leaseKeepAlive = Command(
        ["lease", "keep-alive"], summary: "Keeps leases alive (renew)", arguments: "[options] <leaseID>",
        flags: [.bool("once", usage: "Resets the keep-alive time to its original value and exits immediately")]
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("lease keep-alive command needs lease ID as argument")
        }
        let id = try parseLeaseArgument(context.arguments[0])
        let client = try context.client()
        repeat {
            let response: LeaseKeepAliveResponse
            do {
                response = try await client.leaseKeepAliveOnce(id: id)
            } catch let error as EtcdClientError {
                // A stream renews through member failures, as etcd's Go client does.
                let retryable = error.code == .unavailable || error.code == .deadlineExceeded || error.code == .internal
                if !context.flags.bool("once") && retryable {
                    try await Task.sleep(for: .milliseconds(500))
                    continue
                }
                throw CommandError(.badConnection, "\(error)")
            }
            if response.ttl <= 0 {
                // etcd's Go client reports a lease gone at once as not found,
                // and etcdctl prints the end of a stream only in the simple format.
                if context.flags.bool("once") {
                    throw CommandError(.badConnection, "etcdserver: requested lease not found")
                }
                if context.global.outputFormat == .simple {
                    context.output.writeLine("lease \(hexLeaseID(id)) expired or revoked.")
                }
                return
            }
            try context.printer.printLeaseKeepAlive(response)
            context.output.flush()
            if context.flags.bool("once") { return }
            // Renew at a third of the TTL, as etcd's Go client does.
            try await Task.sleep(for: .seconds(max(response.ttl / 3, 1)))
        } while true
    }

    static func parseTTL(_ text: String) throws(CommandError) -> Int64 {
        do {
            return try FlagValueParser.parseInt(text)
        } catch {
            throw CommandError.badArguments("bad TTL (\(error.message))")
        }
    }

    /// Parses a lease ID argument, which etcdctl reads as hexadecimal.
    static func parseLeaseArgument(_ text: String) throws(CommandError) -> Int64 {
        do {
            return try parseLeaseID(text)
        } catch {
            throw CommandError.badArguments(error.message.replacingOccurrences(of: "bad lease ID (", with: "bad lease ID arg ("))
        }
    }

    /// A lease ID as etcdctl prints it: 16 hexadecimal digits.
    static func hexLeaseID(_ id: Int64) -> String {
        let digits = String(UInt64(bitPattern: id), radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}
