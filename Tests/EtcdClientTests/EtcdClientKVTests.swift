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
