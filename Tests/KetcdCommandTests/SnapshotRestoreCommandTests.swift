import EtcdTestSupport
import Foundation
import Testing

/// `ketcd snapshot restore` against Debian's etcdutl 3.5.16: real etcd
/// started on the restored directories serves the snapshot's keys, and
/// reports the same HashKV and member list as on etcdutl's restore.
@Suite(.serialized) struct SnapshotRestoreCommandTests {
    @Test func restoredMemberServesSnapshot() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try SourceSnapshot(in: directory)
        let ports = (client: try PortAllocator.freePort(), peer: try PortAllocator.freePort())
        let peerURL = "http://127.0.0.1:\(ports.peer)"
        let flags = [
            "--name", "restored", "--initial-cluster", "restored=\(peerURL)",
            "--initial-advertise-peer-urls", peerURL, "--initial-cluster-token", "restore-test",
        ]

        var states: [String: ServedState] = [:]
        for tool in ["ketcd", "etcdutl"] {
            let dataDirectory = directory.appendingPathComponent("\(tool)/data")
            let executable = tool == "ketcd" ? TestEnvironment.ketcdPath : TestEnvironment.etcdutlPath
            // etcdutl accepts -w on every command; ketcd does too.
            let result = try ProcessRunner.run(executable, ["snapshot", "restore", source.path, "--data-dir", dataDirectory.path, "-w", "json"] + flags)
            try #require(result.status == 0, "\(tool): \(result.errorOutput)")
            #expect(result.output.isEmpty, "\(tool)")
            if tool == "ketcd" {
                #expect(result.errorOutput.split(separator: "\n").count == 1)
                #expect(result.errorOutput.hasPrefix("restored \(source.path) to \(dataDirectory.path) at revision \(source.revision): member "))
            }

            let server = try EtcdServer.launch(
                existingDataDirectory: dataDirectory, name: "restored", clientPort: ports.client, peerPort: ports.peer,
                initialCluster: "restored=\(peerURL)")
            defer { server.stop() }
            try server.waitUntilHealthy()
            states[tool] = try ServedState(endpoints: [server.endpoint])
        }

