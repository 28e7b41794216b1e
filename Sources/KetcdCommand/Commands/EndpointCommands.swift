import EtcdAPI
import EtcdClient

extension Command {
    /// `ketcd endpoint status`: each endpoint's status, asked endpoint by
    /// endpoint; an endpoint that fails is reported on standard error and left out.
    static let endpointStatus = Command(
        ["endpoint", "status"], summary: "Prints out the status of endpoints specified in `--endpoints` flag",
        description: """
            When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.
            The items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.
            """
    ) { context in
        var statuses: [EndpointStatus] = []
        var failed = false
        for client in try await context.endpointClients() {
            let endpoint = client.configuration.endpoints[0]
            do {
                statuses.append(EndpointStatus(endpoint: endpoint, status: try await client.status()))
            } catch {
                context.errorOutput.writeLine("Failed to get the status of endpoint \(endpoint) (\(error))")
                failed = true
            }
        }
        try context.printer.printEndpointStatus(statuses)
        if failed { throw CommandError.silent(.error) }
    }

    /// `ketcd endpoint health`: a linearizable read of one key on every endpoint
    /// at once, then a check for active alarms, as etcdctl does.
    static let endpointHealth = Command(
        ["endpoint", "health"], summary: "Checks the healthiness of endpoints specified in `--endpoints` flag"
    ) { context in
        let clients = try await context.endpointClients()
        let results = await withTaskGroup(of: (Int, EndpointHealth).self) { group in
            for (index, client) in clients.enumerated() {
                group.addTask { (index, await probeHealth(client)) }
            }
            var results: [(Int, EndpointHealth)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        try context.printer.printEndpointHealth(results, errorOutput: context.errorOutput)
        if results.contains(where: { !$0.error.isEmpty }) {
            throw CommandError(.error, "unhealthy cluster")
        }
    }

    /// `ketcd endpoint hashkv`: the hash of each endpoint's key-value history.
    static let endpointHashKV = Command(
        ["endpoint", "hashkv"], summary: "Prints the KV history hash for each endpoint in --endpoints",
        flags: [.int("rev", usage: "maximum revision to hash (default: all revisions)")]
    ) { context in
        var hashes: [EndpointHash] = []
        var lastError: (any Error)?
        for client in try await context.endpointClients() {
            let endpoint = client.configuration.endpoints[0]
            do {
                hashes.append(EndpointHash(endpoint: endpoint, response: try await client.hashKV(HashKVRequest(revision: context.flags.int("rev")))))
            } catch {
                context.errorOutput.writeLine("Failed to get the hash of endpoint \(endpoint) (\(error))")
                lastError = error
            }
        }
        try context.printer.printEndpointHashKV(hashes)
        if let lastError { throw lastError }
    }

    /// Probes one endpoint. etcd rejects a read that went through consensus
    /// with "permission denied" when auth is on, and that still proves health.
    private static func probeHealth(_ client: EtcdClient) async -> EndpointHealth {
        let endpoint = client.configuration.endpoints[0]
        let clock = ContinuousClock()
        let start = clock.now
        var result = EndpointHealth(endpoint: endpoint, isHealthy: false, took: "", error: "")
        do {
            _ = try await client.range(RangeRequest(key: Array("health".utf8)))
            result.isHealthy = true
        } catch let error as EtcdClientError where error.message == "etcdserver: permission denied" {
            result.isHealthy = true
        } catch {
            result.error = "\(error)"
        }
        result.took = GoFormat.durationString(clock.now - start)
        guard result.isHealthy else { return result }

        do {
            let alarms = try await client.alarm(AlarmRequest(action: .get)).alarms
            if !alarms.isEmpty {
                result.isHealthy = false
                result.error = "Active Alarm(s): " + alarms.map { alarm in
                    switch alarm.alarm {
                    case .noSpace: return "NOSPACE "
                    case .corrupt: return "CORRUPT "
                    default: return "UNKNOWN "
                    }
                }.joined()
            }
        } catch {
            result.isHealthy = false
            result.error = "Unable to fetch the alarm list"
        }
        return result
    }
}

extension CommandContext {
    /// One client per endpoint: the `--endpoints` list, or with `--cluster`
    /// the client URLs of every member in the member list.
    func endpointClients() async throws -> [EtcdClient] {
        guard flags.bool("cluster") else {
            return try client().endpointClients()
        }
        let members: MemberListResponse
        do {
            members = try await client().memberList()
        } catch {
            throw CommandError(.error, "failed to fetch endpoints from etcd cluster member list: \(error)")
        }
        var configuration = try clientConfiguration()
        configuration.endpoints = members.members.flatMap(\.clientURLs)
        return try EtcdClient(configuration: configuration).endpointClients()
    }
}
