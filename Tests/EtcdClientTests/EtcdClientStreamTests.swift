import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Testing

@Suite(.timeLimit(.minutes(2))) struct EtcdClientStreamTests {
    @Test func watchReceivesPutAndDelete() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        let prefix = Array("/watched/".utf8)

        let stream = try await client.watch()
        try await stream.send(.create(WatchCreateRequest(key: prefix, rangeEnd: prefix.prefixRangeEnd, prevKV: true)))
        var iterator = stream.makeAsyncIterator()
        let created = try await iterator.next()
        #expect(created?.created == true)
        let watchID = created?.watchID ?? -1

        _ = try await client.put(PutRequest(key: Array("/watched/a".utf8), value: Array("1".utf8)))
        _ = try await client.put(PutRequest(key: Array("/other".utf8), value: Array("x".utf8)))
        _ = try await client.deleteRange(DeleteRangeRequest(key: Array("/watched/a".utf8)))

        var events: [Event] = []
        while events.count < 2, let response = try await iterator.next() {
            #expect(response.watchID == watchID)
            events += response.events
        }
        #expect(events.map(\.type) == [.put, .delete])
        #expect(events.first?.kv?.value == Array("1".utf8))
        #expect(events.last?.kv?.key == Array("/watched/a".utf8))
        #expect(events.last?.prevKV?.value == Array("1".utf8))

        try await stream.send(.cancel(WatchCancelRequest(watchID: watchID)))
        let canceled = try await iterator.next()
        #expect(canceled?.canceled == true)

        stream.cancel()
        #expect(try await iterator.next() == nil)
    }

    @Test func resumingWatchDeliversCompactionCancel() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        let key = Array("/compacted".utf8)
        let first = try await client.put(PutRequest(key: key, value: Array("1".utf8))).header.revision
        let second = try await client.put(PutRequest(key: key, value: Array("2".utf8))).header.revision
        _ = try await client.compact(CompactionRequest(revision: second, physical: true))

        var iterator = client.watchEvents(WatchCreateRequest(key: key, startRevision: first)).makeAsyncIterator()
        let canceled = try await iterator.next()
        #expect(canceled?.canceled == true)
        #expect(canceled?.compactRevision == second)
        #expect(try await iterator.next() == nil)
    }

    @Test func leaseGrantKeepAliveAndRevoke() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))

        let grant = try await client.leaseGrant(LeaseGrantRequest(ttl: 60))
        #expect(grant.id != 0)
        #expect(grant.ttl == 60)
        _ = try await client.put(PutRequest(key: Array("/leased".utf8), value: Array("v".utf8), lease: grant.id))

        let renewed = try await client.leaseKeepAliveOnce(id: grant.id)
        #expect(renewed.id == grant.id)
        #expect(renewed.ttl == 60)

        let timeToLive = try await client.leaseTimeToLive(LeaseTimeToLiveRequest(id: grant.id, keys: true))
        #expect(timeToLive.grantedTTL == 60)
        #expect(timeToLive.ttl > 0)
        #expect(timeToLive.keys == [Array("/leased".utf8)])

        let leases = try await client.leaseLeases()
        #expect(leases.leases.map(\.id) == [grant.id])

        _ = try await client.leaseRevoke(LeaseRevokeRequest(id: grant.id))
        let gone = try await client.range(RangeRequest(key: Array("/leased".utf8)))
        #expect(gone.kvs.isEmpty)

        let expired = try await client.leaseTimeToLive(LeaseTimeToLiveRequest(id: grant.id))
        #expect(expired.ttl == -1)
    }

    @Test func keepAliveStreamRenewsRepeatedly() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        let grant = try await client.leaseGrant(LeaseGrantRequest(ttl: 30))

        let stream = try await client.leaseKeepAlive()
        var iterator = stream.makeAsyncIterator()
        for _ in 0..<3 {
            try await stream.send(LeaseKeepAliveRequest(id: grant.id))
            let response = try await iterator.next()
            #expect(response?.id == grant.id)
            #expect(response?.ttl == 30)
        }
        try await stream.closeSend()
        #expect(try await iterator.next() == nil)
    }
}
