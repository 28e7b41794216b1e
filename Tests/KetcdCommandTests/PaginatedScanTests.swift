import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Foundation
import Testing
@testable import KubeResources

/// Paginated scans against a real etcd: pages in key order at one revision,
/// each value request bounded to its own page so that etcd counts only the
/// keys of that page.
@Suite struct PaginatedScanTests {
    /// Forwards to etcd and records each request with the count etcd sent.
    final class RecordingSource: KeyRangeSource, @unchecked Sendable {
        let client: EtcdClient
        private let lock = NSLock()
        private var recorded: [(request: RangeRequest, count: Int64)] = []

        init(client: EtcdClient) {
            self.client = client
        }

        var requests: [(request: RangeRequest, count: Int64)] {
            lock.withLock { recorded }
        }

        func range(_ request: RangeRequest) async throws -> RangeResponse {
            let response = try await client.range(request)
            lock.withLock { recorded.append((request, response.count)) }
            return response
        }
    }

    static func key(_ index: Int) -> [UInt8] {
        Array(String(format: "/registry/configmaps/shop/cm-%02d", index).utf8)
    }

    @Test func pagesAcrossKeyBatches() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try KubernetesFixtures.client(for: server)
        for index in 0..<11 {
            _ = try await client.put(PutRequest(key: Self.key(index), value: [UInt8(index)]))
        }
        _ = try await client.put(PutRequest(key: Array("/registry/configmaps0".utf8), value: [99]))

        let source = RecordingSource(client: client)
        var scan = PaginatedScan(source: source, prefix: "/registry/configmaps/", pageSize: 2)
        scan.keyBatchSize = 3
        var pages: [[KeyValue]] = []
        while let page = try await scan.nextPage() {
            pages.append(page)
            if pages.count == 1 {
                // Changes after the first page are not seen: the scan stays
                // at the first page's revision.
                _ = try await client.put(PutRequest(key: Self.key(20), value: [20]))
                _ = try await client.deleteRange(DeleteRangeRequest(key: Self.key(5)))
            }
        }

        let keys = pages.flatMap { $0 }.map(\.key)
        #expect(keys == (0..<11).map(Self.key))
        #expect(pages.flatMap { $0 }.map(\.value) == (0..<11).map { [UInt8($0)] })
        #expect(pages.allSatisfy { $0.count <= 2 })
        #expect(scan.totalCount == 11)

        // Requests of keys alone take 3 keys each; value requests end right
        // after their page, so etcd counts at most the page's 2 keys.
        let keyRequests = source.requests.filter { $0.request.keysOnly }
        let valueRequests = source.requests.filter { !$0.request.keysOnly }
        #expect(keyRequests.count == 4)
        #expect(keyRequests.allSatisfy { $0.request.limit == 3 })
        #expect(valueRequests.count == pages.count)
        #expect(valueRequests.allSatisfy { $0.count <= 2 })
        #expect(source.requests.allSatisfy { $0.request.revision == scan.revision || $0.request.revision == 0 })
    }

    @Test func emptyRangeHasNoPages() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try KubernetesFixtures.client(for: server)
        _ = try await client.put(PutRequest(key: Array("/registry/pods/a".utf8), value: [1]))

        var scan = PaginatedScan(source: client, prefix: "/registry/configmaps/", pageSize: 2)
        #expect(try await scan.nextPage() == nil)
        #expect(scan.totalCount == 0)
        #expect(scan.revision > 0)
    }
}
