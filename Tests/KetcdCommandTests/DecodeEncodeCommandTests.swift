import EtcdTestSupport
import Foundation
import Testing

/// Runs the built `ketcd decode` and `ketcd encode` on real stored values:
/// the serialization fixtures and five Namespace values from a live cluster.
@Suite struct DecodeEncodeCommandTests {
    static func ketcd(_ arguments: [String], input: Data) throws -> ProcessResult {
        try ProcessRunner.run(TestEnvironment.ketcdPath, arguments, input: input)
    }

    /// The five Namespace values of a kubeadm cluster (Kubernetes 1.24 era),
    /// with their mod revisions.
    static let namespaceValues: [(name: String, revision: Int, value: String)] = [
        ("default", 197, "azhzAAoPCgJ2MRIJTmFtZXNwYWNlEogCCu0BCgdkZWZhdWx0EgAaACIAKiQzMTJmYmE1Mi1kYjBjLTRkZTAtOTcwMS01Y2E5NzY2YTUyM2YyADgAQggIwIDvngYQAFomChtrdWJlcm5ldGVzLmlvL21ldGFkYXRhLm5hbWUSB2RlZmF1bHR6AIoBfQoOa3ViZS1hcGlzZXJ2ZXISBlVwZGF0ZRoCdjEiCAjAgO+eBhAAMghGaWVsZHNWMTpJCkd7ImY6bWV0YWRhdGEiOnsiZjpsYWJlbHMiOnsiLiI6e30sImY6a3ViZXJuZXRlcy5pby9tZXRhZGF0YS5uYW1lIjp7fX19fUIAEgwKCmt1YmVybmV0ZXMaCAoGQWN0aXZlGgAiAA=="),
        ("kube-flannel", 1151, "azhzAAoPCgJ2MRIJTmFtZXNwYWNlEp0FCoIFCgxrdWJlLWZsYW5uZWwSABoAIgAqJDVjZWIyODQxLTcxY2YtNDhmMi04ZmQyLTY2NWU5Y2I4MDVkMjIAOABCCAjPhe+eBhAAWisKG2t1YmVybmV0ZXMuaW8vbWV0YWRhdGEubmFtZRIMa3ViZS1mbGFubmVsWjAKInBvZC1zZWN1cml0eS5rdWJlcm5ldGVzLmlvL2VuZm9yY2USCnByaXZpbGVnZWRizQEKMGt1YmVjdGwua3ViZXJuZXRlcy5pby9sYXN0LWFwcGxpZWQtY29uZmlndXJhdGlvbhKYAXsiYXBpVmVyc2lvbiI6InYxIiwia2luZCI6Ik5hbWVzcGFjZSIsIm1ldGFkYXRhIjp7ImFubm90YXRpb25zIjp7fSwibGFiZWxzIjp7InBvZC1zZWN1cml0eS5rdWJlcm5ldGVzLmlvL2VuZm9yY2UiOiJwcml2aWxlZ2VkIn0sIm5hbWUiOiJrdWJlLWZsYW5uZWwifX0KegCKAYUCChlrdWJlY3RsLWNsaWVudC1zaWRlLWFwcGx5EgZVcGRhdGUaAnYxIggIz4XvngYQADIIRmllbGRzVjE6xQEKwgF7ImY6bWV0YWRhdGEiOnsiZjphbm5vdGF0aW9ucyI6eyIuIjp7fSwiZjprdWJlY3RsLmt1YmVybmV0ZXMuaW8vbGFzdC1hcHBsaWVkLWNvbmZpZ3VyYXRpb24iOnt9fSwiZjpsYWJlbHMiOnsiLiI6e30sImY6a3ViZXJuZXRlcy5pby9tZXRhZGF0YS5uYW1lIjp7fSwiZjpwb2Qtc2VjdXJpdHkua3ViZXJuZXRlcy5pby9lbmZvcmNlIjp7fX19fUIAEgwKCmt1YmVybmV0ZXMaCAoGQWN0aXZlGgAiAA=="),
        ("kube-node-lease", 48, "azhzAAoPCgJ2MRIJTmFtZXNwYWNlEpgCCv0BCg9rdWJlLW5vZGUtbGVhc2USABoAIgAqJDBkZWI4ODM5LWRhYjktNDM3NC04YjQ4LTc1YjAwMzc1MjRlODIAOABCCAi/gO+eBhAAWi4KG2t1YmVybmV0ZXMuaW8vbWV0YWRhdGEubmFtZRIPa3ViZS1ub2RlLWxlYXNlegCKAX0KDmt1YmUtYXBpc2VydmVyEgZVcGRhdGUaAnYxIggIv4DvngYQADIIRmllbGRzVjE6SQpHeyJmOm1ldGFkYXRhIjp7ImY6bGFiZWxzIjp7Ii4iOnt9LCJmOmt1YmVybmV0ZXMuaW8vbWV0YWRhdGEubmFtZSI6e319fX1CABIMCgprdWJlcm5ldGVzGggKBkFjdGl2ZRoAIgA="),
        ("kube-public", 46, "azhzAAoPCgJ2MRIJTmFtZXNwYWNlEpACCvUBCgtrdWJlLXB1YmxpYxIAGgAiACokMDFiNmVhMWUtY2Y5Zi00MTIzLTgxZjItZDIzZTFlNDc2YTRhMgA4AEIICL+A754GEABaKgoba3ViZXJuZXRlcy5pby9tZXRhZGF0YS5uYW1lEgtrdWJlLXB1YmxpY3oAigF9Cg5rdWJlLWFwaXNlcnZlchIGVXBkYXRlGgJ2MSIICL+A754GEAAyCEZpZWxkc1YxOkkKR3siZjptZXRhZGF0YSI6eyJmOmxhYmVscyI6eyIuIjp7fSwiZjprdWJlcm5ldGVzLmlvL21ldGFkYXRhLm5hbWUiOnt9fX19QgASDAoKa3ViZXJuZXRlcxoICgZBY3RpdmUaACIA"),
        ("kube-system", 12, "azhzAAoPCgJ2MRIJTmFtZXNwYWNlEpACCvUBCgtrdWJlLXN5c3RlbRIAGgAiACokMTA4YjY4NDktNzllYi00YmM3LTkxMjktN2VjNjVjM2FlMTBhMgA4AEIICL6A754GEABaKgoba3ViZXJuZXRlcy5pby9tZXRhZGF0YS5uYW1lEgtrdWJlLXN5c3RlbXoAigF9Cg5rdWJlLWFwaXNlcnZlchIGVXBkYXRlGgJ2MSIICL6A754GEAAyCEZpZWxkc1YxOkkKR3siZjptZXRhZGF0YSI6eyJmOmxhYmVscyI6eyIuIjp7fSwiZjprdWJlcm5ldGVzLmlvL21ldGFkYXRhLm5hbWUiOnt9fX19QgASDAoKa3ViZXJuZXRlcxoICgZBY3RpdmUaACIA"),
    ]

