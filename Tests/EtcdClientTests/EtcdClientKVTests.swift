import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Testing

@Suite struct EtcdClientKVTests {
    @Test func putRangeDeleteRoundTrip() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))

        let put = try await client.put(PutRequest(key: Array("/k/a".utf8), value: Array("one".utf8)))
        #expect(put.header.revision > 1)
        #expect(put.prevKV == nil)

        let second = try await client.put(PutRequest(key: Array("/k/a".utf8), value: Array("two".utf8), prevKV: true))
        #expect(second.prevKV?.value == Array("one".utf8))

        _ = try await client.put(PutRequest(key: Array("/k/b".utf8), value: Array("three".utf8)))
        let range = try await client.range(RangeRequest(key: Array("/k/".utf8), rangeEnd: Array("/k/".utf8).prefixRangeEnd))
        #expect(range.count == 2)
        #expect(range.kvs.map { String(decoding: $0.key, as: UTF8.self) } == ["/k/a", "/k/b"])
        #expect(range.kvs[0].value == Array("two".utf8))
        #expect(range.kvs[0].version == 2)

        let deleted = try await client.deleteRange(DeleteRangeRequest(key: Array("/k/a".utf8), prevKV: true))
        #expect(deleted.deleted == 1)
        #expect(deleted.prevKVs.first?.value == Array("two".utf8))

        let missing = try await client.range(RangeRequest(key: Array("/k/a".utf8)))
        #expect(missing.kvs.isEmpty)
        #expect(missing.count == 0)
    }
}

@Suite struct EtcdClientKVRevisionTests {
    @Test func txnTakesSuccessOrFailureBranch() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        let key = Array("/txn/lock".utf8)

        // Create the key only if it does not exist: version == 0.
        let create = TxnRequest(
            compare: [Compare(key: key, result: .equal, operand: .version(0))],
            success: [.put(PutRequest(key: key, value: Array("owner-1".utf8)))],
            failure: [.range(RangeRequest(key: key))])
        let first = try await client.txn(create)
        #expect(first.succeeded)
        guard case .put(let putResponse) = first.responses.first else {
            Issue.record("expected a put response, got \(first.responses)")
            return
        }
        #expect(putResponse.header.revision == first.header.revision)

        let second = try await client.txn(create)
        #expect(!second.succeeded)
        guard case .range(let rangeResponse) = second.responses.first else {
            Issue.record("expected a range response, got \(second.responses)")
            return
        }
        #expect(rangeResponse.kvs.first?.value == Array("owner-1".utf8))
    }

    @Test func compactedAndFutureRevisionsThrow() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        let key = Array("/rev/k".utf8)
        var revisions: [Int64] = []
        for value in ["a", "b", "c"] {
            revisions.append(try await client.put(PutRequest(key: key, value: Array(value.utf8))).header.revision)
        }

        let old = try await client.range(RangeRequest(key: key, revision: revisions[0]))
        #expect(old.kvs.first?.value == Array("a".utf8))

        _ = try await client.compact(CompactionRequest(revision: revisions[1], physical: true))
        await #expect(throws: KeyRangeSourceError.compacted(requested: revisions[0], compactRevision: 0)) {
            _ = try await client.range(RangeRequest(key: key, revision: revisions[0]))
        }
        let atCompaction = try await client.range(RangeRequest(key: key, revision: revisions[1]))
        #expect(atCompaction.kvs.first?.value == Array("b".utf8))

        let future = revisions[2] + 100
        let error = await #expect(throws: KeyRangeSourceError.self) {
            _ = try await client.range(RangeRequest(key: key, revision: future))
        }
        #expect(error == .futureRevision(requested: future, currentRevision: 0))
        #expect(error?.description == "etcdserver: mvcc: required revision is a future revision")

        // Compacting the same revision again is an etcd error, passed on word for word.
        let again = await #expect(throws: EtcdClientError.self) {
            _ = try await client.compact(CompactionRequest(revision: revisions[1]))
        }
        #expect(again?.description == "etcdserver: mvcc: required revision has been compacted")
        #expect(again?.code == .outOfRange)
    }

    @Test func responseLargerThanFourMiBIsRead() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))

        // Six 1 MiB values: each put stays under etcd's 1.5 MiB request limit,
        // and the range response (about 6 MiB) exceeds gRPC's default 4 MiB.
        let valueSize = 1024 * 1024
        for index in 0..<6 {
            let value = [UInt8](repeating: UInt8(ascii: "a") + UInt8(index), count: valueSize)
            _ = try await client.put(PutRequest(key: Array("/big/\(index)".utf8), value: value))
        }

        let response = try await client.range(RangeRequest(key: Array("/big/".utf8), rangeEnd: Array("/big/".utf8).prefixRangeEnd))
        #expect(response.kvs.count == 6)
        #expect(response.kvs.map(\.value.count) == Array(repeating: valueSize, count: 6))
        #expect(response.kvs[5].value.first == UInt8(ascii: "f"))
    }

    @Test func concurrentRequestsShareClient() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))

        let revisions = try await withThrowingTaskGroup(of: Int64.self) { group in
            for index in 0..<300 {
                group.addTask {
                    let put = PutRequest(key: Array("/concurrent/\(index)".utf8), value: Array("\(index)".utf8))
                    return try await client.put(put).header.revision
                }
            }
            var revisions: [Int64] = []
            for try await revision in group {
                revisions.append(revision)
            }
            return revisions
        }
        // Every put got its own revision.
        #expect(Set(revisions).count == 300)

        let prefix = Array("/concurrent/".utf8)
        let count = try await client.range(RangeRequest(key: prefix, rangeEnd: prefix.prefixRangeEnd, countOnly: true))
        #expect(count.count == 300)
    }

    @Test func receiveLimitRejectsLargeResponse() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(
            endpoints: [server.endpoint], maxReceiveMessageBytes: 64 * 1024))
        _ = try await client.put(PutRequest(key: Array("/limit".utf8), value: [UInt8](repeating: 1, count: 100 * 1024)))

        let error = await #expect(throws: EtcdClientError.self) {
            _ = try await client.range(RangeRequest(key: Array("/limit".utf8)))
        }
        #expect(error?.code == .resourceExhausted)
    }
}
