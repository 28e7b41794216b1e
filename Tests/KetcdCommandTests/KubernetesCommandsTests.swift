import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Foundation
import KubeCodec
import KubeResources
import Testing

/// ketcd's Kubernetes-aware commands against a real etcd with TLS, loaded
/// with Kubernetes objects at their real keys.
@Suite struct KubernetesCommandsTests {
    /// Starts a TLS member and loads the fixtures into it.
    func startLoadedServer() async throws -> (EtcdServer, KubernetesFixtures) {
        let server = try EtcdServer.start(security: .mutualTLS(KubeadmPKI.shared()))
        let fixtures = try KubernetesFixtures.load()
        try await fixtures.store(in: server)
        return (server, fixtures)
    }

    /// Every key and value under `/`, read with etcdctl.
    func snapshot(_ server: EtcdServer) throws -> [String: [UInt8]] {
        let result = try server.etcdctl(["get", "--prefix", "/", "-w", "json"])
        #expect(result.status == 0)
        var values: [String: [UInt8]] = [:]
        let parsed = try JSONParser.parse(Array(result.standardOutput))
        for kv in parsed["kvs"]?.arrayValue ?? [] {
            let key = Data(base64Encoded: kv["key"]?.stringValue ?? "").map { String(decoding: $0, as: UTF8.self) } ?? ""
            values[key] = Array(Data(base64Encoded: kv["value"]?.stringValue ?? "") ?? Data())
        }
        return values
    }

    @Test func fixturesCoverManyResourceTypes() throws {
        let fixtures = try KubernetesFixtures.load()
        let types = Set(fixtures.objects.map(\.resource.plural))
        #expect(types.count >= 40)
        #expect(types.isSuperset(of: ["pods", "services", "endpoints", "nodes", "deployments", "ingresses", "customresourcedefinitions"]))
        #expect(fixtures.objects.contains { $0.key == "/registry/services/specs/shop/service-a" })
        #expect(fixtures.objects.contains { $0.key == "/registry/minions/node-a" })
        #expect(try KubernetesFixtures.capturedNamespaces().count == 5)
    }

    @Test func lsListsKeysUnderPrefix() async throws {
        let (server, fixtures) = try await startLoadedServer()
        defer { server.stop() }

        let namespaces = try server.ketcd(["ls", "/registry/namespaces/"])
        #expect(namespaces.status == 0)
        let keys = namespaces.output.split(separator: "\n").map(String.init)
        #expect(keys.contains("/registry/namespaces/default"))
        #expect(keys.contains("/registry/namespaces/kube-flannel"))
        #expect(keys.count == 6)

        let all = try server.ketcd(["ls"])
        #expect(all.output.split(separator: "\n").count == fixtures.objects.count + 5)
    }

    @Test func etcdhelperFlagsAndLs() async throws {
        let (server, _) = try await startLoadedServer()
        defer { server.stop() }
        guard case .mutualTLS(let pki) = server.security else { return }

        // The flags exactly as etcdhelper takes them.
        let result = try ProcessRunner.run(TestEnvironment.ketcdPath, [
            "-cacert", pki.etcdCACertificate, "-key", pki.apiserverClientKey, "-cert", pki.apiserverClientCertificate,
            "-endpoint", server.endpoint, "ls", "/registry/minions",
        ])
        #expect(result.status == 0)
        #expect(result.output == "/registry/minions/node-a\n")
    }