    /// `etcdctl -w json get --prefix /registry/namespaces` output for them.
    static let seedNamespaces: Data = {
        let entries = namespaceValues.map { kv in
            let key = Data("/registry/namespaces/\(kv.name)".utf8).base64EncodedString()
            return "{\"key\":\"\(key)\",\"create_revision\":\(kv.revision),\"mod_revision\":\(kv.revision),\"version\":1,\"value\":\"\(kv.value)\"}"
        }
        let text = "{\"header\":{\"cluster_id\":16888901464889231747,\"member_id\":3444459836023052112,\"revision\":70251,\"raft_term\":13},\"kvs\":[\(entries.joined(separator: ","))],\"count\":\(entries.count)}"
        return Data(text.utf8)
    }()

    static var defaultNamespaceValue: Data {
        Data(base64Encoded: "azhzAAoPCgJ2MRIJTmFtZXNwYWNlEogCCu0BCgdkZWZhdWx0EgAaACIAKiQzMTJmYmE1Mi1kYjBjLTRkZTAtOTcwMS01Y2E5NzY2YTUyM2YyADgAQggIwIDvngYQAFomChtrdWJlcm5ldGVzLmlvL21ldGFkYXRhLm5hbWUSB2RlZmF1bHR6AIoBfQoOa3ViZS1hcGlzZXJ2ZXISBlVwZGF0ZRoCdjEiCAjAgO+eBhAAMghGaWVsZHNWMTpJCkd7ImY6bWV0YWRhdGEiOnsiZjpsYWJlbHMiOnsiLiI6e30sImY6a3ViZXJuZXRlcy5pby9tZXRhZGF0YS5uYW1lIjp7fX19fUIAEgwKCmt1YmVybmV0ZXMaCAoGQWN0aXZlGgAiAA==")!
    }

