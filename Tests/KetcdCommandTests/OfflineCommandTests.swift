import EtcdTestSupport
import Foundation
import Testing

/// ketcd reading a database file (`--db`, `--data-dir`, `snapshot status`,
/// `hashkv`) against etcdctl and etcdutl on the same data, recorded online
/// before the member stopped. Outputs must match byte for byte.
@Suite struct OfflineCommandTests {
    /// A stopped member's data directory and snapshot, and etcdctl's outputs
    /// for the same reads while it ran.
    final class Recording: Sendable {
        let dataDirectory: String
        let databasePath: String
        let snapshotPath: String
        let endpoint: String
        /// etcdctl's stdout and exit status, by read arguments joined with spaces.
        let onlineReads: [String: ProcessResult]
        let onlineHashKV: String
        /// ketcd's own online output for its Kubernetes-aware reads.
        let onlineKubernetesReads: [String: ProcessResult]

        static let kubernetesReads: [[String]] = [
            ["ls"],
            ["ls", "/registry/configmaps"],
            ["dump"],
            ["dump", "/registry/namespaces", "-o", "jsonl"],
            ["get", "namespaces"],
            ["get", "configmaps", "-A", "-o", "json"],
            ["get", "configmaps", "settings", "-n", "team-a", "-o", "yaml"],
            ["get", "namespaces", "-l", "team=a", "-o", "name"],
            ["api-resources"],
        ]
        let compactRevision: Int64
        private let server: EtcdServer

        static let reads: [[String]] = {
            var reads: [[String]] = []
            let selections: [[String]] = [
                ["get", "", "--prefix"],
                ["get", "/registry/", "--prefix", "--keys-only"],
                ["get", "/registry/namespaces/default"],
                ["get", "foo"],
                ["get", "missing"],
                ["get", "/a/", "--prefix", "--limit=2"],
                ["get", "/a/", "--prefix", "--rev=6"],
                ["get", "/a/", "--prefix", "--sort-by=MODIFY", "--order=DESCEND"],
                ["get", "--from-key", "/b"],
                ["get", "foo", "--rev=2"],
                ["get", "foo", "--rev=999"],
                ["get", "/a/1", "--print-value-only"],
            ]
            for selection in selections {
                for format in ["simple", "json", "fields", "table"] where !(selection.contains("--print-value-only") && format != "simple") {
                    reads.append(selection + ["-w", format])
                }
            }
            reads.append(["get", "", "--prefix", "--hex"])
            reads.append(["get", "", "--prefix", "--count-only", "-w", "fields"])
            return reads
        }()

        static let shared: Result<Recording, TestSupportError> = {
            do {
                return .success(try Recording())
            } catch {
                return .failure(TestSupportError("recording a database with etcd failed: \(error)"))
            }
        }()