    @Test func dumpSaveRoundTripKeepsBytes() async throws {
        let (server, fixtures) = try await startLoadedServer()
        defer { server.stop() }
        let before = try snapshot(server)

        let dump = try server.ketcd(["dump"])
        #expect(dump.status == 0)
        let dumpPath = FileManager.default.temporaryDirectory.appendingPathComponent("ketcd-dump-\(UUID().uuidString).json").path
        try dump.standardOutput.write(to: URL(fileURLWithPath: dumpPath))
        defer { try? FileManager.default.removeItem(atPath: dumpPath) }

        // Every object is in the dump decoded, none as raw bytes.
        let records = try JSONParser.parse(Array(dump.standardOutput)).arrayValue ?? []
        #expect(records.count == fixtures.objects.count + 5)
        #expect(records.allSatisfy { $0["value"] != nil })
        #expect(records.allSatisfy { $0["gkv"] != nil })
        #expect(records.allSatisfy { $0["value_base64"] == nil })

        let wipe = try server.etcdctl(["del", "--prefix", "/"])
        #expect(wipe.status == 0)
        let save = try server.ketcd(["save", dumpPath])
        #expect(save.status == 0)
        #expect(save.output.hasSuffix("save: \(fixtures.objects.count + 5) created, 0 updated, 0 unchanged\n"))

        let after = try snapshot(server)
        #expect(after.keys.sorted() == before.keys.sorted())
        // Values of types the schema knows (CRDs included) come back byte for
        // byte. JSON values of types it does not know would come back as Go
        // prints unstructured objects (keys sorted): the same object, so the
        // loop names any such key and checks that it decodes the same.
        for key in before.keys.sorted() where before[key] != after[key] {
            let original = try KubeStorageCodec.decode(value: before[key] ?? [])
            let restored = try KubeStorageCodec.decode(value: after[key] ?? [])
            #expect(!original.isKnownType, "\(key) of a type the schema knows changed in the round trip")
            #expect(original.format == .json, "\(key) stored as \(original.format) changed in the round trip")
            #expect(original.object == restored.object, "\(key) decodes differently after the round trip")
        }
        let byteIdentical = before.keys.filter { before[$0] == after[$0] }.count
        #expect(byteIdentical == before.count)

        // A second dump decodes to the same objects; only revisions moved.
        let again = try server.ketcd(["dump"])
        let secondRecords = try JSONParser.parse(Array(again.standardOutput)).arrayValue ?? []
        #expect(secondRecords.map { $0["value"] } == records.map { $0["value"] })
        #expect(secondRecords.map { $0["key"] } == records.map { $0["key"] })

        // Saving the same dump again changes nothing.
        let repeated = try server.ketcd(["save", dumpPath])
        #expect(repeated.output == "save: 0 created, 0 updated, \(fixtures.objects.count + 5) unchanged\n")
    }

