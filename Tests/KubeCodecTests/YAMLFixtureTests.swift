import Foundation
import Testing

@testable import KubeCodec

/// The serialization fixtures' .yaml files are what kubectl prints for their
/// .json twins, so serializing the parsed JSON must reproduce them exactly.
@Suite struct YAMLFixtureTests {
    /// Fixture sets: name and directory.
    static var fixtureSets: [(name: String, directory: URL)] {
        var sets: [(String, URL)] = []
        if let shared = TestData.sharedDirectory {
            let root = shared.appendingPathComponent("fixtures/k8s-serialization")
            sets.append(("k8s-serialization", root))
        }
        let testdata = TestData.kubernetesSourceDirectory.appendingPathComponent("api/testdata")
        if FileManager.default.fileExists(atPath: testdata.path) {
            sets.append(("debian k8s.io/api testdata", testdata))
        }
        return sets
    }

    @Test func fixtureYAMLReproducedFromJSON() throws {
        var total = 0
        for set in Self.fixtureSets {
            var passed = 0
            var failures: [String] = []
            let yamlFiles = TestData.files(under: set.directory, suffix: ".yaml")
            for yamlFile in yamlFiles {
                let jsonFile = yamlFile.deletingPathExtension().appendingPathExtension("json")
                let expected = try TestData.bytes(yamlFile)
                // kubectl reads the JSON with its YAML parser too (sigs.k8s.io/yaml JSONToYAML).
                let value = try YAML.parse(try TestData.bytes(jsonFile))
                let actual = try YAML.serialize(value)
                if actual == expected {
                    passed += 1
                } else {
                    failures.append(yamlFile.path)
                }
            }
            print("YAML fixtures, \(set.name): \(passed)/\(yamlFiles.count) reproduced byte for byte")
            for failure in failures.prefix(20) {
                print("  differs: \(failure)")
            }
            #expect(failures.isEmpty, "\(failures.count) .yaml fixtures in \(set.name) differ")
            total += yamlFiles.count
        }
        #expect(total > 0, "no fixtures found; set KETCD_SHARED_DIR or run scripts/install-deps.sh")
    }
}
