import EtcdTestSupport
import Foundation
import Testing

/// `ketcd restore`: objects deleted from a live etcd come back from a
/// snapshot saved before, byte for byte, under save's safety rules.
@Suite struct RestoreCommandTests {
    static func secret(_ name: String, namespace: String, app: String) -> String {
        "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"\(name)\",\"namespace\":\"\(namespace)\",\"labels\":{\"app\":\"\(app)\"}},\"data\":{\"password\":\"c2VjcmV0\"},\"type\":\"Opaque\"}\n"
    }

    /// The stored value in base64, as etcdctl's JSON output carries it; nil when the key is absent.
    static func value(_ server: EtcdServer, _ key: String) throws -> String? {
        let output = try server.etcdctl(["get", key, "-w", "json"]).output
        guard let start = output.range(of: "\"value\":\"") else { return nil }
        return String(output[start.upperBound...].prefix { $0 != "\"" })
    }

    @Test func restoresDeletedSecretsOfOneNamespace() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let snapshot = directory.appendingPathComponent("before.db").path

        let objects = [
            ("/registry/secrets/team-a/web", Self.secret("web", namespace: "team-a", app: "web")),
            ("/registry/secrets/team-a/db", Self.secret("db", namespace: "team-a", app: "db")),
            ("/registry/secrets/team-b/web", Self.secret("web", namespace: "team-b", app: "web")),
        ]
        for (key, value) in objects {
            #expect(try server.etcdctl(["put", key], input: Data(value.utf8)).status == 0)
        }
        #expect(try server.etcdctl(["snapshot", "save", snapshot]).status == 0)
        let stored = try objects.map { try #require(try Self.value(server, $0.0)) }

        // The accident: team-a's secrets are deleted, team-b's is changed.
        #expect(try server.etcdctl(["del", "/registry/secrets/team-a/", "--prefix"]).status == 0)
        #expect(try server.etcdctl(["put", "/registry/secrets/team-b/web", "changed"]).status == 0)

        let dryRun = try server.ketcd(["restore", "--from", snapshot, "secrets", "-n", "team-a", "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.errorOutput)")
        #expect(dryRun.output.contains("/registry/secrets/team-a/web would be created"))
        #expect(dryRun.output.contains("restore: 2 would be created, 0 would be updated, 0 unchanged"))
        #expect(try Self.value(server, "/registry/secrets/team-a/web") == nil)

        let backup = directory.appendingPathComponent("backup.jsonl").path
        let selected = try server.ketcd(["restore", "--from", snapshot, "secrets", "-n", "team-a", "-l", "app=web", "--backup", backup])
        #expect(selected.status == 0, "\(selected.errorOutput)")
        #expect(selected.output == "/registry/secrets/team-a/web created\nrestore: 1 created, 0 updated, 0 unchanged\n")
        #expect(try Self.value(server, "/registry/secrets/team-a/web") == stored[0])
        #expect(try Self.value(server, "/registry/secrets/team-a/db") == nil)

        let rest = try server.ketcd(["restore", "--from", snapshot, "secrets", "-n", "team-a", "--backup", backup])
        #expect(rest.status == 0, "\(rest.errorOutput)")
        #expect(rest.output.contains("restore: 1 created, 0 updated, 1 unchanged"))
        #expect(try Self.value(server, "/registry/secrets/team-a/db") == stored[1])
        // Nothing was replaced, so no backup file exists yet.
        #expect(!FileManager.default.fileExists(atPath: backup))

        let replaced = try server.ketcd(["restore", "--from", snapshot, "/registry/secrets/team-b/web", "--backup", backup])
        #expect(replaced.status == 0, "\(replaced.errorOutput)")
        #expect(replaced.output.contains("/registry/secrets/team-b/web updated"))
        #expect(try Self.value(server, "/registry/secrets/team-b/web") == stored[2])
        let backupText = try String(contentsOfFile: backup, encoding: .utf8)
        #expect(backupText.contains("/registry/secrets/team-b/web"))
        #expect(backupText.contains(Data("changed".utf8).base64EncodedString()))
    }

    @Test func restoreRejectsMissingSourceAndSelection() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let noSource = try server.ketcd(["restore", "secrets"])
        #expect(noSource.status == 128)
        #expect(noSource.errorOutput.contains("--from FILE"))

        let missing = try server.ketcd(["restore", "--from", "/nonexistent/snapshot.db", "secrets"])
        #expect(missing.status == 1)
        #expect(missing.errorOutput.hasPrefix("Error: cannot open /nonexistent/snapshot.db"))
    }
}
