import Testing

@testable import KubeCodec

@Suite struct YAMLParserTests {
    private func parse(_ text: String) throws -> JSONValue {
        try YAML.parse(Array(text.utf8))
    }

    @Test(arguments: [
        ("yes", JSONValue.bool(true)), ("Off", .bool(false)), ("y", .bool(true)), ("TRUE", .bool(true)),
        ("~", .null), ("null", .null), ("", .null),
        ("010", .number("8")), ("0x1F", .number("31")), ("0o17", .number("15")), ("0b101", .number("5")),
        ("1_000", .number("1000")), ("+5", .number("5")), ("-0", .number("0")),
        ("18446744073709551615", .number("18446744073709551615")),
        ("08", .number("8")), ("1e3", .number("1000")), (".5", .number("0.5")), ("1.0", .number("1")),
        ("1e21", .number("1e+21")), ("0.0000001", .number("1e-7")), ("-1.5", .number("-1.5")),
        ("2008-01-01T01:01:01Z", .string("2008-01-01T01:01:01Z")), ("2008-1-2", .string("2008-1-2")),
        ("1:30", .string("1:30")), ("1e999", .string("1e999")), ("abc", .string("abc")),
        ("'yes'", .string("yes")), ("\"010\"", .string("010")), ("!!str 12", .string("12")),
        ("!!float 3", .number("3")), ("0x", .string("0x")),
    ])
    func plainScalarResolution(source: String, expected: JSONValue) throws {
        #expect(try parse("key: \(source)") == .object(JSONObject([("key", expected)])))
    }

    @Test func keysKeepDocumentOrder() throws {
        let value = try parse("b: 1\na: 2\n1: x\ntrue: y\n")
        #expect(value.objectValue?.keys == ["b", "a", "1", "true"])
    }

    @Test func anchorsAliasesAndMerge() throws {
        let value = try parse(
            """
            base: &base
              image: nginx
              replicas: 1
            copy: *base
            merged:
              <<: *base
              replicas: 3
            list: [&x 1, *x]
            """)
        let base = JSONValue.object(JSONObject([("image", .string("nginx")), ("replicas", .number("1"))]))
        #expect(value["copy"] == base)
        #expect(value["merged"] == .object(JSONObject([("image", .string("nginx")), ("replicas", .number("3"))])))
        #expect(value["list"] == .array([.number("1"), .number("1")]))
    }

    @Test func multipleDocuments() throws {
        let documents = try YAML.parseDocuments(Array("a: 1\n---\nb: 2\n---\n".utf8))
        #expect(documents.count == 3)
        #expect(documents[1] == .object(JSONObject([("b", .number("2"))])))
        #expect(documents[2] == .null)
        #expect(throws: YAMLError.self) { try YAML.parse(Array("a: 1\n---\nb: 2\n".utf8)) }
    }

    @Test func emptyInputHasNoDocuments() throws {
        #expect(try YAML.parseDocuments([]).isEmpty)
        #expect(try YAML.parseDocuments(Array("# only a comment\n".utf8)).isEmpty)
    }

    @Test func syntaxErrorNamesLineAndColumn() throws {
        let error = try #require(throws: YAMLError.self) { try parse("a: 1\nb: [1, 2\nc: 3\n") }
        #expect(error.line == 3)
        #expect(error.column != nil)
        #expect(error.description.hasPrefix("line 3"))
    }

    @Test func duplicateKeyRejected() throws {
        let error = try #require(throws: YAMLError.self) { try parse("a: 1\nb: 2\na: 3\n") }
        #expect(error.line == 3)
        #expect(error.message.contains("\"a\""))
    }

    @Test func unknownAliasRejected() throws {
        let error = try #require(throws: YAMLError.self) { try parse("a: *missing\n") }
        #expect(error.message.contains("missing"))
    }

    @Test func infinityHasNoJSONForm() throws {
        #expect(throws: YAMLError.self) { try parse("a: .inf\n") }
    }

    /// Float keys are spelled as sigs.k8s.io/yaml spells them (32-bit shortest
    /// form, go-yaml's names for infinities).
    @Test func floatKeysSpelledAsGoYAML() throws {
        let value = try parse("1.5e300: v\n-.inf: x\n0.1: z\n")
        #expect(value.objectValue?.keys == [".inf", "-.inf", "0.1"])
    }

