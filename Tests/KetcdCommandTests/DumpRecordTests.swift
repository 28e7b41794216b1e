import EtcdAPI
import EtcdTestSupport
import Foundation
import KubeCodec
import KubeResources
import Testing
@testable import KetcdCommand

/// `ketcd dump` decodes protobuf values straight to JSON. Its records must be
/// byte for byte those of the `JSONValue` tree path it replaced, in both
/// formats.
@Suite struct DumpRecordTests {
    /// The record the tree path printed for `kv`: etcdhelper's element
    /// without its separator, and the JSON line.
    static func treeRecord(_ kv: KeyValue) -> (etcdhelper: [UInt8], jsonLine: [UInt8]) {
        var record = DumpRecord(
            key: String(decoding: kv.key, as: UTF8.self), createRevision: kv.createRevision,
            modRevision: kv.modRevision, version: kv.version, lease: kv.lease)
        var objectJSON: [UInt8]?
        if let decoded = try? KubeStorageCodec.decode(value: kv.value, key: record.key), let object = decoded.object {
            var value = JSONSerializer.compact.serialize(object)
            value.append(UInt8(ascii: "\n"))
            record.value = String(decoding: value, as: UTF8.self)
            record.gvk = DumpRecord.GroupVersionKind(apiVersion: decoded.apiVersion, kind: decoded.kind)
            record.unknownFields = decoded.unknownFields
            objectJSON = Array(GoJSON.compact(object).utf8)
        } else {
            record.rawValue = kv.value
        }
        var etcdhelper: [UInt8] = []
        EtcdhelperDumpWriter.appendBody(record, to: &etcdhelper)
        var jsonLine: [UInt8] = []
        JSONLinesDump.appendLine(record, objectJSON: objectJSON, to: &jsonLine)
        return (etcdhelper, jsonLine)
    }

    /// Every serialization fixture of the Kubernetes API (under a made-up
    /// key), the command tests' objects at their real keys (protobuf and
    /// JSON), a value with a name that is not UTF-8, a truncated value and
    /// one that is no Kubernetes object.
    static func values() throws -> [KeyValue] {
        var values: [KeyValue] = []
        func add(_ key: String, _ value: [UInt8]) {
            values.append(KeyValue(key: Array(key.utf8), createRevision: 7, modRevision: Int64(values.count + 8), version: 2, value: value, lease: Int64(values.count % 3)))
        }
        let shared = try #require(TestEnvironment.sharedDirectory)
        let directory = shared.appendingPathComponent("fixtures/k8s-serialization/kubernetes-api/HEAD")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".pb") {
            add("/registry/fixtures/\(name)", Array(try Data(contentsOf: directory.appendingPathComponent(name))))
        }
        for object in try KubernetesFixtures.load().objects {
            add(object.key, object.value)
        }
        for (key, value) in try KubernetesFixtures.capturedNamespaces() {
            add(key, value)
        }
        var namespace = try KubeStorageCodec.encode(object: JSONParser.parse(#"{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"x","labels":{"a":"<b>"}}}"#))
        namespace[try #require(namespace.lastIndex(of: UInt8(ascii: "x")))] = 0xFF
        add("/registry/namespaces/invalid-utf8", namespace)
        add("/registry/namespaces/truncated", Array(namespace.dropLast(5)))
        add("/registry/masterleases/10.0.0.1", Array("k8s\u{0}".utf8) + [0xFF, 0x01])
        add("/plain", Array("plain text\n".utf8))
        return values
    }

    @Test func recordsMatchTreePath() async throws {
        let values = try Self.values()
        #expect(values.count > 250)
        let expected = values.map(Self.treeRecord)

        let etcdhelperChunks = await Dump.formatInParallel(values, format: .etcdhelper, encryption: nil)
        #expect(etcdhelperChunks.map(\.count).reduce(0, +) == values.count)
        let etcdhelper = Array(etcdhelperChunks.filter { $0.count > 0 }.map(\.text).joined(separator: Array(",\n".utf8)))
        let expectedEtcdhelper = Array(expected.map(\.etcdhelper).joined(separator: Array(",\n".utf8)))
        #expect(String(decoding: etcdhelper, as: UTF8.self) == String(decoding: expectedEtcdhelper, as: UTF8.self))

        let jsonLines = await Dump.formatInParallel(values, format: .jsonLines, encryption: nil).flatMap(\.text)
        #expect(String(decoding: jsonLines, as: UTF8.self) == String(decoding: expected.flatMap(\.jsonLine), as: UTF8.self))

        // Each record on its own, so a mismatch names its key.
        for (kv, tree) in zip(values, expected) {
            let (record, objectJSON) = Dump.makeRecord(kv, encryption: nil)
            var body: [UInt8] = []
            EtcdhelperDumpWriter.appendBody(record, objectJSON: objectJSON, to: &body)
            #expect(body == tree.etcdhelper, "\(record.key)")
        }
    }
}
