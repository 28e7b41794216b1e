import Foundation
import Testing
@testable import KubeCodec

/// The committed schema is what the generator makes from the packaged
/// Kubernetes API sources.
@Suite struct SchemaGenerationTests {
    static var sourcesPresent: Bool {
        FileManager.default.fileExists(atPath: TestData.kubernetesSourceDirectory.appendingPathComponent("api/core/v1/generated.proto").path)
    }

    @Test(.enabled(if: sourcesPresent, "Kubernetes API sources not unpacked; run scripts/install-deps.sh"))
    func regeneratedSchemaMatchesCommittedFile() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestData.packageRoot.appendingPathComponent("scripts/gen-kube-schema.py").path,
                             "--source", TestData.kubernetesSourceDirectory.path, "--stdout"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let generated = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let committed = try Data(contentsOf: TestData.packageRoot.appendingPathComponent("Sources/KubeCodec/Schema/KubeSchemaBase.swift"))
        #expect(generated == committed, "Sources/KubeCodec/Schema/KubeSchemaBase.swift is stale: run python3 scripts/gen-kube-schema.py")
    }

    @Test func schemaParsesAndResolvesCoreTypes() throws {
        let schema = KubeSchema.shared
        let pod = try #require(schema.messageIndex(apiVersion: "v1", kind: "Pod"))
        #expect(schema.messages[pod].fields.map(\.jsonName) == ["", "metadata", "spec", "status"])
        #expect(schema.messageIndex(apiVersion: "apps/v1", kind: "Deployment") != nil)
        #expect(schema.messageIndex(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole") != nil)
        #expect(schema.messageIndex(apiVersion: "v1", kind: "NoSuchKind") == nil)
    }
}