    @Test func aliasExpansionBounded() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let error = try #require(throws: YAMLError.self) { try parse(text) }
        #expect(error.message.contains("aliases"))
    }

    @Test func deepNestingRejected() throws {
        let text = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        let error = try #require(throws: YAMLError.self) { try parse(text) }
        #expect(error.message.contains("nesting"))
    }
}

@Suite struct YAMLSerializerTests {
    private func serialize(_ value: JSONValue) throws -> String {
        String(decoding: try YAML.serialize(value), as: UTF8.self)
    }

    @Test(arguments: [
        ("true", "\"true\""), ("yes", "\"yes\""), ("ON", "\"ON\""), ("null", "\"null\""), ("", "\"\""),
        ("123", "\"123\""), ("08", "\"08\""), ("0x1F", "\"0x1F\""), ("1:30", "\"1:30\""), ("1.5", "\"1.5\""),
        ("2008-01-01T01:01:01Z", "\"2008-01-01T01:01:01Z\""), ("2008-02-30", "2008-02-30"),
        ("1e999", "1e999"), ("abc", "abc"), ("<<", "<<"), (".inf", "\".inf\""),
        ("- item", "'- item'"), ("a: b", "'a: b'"), ("yesterday", "yesterday"),
    ])
    func stringQuoting(text: String, expected: String) throws {
        #expect(try serialize(.object(JSONObject([("k", .string(text))]))) == "k: \(expected)\n")
    }

    @Test(arguments: [
        ("42", "42"), ("1.0", "1"), ("1.5", "1.5"), ("1e6", "1e+06"), ("123456", "123456"),
        ("0.0001", "0.0001"), ("0.00001", "1e-05"), ("100000000000000000000", "1e+20"), ("-0.0", "-0"),
    ])
    func numberFormatting(literal: String, expected: String) throws {
        #expect(try serialize(.object(JSONObject([("value", .number(literal))]))) == "value: \(expected)\n")
    }

    @Test func keysInGoYAMLOrder() throws {
        let keys = ["b", "a10", "a2", "Zebra", "_x", "a", "x-1", "x.1", "a02"]
        let object = JSONObject(keys.map { ($0, JSONValue.null) })
        let lines = try serialize(.object(object)).split(separator: "\n").map { $0.split(separator: ":")[0] }
        #expect(lines == ["_x", "Zebra", "a", "a2", "a02", "a10", "b", "x-1", "x.1"])
    }

    @Test func multiLineStringUsesLiteralBlock() throws {
        let text = try serialize(.object(JSONObject([("script", .string("echo a\necho b\n"))])))
        #expect(text == "script: |\n  echo a\n  echo b\n")
    }

    @Test func emptyContainersUseFlowStyle() throws {
        let text = try serialize(.object(JSONObject([("a", .object(JSONObject())), ("b", .array([]))])))
        #expect(text == "a: {}\nb: []\n")
    }

    /// kubectl reads the server's JSON with a YAML parser, which folds the raw
    /// U+0085 line breaks Go's JSON encoder leaves in strings (outputs taken
    /// from sigs.k8s.io/yaml's JSONToYAML).
    @Test func nextLineFoldedAsKubectlDoes() throws {
        let object = JSONObject([
            ("k", .string("a\u{85}b")), ("l", .string("x \u{85}\u{85} y")), ("m", .string("\u{85}lead")), ("n", .string("end\u{85}")),
        ])
        #expect(try serialize(.object(object)) == "k: a b\nl: |-\n  x\n  y\nm: ' lead'\n\"n\": 'end '\n")
    }

    @Test func keptTrailingBreaksNeedNoDocumentEnd() throws {
        #expect(try serialize(.object(JSONObject([("m", .string("end\n\n"))]))) == "m: |+\n  end\n\n")
    }

    @Test func mergeKeyTextStaysPlain() throws {
        #expect(try serialize(.object(JSONObject([("a", .string("<<")), ("<<", .string("b"))]))) == "<<: b\na: <<\n")
    }

    @Test func roundTripThroughParser() throws {
        let source = "a:\n- 1\n- \"on\"\n- x\nb: |\n  line\n"
        let value = try YAML.parse(Array(source.utf8))
        #expect(try serialize(value) == source)
    }
}
