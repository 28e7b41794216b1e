import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Foundation
import KubeCodec
import KubeResources
import Testing

/// `ketcd save` against a real etcd: damaged and stale dumps write nothing,
/// and the backup file lists only values that were replaced.
@Suite struct SaveSafetyTests {
    func startLoadedServer() async throws -> EtcdServer {
        let server = try EtcdServer.start(security: .mutualTLS(KubeadmPKI.shared()))
        try await KubernetesFixtures.load().store(in: server)
        return server
    }

    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ketcd-\(name)-\(UUID().uuidString)").path
    }

    /// The records of `ketcd dump PREFIX` (etcdhelper's array).
    func dumpRecords(_ server: EtcdServer, prefix: String) throws -> [JSONObject] {
        let dump = try server.ketcd(["dump", prefix])
        #expect(dump.status == 0)
        return (try JSONParser.parse(Array(dump.standardOutput)).arrayValue ?? []).compactMap(\.objectValue)
    }

    func write(_ records: [JSONObject], to path: String) throws {
        let text = JSONSerializer.compact.serialize(.array(records.map { .object($0) }))
        try Data(text).write(to: URL(fileURLWithPath: path))
    }

    /// Sets metadata.generateName in the record's object, which changes the stored bytes.
    func edited(_ record: JSONObject) throws -> JSONObject {
        guard case .object(var object) = try JSONParser.parse(record["value"]?.stringValue ?? ""),
            case .object(var metadata)? = object["metadata"]
        else { throw TestSupportError("record without an object") }
        metadata["generateName"] = .string("edited-")
        object["metadata"] = .object(metadata)
        var result = record
        result["value"] = .string(String(decoding: JSONSerializer.compact.serialize(.object(object)), as: UTF8.self))
        return result
    }

    func storeRevision(_ client: EtcdClient) async throws -> Int64 {
        try await client.range(RangeRequest(key: Array("/".utf8))).header.revision
    }

    @Test func badLastRecordWritesNothing() async throws {
        let server = try await startLoadedServer()
        defer { server.stop() }
        let client = try KubernetesFixtures.client(for: server)

        var records = try dumpRecords(server, prefix: "/registry/namespaces/")
        #expect(records.count == 6)
        records[0] = try edited(records[0])
        records[records.count - 1]["value"] = .string("{\"apiVersion\":")
        let dumpPath = temporaryPath("dump")
        let backupPath = temporaryPath("backup")
        try write(records, to: dumpPath)
        defer { try? FileManager.default.removeItem(atPath: dumpPath) }
        defer { try? FileManager.default.removeItem(atPath: backupPath) }
        let revision = try await storeRevision(client)

        let save = try server.ketcd(["save", "--backup", backupPath, dumpPath])
        #expect(save.status == 1)
        #expect(save.output == "")
        #expect(save.errorOutput.contains("is not valid JSON"))
        #expect(try await storeRevision(client) == revision)
        #expect(!FileManager.default.fileExists(atPath: backupPath))

        let dryRun = try server.ketcd(["save", "--dry-run", dumpPath])
        #expect(dryRun.status == 1)
        #expect(dryRun.output == "")
        #expect(dryRun.errorOutput.contains("is not valid JSON"))
    }

    @Test func staleDumpFailsUnlessForced() async throws {
        let server = try await startLoadedServer()
        defer { server.stop() }
        let client = try KubernetesFixtures.client(for: server)
        let key = Array("/registry/namespaces/default".utf8)
        let original = try await client.range(RangeRequest(key: key)).kvs[0]

        let dumpPath = temporaryPath("dump")
        let backupPath = temporaryPath("backup")
        try write(try dumpRecords(server, prefix: "/registry/namespaces/default"), to: dumpPath)
        defer { try? FileManager.default.removeItem(atPath: dumpPath) }
        defer { try? FileManager.default.removeItem(atPath: backupPath) }

        // The key changes after the dump: another namespace's bytes.
        let newer = try await client.range(RangeRequest(key: Array("/registry/namespaces/kube-system".utf8))).kvs[0].value
        let put = try await client.put(PutRequest(key: key, value: newer))

        let save = try server.ketcd(["save", "--backup", backupPath, dumpPath])
        #expect(save.status == 1)
        #expect(save.output == "")
        #expect(save.errorOutput.contains(
            "/registry/namespaces/default changed after the dump was taken: etcd has mod_revision \(put.header.revision), the dump has \(original.modRevision)"))
        #expect(save.errorOutput.contains("--force"))
        #expect(try await client.range(RangeRequest(key: key)).kvs.first?.value == newer)
        #expect(!FileManager.default.fileExists(atPath: backupPath))

        let dryRun = try server.ketcd(["save", "--dry-run", dumpPath])
        #expect(dryRun.status == 1)
        #expect(dryRun.output == "")

        let forced = try server.ketcd(["save", "--force", "--backup", backupPath, dumpPath])
        #expect(forced.status == 0)
        #expect(forced.output == "/registry/namespaces/default updated\nsave: 0 created, 1 updated, 0 unchanged\n")
        #expect(try await client.range(RangeRequest(key: key)).kvs.first?.value == original.value)
        let backupLines = try String(contentsOfFile: backupPath, encoding: .utf8).split(separator: "\n")
        let backupRecords = try backupLines.compactMap { try DumpReader.record(from: JSONParser.parse(String($0)), parseJSON: { try JSONParser.parse($0) }) }
        #expect(backupRecords.map(\.rawValue) == [newer])
    }

    @Test func replacedKeyKeepsItsLease() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try KubernetesFixtures.client(for: server)
        let key = Array("/registry/events/shop/web.1".utf8)
        let lease = try await client.leaseGrant(LeaseGrantRequest(ttl: 3600))
        _ = try await client.put(PutRequest(key: key, value: Array("first".utf8), lease: lease.id))

        let writer = SafeWriter(store: client, backup: nil, dryRun: false)
        let previous = try await writer.current(key)
        #expect(try await writer.put(key: key, value: Array("second".utf8), previous: previous) == .updated)

        let stored = try await client.range(RangeRequest(key: key)).kvs.first
        #expect(stored?.value == Array("second".utf8))
        #expect(stored?.lease == lease.id)
    }

    @Test func rejectedWriteLeavesNoBackup() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try KubernetesFixtures.client(for: server)
        let first = Array("/registry/configmaps/shop/first".utf8)
        let second = Array("/registry/configmaps/shop/second".utf8)
        _ = try await client.put(PutRequest(key: first, value: Array("one".utf8)))
        _ = try await client.put(PutRequest(key: second, value: Array("two".utf8)))
        let backupPath = temporaryPath("backup")
        defer { try? FileManager.default.removeItem(atPath: backupPath) }

        let writer = SafeWriter(store: client, backup: try BackupFile(path: backupPath), dryRun: false)
        let readSecond = try await writer.current(second)
        _ = try await client.put(PutRequest(key: second, value: Array("concurrent".utf8)))

        // The only change is rejected: no backup file is left.
        await #expect(throws: SafeWriteError.self) {
            _ = try await writer.put(key: second, value: Array("mine".utf8), previous: readSecond)
        }
        #expect(!FileManager.default.fileExists(atPath: backupPath))

        // One change lands and the next is rejected: the file lists the first only.
        let readFirst = try await writer.current(first)
        #expect(try await writer.put(key: first, value: Array("changed".utf8), previous: readFirst) == .updated)
        await #expect(throws: SafeWriteError.self) {
            _ = try await writer.put(key: second, value: Array("mine".utf8), previous: readSecond)
        }
        let lines = try String(contentsOfFile: backupPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last?.contains("\"key\":\"/registry/configmaps/shop/first\"") == true)
    }
}
