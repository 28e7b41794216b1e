import EtcdAPI
import EtcdTestSupport
import Foundation
import Testing

@testable import EtcdStore

/// Compares reads of the file with etcdctl's online results on the same data.
@Suite struct EtcdStoreDifferentialTests {
    static func recorded() throws -> RecordedDatabase {
        try RecordedDatabase.shared.get()
    }

    static var rangeCases: [RangeCase] {
        guard let recorded = try? recorded() else { return [] }
        return RangeCase.all(compactRevision: recorded.compactRevision, currentRevision: recorded.currentRevision)
    }

    @Test(arguments: rangeCases)
    func rangeMatchesEtcdctl(_ rangeCase: RangeCase) async throws {
        let recorded = try Self.recorded()
        let store = try EtcdStore(path: recorded.databasePath)
        let online = try #require(recorded.onlineRanges[rangeCase.name])

        if online.status != 0 {
            await #expect(throws: KeyRangeSourceError.self) { _ = try await store.range(rangeCase.request) }
            do {
                _ = try store.readRange(rangeCase.request)
            } catch let error as KeyRangeSourceError {
                #expect(online.error.contains(error.description))
            }
            return
        }
        let expected = try EtcdctlRange.decode(online.output).response()
        let actual = try await store.range(rangeCase.request)
        #expect(actual.kvs.map { String(decoding: $0.key, as: UTF8.self) } == expected.kvs.map { String(decoding: $0.key, as: UTF8.self) })
        #expect(actual.kvs == expected.kvs)
        #expect(actual.count == expected.count)
        #expect(actual.more == expected.more)
        #expect(actual.header.revision == expected.header.revision)
        #expect(actual.header.clusterID == expected.header.clusterID)
        #expect(actual.header.memberID == expected.header.memberID)
        #expect(actual.header.raftTerm == expected.header.raftTerm)
    }

    @Test func countOnlyMatchesCount() async throws {
        let recorded = try Self.recorded()
        let store = try EtcdStore(path: recorded.databasePath)
        let online = try #require(recorded.onlineRanges["everything"])
        let expected = try EtcdctlRange.decode(online.output).response()
        let counted = try await store.range(RangeRequest(key: [0], rangeEnd: [0], countOnly: true))
        #expect(counted.count == expected.count)
        #expect(counted.kvs.isEmpty)
    }

    @Test func readWhileEtcdRuns() throws {
        let recorded = try Self.recorded()
        let live = try recorded.rangeReadWhileRunning.get()
        let online = try #require(recorded.onlineRanges["everything"])
        let expected = try EtcdctlRange.decode(online.output).response()
        #expect(live.kvs == expected.kvs)
        #expect(live.header.revision == expected.header.revision)
    }

