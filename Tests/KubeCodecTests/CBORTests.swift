import Testing

@testable import KubeCodec

@Suite struct CBORTests {
    static func bytes(hex: String) -> [UInt8] {
        EncryptionTests.bytes(hex: hex)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// Encodes `value` and drops the self-described tag.
    static func encodedItem(_ value: JSONValue) throws -> String {
        let encoded = try CBOR.encode(value)
        #expect(encoded.starts(with: CBOR.selfDescribedPrefix))
        return hex(Array(encoded.dropFirst(3)))
    }

    /// RFC 8949 appendix A examples, with the shortest-float choice of the
    /// encoder Kubernetes uses (subnormal halves are written as singles).
    @Test(arguments: [
        ("0", "00"), ("23", "17"), ("24", "1818"), ("100", "1864"), ("1000", "1903e8"),
        ("1000000", "1a000f4240"), ("1000000000000", "1b000000e8d4a51000"), ("-1", "20"), ("-10", "29"),
        ("-100", "3863"), ("-1000", "3903e7"), ("9223372036854775807", "1b7fffffffffffffff"),
        ("0.0", "f90000"), ("-0.0", "f98000"), ("1.0", "f93c00"), ("1.1", "fb3ff199999999999a"), ("1.5", "f93e00"),
        ("65504.0", "f97bff"), ("100000.0", "fa47c35000"), ("3.4028234663852886e+38", "fa7f7fffff"),
        ("1.0e+300", "fb7e37e43c8800759c"), ("0.00006103515625", "f90400"), ("-4.0", "f9c400"),
        ("-4.1", "fbc010666666666666"), ("5.960464477539063e-8", "fa33800000"), ("1e3", "f963d0"),
    ])
    func numberEncoding(literal: String, expected: String) throws {
        #expect(try Self.encodedItem(.number(literal)) == expected)
    }

    @Test func stringsAreByteStrings() throws {
        #expect(try Self.encodedItem(.string("")) == "40")
        #expect(try Self.encodedItem(.string("IETF")) == "4449455446")
        #expect(try Self.encodedItem(.string("\u{00fc}")) == "42c3bc")
    }

    @Test func mapKeysInCoreDeterministicOrder() throws {
        let object = JSONObject([("aa", .null), ("b", .bool(true)), ("a", .bool(false)), ("apiVersion", .string("v1"))])
        #expect(try Self.encodedItem(.object(object)) == "a44161f44162f5426161f64a61706956657273696f6e427631")
    }

    @Test func storedObjectBytes() throws {
        let object = JSONObject([("apiVersion", .string("v1")), ("kind", .string("W")), ("items", .array([]))])
        // kind (4 bytes) sorts before items (5 bytes) and apiVersion (10 bytes).
        let expected = "d9d9f7" + "a3" + "446b696e64" + "4157" + "456974656d73" + "80" + "4a61706956657273696f6e" + "427631"
        #expect(Self.hex(try CBOR.encode(.object(object))) == expected)
    }

    @Test func nonFiniteNumberRejected() throws {
        let error = try #require(throws: CBORError.self) {
            try CBOR.encode(.object(JSONObject([("spec", .object(JSONObject([("x", .number("1e999"))])))])))
        }
        #expect(error.reason.contains("spec.x"))
    }

    @Test(arguments: [
        ("00", JSONValue.number("0")), ("3903e7", .number("-1000")), ("f93e00", .number("1.5")),
        ("f90001", .number("5.960464477539063e-8")), ("f97c00", nil), ("fa47c35000", .number("100000")),
        ("6449455446", .string("IETF")), ("5f42010243030405ff", .string("\u{01}\u{02}\u{03}\u{04}\u{05}")),
        ("7f657374726561646d696e67ff", .string("streaming")), ("9f018202039f0405ffff", .array([.number("1"), .array([.number("2"), .number("3")]), .array([.number("4"), .number("5")])])),
        ("f4", .bool(false)), ("f6", .null), ("d6420102", .string("AQI=")), ("d9d9f7a0", .object(JSONObject())),
        ("bf61620161610fff", .object(JSONObject([("a", .number("15")), ("b", .number("1"))]))),
        ("c074323031332d30332d32315432303a30343a30305a", .string("2013-03-21T20:04:00Z")),
    ])
    func decodeExamples(hex: String, expected: JSONValue?) throws {
        if let expected {
            #expect(try CBOR.decode(Self.bytes(hex: hex)) == expected)
        } else {
            #expect(throws: CBORError.self) { try CBOR.decode(Self.bytes(hex: hex)) }
        }
    }

    @Test(arguments: [
        ("", 0), ("1b0000", 1), ("a1", 0), ("a2616101616101", 4), ("9bffffffffffffffff", 0), ("1bffffffffffffffff", 0),
        ("a10102", 1), ("f7", 0), ("ff", 0), ("c1", 0), ("0001", 1), ("62c328", 0),
    ])
    func malformedInputNamesOffset(hex: String, offset: Int) throws {
        let error = try #require(throws: CBORError.self) { try CBOR.decode(Self.bytes(hex: hex)) }
        #expect(error.offset == offset)
    }

    @Test func customResourceRoundTrip() throws {
        let source = """
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","namespace":"default",\
            "creationTimestamp":"2024-05-01T10:00:00Z","labels":{"app":"web"}},\
            "spec":{"replicas":3,"ratio":0.25,"tags":["a","b"],"enabled":true,"note":null}}
            """
        let json = try JSONParser.parse(Array(source.utf8))
        let stored = try KubeStorageCodec.encode(object: json, format: .cbor)
        #expect(KubeStorageCodec.detectFormat(stored) == .cbor)

        let decoded = try KubeStorageCodec.decode(value: stored, key: "/registry/example.com/widgets/default/w1", modRevision: 42)
        #expect(decoded.format == .cbor)
        #expect(decoded.kind == "Widget")
        let object = try #require(decoded.object)
        #expect(object["metadata"]?["resourceVersion"] == .string("42"))
        #expect(object.objectValue?.keys == ["apiVersion", "kind", "metadata", "spec"])
        #expect(object["spec"]?["ratio"] == .number("0.25"))
        #expect(object["spec"]?["note"] == .null)

        // Encoding the decoded object again gives the same bytes, apart from
        // the resourceVersion the decode added. (An integral float such as 1e3
        // would come back as the integer 1000, in Go as here.)
        var withoutVersion = try #require(object.objectValue)
        var metadata = try #require(withoutVersion["metadata"]?.objectValue)
        metadata["resourceVersion"] = nil
        withoutVersion["metadata"] = .object(metadata)
        #expect(try CBOR.encode(.object(withoutVersion)) == stored)
    }

    @Test func truncatedAndMutatedValuesFailCleanly() throws {
        let object = JSONObject([
            ("apiVersion", .string("example.com/v1")), ("kind", .string("Widget")),
            ("spec", .object(JSONObject([("size", .number("70000")), ("ratio", .number("0.1")), ("list", .array([.string("x"), .null])),]))),
        ])
        let stored = try CBOR.encode(.object(object))
        for length in 0..<stored.count {
            #expect(throws: CBORError.self) { try CBOR.decode(Array(stored.prefix(length))) }
        }
        var decodedCount = 0
        for position in stored.indices {
            for mask: UInt8 in [0x01, 0x20, 0x80, 0xFF] {
                var mutated = stored
                mutated[position] ^= mask
                do {
                    _ = try CBOR.decode(mutated)
                    decodedCount += 1
                } catch {
                    #expect(error.offset != nil)
                }
            }
        }
        // Some mutations only change a string byte or a number and still decode.
        #expect(decodedCount > 0)
    }
}
