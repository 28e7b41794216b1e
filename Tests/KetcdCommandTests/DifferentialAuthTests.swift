import EtcdTestSupport
import Foundation
import Testing

/// User, role and auth commands against etcdctl. Each tool runs the same
/// script of commands from a clean state; header revisions and the auth
/// revision differ between the runs and are masked.
@Suite struct DifferentialAuthTests {
    static let script: [[String]] = [
        ["user", "add", "root:pw"],
        ["role", "add", "r1"],
        ["role", "grant-permission", "r1", "readwrite", "/a", "/b"],
        ["role", "grant-permission", "r1", "read", "/p", "--prefix"],
        ["role", "grant-permission", "r1", "write", "/f", "--from-key"],
        ["role", "get", "r1"],
        ["role", "list"],
        ["user", "grant-role", "root", "r1"],
        ["user", "get", "root"],
        ["user", "get", "root", "--detail"],
        ["user", "list"],
        ["auth", "status"],
        ["role", "revoke-permission", "r1", "/a", "/b"],
        ["role", "revoke-permission", "r1", "/p", "--prefix"],
        ["user", "revoke-role", "root", "r1"],
        ["role", "delete", "r1"],
        ["user", "delete", "root"],
        ["user", "add"],
        ["role", "grant-permission", "r1", "bogus", "/a"],
        ["user", "get", "nobody"],
        ["role", "get", "nobody"],
    ]

    func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #""revision":[0-9]+"#, with: "\"revision\":<n>", options: .regularExpression)
            .replacingOccurrences(of: #""Revision" : [0-9]+"#, with: "\"Revision\" : <n>", options: .regularExpression)
            .replacingOccurrences(of: #"AuthRevision: [0-9]+"#, with: "AuthRevision: <n>", options: .regularExpression)
            .replacingOccurrences(of: #""authRevision":[0-9]+"#, with: "\"authRevision\":<n>", options: .regularExpression)
    }

    @Test(arguments: ["simple", "json", "fields", "table"])
    func scriptMatchesEtcdctl(format: String) throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        var etcdctlRun: [(String, Int32, [String])] = []
        for command in Self.script {
            let result = try server.etcdctl(command + ["-w", format])
            etcdctlRun.append((masked(result.output), result.status, errorLines(result)))
        }
        for (index, command) in Self.script.enumerated() {
            let result = try server.ketcd(command + ["-w", format])
            let expected = etcdctlRun[index]
            #expect(masked(result.output) == expected.0, "\(command) -w \(format)")
            #expect(result.status == expected.1, "\(command) -w \(format): \(result.errorOutput)")
            #expect(errorLines(result) == expected.2, "\(command) -w \(format)")
        }
    }

    @Test func passwordFromStandardInput() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let add = try server.ketcd(["user", "add", "root", "--interactive=false"], input: Data("first\n".utf8))
        #expect(add.output == "User root created\n")
        let change = try server.ketcd(["user", "passwd", "root", "--interactive=false"], input: Data("second\n".utf8))
        #expect(change.output == "Password updated\n")
        _ = try server.etcdctl(["user", "grant-role", "root", "root"])
        let enable = try server.ketcd(["auth", "enable"])
        #expect(enable.output == "Authentication Enabled\n")

        #expect(try server.ketcd(["--user=root:second", "put", "k", "v"]).output == "OK\n")
        #expect(try server.ketcd(["--user=root:first", "get", "k"]).status == 2)
        let disable = try server.ketcd(["--user=root:second", "auth", "disable"])
        #expect(disable.output == "Authentication Disabled\n")
    }
}
