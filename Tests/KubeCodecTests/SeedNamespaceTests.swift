import Foundation
import Testing
@testable import KubeCodec

/// Five Namespace values read from a live kubeadm cluster with
/// `etcdctl get --prefix /registry/namespaces -w json`.
@Suite struct SeedNamespaceTests {
    struct Record {
        var key: String
        var modRevision: Int64
        var value: [UInt8]
    }

    /// Reads the records of the first `-w json` output in the notes, whose
    /// keys and values are base64 as etcdctl prints them.
    static func records() throws -> [Record] {
        guard let shared = TestData.sharedDirectory else { return [] }
        let text = try String(contentsOf: shared.appendingPathComponent("seed/000_4714b16c577b1949.txt"), encoding: .utf8)
        var records: [Record] = []
        var key: String?
        var modRevision: Int64?
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            func quoted() -> String? {
                let parts = trimmed.split(separator: "\"")
                return parts.count >= 3 ? String(parts[2]) : nil
            }
            if trimmed.hasPrefix("\"key\":"), let encoded = quoted(), let data = Data(base64Encoded: encoded) {
                key = String(decoding: data, as: UTF8.self)
            } else if trimmed.hasPrefix("\"mod_revision\":") {
                modRevision = Int64(trimmed.dropFirst("\"mod_revision\":".count).trimmingCharacters(in: CharacterSet(charactersIn: " ,")))
            } else if trimmed.hasPrefix("\"value\":"), let encoded = quoted(), let data = Data(base64Encoded: encoded),
                      let currentKey = key, let revision = modRevision {
                records.append(Record(key: currentKey, modRevision: revision, value: [UInt8](data)))
                key = nil
                modRevision = nil
                if records.count == 5 { break }
            }
        }
        return records
    }

    @Test(.enabled(if: TestData.sharedDirectory != nil, "shared test data not found"))
    func defaultNamespaceMatchesKubectl() throws {
        let records = try Self.records()
        let record = try #require(records.first { $0.key == "/registry/namespaces/default" })
        let decoded = try KubeStorageCodec.decode(value: record.value, key: record.key, modRevision: record.modRevision)
        #expect(decoded.format == .protobuf)
        // Field 15 of ObjectMeta is clusterName, which Kubernetes 1.25 removed;
        // this cluster's API server still wrote it, empty.
        #expect(decoded.unknownFields.map(\.path) == ["metadata"])
        #expect(decoded.unknownFields.map(\.number) == [15])
        let object = try #require(decoded.object)
        let expected = try JSONParser.parse(#"""
            {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"default","uid":"312fba52-db0c-4de0-9701-5ca9766a523f","resourceVersion":"197","creationTimestamp":"2023-02-02T13:53:04Z","labels":{"kubernetes.io/metadata.name":"default"},"managedFields":[{"manager":"kube-apiserver","operation":"Update","apiVersion":"v1","time":"2023-02-02T13:53:04Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:kubernetes.io/metadata.name":{}}}}}]},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
            """#)
        #expect(object == expected)

        let fast = try KubeStorageCodec.decodeToJSON(value: record.value, key: record.key, modRevision: record.modRevision)
        #expect(fast.json == JSONSerializer.compact.serialize(expected))
        #expect(fast.unknownFields.map(\.number) == [15])
    }

    @Test(.enabled(if: TestData.sharedDirectory != nil, "shared test data not found"))
    func allNamespacesDecodeWithoutEmptyValues() throws {
        let records = try Self.records()
        #expect(records.count == 5)
        for record in records {
            let decoded = try KubeStorageCodec.decode(value: record.value, key: record.key, modRevision: record.modRevision)
            let object = try #require(decoded.object)
            let name = String(record.key.split(separator: "/").last ?? "")
            #expect(object["metadata"]?["name"] == .string(name))
            #expect(object["metadata"]?["resourceVersion"] == .string(String(record.modRevision)))
            #expect(object["metadata"]?["generation"] == nil)
            #expect(object["status"]?["phase"] == .string("Active"))
            let compact = JSONSerializer.compact.string(object)
            #expect(!compact.contains("\"\""), "\(name) has an empty string: \(compact)")
        }
    }

    @Test(.enabled(if: TestData.sharedDirectory != nil, "shared test data not found"))
    func namespacesReencodeToStoredBytes() throws {
        for record in try Self.records() {
            let decoded = try KubeStorageCodec.decode(value: record.value)
            let object = try #require(decoded.object)
            let encoded = try KubeStorageCodec.encode(object: object, unknownFields: decoded.unknownFields)
            #expect(encoded == record.value, "\(record.key) re-encodes to different bytes")

            let shown = try KubeStorageCodec.decode(value: record.value, options: DecodeOptions(showUnknown: true))
            let inline = try KubeStorageCodec.encode(object: try #require(shown.object))
            #expect(inline == record.value, "\(record.key) with inline unknown fields re-encodes to different bytes")
        }
    }
}