        let ours = try #require(states["ketcd"])
        let reference = try #require(states["etcdutl"])
        #expect(ours.keys == source.keys)
        #expect(ours.keys == reference.keys)
        #expect(ours.revision == reference.revision)
        #expect(ours.hashes == reference.hashes)
        #expect(ours.members == reference.members)
        #expect(ours.clusterID == reference.clusterID)
        #expect(ours.hashes.count == 1)
    }

    @Test func bumpedRestoreIsCompacted() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try SourceSnapshot(in: directory)
        let ports = (client: try PortAllocator.freePort(), peer: try PortAllocator.freePort())
        let peerURL = "http://127.0.0.1:\(ports.peer)"
        let dataDirectory = directory.appendingPathComponent("ketcd/data")
        let result = try ProcessRunner.run(TestEnvironment.ketcdPath, [
            "snapshot", "restore", source.path, "--data-dir", dataDirectory.path, "--bump-revision", "1000", "--mark-compacted",
            "--name", "bumped", "--initial-cluster", "bumped=\(peerURL)", "--initial-advertise-peer-urls", peerURL,
        ])
        try #require(result.status == 0, "\(result.errorOutput)")
        #expect(result.errorOutput.contains(" at revision \(source.revision + 1000): "))

        let server = try EtcdServer.launch(
            existingDataDirectory: dataDirectory, name: "bumped", clientPort: ports.client, peerPort: ports.peer,
            initialCluster: "bumped=\(peerURL)")
        defer { server.stop() }
        try server.waitUntilHealthy()
        let served = try ServedState(endpoints: [server.endpoint])
        #expect(served.keys == source.keys)
        #expect(served.revision == source.revision + 1000)
        #expect(served.hashes.first?.compactRevision == source.revision + 1000)

        // Watchers and readers of an older revision learn that it is gone.
        let old = try server.etcdctl(["get", "/restore/a", "--rev=\(source.revision)"])
        #expect(old.status == 1)
        #expect(old.errorOutput.contains("required revision has been compacted"), "\(old.errorOutput)")
        let put = try server.etcdctl(["put", "/restore/new", "after"])
        #expect(put.status == 0, "\(put.errorOutput)")
        let header = try ServedState.range(endpoints: [server.endpoint])
        #expect(header.revision == source.revision + 1001)
    }

    @Test func restoredClusterServesSnapshot() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try SourceSnapshot(in: directory)
        var ports: [(client: Int, peer: Int)] = []
        for _ in 0..<3 {
            ports.append((try PortAllocator.freePort(), try PortAllocator.freePort()))
        }
        let initialCluster = ports.enumerated().map { "m\($0.offset)=http://127.0.0.1:\($0.element.peer)" }.joined(separator: ",")

        var states: [String: ServedState] = [:]
        for tool in ["ketcd", "etcdutl"] {
            let executable = tool == "ketcd" ? TestEnvironment.ketcdPath : TestEnvironment.etcdutlPath
            var servers: [EtcdServer] = []
            defer { servers.forEach { $0.stop() } }
            for (index, port) in ports.enumerated() {
                let dataDirectory = directory.appendingPathComponent("\(tool)-m\(index)/data")
                let result = try ProcessRunner.run(executable, [
                    "snapshot", "restore", source.path, "--data-dir", dataDirectory.path, "--name", "m\(index)",
                    "--initial-cluster", initialCluster, "--initial-advertise-peer-urls", "http://127.0.0.1:\(port.peer)",
                    "--initial-cluster-token", "three-of-us",
                ])
                try #require(result.status == 0, "\(tool) m\(index): \(result.errorOutput)")
                servers.append(try EtcdServer.launch(
                    existingDataDirectory: dataDirectory, name: "m\(index)", clientPort: port.client, peerPort: port.peer,
                    initialCluster: initialCluster))
            }
            for server in servers {
                try server.waitUntilHealthy()
            }
            states[tool] = try ServedState(endpoints: servers.map(\.endpoint))
        }

        let ours = try #require(states["ketcd"])
        let reference = try #require(states["etcdutl"])
        #expect(ours.keys == source.keys)
        #expect(ours.keys == reference.keys)
        #expect(ours.hashes == reference.hashes)
        #expect(ours.hashes.count == 3)
        #expect(Set(ours.hashes.map(\.hash)).count == 1)
        #expect(ours.members == reference.members)
        #expect(ours.members.count == 3)
        #expect(ours.clusterID == reference.clusterID)
    }

    /// `--data-dir` and `--skip-hash-check` are restore's own flags here, not
    /// the global flags of the same names that read a database offline.
    @Test func ownFlagsShadowGlobalFlags() throws {
        let help = try ProcessRunner.run(TestEnvironment.ketcdPath, ["snapshot", "restore", "--help"])
        #expect(help.status == 0)
        let lines = help.output.split(separator: "\n")
        #expect(lines.filter { $0.contains("--data-dir=") }.count == 1, "\(help.output)")
        #expect(lines.filter { $0.contains("--skip-hash-check[") }.count == 1, "\(help.output)")
        #expect(help.output.contains("Path to the data directory (default <name>.etcd)"))

        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try SourceSnapshot(in: directory)
        // etcdctl 3.5's restore accepts the global flags and ignores them.
        for (index, globalFlag) in ["--endpoints=http://127.0.0.1:1", "--db=\(source.path)"].enumerated() {
            let target = directory.appendingPathComponent("global-\(index)").path
            let result = try ProcessRunner.run(TestEnvironment.ketcdPath, ["snapshot", "restore", source.path, "--data-dir", target, globalFlag])
            #expect(result.status == 0, "\(globalFlag): \(result.errorOutput)")
            #expect(FileManager.default.fileExists(atPath: target + "/member/snap/db"), "\(globalFlag)")
        }
    }

    @Test func badInputLeavesNoDirectory() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try SourceSnapshot(in: directory)
        let snapshot = try Data(contentsOf: URL(fileURLWithPath: source.path))
        func write(_ name: String, _ data: Data) throws -> String {
            let path = directory.appendingPathComponent(name).path
            try data.write(to: URL(fileURLWithPath: path))
            return path
        }
        var damaged = snapshot
        damaged[damaged.count - 40] ^= 0xff
        let damagedPath = try write("damaged.db", damaged)
        let unhashedPath = try write("unhashed.db", snapshot.prefix(snapshot.count - 32))
        let truncatedPath = try write("truncated.db", snapshot.prefix(10_000))
        let textPath = try write("text.db", Data(String(repeating: "not a database\n", count: 100).utf8))
        let used = directory.appendingPathComponent("used")
        try FileManager.default.createDirectory(at: used, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: used.appendingPathComponent("keep"))

        // etcdutl crashes (SIGBUS, exit status 2) on a file that is not a
        // complete bbolt database once --skip-hash-check lets it through,
        // where ketcd reports the damage with status 1.
        let crashesEtcdutl: Set<String> = [truncatedPath, textPath]
        let cases: [(arguments: [String], target: String?)] = [
            ([damagedPath, "--data-dir", "T"], "T"),
            ([unhashedPath, "--data-dir", "T"], "T"),
            ([truncatedPath, "--data-dir", "T"], "T"),
            ([truncatedPath, "--data-dir", "T", "--skip-hash-check"], "T"),
            ([textPath, "--data-dir", "T", "--skip-hash-check"], "T"),
            ([directory.appendingPathComponent("missing.db").path, "--data-dir", "T"], "T"),
            ([source.path, "--data-dir", used.path], nil),
            ([source.path, "--data-dir", "T", "--name", "zz"], "T"),
            ([source.path, "--data-dir", "T", "--initial-advertise-peer-urls", "http://127.0.0.1:9999"], "T"),
            ([source.path, "--data-dir", "T", "--initial-cluster", "default=http://localhost:2380,b=http://localhost:2380"], "T"),
            ([source.path, "--data-dir", "T", "--bump-revision", "100"], "T"),
            ([source.path, "--data-dir", "T", "--mark-compacted"], "T"),
            ([source.path, source.path, "--data-dir", "T"], "T"),
        ]
        for (index, testCase) in cases.enumerated() {
            let label = testCase.arguments.joined(separator: " ")
            func targetPath(_ tool: String) -> String { directory.appendingPathComponent("\(tool)-\(index)/data").path }
            func arguments(_ tool: String) -> [String] {
                ["snapshot", "restore"] + testCase.arguments.map { $0 == "T" ? targetPath(tool) : $0 }
            }
            let ketcd = try ProcessRunner.run(TestEnvironment.ketcdPath, arguments("ketcd"))
            let etcdutl = try ProcessRunner.run(TestEnvironment.etcdutlPath, arguments("etcdutl"))
            if crashesEtcdutl.contains(testCase.arguments[0]) && testCase.arguments.contains("--skip-hash-check") {
                #expect(ketcd.status == 1, "exit status of \(label): \(ketcd.errorOutput)")
                #expect(etcdutl.status == 2, "exit status of etcdutl \(label): \(etcdutl.errorOutput)")
            } else {
                #expect(ketcd.status == etcdutl.status, "exit status of \(label): \(ketcd.errorOutput)")
            }
            #expect(ketcd.status != 0, "\(label)")
            #expect(ketcd.output.isEmpty, "\(label)")
            #expect(errorLines(ketcd).count == 1, "\(label): \(ketcd.errorOutput)")
            #expect(ketcd.errorOutput.split(separator: "\n").count == 1, "\(label): \(ketcd.errorOutput)")
            if testCase.target != nil {
                #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("ketcd-\(index)").path), "\(label)")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: used.path) == ["keep"])

        // A file size limit of 1000 KiB stands in for a full disk: the 64 MB
        // WAL segment cannot be allocated. SIGXFSZ is ignored so that the
        // write fails with EFBIG instead of killing the process.
        let limited = directory.appendingPathComponent("ketcd-limited/data").path
        let full = try ProcessRunner.run("/bin/bash", [
            "-c", "trap '' XFSZ; ulimit -f 1000; exec \"$0\" snapshot restore \"$1\" --data-dir \"$2\"",
            TestEnvironment.ketcdPath, source.path, limited,
        ])
        #expect(full.status == 1, "\(full.errorOutput)")
        #expect(full.errorOutput.hasPrefix("Error: cannot allocate 64000000 bytes for "), "\(full.errorOutput)")
        #expect(full.errorOutput.hasSuffix(": File too large\n"), "\(full.errorOutput)")

        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") || $0.hasPrefix("ketcd-") }
        #expect(leftovers.isEmpty)
    }
}

