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

    /// Returns the YAML a `ListWriter` prints for `items`, collected after
    /// each item as kubectl-style lists print it.
    static func streamedList(_ items: [JSONValue]) throws -> [UInt8] {
        let writer = try YAML.ListWriter()
        var output: [UInt8] = []
        for item in items {
            try writer.append(item)
            output += writer.takeOutput()
        }
        return output + (try writer.finish())
    }

    /// Returns the YAML of the whole List serialized at once.
    static func wholeList(_ items: [JSONValue]) throws -> [UInt8] {
        var metadata = JSONObject()
        metadata.append("resourceVersion", .string(""))
        var list = JSONObject()
        list.append("apiVersion", .string("v1"))
        list.append("items", .array(items))
        list.append("kind", .string("List"))
        list.append("metadata", .object(metadata))
        return try YAML.serialize(.object(list))
    }

    /// A List printed item by item is the List serialized at once: with no
    /// item, one, every fixture, and a last item ending in kept line breaks.
    @Test func listWriterMatchesWholeList() throws {
        var fixtures: [JSONValue] = []
        for set in Self.fixtureSets {
            for jsonFile in TestData.files(under: set.directory, suffix: ".json") {
                fixtures.append(try YAML.parse(try TestData.bytes(jsonFile)))
            }
        }
        #expect(fixtures.count > 100)
        var keptBreaks = JSONObject()
        keptBreaks.append("data", .string("line\n\n"))
        let cases: [[JSONValue]] = [[], Array(fixtures.prefix(1)), fixtures, fixtures.prefix(3) + [.object(keptBreaks)]]
        for items in cases {
            let streamed = try Self.streamedList(items)
            let whole = try Self.wholeList(items)
            #expect(String(decoding: streamed, as: UTF8.self) == String(decoding: whole, as: UTF8.self), "\(items.count) items")
        }
    }

    /// Reading each fixture .yaml gives its .json twin, with keys in sorted
    /// order because kubectl prints them sorted.
    @Test func fixtureYAMLParsesToJSONTwin() throws {
        var total = 0
        for set in Self.fixtureSets {
            var passed = 0
            var failures: [String] = []
            let yamlFiles = TestData.files(under: set.directory, suffix: ".yaml")
            for yamlFile in yamlFiles {
                let jsonFile = yamlFile.deletingPathExtension().appendingPathExtension("json")
                let expected = Self.sortingKeys(try JSONParser.parse(try TestData.bytes(jsonFile)))
                let actual = try YAML.parse(try TestData.bytes(yamlFile))
                if actual == expected {
                    passed += 1
                } else {
                    failures.append(yamlFile.path)
                }
            }
            print("YAML fixtures, \(set.name): \(passed)/\(yamlFiles.count) parse to their JSON twin")
            for failure in failures.prefix(20) {
                print("  differs: \(failure)")
            }
            #expect(failures.isEmpty, "\(failures.count) .yaml fixtures in \(set.name) parse differently")
            total += yamlFiles.count
        }
        #expect(total > 0, "no fixtures found; set KETCD_SHARED_DIR or run scripts/install-deps.sh")
    }

    /// Mutated fixture YAML either parses or fails with a positioned error.
    @Test func mutatedFixtureYAMLFailsCleanly() throws {
        let root = try #require(Self.fixtureSets.first).directory
        let sample = try #require(TestData.files(under: root, suffix: ".yaml").first { $0.lastPathComponent == "core.v1.Pod.yaml" })
        let original = try TestData.bytes(sample)
        var generator = SplitMix64(seed: 0x5eed)
        var rejected = 0
        for _ in 0..<300 {
            var mutated = original
            for _ in 0..<3 {
                let position = Int(generator.next() % UInt64(mutated.count))
                mutated[position] = UInt8(truncatingIfNeeded: generator.next())
            }
            do {
                _ = try YAML.parseDocuments(mutated)
            } catch let error as YAMLError {
                rejected += 1
                #expect(!error.message.isEmpty)
            }
        }
        #expect(rejected > 0)
        for length in stride(from: 0, to: original.count, by: 97) {
            _ = try? YAML.parseDocuments(Array(original.prefix(length)))
        }
    }

    static func sortingKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            let members = object.members
                .map { (key: $0.key, value: sortingKeys($0.value)) }
                .sorted { YAMLKeyOrder.areInIncreasingOrder($0.key, $1.key) }
            return .object(JSONObject(members))
        case .array(let elements):
            return .array(elements.map(sortingKeys))
        default:
            return value
        }
    }
}

/// A small deterministic generator for mutation tests (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
