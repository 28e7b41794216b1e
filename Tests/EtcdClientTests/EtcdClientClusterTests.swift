import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Testing

@Suite(.timeLimit(.minutes(2))) struct EtcdClientClusterTests {
    @Test func readsAndWritesContinueWhenFirstMemberStops() async throws {
        let cluster = try EtcdCluster.start(size: 3)
        defer { cluster.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(
            endpoints: cluster.members.map(\.endpoint), dialTimeout: .seconds(2)))

        let before = try await client.put(PutRequest(key: Array("/ha/before".utf8), value: Array("1".utf8)))
        #expect(before.header.revision > 1)
        let members = try await client.memberList()
        #expect(members.members.count == 3)

        cluster.members[0].stop()

        let during = try await client.put(PutRequest(key: Array("/ha/during".utf8), value: Array("2".utf8)))
        #expect(during.header.revision > before.header.revision)
        let read = try await client.range(RangeRequest(key: Array("/ha/".utf8), rangeEnd: Array("/ha/".utf8).prefixRangeEnd))
        #expect(read.kvs.map { String(decoding: $0.value, as: UTF8.self) } == ["1", "2"])
        #expect(read.header.memberID != members.members.first { $0.name == "member0" }?.id)

        // A fresh client whose first endpoint is down fails over as well.
        let fresh = try EtcdClient(configuration: EtcdClientConfiguration(
            endpoints: cluster.members.map(\.endpoint), dialTimeout: .seconds(2)))
        let freshRead = try await fresh.range(RangeRequest(key: Array("/ha/during".utf8)))
        #expect(freshRead.kvs.first?.value == Array("2".utf8))
    }

    @Test func commandTimeoutEndsReadWithoutQuorum() async throws {
        let cluster = try EtcdCluster.start(size: 3)
        defer { cluster.stop() }
        cluster.members[1].stop()
        cluster.members[2].stop()

        // The remaining member cannot confirm a linearizable read without a
        // quorum; etcd itself would give up only after about 7 s.
        let client = try EtcdClient(configuration: EtcdClientConfiguration(
            endpoints: [cluster.members[0].endpoint], commandTimeout: .seconds(1)))
        let error = await #expect(throws: EtcdClientError.self) {
            _ = try await client.range(RangeRequest(key: Array("k".utf8)))
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(error?.description == "context deadline exceeded: \(cluster.members[0].endpoint) did not respond within the 1s command timeout")

        // A serializable read is served from the member's local state.
        let local = try await client.range(RangeRequest(key: Array("k".utf8), serializable: true))
        #expect(local.kvs.isEmpty)
    }

    @Test func endpointClientsAddressEachMember() async throws {
        let cluster = try EtcdCluster.start(size: 3)
        defer { cluster.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: cluster.members.map(\.endpoint)))

        let perEndpoint = client.endpointClients()
        #expect(perEndpoint.map { $0.configuration.endpoints } == cluster.members.map { [$0.endpoint] })
        var memberIDs: Set<UInt64> = []
        var leaders: Set<UInt64> = []
        for endpointClient in perEndpoint {
            let status = try await endpointClient.status()
            memberIDs.insert(status.header.memberID)
            leaders.insert(status.leader)
        }
        #expect(memberIDs.count == 3)
        #expect(leaders.count == 1)

        cluster.members[1].stop()
        let stopped = await #expect(throws: EtcdClientError.self) {
            _ = try await perEndpoint[1].status()
        }
        #expect(stopped?.endpoint == cluster.members[1].endpoint)
        #expect(stopped?.requestNotSent == true)
        let stillUp = try await perEndpoint[2].status()
        #expect(memberIDs.contains(stillUp.header.memberID))
    }
}

@Suite(.timeLimit(.minutes(2))) struct EtcdClientWatchFailoverTests {
    @Test func watchResumesOnAnotherMember() async throws {
        let cluster = try EtcdCluster.start(size: 3)
        defer { cluster.stop() }
        let endpoints = cluster.members.map(\.endpoint)
        let watcher = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: endpoints, dialTimeout: .seconds(2)))
        var writer = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: endpoints))
        let prefix = Array("/seq/".utf8)

        // Start at the next revision, because the watch opens only on the first next().
        let start = try await writer.status().header.revision + 1
        let request = WatchCreateRequest(key: prefix, rangeEnd: prefix.prefixRangeEnd, startRevision: start)
        var iterator = watcher.watchEvents(request).makeAsyncIterator()
        var received: [String] = []
        func write(_ range: ClosedRange<Int>) async throws {
            for index in range {
                _ = try await writer.put(PutRequest(key: Array("/seq/\(index)".utf8), value: Array("\(index)".utf8)))
            }
        }
        func receive(until count: Int) async throws {
            while received.count < count, let response = try await iterator.next() {
                received += response.events.compactMap { $0.kv.map { String(decoding: $0.value, as: UTF8.self) } }
            }
        }

        try await write(1...5)
        try await receive(until: 5)

        // The watch runs on whichever member connected first. Stop it, write through
        // the other two, then expect the rest without gaps or repeats.
        let watched = try #require(endpoints.firstIndex { $0 == iterator.endpoint })
        cluster.members[watched].stop()
        writer = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: endpoints.filter { $0 != endpoints[watched] }))
        try await write(6...10)
        try await receive(until: 10)

        #expect(received == (1...10).map(String.init))
        #expect(iterator.endpoint != nil)
        #expect(iterator.endpoint != endpoints[watched])
    }
}