/// A snapshot saved with etcdctl from a member with Kubernetes-style keys,
/// overwrites, a deletion, a lease and a compaction, and the keys it served.
private struct SourceSnapshot {
    let path: String
    /// `get "" --from-key -w json`'s kvs, as JSON text per key.
    let keys: [String]
    let revision: Int64

    init(in directory: URL) throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        try DifferentialData.load(into: server)
        for command in [["put", "/restore/a", "1"], ["put", "/restore/a", "2"], ["put", "/restore/b", "x"], ["del", "/restore/b"]] {
            let result = try server.etcdctl(command)
            try #require(result.status == 0, "\(command): \(result.errorOutput)")
        }
        let lease = try server.etcdctl(["lease", "grant", "3600"]).output.split(separator: " ")[1]
        try #require(try server.etcdctl(["put", "--lease=\(lease)", "/restore/leased", "v"]).status == 0)
        try #require(try server.etcdctl(["compact", "3"]).status == 0)

        path = directory.appendingPathComponent("source.db").path
        let saved = try server.etcdctl(["snapshot", "save", path])
        try #require(saved.status == 0, "\(saved.errorOutput)")
        let state = try ServedState.range(endpoints: [server.endpoint])
        keys = state.keys
        revision = state.revision
    }
}

/// What a running cluster serves: its keys, revision, HashKV per endpoint
/// and members, from etcdctl's `-w json` output.
private struct ServedState {
    struct Hash: Equatable {
        var endpoint: String
        var hash: UInt64
        var hashRevision: Int64
        var compactRevision: Int64
    }

