import Foundation
import Testing
@testable import KubeCodec
import Protobuf

/// Damaged input: truncated, bit-flipped and spliced fixtures decode or fail
/// with an error naming the byte offset; they never crash, hang or allocate
/// without bound.
@Suite struct RobustnessTests {
    /// A small deterministic generator (xorshift64*), so failures reproduce.
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }

        mutating func below(_ bound: Int) -> Int {
            Int(next() % UInt64(max(bound, 1)))
        }
    }

    static func fixtureValues() throws -> [(name: String, bytes: [UInt8])] {
        let directory = TestData.kubernetesSourceDirectory.appendingPathComponent("api/testdata/HEAD")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return try names.filter { $0.hasSuffix(".pb") }.sorted().map { name in
            (name, try TestData.bytes(directory.appendingPathComponent(name)))
        }
    }

    /// Decodes `value` on both paths, and re-encodes what decodes; returns
    /// the error text when a step fails with a codec error.
    static func exercise(_ value: [UInt8]) -> String? {
        do {
            _ = try? KubeStorageCodec.decodeToJSON(value: value)
            let decoded = try KubeStorageCodec.decode(value: value, options: DecodeOptions(showUnknown: true))
            if let object = decoded.object, decoded.isKnownType {
                _ = try KubeStorageCodec.encode(object: object)
            }
            return nil
        } catch let error as ProtobufError {
            return error.description
        } catch let error as JSONParseError {
            return error.description
        } catch let error as KubeCodecError {
            return error.description
        } catch {
            return "unexpected error type \(type(of: error)): \(error)"
        }
    }

    @Test(.enabled(if: SchemaGenerationTests.sourcesPresent, "Kubernetes API sources not unpacked"))
    func truncatedFixturesFailWithOffsets() throws {
        var failures = 0
        for (name, bytes) in try Self.fixtureValues() {
            for cut in stride(from: 5, to: bytes.count, by: max(1, bytes.count / 23)) {
                guard let message = Self.exercise(Array(bytes[..<cut])) else { continue }
                failures += 1
                #expect(message.contains("at byte") || message.hasPrefix("cannot encode"), "\(name) cut at \(cut): \(message)")
                #expect(!message.hasPrefix("unexpected error type"), "\(name) cut at \(cut): \(message)")
            }
        }
        #expect(failures > 100)
    }

    @Test(.enabled(if: SchemaGenerationTests.sourcesPresent, "Kubernetes API sources not unpacked"))
    func mutatedFixturesNeverCrash() throws {
        var generator = Generator(state: 0x9E37_79B9_7F4A_7C15)
        var decoded = 0
        var rejected = 0
        for (name, bytes) in try Self.fixtureValues() {
            for round in 0..<24 {
                var value = bytes
                switch round % 3 {
                case 0:
                    // Flip a few bytes after the envelope prefix.
                    for _ in 0...generator.below(3) {
                        let index = 4 + generator.below(value.count - 4)
                        value[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
                    }
                case 1:
                    // Splice random bytes in.
                    let index = 4 + generator.below(value.count - 4)
                    let noise = (0..<(1 + generator.below(12))).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                    value.insert(contentsOf: noise, at: index)
                default:
                    // Claim a huge length: a varint of 2^62 where a length was.
                    let index = 4 + generator.below(value.count - 4)
                    value.replaceSubrange(index..<min(value.count, index + 1), with: [0x0A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40])
                }
                if let message = Self.exercise(value) {
                    rejected += 1
                    #expect(!message.hasPrefix("unexpected error type"), "\(name) round \(round): \(message)")
                } else {
                    decoded += 1
                }
            }
        }
        #expect(rejected > 0)
        #expect(decoded + rejected > 1000)
    }

    @Test func randomBytesAreNeverTakenForObjects() {
        var generator = Generator(state: 42)
        for length in 0..<300 {
            var value = KubeStorageCodec.protobufPrefix
            value += (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let message = Self.exercise(value)
            if let message {
                #expect(!message.hasPrefix("unexpected error type"), "length \(length): \(message)")
            }
        }
    }

    @Test func deeplyNestedJSONIsRejected() {
        let depth = 100_000
        let text = [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func truncatedEnvelopeNamesTheOffset() throws {
        let value = KubeStorageCodec.protobufPrefix + [0x0A, 0x0F, 0x0A, 0x02]
        do {
            _ = try KubeStorageCodec.decode(value: value)
            Issue.record("a truncated envelope decoded")
        } catch let error as ProtobufError {
            #expect(error.offset == 5)
            #expect(error.description.contains("at byte 5"))
        }
    }

    @Test func envelopeWithoutTypeRejected() throws {
        // The prefix alone, and an envelope whose type meta is empty.
        let cases: [([UInt8], String)] = [
            (KubeStorageCodec.protobufPrefix, "the envelope that names its apiVersion and kind is missing"),
            (KubeStorageCodec.protobufPrefix + [0x0A, 0x00, 0x12, 0x00], "the envelope names no apiVersion and kind"),
            (KubeStorageCodec.protobufPrefix + [0x0A, 0x04, 0x0A, 0x02] + Array("v1".utf8), "the envelope names no kind"),
        ]
        for (value, reason) in cases {
            for fast in [false, true] {
                do {
                    if fast {
                        _ = try KubeStorageCodec.decodeToJSON(value: value)
                    } else {
                        _ = try KubeStorageCodec.decode(value: value)
                    }
                    Issue.record("\(value) decoded without a type")
                } catch let error as ProtobufError {
                    #expect(error.offset == 4)
                    #expect(error.reason.contains(reason), "\(error.reason)")
                }
            }
        }
    }
}