    @Test func jsonLinesDumpSavesToo() async throws {
        let (server, _) = try await startLoadedServer()
        defer { server.stop() }
        let before = try snapshot(server)

        let dump = try server.ketcd(["dump", "-o", "jsonl", "/registry/namespaces/"])
        let lines = dump.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("{\"header\":{\"format\":\"ketcd-dump/v1\",\"prefix\":\"/registry/namespaces/\",\"revision\":") == true)
        #expect(lines.count == 7)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ketcd-dump-\(UUID().uuidString).jsonl").path
        try dump.standardOutput.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        _ = try server.etcdctl(["del", "--prefix", "/registry/namespaces/"])
        let save = try server.ketcd(["save", path])
        #expect(save.output.hasSuffix("save: 6 created, 0 updated, 0 unchanged\n"))
        let after = try snapshot(server)
        for key in before.keys where key.hasPrefix("/registry/namespaces/") {
            #expect(after[key] == before[key], "value of \(key) changed in the round trip")
        }
    }

    @Test func saveDryRunWritesNothing() async throws {
        let (server, _) = try await startLoadedServer()
        defer { server.stop() }
        let dump = try server.ketcd(["dump", "/registry/namespaces/"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ketcd-dump-\(UUID().uuidString).json").path
        try dump.standardOutput.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        _ = try server.etcdctl(["del", "/registry/namespaces/default"])
        let dryRun = try server.ketcd(["save", "--dry-run", path])
        #expect(dryRun.status == 0)
        #expect(dryRun.output == "/registry/namespaces/default would be created\nsave: 1 would be created, 0 would be updated, 5 unchanged\n")
        let check = try server.etcdctl(["get", "/registry/namespaces/default", "--keys-only"])
        #expect(check.output == "")
    }

    @Test func saveRejectsPlaintextOverEncryptedKey() async throws {
        let (server, _) = try await startLoadedServer()
        defer { server.stop() }
        let dump = try server.ketcd(["dump", "/registry/namespaces/default"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ketcd-dump-\(UUID().uuidString).json").path
        try dump.standardOutput.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let encrypted = Array("k8s:enc:aescbc:v1:key1:".utf8) + [0x01, 0x02, 0x03]
        let client = try KubernetesFixtures.client(for: server)
        _ = try await client.put(PutRequest(key: Array("/registry/namespaces/default".utf8), value: encrypted))

        let save = try server.ketcd(["save", path])
        #expect(save.status != 0)
        #expect(save.errorOutput.contains("/registry/namespaces/default is encrypted at rest (provider aescbc, key key1)"))
        let stored = try await client.range(RangeRequest(key: Array("/registry/namespaces/default".utf8)))
        #expect(stored.kvs.first?.value == encrypted)
    }

    @Test func deleteKeepsBackupAndRestores() async throws {
        let (server, _) = try await startLoadedServer()
        defer { server.stop() }
        let before = try snapshot(server)
        let backupPath = FileManager.default.temporaryDirectory.appendingPathComponent("ketcd-backup-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: backupPath) }

        let dryRun = try server.ketcd(["delete", "pod", "db-0", "-n", "shop", "--dry-run"])
        #expect(dryRun.output == "pod \"db-0\" deleted (dry run)\n")
        #expect(try snapshot(server)["/registry/pods/shop/db-0"] != nil)

        let delete = try server.ketcd(["delete", "pods/db-0", "deploy/deployment-a", "-n", "shop", "--backup", backupPath])
        #expect(delete.status == 0)
        #expect(delete.output == "pod \"db-0\" deleted\ndeployment.apps \"deployment-a\" deleted\n")
        let afterDelete = try snapshot(server)
        #expect(afterDelete["/registry/pods/shop/db-0"] == nil)
        #expect(afterDelete["/registry/deployments/shop/deployment-a"] == nil)

        let missing = try server.ketcd(["delete", "pod", "db-0", "-n", "shop"])
        #expect(missing.status == 1)
        #expect(missing.errorOutput.contains("pods \"db-0\" not found"))

        let restore = try server.ketcd(["save", backupPath])
        #expect(restore.status == 0)
        let restored = try snapshot(server)
        #expect(restored["/registry/pods/shop/db-0"] == before["/registry/pods/shop/db-0"])
        #expect(restored["/registry/deployments/shop/deployment-a"] == before["/registry/deployments/shop/deployment-a"])
    }

    @Test func safeWriterRejectsConcurrentChange() async throws {
        let server = try EtcdServer.start(security: .mutualTLS(KubeadmPKI.shared()))
        defer { server.stop() }
        let client = try KubernetesFixtures.client(for: server)
        let key = Array("/registry/configmaps/shop/settings".utf8)
        _ = try await client.put(PutRequest(key: key, value: Array("first".utf8)))

        let writer = SafeWriter(store: client, backup: nil, dryRun: false)
        let read = try await writer.current(key)
        _ = try await client.put(PutRequest(key: key, value: Array("concurrent".utf8)))

        await #expect(throws: SafeWriteError.changedConcurrently(key: "/registry/configmaps/shop/settings", expectedModRevision: read!.modRevision)) {
            _ = try await writer.put(key: key, value: Array("mine".utf8), previous: read)
        }
        let stored = try await client.range(RangeRequest(key: key))
        #expect(stored.kvs.first?.value == Array("concurrent".utf8))

        await #expect(throws: SafeWriteError.self) {
            _ = try await writer.delete(read!)
        }
        #expect(try await writer.put(key: Array("/new".utf8), value: [1], previous: nil) == .created)
    }

    @Test func scanStopsOrContinuesAfterCompaction() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try KubernetesFixtures.client(for: server)
        for index in 0..<6 {
            _ = try await client.put(PutRequest(key: Array("/registry/configmaps/shop/cm-\(index)".utf8), value: [UInt8(index)]))
        }

        var strict = PaginatedScan(source: client, prefix: "/registry/configmaps/", pageSize: 2)
        var lenient = PaginatedScan(source: client, prefix: "/registry/configmaps/", pageSize: 2, allowNewerRevision: true)
        let firstStrict = try await strict.nextPage()
        let firstLenient = try await lenient.nextPage()
        #expect(firstStrict?.count == 2)
        #expect(firstLenient?.count == 2)
        let pinned = strict.revision

        // Move on and compact past the pinned revision, as kube-apiserver does.
        let put = try await client.put(PutRequest(key: Array("/registry/configmaps/shop/cm-9".utf8), value: [9]))
        _ = try await client.compact(CompactionRequest(revision: put.header.revision))

        await #expect(throws: PaginatedScanError.compacted(revision: pinned)) {
            _ = try await strict.nextPage()
        }
        var keys = firstLenient!.map { String(decoding: $0.key, as: UTF8.self) }
        while let page = try await lenient.nextPage() {
            keys += page.map { String(decoding: $0.key, as: UTF8.self) }
        }
        #expect(keys.count == 7)
        #expect(lenient.revisionSwitches.count == 1)
        #expect(lenient.revisionSwitches.first?.from == pinned)
        #expect(lenient.revisionSwitches.first?.to == put.header.revision)
    }

    @Test func apiResourcesCountsStoredTypes() async throws {
        let (server, fixtures) = try await startLoadedServer()
        defer { server.stop() }
        let client = try KubernetesFixtures.client(for: server)
        _ = try await client.put(PutRequest(key: Array("/registry/masterleases/192.168.1.10".utf8), value: Array("k8s\0x".utf8)))

        let result = try server.ketcd(["api-resources"])
        #expect(result.status == 0)
        let rows = result.output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.first == ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "OBJECTS", "SIZE"])
        let pods = rows.first { $0.first == "pods" }
        #expect(pods?[1...5] == ["po", "v1", "true", "Pod", "3"])
        let namespaces = rows.first { $0.first == "namespaces" }
        #expect(namespaces?[5] == "6")
        #expect(rows.contains { $0.first == "(/registry/masterleases/)" })
        let total = rows.dropFirst().compactMap { Int($0[$0.count - 2]) }.reduce(0, +)
        #expect(total == fixtures.objects.count + 5 + 1)
    }

    @Test func connectionFoundFromKubeadmManifest() async throws {
        let (server, _) = try await startLoadedServer()
        defer { server.stop() }
        guard case .mutualTLS(let pki) = server.security else { return }

        // A node root laid out like kubeadm's, its PKI linked to the test PKI.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ketcd-node-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let manifests = root.appendingPathComponent("etc/kubernetes/manifests")
        try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("etc/kubernetes/pki"), withDestinationURL: pki.pkiDirectory)
        let manifest = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: kube-apiserver
              namespace: kube-system
            spec:
              containers:
              - name: kube-apiserver
                command:
                - kube-apiserver
                - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
                - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
                - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
                - --etcd-servers=\(server.endpoint)
                volumeMounts:
                - mountPath: /etc/kubernetes/pki
                  name: k8s-certs
                  readOnly: true
              volumes:
              - hostPath:
                  path: /etc/kubernetes/pki
                  type: DirectoryOrCreate
                name: k8s-certs
            """
        try manifest.write(to: manifests.appendingPathComponent("kube-apiserver.yaml"), atomically: true, encoding: .utf8)

        let result = try ProcessRunner.run(TestEnvironment.ketcdPath, ["ls", "/registry/namespaces/default", "--root", root.path, "-v"])
        #expect(result.status == 0)
        #expect(result.output == "/registry/namespaces/default\n")
        #expect(result.errorOutput.contains("connection settings from \(root.path)/etc/kubernetes/manifests/kube-apiserver.yaml"))

        let fromEnvironment = try ProcessRunner.run(TestEnvironment.ketcdPath, ["ls", "/registry/minions"], environment: ["KETCD_ROOT": root.path])
        #expect(fromEnvironment.output == "/registry/minions/node-a\n")

        // etcdctl's commands find the settings the same way.
        let etcdctlStyle = try ProcessRunner.run(TestEnvironment.ketcdPath, ["get", "/registry/minions/node-a", "--keys-only"], environment: ["KETCD_ROOT": root.path])
        #expect(etcdctlStyle.output == "/registry/minions/node-a\n\n")

        // A flag wins: with --endpoints the manifest is not read.
        let explicit = try ProcessRunner.run(TestEnvironment.ketcdPath, ["ls", "--root", root.path, "--endpoints", "127.0.0.1:1", "--dial-timeout", "1s", "-v"])
        #expect(explicit.status != 0)
        #expect(explicit.errorOutput.contains("connection settings from flags"))
    }
}


/// kubectl-style and etcdhelper-style `ketcd get` against the same data.
@Suite struct KubernetesGetTests {
    func startLoadedServer() async throws -> (EtcdServer, KubernetesFixtures) {
        let server = try EtcdServer.start(security: .mutualTLS(KubeadmPKI.shared()))
        let fixtures = try KubernetesFixtures.load()
        try await fixtures.store(in: server)
        return (server, fixtures)
    }

    /// The objects the codec decodes from the keys under `prefix`, with
    /// resourceVersion from each key's mod revision, as kubectl shows them
    /// (members sorted).
    func expectedObjects(_ server: EtcdServer, prefix: String) async throws -> [JSONValue] {
        let client = try KubernetesFixtures.client(for: server)
        let response = try await client.range(RangeRequest(key: Array(prefix.utf8), rangeEnd: Array(prefix.utf8).prefixRangeEnd))
        return try response.kvs.map { kv in
            let decoded = try KubeStorageCodec.decode(value: kv.value, key: String(decoding: kv.key, as: UTF8.self), modRevision: kv.modRevision)
            return KubeStorageCodec.unstructured(decoded.object ?? .null)
        }
    }

    @Test func jsonListMatchesCodecForEveryType() async throws {
        let (server, fixtures) = try await startLoadedServer()
        defer { server.stop() }
        let layout = KeyLayout()
        var checked = 0
        for resource in Set(fixtures.objects.map(\.resource)) {
            let result = try server.ketcd(["get", resource.qualifiedPlural, "-A", "-o", "json"])
            #expect(result.status == 0, "get \(resource.qualifiedPlural): \(result.errorOutput)")
            let list = try JSONParser.parse(Array(result.standardOutput))
            #expect(list["kind"] == .string("List"))
            #expect(list["apiVersion"] == .string("v1"))
            let expected = try await expectedObjects(server, prefix: layout.prefix(for: resource))
            let items = (list["items"]?.arrayValue ?? []).map(KubeStorageCodec.unstructured)
            #expect(items == expected, "objects of \(resource.qualifiedPlural) differ")
            checked += 1
        }
        #expect(checked >= 40)
    }

    @Test func jsonOutputLayoutIsKubectls() async throws {
        let (server, _) = try await startLoadedServer()
        defer { server.stop() }

        let single = try server.ketcd(["get", "ns", "default", "-o", "json"])
        #expect(single.output.hasPrefix("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Namespace\",\n    \"metadata\": {\n        \"creationTimestamp\": \"2023-02-02T13:53:04Z\",\n"))
        #expect(single.output.hasSuffix("    \"status\": {\n        \"phase\": \"Active\"\n    }\n}\n"))

        let empty = try server.ketcd(["get", "pods", "-n", "nowhere", "-o", "json"])
        #expect(empty.output == "{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n")
        #expect(empty.errorOutput == "")
    }

    @Test func tablesAndNames() async throws {
        let (server, _) = try await startLoadedServer()
        defer { server.stop() }

        let pods = try server.ketcd(["get", "pods", "-n", "shop"])
        #expect(pods.status == 0)
        let lines = pods.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("NAME") == true)
        #expect(lines.first?.contains("READY") == true)
        #expect(lines.first?.contains("RESTARTS") == true)
        #expect(lines.dropFirst().map { String($0.prefix { $0 != " " }) } == ["db-0", "web-7d4b9c-x2x9p"])

        let all = try server.ketcd(["get", "pods", "-A", "-o", "wide"])
        let header = all.output.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.hasPrefix("NAMESPACE"))
        #expect(header.contains("   NOMINATED NODE   "))
        #expect(header.hasSuffix("   READINESS GATES"))
        #expect(all.output.split(separator: "\n").count == 4)

        let names = try server.ketcd(["get", "po,svc,deploy", "-n", "shop", "-o", "name"])
        #expect(names.output == "pod/db-0\npod/web-7d4b9c-x2x9p\nservice/service-a\ndeployment.apps/deployment-a\n")

        let mixed = try server.ketcd(["get", "deploy/deployment-a", "svc/service-a", "-n", "shop"])
        #expect(mixed.output.contains("deployment.apps/deployment-a"))
        #expect(mixed.output.contains("\n\nNAME"))

        let missing = try server.ketcd(["get", "pods", "nope", "-n", "shop"])
        #expect(missing.status == 1)
        #expect(missing.errorOutput.contains("pods \"nope\" not found"))

        let none = try server.ketcd(["get", "secrets", "-n", "nowhere"])
        #expect(none.status == 0)
        #expect(none.errorOutput == "No resources found in nowhere namespace.\n")

        let unknown = try server.ketcd(["get", "frobs", "-n", "shop"])
        #expect(unknown.status == 1)
        #expect(unknown.errorOutput == "Error: the server doesn't have a resource type \"frobs\"\n")
    }

    @Test func selectorsFilterObjects() async throws {
        let (server, _) = try await startLoadedServer()
        defer { server.stop() }

        func names(_ arguments: [String]) throws -> [String] {
            let result = try server.ketcd(["get", "pods", "-A", "-o", "name"] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.errorOutput)")
            return result.output.split(separator: "\n").map(String.init)
        }
        #expect(try names(["-l", "app=web"]) == ["pod/web-7d4b9c-x2x9p"])
        #expect(try names(["-l", "app!=web"]) == ["pod/etcd-cp-1", "pod/db-0"])
        #expect(try names(["-l", "tier in (frontend,backend)"]) == ["pod/db-0", "pod/web-7d4b9c-x2x9p"])
        #expect(try names(["-l", "tier notin (frontend)"]) == ["pod/etcd-cp-1", "pod/db-0"])
        #expect(try names(["-l", "component"]) == ["pod/etcd-cp-1"])
        #expect(try names(["-l", "!app"]) == ["pod/etcd-cp-1"])
        #expect(try names(["-l", "app=db,tier=backend"]) == ["pod/db-0"])
        #expect(try names(["--field-selector", "metadata.namespace=kube-system"]) == ["pod/etcd-cp-1"])
        #expect(try names(["--field-selector", "metadata.name!=db-0", "-l", "tier"]) == ["pod/web-7d4b9c-x2x9p"])

        let invalid = try server.ketcd(["get", "pods", "-l", "app in web"])
        #expect(invalid.status == 1)
        #expect(invalid.errorOutput == "Error: unable to parse requirement: found 'web', expected: '(' after 'app'\n")
        let badField = try server.ketcd(["get", "configmaps", "--field-selector", "data.x=1"])
        #expect(badField.status == 1)
        #expect(badField.errorOutput.contains("\"data.x\" is not a known field selector"))
    }

    @Test func customResourcesFromDefinitions() async throws {
        let (server, _) = try await startLoadedServer()
        defer { server.stop() }

        let gateways = try server.ketcd(["get", "gtw", "-n", "infra", "-o", "name"])
        #expect(gateways.output == "gateway.gateway.networking.k8s.io/edge\n")
        let classes = try server.ketcd(["get", "volumesnapshotclasses.snapshot.storage.k8s.io"])
        #expect(classes.output.hasPrefix("NAME            AGE\ncsi-snapshots   "))
        let yaml = try server.ketcd(["get", "gateway/edge", "-n", "infra", "-o", "yaml"])
        #expect(yaml.output.contains("kind: Gateway\n"))
        #expect(yaml.output.contains("  namespace: infra\n"))
    }

    @Test func keysDecodedWithOutputFlag() async throws {
        let (server, _) = try await startLoadedServer()
        defer { server.stop() }

        let yaml = try server.ketcd(["get", "/registry/namespaces/default", "-o", "yaml"])
        #expect(yaml.output.hasPrefix("apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: \"2023-02-02T13:53:04Z\"\n"))

        let list = try server.ketcd(["get", "/registry/namespaces/", "--prefix", "-o", "json"])
        let parsed = try JSONParser.parse(Array(list.standardOutput))
        #expect(parsed["items"]?.arrayValue?.count == 6)

        // Without -o, a key is etcdctl's get.
        let raw = try server.ketcd(["get", "/registry/namespaces/default", "--print-value-only"])
        #expect(raw.standardOutput.starts(with: Array("k8s\0".utf8)))
    }

    @Test func etcdhelperGetPrintsDecodedObject() async throws {
        let (server, _) = try await startLoadedServer()
        defer { server.stop() }
        guard case .mutualTLS(let pki) = server.security else { return }

        let result = try ProcessRunner.run(TestEnvironment.ketcdPath, [
            "-cacert", pki.etcdCACertificate, "-key", pki.apiserverClientKey, "-cert", pki.apiserverClientCertificate,
            "-endpoint", server.endpoint, "get", "/registry/namespaces/default",
        ])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("/v1, Kind=Namespace\n{\n  \"kind\": \"Namespace\",\n  \"apiVersion\": \"v1\",\n  \"metadata\": {\n    \"name\": \"default\",\n"))
        #expect(result.output.hasSuffix("  \"status\": {\n    \"phase\": \"Active\"\n  }\n}"))
        #expect(!result.output.contains("resourceVersion"))
    }
}

/// Values encrypted at rest: shown and dumped with --encryption-config, and
/// encrypted again by save.
@Suite struct KubernetesEncryptionTests {
    static let configuration = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
        - resources:
          - secrets
          providers:
          - aescbc:
              keys:
              - name: key1
                secret: YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=
          - identity: {}
        """

    @Test func encryptedSecretShownDumpedAndSaved() async throws {
        let server = try EtcdServer.start(security: .mutualTLS(KubeadmPKI.shared()))
        defer { server.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ketcd-encryption-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configPath = directory.appendingPathComponent("encryption.yaml").path
        try Self.configuration.write(toFile: configPath, atomically: true, encoding: .utf8)

        let key = "/registry/secrets/shop/db-password"
        let secret = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db-password
              namespace: shop
              uid: 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d
              creationTimestamp: "2024-03-11T10:00:00Z"
            type: Opaque
            data:
              password: c2VjcmV0
            """
        let encoded = try ProcessRunner.run(TestEnvironment.ketcdPath, ["encode", "--encryption-config", configPath, "--key", key], input: Data(secret.utf8))
        #expect(encoded.status == 0)
        #expect(encoded.standardOutput.starts(with: Array("k8s:enc:aescbc:v1:key1:".utf8)))
        let client = try KubernetesFixtures.client(for: server)
        _ = try await client.put(PutRequest(key: Array(key.utf8), value: Array(encoded.standardOutput)))

        let hidden = try server.ketcd(["get", "secrets", "-n", "shop", "-o", "name"])
        #expect(hidden.output == "")
        #expect(hidden.errorOutput.contains("encrypted at rest (provider aescbc, key key1)"))
        let shown = try server.ketcd(["get", "secret", "db-password", "-n", "shop", "-o", "json", "--encryption-config", configPath])
        #expect(shown.status == 0)
        #expect(try JSONParser.parse(Array(shown.standardOutput))["data"]?["password"] == .string("c2VjcmV0"))

        let dump = try server.ketcd(["dump", "/registry/secrets/", "--encryption-config", configPath])
        let records = try JSONParser.parse(Array(dump.standardOutput)).arrayValue ?? []
        #expect(records.count == 1)
        #expect(records.first?["value"]?.stringValue?.contains("\"password\":\"c2VjcmV0\"") == true)
        let dumpPath = directory.appendingPathComponent("dump.json").path
        try dump.standardOutput.write(to: URL(fileURLWithPath: dumpPath))

        // Saving the same object over the encrypted key changes nothing.
        let unchanged = try server.ketcd(["save", dumpPath, "--encryption-config", configPath])
        #expect(unchanged.output == "save: 0 created, 0 updated, 1 unchanged\n")

        // Without the configuration, plaintext is not written over it.
        _ = try await client.put(PutRequest(key: Array(key.utf8), value: Array(encoded.standardOutput)))
        let rejected = try server.ketcd(["save", dumpPath])
        #expect(rejected.status == 1)

        // After a wipe, save encrypts the secret as kube-apiserver would.
        _ = try server.etcdctl(["del", "--prefix", "/registry/secrets/"])
        let saved = try server.ketcd(["save", dumpPath, "--encryption-config", configPath])
        #expect(saved.status == 0)
        let stored = try await client.range(RangeRequest(key: Array(key.utf8))).kvs.first?.value ?? []
        #expect(stored.starts(with: Array("k8s:enc:aescbc:v1:key1:".utf8)))
        let decrypted = try EncryptionConfiguration(contentsOfFile: configPath).decrypt(stored, etcdKey: Array(key.utf8))
        let original = try EncryptionConfiguration(contentsOfFile: configPath).decrypt(Array(encoded.standardOutput), etcdKey: Array(key.utf8))
        #expect(decrypted == original)
    }
}