        private init() throws {
            let server = try EtcdServer.start()
            self.server = server
            endpoint = server.endpoint
            dataDirectory = server.dataDirectory.path
            databasePath = server.databasePath
            snapshotPath = server.dataDirectory.deletingLastPathComponent().appendingPathComponent("offline-snapshot.db").path

            @discardableResult
            func run(_ arguments: [String], input: Data = Data()) throws -> ProcessResult {
                let result = try server.etcdctl(arguments, input: input)
                guard result.status == 0 else {
                    throw TestSupportError("etcdctl \(arguments.joined(separator: " ")) failed: \(result.errorOutput)")
                }
                return result
            }

            try run(["put", "foo", "bar"])
            for index in 1...4 {
                try run(["put", "/a/\(index)", "value \(index)"])
            }
            try run(["put", "foo", "second"])
            try run(["del", "/a/2"])
            try run(["compact", "4"])
            compactRevision = 4
            let lease = try run(["lease", "grant", "3600"]).output.split(separator: " ")[1]
            try run(["put", "--lease=\(lease)", "/b/leased", "with a lease"])
            try run(["put", "/registry/namespaces/default"], input: Data([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0b, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x09] + Array("Namespace".utf8) + [0xff, 0x00, 0x7f]))
            try run(["put", "/registry/pods/default/web", "{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}"])
            try run(["put", "/registry/namespaces/team-a", "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"team-a\",\"labels\":{\"team\":\"a\"}},\"spec\":{\"finalizers\":[\"kubernetes\"]},\"status\":{\"phase\":\"Active\"}}"])
            try run(["put", "/registry/configmaps/team-a/settings", "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"settings\",\"namespace\":\"team-a\"},\"data\":{\"mode\":\"fast\"}}"])
            try run(["put", "/a/1", "changed\twith a tab"])
            try run(["snapshot", "save", snapshotPath])

            var reads: [String: ProcessResult] = [:]
            for arguments in Self.reads {
                reads[arguments.joined(separator: " ")] = try server.etcdctl(arguments)
            }
            onlineReads = reads
            onlineHashKV = try run(["endpoint", "hashkv", "-w", "json"]).output
            var kubernetesReads: [String: ProcessResult] = [:]
            for arguments in Self.kubernetesReads {
                kubernetesReads[arguments.joined(separator: " ")] = try server.ketcd(arguments)
            }
            onlineKubernetesReads = kubernetesReads
            server.stop()
        }
    }

    static func recording() throws -> Recording {
        try Recording.shared.get()
    }

    static func ketcd(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(TestEnvironment.ketcdPath, arguments)
    }

    @Test(arguments: Recording.reads)
    func databaseReadMatchesEtcdctl(_ arguments: [String]) throws {
        let recording = try Self.recording()
        let online = try #require(recording.onlineReads[arguments.joined(separator: " ")])
        for source in [["--db", recording.databasePath], ["--data-dir", recording.dataDirectory]] {
            let offline = try Self.ketcd(source + arguments)
            #expect(offline.status == online.status, "\(source[0]): \(offline.errorOutput)")
            #expect(offline.output == online.output, "\(source[0])")
        }
    }

    @Test func snapshotReadMatchesEtcdctl() throws {
        let recording = try Self.recording()
        let arguments = ["get", "", "--prefix", "-w", "json"]
        let online = try #require(recording.onlineReads[arguments.joined(separator: " ")])
        let offline = try Self.ketcd(["--db", recording.snapshotPath] + arguments)
        #expect(offline.status == 0, "\(offline.errorOutput)")
        #expect(offline.output == online.output)
    }

    @Test(arguments: ["simple", "json", "fields", "table"])
    func snapshotStatusMatchesEtcdutl(_ format: String) throws {
        let recording = try Self.recording()
        let expected = try ProcessRunner.run(TestEnvironment.etcdutlPath, ["snapshot", "status", recording.snapshotPath, "-w", format])
        let actual = try Self.ketcd(["snapshot", "status", recording.snapshotPath, "-w", format])
        #expect(actual.status == expected.status)
        #expect(actual.output == expected.output)
        #expect(actual.errorOutput.contains("matches its contents"))
    }

    @Test func hashKVMatchesEndpointHashKV() throws {
        let recording = try Self.recording()
        let actual = try Self.ketcd(["hashkv", "--db", recording.databasePath, "-w", "json"])
        #expect(actual.status == 0, "\(actual.errorOutput)")
        let expected = recording.onlineHashKV.replacingOccurrences(
            of: "\"Endpoint\":\"\(recording.endpoint)\"", with: "\"Endpoint\":\"\(recording.databasePath)\""
        )
        #expect(actual.output == expected)
    }