    @Test func dataDirectoryGivesIdentity() throws {
        let recorded = try Self.recorded()
        let store = try EtcdStore(dataDirectory: recorded.dataDirectory)
        let expected = try EtcdctlRange.decode(try #require(recorded.onlineRanges["single key"]).output)
        #expect(store.identity.memberID == expected.header.member_id?.value)
        #expect(store.identity.clusterID == expected.header.cluster_id?.value)
        if case .writeAheadLog = store.identity.source {} else {
            Issue.record("identity came from \(store.identity.source), expected the write-ahead log")
        }
    }

    @Test func singleMemberSnapshotDerivesIdentity() throws {
        let recorded = try Self.recorded()
        let store = try EtcdStore(path: recorded.snapshotPath)
        let expected = try EtcdctlRange.decode(try #require(recorded.onlineRanges["single key"]).output)
        #expect(store.identity.source == .singleMember)
        #expect(store.identity.memberID == expected.header.member_id?.value)
        #expect(store.identity.clusterID == expected.header.cluster_id?.value)
    }

    @Test func compactionPointAndRevision() throws {
        let recorded = try Self.recorded()
        let store = try EtcdStore(path: recorded.databasePath)
        #expect(store.compactRevision == recorded.compactRevision)
        #expect(store.finishedCompactRevision == recorded.compactRevision)
        #expect(store.currentRevision == recorded.currentRevision)
    }

    @Test func historyMatchesReadsAtEachRevision() async throws {
        let recorded = try Self.recorded()
        let store = try EtcdStore(path: recorded.databasePath)
        let key = Array(RecordedDatabase.historyKey.utf8)
        let history = try store.history(of: key)
        // v2 survives the compaction; then v3, a deletion, and v4.
        #expect(history.map { String(decoding: $0.keyValue.value, as: UTF8.self) } == ["v2", "v3", "", "v4, a new generation"])
        #expect(history.map(\.isDeletion) == [false, false, true, false])
        #expect(history.map(\.keyValue.version) == [2, 3, 0, 1])
        for entry in history where !entry.isDeletion && entry.revision.main >= recorded.compactRevision {
            let atRevision = try await store.range(RangeRequest(key: key, revision: entry.revision.main))
            #expect(atRevision.kvs.first == entry.keyValue)
            #expect(entry.keyValue.modRevision == entry.revision.main)
        }
    }

    @Test func hashKVMatchesEndpointHashKV() throws {
        let recorded = try Self.recorded()
        let store = try EtcdStore(path: recorded.databasePath)
        for (revision, json) in recorded.onlineHashes.sorted(by: { $0.key < $1.key }) {
            let online = try JSONDecoder().decode([EndpointHashKV].self, from: Data(json.utf8))
            let expected = try #require(online.first?.HashKV)
            let offline = try store.hashKV(revision: revision)
            #expect(offline.hash == expected.hash, "hash at revision \(revision)")
            #expect(offline.compactRevision == expected.compact_revision, "compact revision at revision \(revision)")
            #expect(offline.currentRevision == expected.header.revision?.value)
        }
    }

    @Test func snapshotStatusMatchesEtcdutl() throws {
        let recorded = try Self.recorded()
        let store = try EtcdStore(path: recorded.snapshotPath)
        let expected = try JSONDecoder().decode(EtcdutlStatus.self, from: Data(recorded.snapshotStatusJSON.utf8))
        let status = try store.snapshotStatus()
        #expect(status.hash == expected.hash)
        #expect(status.revision == expected.revision)
        #expect(status.totalKey == expected.totalKey)
        #expect(status.totalSize == expected.totalSize)
        if case .verified = store.snapshotHash {} else {
            Issue.record("snapshot hash check gave \(store.snapshotHash), expected verified")
        }
    }

    @Test func memberDatabaseStatusMatchesEtcdutl() throws {
        let recorded = try Self.recorded()
        let result = try ProcessRunner.run(TestEnvironment.etcdutlPath, ["snapshot", "status", recorded.databasePath, "-w", "json"])
        #expect(result.status == 0)
        let expected = try JSONDecoder().decode(EtcdutlStatus.self, from: result.standardOutput)
        let status = try EtcdStore(path: recorded.databasePath).snapshotStatus()
        #expect(status.hash == expected.hash)
        #expect(status.revision == expected.revision)
        #expect(status.totalKey == expected.totalKey)
        #expect(status.totalSize == expected.totalSize)
    }

    @Test func spaceUsageMatchesEndpointStatus() throws {
        let recorded = try Self.recorded()
        let online = try JSONDecoder().decode([EndpointStatus].self, from: Data(recorded.endpointStatusJSON.utf8))
        let expected = try #require(online.first?.Status)
        let usage = try EtcdStore(path: recorded.databasePath).spaceUsage()
        let fileSize = try FileManager.default.attributesOfItem(atPath: recorded.databasePath)[.size] as? Int64
        #expect(usage.allocatedSize == expected.dbSize)
        #expect(usage.inUseSize <= usage.allocatedSize)
        #expect(usage.fileSize == fileSize)
        #expect(usage.reclaimableSize == usage.fileSize - usage.inUseSize)
    }

    @Test func snapshotHashNotReclaimable() throws {
        let recorded = try Self.recorded()
        let usage = try EtcdStore(path: recorded.snapshotPath).spaceUsage()
        let fileSize = try FileManager.default.attributesOfItem(atPath: recorded.snapshotPath)[.size] as? Int64
        #expect(usage.fileSize == fileSize)
        #expect(usage.databaseSize == usage.fileSize - 32)
        #expect(usage.reclaimableSize == usage.databaseSize - usage.inUseSize)
        // A snapshot holds exactly the allocated pages, so only free pages are reclaimable.
        #expect(usage.reclaimableSize == Int64(usage.freePages * usage.pageSize))
    }
}

struct EndpointHashKV: Decodable {
    struct Body: Decodable {
        var header: EtcdctlRange.Header
        var hash: UInt32
        var compact_revision: Int64?
    }

    var HashKV: Body
}

struct EndpointStatus: Decodable {
    struct Body: Decodable {
        var dbSize: Int64
        var dbSizeInUse: Int64
    }

    var Status: Body
}

struct EtcdutlStatus: Decodable {
    var hash: UInt32
    var revision: Int64
    var totalKey: Int
    var totalSize: Int64
}
