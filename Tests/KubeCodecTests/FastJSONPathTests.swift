import Foundation
import Testing
@testable import KubeCodec

/// The direct protobuf-to-JSON writer prints exactly what the tree path
/// prints.
@Suite struct FastJSONPathTests {
    static var directories: [URL] {
        var directories = ["HEAD", "v1.30.0", "v1.31.0"].map {
            TestData.kubernetesSourceDirectory.appendingPathComponent("api/testdata/\($0)")
        }
        if let shared = TestData.sharedDirectory {
            for version in ["v1.33.0", "v1.34.0", "v1.35.0", "v1.36.0", "HEAD"] {
                directories.append(shared.appendingPathComponent("fixtures/k8s-serialization/kubernetes-api/\(version)"))
            }
            directories.append(shared.appendingPathComponent("fixtures/k8s-serialization/apiextensions"))
        }
        return directories.filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    @Test func everyFixtureMatchesTreePath() throws {
        var compared = 0
        for directory in Self.directories {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".pb") }
            for name in names {
                let value = try TestData.bytes(directory.appendingPathComponent(name))
                let type = ConformanceTests.type(ofFixture: String(name.dropLast(3)))
                let options = DecodeOptions(defaultType: type)
                guard let tree = try? KubeStorageCodec.decode(value: value, modRevision: 42, options: options) else {
                    #expect(throws: (any Error).self) { try KubeStorageCodec.decodeToJSON(value: value, options: options) }
                    continue
                }
                let fast = try KubeStorageCodec.decodeToJSON(value: value, modRevision: 42, options: options)
                let expected = tree.object.map { JSONSerializer.compact.serialize($0) }
                #expect(fast.json.map { String(decoding: $0, as: UTF8.self) } == expected.map { String(decoding: $0, as: UTF8.self) },
                        "\(directory.lastPathComponent)/\(name)")
                #expect(fast.unknownFields == tree.unknownFields, "\(directory.lastPathComponent)/\(name)")
                let indented = try KubeStorageCodec.decodeToJSON(value: value, modRevision: 42, options: options, indented: true)
                #expect(indented.json == tree.object.map { JSONSerializer.indented.serialize($0) }, "\(directory.lastPathComponent)/\(name) indented")
                compared += 1
            }
        }
        #expect(compared > 1000)
    }

    @Test func invalidUTF8PrintsReplacementPerByte() throws {
        let namespace = try JSONParser.parse(#"{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"x"}}"#)
        var value = try KubeStorageCodec.encode(object: namespace)
        // Replace the name "x" with the invalid byte 0xFF.
        let index = try #require(value.lastIndex(of: UInt8(ascii: "x")))
        value[index] = 0xFF
        let fast = try KubeStorageCodec.decodeToJSON(value: value)
        let text = String(decoding: try #require(fast.json), as: UTF8.self)
        #expect(text.contains(#""name":"\ufffd""#))
    }
}
