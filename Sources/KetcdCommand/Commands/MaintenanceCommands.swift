import EtcdAPI
import EtcdClient

extension CommandGroup {
    static let alarm = CommandGroup("alarm", summary: "Alarm related commands")
}

extension Command {
    /// `ketcd compaction <revision>`: discards the key history before the revision.
    static let compaction = Command(
        ["compaction"], summary: "Compacts the event history in etcd", arguments: "[options] <revision>",
        flags: [.bool("physical", usage: "'true' to wait for compaction to physically remove all old revisions")]
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("compaction command needs 1 argument")
        }
        let revision: Int64
        do {
            revision = try FlagValueParser.parseInt(context.arguments[0])
        } catch let error as FlagValueError {
            throw CommandError(.error, error.message)
        }
        _ = try await context.client().compact(CompactionRequest(revision: revision, physical: context.flags.bool("physical")))
        context.output.writeLine("compacted revision \(revision)")
    }

    /// `ketcd defrag`: defragments each endpoint's backend in turn; a member
    /// that fails is reported on standard error and the others still run.
    static let defrag = Command(
        ["defrag"], summary: "Defragments the storage of the etcd members with given endpoints",
        flags: [.bool("cluster", usage: "use all endpoints from the cluster member list")]
    ) { context in
        var failed = false
        for client in try await context.endpointClients() {
            let endpoint = client.configuration.endpoints[0]
            do {
                _ = try await client.defragment()
                context.output.writeLine("Finished defragmenting etcd member[\(endpoint)]")
            } catch {
                context.errorOutput.writeLine("Failed to defragment etcd member[\(endpoint)] (\(error))")
                failed = true
            }
        }
        if failed { throw CommandError.silent(.error) }
    }

    /// `ketcd alarm list`.
    static let alarmList = Command(
        ["alarm", "list"], summary: "Lists all alarms"
    ) { context in
        let response = try await context.client().alarm(AlarmRequest(action: .get))
        try context.printer.printAlarms(response)
    }

    /// `ketcd alarm disarm`: deactivates every active alarm, one request per
    /// alarm as etcd's Go client does, and prints the alarms it disarmed.
    static let alarmDisarm = Command(
        ["alarm", "disarm"], summary: "Disarms all alarms"
    ) { context in
        let client = try context.client()
        let active = try await client.alarm(AlarmRequest(action: .get))
        var disarmed = AlarmResponse()
        for alarm in active.alarms {
            let response = try await client.alarm(AlarmRequest(action: .deactivate, memberID: alarm.memberID, alarm: alarm.alarm))
            disarmed.alarms.append(contentsOf: response.alarms)
        }
        // etcdctl's response for disarm carries no header, because it gathers
        // the alarms of several requests.
        try context.printer.printAlarms(disarmed, hasHeader: false)
    }

    /// `ketcd move-leader <memberID>`: asks the current leader, found among
    /// the endpoints, to hand leadership to the member.
    static let moveLeader = Command(
        ["move-leader"], summary: "Transfers leadership to another etcd cluster member.", arguments: "<transferee-member-id>"
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("move-leader command needs 1 argument")
        }
        guard let target = UInt64(context.arguments[0], radix: 16) else {
            throw CommandError.badArguments("strconv.ParseUint: parsing \(goQuoted(context.arguments[0])): invalid syntax")
        }
        var leader: (client: EtcdClient, id: UInt64)?
        for client in try context.client().endpointClients() {
            let status = try await client.status()
            if status.header.memberID == status.leader {
                leader = (client, status.leader)
                break
            }
        }
        guard let leader else {
            throw CommandError.badArguments("no leader endpoint given at [\(context.global.endpoints.joined(separator: " "))]")
        }
        let response = try await leader.client.moveLeader(MoveLeaderRequest(targetID: target))
        try context.printer.printMoveLeader(from: leader.id, to: target, response)
    }
}