    static let defaultNamespaceYAML = """
        apiVersion: v1
        kind: Namespace
        metadata:
          creationTimestamp: "2023-02-02T13:53:04Z"
          labels:
            kubernetes.io/metadata.name: default
          managedFields:
          - apiVersion: v1
            fieldsType: FieldsV1
            fieldsV1:
              f:metadata:
                f:labels:
                  .: {}
                  f:kubernetes.io/metadata.name: {}
            manager: kube-apiserver
            operation: Update
            time: "2023-02-02T13:53:04Z"
          name: default
          resourceVersion: "197"
          uid: 312fba52-db0c-4de0-9701-5ca9766a523f
        spec:
          finalizers:
          - kubernetes
        status:
          phase: Active

        """

    @Test func etcdctlJSONDecodesEachNamespace() throws {
        let result = try Self.ketcd(["decode"], input: Self.seedNamespaces)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.hasPrefix("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n"))
        #expect(result.output.hasSuffix("kind: List\nmetadata:\n  resourceVersion: \"\"\n"))
        for kv in Self.namespaceValues {
            #expect(result.output.contains("    name: \(kv.name)\n    resourceVersion: \"\(kv.revision)\"\n"))
        }
        // ObjectMeta field 15 (clusterName) was removed in Kubernetes 1.25; it
        // is reported once per object, not printed.
        #expect(result.errorOutput.split(separator: "\n").count == Self.namespaceValues.count)
        #expect(result.errorOutput.contains("/registry/namespaces/default: Namespace has 1 protobuf field(s) the schema does not know"))
        #expect(result.errorOutput.contains("metadata.#15"))
    }

    @Test func rawValueMatchesKubectlYAML() throws {
        // etcdctl get --print-value-only adds a newline after the value.
        let input = Self.defaultNamespaceValue + Data("\n".utf8)
        let result = try Self.ketcd(["decode", "--key", "/registry/namespaces/default", "--mod-revision", "197"], input: input)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output == Self.defaultNamespaceYAML)
    }

    /// `etcdctl get --prefix` prints key, value, key, value, each followed by a
    /// line feed, and the protobuf values contain line feeds themselves.
    @Test func etcdctlPrefixLayoutSplitsRecords() throws {
        var input = Data()
        for kv in Self.namespaceValues {
            input += Data("/registry/namespaces/\(kv.name)\n".utf8) + Data(base64Encoded: kv.value)! + Data("\n".utf8)
        }
        let result = try Self.ketcd(["decode", "-o", "json"], input: input)
        #expect(result.status == 0, "\(result.errorOutput)")
        for kv in Self.namespaceValues {
            #expect(result.output.contains("\"name\": \"\(kv.name)\""))
        }
        #expect(result.output.contains("\"kind\": \"List\""))
        #expect(result.errorOutput.split(separator: "\n").count == Self.namespaceValues.count)
    }

    @Test func etcdctlGetLayoutUsesPrintedKey() throws {
        let input = Data("/registry/namespaces/default\n".utf8) + Self.defaultNamespaceValue + Data("\n".utf8)
        let result = try Self.ketcd(["decode", "-o", "json"], input: input)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.hasPrefix("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Namespace\",\n"))
        #expect(result.errorOutput.contains("/registry/namespaces/default:"))
    }

    @Test func decodeThenEncodeRestoresStoredBytes() throws {
        let decoded = try Self.ketcd(["decode", "--show-unknown", "--mod-revision", "197"], input: Self.defaultNamespaceValue)
        #expect(decoded.status == 0, "\(decoded.errorOutput)")
        #expect(decoded.errorOutput.isEmpty)
        #expect(decoded.output.contains("(unknown protobuf field 15)"))
        let encoded = try Self.ketcd(["encode"], input: decoded.standardOutput)
        #expect(encoded.status == 0, "\(encoded.errorOutput)")
        #expect(encoded.standardOutput == Self.defaultNamespaceValue)
    }

    /// Fixtures from k8s.io/api's testdata (Debian 13) and the newer
    /// serialization fixtures. Each set's full conformance run is in KubeCodecTests.
    @Test(arguments: [
        ("debian", "HEAD/core.v1.Pod"), ("debian", "HEAD/apps.v1.Deployment"), ("debian", "HEAD/batch.v1.CronJob"),
        ("shared", "kubernetes-api/HEAD/core.v1.Secret"), ("shared", "kubernetes-api/v1.36.0/core.v1.ConfigMap"),
    ])
    func fixtureDecodesAndEncodes(set: String, fixture: String) throws {
        let base: URL
        if set == "debian" {
            let sources = try #require(TestEnvironment.kubernetesSourceDirectory, "run scripts/install-deps.sh")
            base = sources.appendingPathComponent("api/testdata/\(fixture)")
        } else {
            let shared = try #require(TestEnvironment.sharedDirectory, "set KETCD_SHARED_DIR")
            base = shared.appendingPathComponent("fixtures/k8s-serialization/\(fixture)")
        }
        let protobuf = try Data(contentsOf: base.appendingPathExtension("pb"))
        let yaml = try Data(contentsOf: base.appendingPathExtension("yaml"))
        let json = try Data(contentsOf: base.appendingPathExtension("json"))

        let decoded = try Self.ketcd(["decode", "-o", "yaml"], input: protobuf)
        #expect(decoded.status == 0, "\(decoded.errorOutput)")
        #expect(decoded.standardOutput == yaml)

        let encoded = try Self.ketcd(["encode", "--keep-resource-version"], input: json)
        #expect(encoded.status == 0, "\(encoded.errorOutput)")
        #expect(encoded.standardOutput == protobuf)

        let encodedFromYAML = try Self.ketcd(["encode", "--keep-resource-version"], input: yaml)
        #expect(encodedFromYAML.standardOutput == protobuf)
    }

    @Test func encryptedValueRoundTrip() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = directory.appendingPathComponent("encryption.yaml")
        try Data("""
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
            - resources: [secrets]
              providers:
              - aesgcm:
                  keys:
                  - name: key1
                    secret: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
              - identity: {}
            """.utf8).write(to: configuration)
        let secret = Data("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: default\ndata:\n  password: cGFzcw==\n".utf8)
        let key = "/registry/secrets/default/db"

        let encrypted = try Self.ketcd(["encode", "--key", key, "--encryption-config", configuration.path], input: secret)
        #expect(encrypted.status == 0, "\(encrypted.errorOutput)")
        #expect(encrypted.standardOutput.starts(with: Data("k8s:enc:aesgcm:v1:key1:".utf8)))

        let withoutConfiguration = try Self.ketcd(["decode", "--key", key], input: encrypted.standardOutput)
        #expect(withoutConfiguration.status == 1)
        #expect(withoutConfiguration.output.isEmpty)
        #expect(withoutConfiguration.errorOutput.contains("encrypted at rest with aesgcm key \"key1\""))

        let decrypted = try Self.ketcd(["decode", "--key", key, "--encryption-config", configuration.path], input: encrypted.standardOutput)
        #expect(decrypted.status == 0, "\(decrypted.errorOutput)")
        #expect(decrypted.output.contains("  password: cGFzcw==\n"))

        let wrongKey = try Self.ketcd(["decode", "--key", "/registry/secrets/default/other", "--encryption-config", configuration.path], input: encrypted.standardOutput)
        #expect(wrongKey.status == 1)
        #expect(wrongKey.errorOutput.contains("failed authentication"))
    }

    @Test func customResourceAsCBOR() throws {
        let resource = Data("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 3\n  ratio: 0.5\n".utf8)
        let encoded = try Self.ketcd(["encode", "--format", "cbor"], input: resource)
        #expect(encoded.status == 0, "\(encoded.errorOutput)")
        #expect(encoded.standardOutput.starts(with: Data([0xD9, 0xD9, 0xF7])))

        let decoded = try Self.ketcd(["decode", "--mod-revision", "12"], input: encoded.standardOutput)
        #expect(decoded.status == 0, "\(decoded.errorOutput)")
        #expect(decoded.output == "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\n  resourceVersion: \"12\"\nspec:\n  ratio: 0.5\n  size: 3\n")

        let json = try Self.ketcd(["encode"], input: resource)
        #expect(json.output == "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w1\"},\"spec\":{\"ratio\":0.5,\"size\":3}}\n")
    }

    static func pod(cpu: String) -> Data {
        Data("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"shop"},
             "spec":{"containers":[{"name":"c","image":"nginx","resources":{"limits":{"cpu":\(cpu)}}}]}}
            """.utf8)
    }

    @Test func encodeRejectsInvalidQuantity() throws {
        for cpu in ["\"lots\"", "\"1.5x\"", "\"\"", "\"e3\"", "\"1e\"", "\" 1\"", "true"] {
            let result = try Self.ketcd(["encode"], input: Self.pod(cpu: cpu))
            #expect(result.status == 1, "\(cpu): \(result.errorOutput)")
            #expect(result.output.isEmpty, "\(cpu)")
            #expect(result.errorOutput.hasPrefix("Error: cannot encode spec.containers[0].resources.limits[\"cpu\"]: "), "\(cpu): \(result.errorOutput)")
            #expect(result.errorOutput.split(separator: "\n").count == 1, "\(cpu)")
        }
        let lots = try Self.ketcd(["encode"], input: Self.pod(cpu: "\"lots\""))
        #expect(lots.errorOutput.contains("invalid quantity \"lots\""))

        for cpu in ["\"100m\"", "\"1.5Gi\"", "\"2e3\"", "\"-1\"", "\"0.5\"", "\"1E\"", "\"12n\"", "2"] {
            let result = try Self.ketcd(["encode"], input: Self.pod(cpu: cpu))
            #expect(result.status == 0, "\(cpu): \(result.errorOutput)")
            #expect(result.errorOutput.isEmpty, "\(cpu)")
            #expect(result.standardOutput.starts(with: Array("k8s\0".utf8)))
        }
    }

    @Test func encodeNamesDroppedFields() throws {
        let input = Data("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","bogus":1},"bogusField":"x",
             "data":{"a":"b"}}
            """.utf8)
        for format in ["protobuf", "json"] {
            let result = try Self.ketcd(["encode", "--format", format], input: input)
            #expect(result.status == 0, "\(result.errorOutput)")
            #expect(!result.output.isEmpty)
            #expect(result.errorOutput == "ketcd encode: ConfigMap has 2 field(s) the schema does not know, left out of the stored value as kube-apiserver drops them: bogusField, metadata.bogus\n", "\(format)")
        }
        let stored = try Self.ketcd(["encode", "--format", "json"], input: input)
        #expect(stored.output == ("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\",\"creationTimestamp\":null},\"data\":{\"a\":\"b\"}}\n"))
    }

    @Test(arguments: [
        (["decode"], "", Int32(3)),
        (["decode", "-o", "wide"], "x", Int32(4)),
        (["encode"], "a: [\n", Int32(3)),
        (["encode"], "- 1\n", Int32(3)),
        (["encode", "--format", "xml"], "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"}", Int32(4)),
        (["decode"], "k8s\u{0}\n\u{05}trunc", Int32(1)),
        (["decode"], "k8s\u{0}", Int32(1)),
    ])
    func badInputFailsWithOneLine(arguments: [String], input: String, status: Int32) throws {
        let result = try Self.ketcd(arguments, input: Data(input.utf8))
        #expect(result.status == status, "\(result.errorOutput)")
        #expect(result.output.isEmpty)
        #expect(result.errorOutput.contains("Error: "))
    }
}