    @Test func writeCommandRejectsDatabase() throws {
        let recording = try Self.recording()
        let result = try Self.ketcd(["--db", recording.databasePath, "put", "key", "value"])
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("--db and --data-dir only serve reads"))
    }

    @Test func endpointsConflictWithDatabase() throws {
        let recording = try Self.recording()
        for (flag, path) in [("--db", recording.databasePath), ("--data-dir", recording.dataDirectory)] {
            let result = try Self.ketcd([flag, path, "--endpoints", "http://127.0.0.1:1", "get", "/a/1"])
            #expect(result.status == 1)
            #expect(result.output.isEmpty)
            #expect(result.errorOutput == "Error: --endpoints and \(flag) cannot be set at the same time: \(flag) reads the file offline, --endpoints reads the live cluster; choose one\n")
        }
        // An exported ETCDCTL_ENDPOINTS is no conflict: the file is read.
        let environment = try ProcessRunner.run(
            TestEnvironment.ketcdPath, ["--db", recording.databasePath, "get", "/a/1", "--print-value-only"],
            environment: ["ETCDCTL_ENDPOINTS": "http://127.0.0.1:1"])
        #expect(environment.status == 0, "\(environment.errorOutput)")
        #expect(!environment.output.isEmpty)
    }

    @Test func damagedSnapshotFails() throws {
        let recording = try Self.recording()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: recording.snapshotPath)))
        bytes[bytes.count / 2] ^= 0x55
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-offline")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("damaged.db").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let rejected = try Self.ketcd(["--db", path, "get", "foo"])
        #expect(rejected.status == 1)
        #expect(rejected.errorOutput.hasPrefix("Error: snapshot \(path) is damaged"))
        #expect(rejected.errorOutput.split(separator: "\n").count == 1)
        #expect(rejected.output.isEmpty)

        let status = try Self.ketcd(["snapshot", "status", path])
        #expect(status.status == 1)
        #expect(status.output.isEmpty)
    }

    @Test func historyListsEveryRevision() throws {
        let recording = try Self.recording()
        let result = try Self.ketcd(["--db", recording.databasePath, "history", "/a/1"])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.hasPrefix("revision 3 PUT version 1 create_revision 3\nvalue 1\n"))
        #expect(result.output.contains("PUT version 2 create_revision 3\nchanged\twith a tab\n"))
    }
}

extension OfflineCommandTests {
    @Test func inspectDescribesDatabase() throws {
        let recording = try Self.recording()
        let result = try Self.ketcd(["inspect", "--data-dir", recording.dataDirectory, "-w", "json"])
        #expect(result.status == 0, "\(result.errorOutput)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.standardOutput) as? [String: Any])
        #expect(object["compactRevision"] as? Int == 4)
        #expect((object["leases"] as? [Any])?.count == 1)
        #expect((object["members"] as? [Any])?.count == 1)
        #expect(object["authEnabled"] as? Bool == false)
        let fileSize = try #require(object["fileSize"] as? Int)
        let inUse = try #require(object["dbSizeInUse"] as? Int)
        #expect(object["reclaimableByDefrag"] as? Int == fileSize - inUse)
        #expect((object["idSource"] as? String)?.hasPrefix("write-ahead log") == true)
    }

    @Test func historyDecodesKubernetesValues() throws {
        let recording = try Self.recording()
        let result = try Self.ketcd(["--db", recording.databasePath, "history", "/registry/pods/default/web", "--decode"])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("\"kind\":\"Pod\""))
    }
}

extension OfflineCommandTests {
    /// ls, dump, kubectl-style get and api-resources from the file print what
    /// ketcd printed online for the same data.
    @Test(arguments: Recording.kubernetesReads)
    func kubernetesReadMatchesOnline(_ arguments: [String]) throws {
        let recording = try Self.recording()
        let online = try #require(recording.onlineKubernetesReads[arguments.joined(separator: " ")])
        #expect(online.status == 0, "online: \(online.errorOutput)")
        #expect(!online.output.isEmpty)
        for source in [["--db", recording.databasePath], ["--data-dir", recording.dataDirectory]] {
            let offline = try Self.ketcd(source + arguments)
            #expect(offline.status == online.status, "\(source[0]): \(offline.errorOutput)")
            #expect(offline.output == online.output, "\(source[0])")
        }
    }
}
