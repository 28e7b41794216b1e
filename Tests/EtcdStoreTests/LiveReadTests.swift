import EtcdAPI
import EtcdTestSupport
import Foundation
import Testing

@testable import EtcdStore

/// Reading a database file while etcd keeps writing to it.
@Suite struct LiveReadTests {
    @Test func readsWhileEtcdWrites() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }

        // A writer that commits a few hundred transactions, over and over the same 20 keys.
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/bash")
        let script = "for i in $(seq 1 300); do \"$ETCDCTL\" --endpoints=\(server.endpoint) put key-$((i % 20)) value-$i-\(String(repeating: "x", count: 2000)) >/dev/null || exit 1; done"
        writer.arguments = ["-c", script]
        writer.environment = ["ETCDCTL": TestEnvironment.etcdctlPath, "PATH": "/usr/bin:/bin"]
        try writer.run()

        var reads = 0
        var changedDuringRead = 0
        var lastRevision: Int64 = 0
        while writer.isRunning {
            do {
                let store = try EtcdStore(path: server.databasePath)
                let response = try store.readRange(RangeRequest(key: [0], rangeEnd: [0]))
                #expect(response.kvs.count <= 20)
                #expect(response.header.revision >= lastRevision, "revision went back")
                for kv in response.kvs {
                    #expect(String(decoding: kv.key, as: UTF8.self).hasPrefix("key-"))
                    #expect(kv.modRevision <= response.header.revision)
                }
                lastRevision = response.header.revision
                reads += 1
            } catch let error as EtcdStoreError {
                #expect(error.kind == .databaseChanged, "\(error.message)")
                changedDuringRead += 1
            }
        }
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        #expect(reads > 0)

        // etcd commits its write batch to the file every 100 ms and on shutdown,
        // so once it has stopped the file holds every write.
        server.stop()
        let store = try EtcdStore(path: server.databasePath)
        #expect(try store.readRange(RangeRequest(key: [0], rangeEnd: [0])).kvs.count == 20)
        #expect(store.currentRevision >= 301)
        #expect(!store.changedWhileOpening)
    }
}