    var keys: [String]
    var revision: Int64
    var hashes: [Hash]
    /// `member list` entries as JSON text, sorted.
    var members: [String]
    var clusterID: UInt64

    init(endpoints: [String]) throws {
        let range = try ServedState.range(endpoints: endpoints)
        keys = range.keys
        revision = range.revision

        let hashOutput = try ServedState.etcdctl(endpoints, ["endpoint", "hashkv", "-w", "json"])
        let hashList = try #require(try JSONSerialization.jsonObject(with: hashOutput) as? [[String: Any]])
        hashes = try hashList.map { item in
            let hashKV = try #require(item["HashKV"] as? [String: Any])
            return Hash(
                endpoint: item["Endpoint"] as? String ?? "",
                hash: (hashKV["hash"] as? NSNumber)?.uint64Value ?? 0,
                hashRevision: (hashKV["hash_revision"] as? NSNumber)?.int64Value ?? 0,
                compactRevision: (hashKV["compact_revision"] as? NSNumber)?.int64Value ?? 0)
        }

        let memberOutput = try ServedState.etcdctl(endpoints, ["member", "list", "-w", "json"])
        let memberList = try #require(try JSONSerialization.jsonObject(with: memberOutput) as? [String: Any])
        let memberEntries = memberList["members"] as? [Any] ?? []
        members = try memberEntries.map { member in
            String(decoding: try JSONSerialization.data(withJSONObject: member, options: [.sortedKeys]), as: UTF8.self)
        }.sorted()
        let header = try #require(memberList["header"] as? [String: Any])
        clusterID = (header["cluster_id"] as? NSNumber)?.uint64Value ?? 0
    }

    /// Reads every key with `get "" --from-key`, and the header revision.
    static func range(endpoints: [String]) throws -> (keys: [String], revision: Int64) {
        let output = try etcdctl(endpoints, ["get", "", "--from-key", "-w", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        let kvs = object["kvs"] as? [Any] ?? []
        let keys = try kvs.map { kv in
            String(decoding: try JSONSerialization.data(withJSONObject: kv, options: [.sortedKeys]), as: UTF8.self)
        }
        let header = try #require(object["header"] as? [String: Any])
        return (keys, (header["revision"] as? NSNumber)?.int64Value ?? 0)
    }

    static func etcdctl(_ endpoints: [String], _ arguments: [String]) throws -> Data {
        let result = try ProcessRunner.run(TestEnvironment.etcdctlPath, ["--endpoints=\(endpoints.joined(separator: ","))"] + arguments)
        try #require(result.status == 0, "etcdctl \(arguments.joined(separator: " ")): \(result.errorOutput)")
        return result.standardOutput
    }
}
