import EtcdTestSupport
import Foundation
import Testing

/// Bad input gets one clear error line and a non-zero status, never a hang.
@Suite struct BadInputTests {
    /// Malformed command lines: ketcd prints etcdctl's error text once, with etcdctl's exit status.
    @Test func malformedFlagsMatchEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let differential = Differential(server: server)

        let cases: [[String]] = [
            ["get", "--bogus", "a"],
            ["get", "a", "--limit=x"],
            ["get", "a", "--prefix=maybe"],
            ["get", "a", "--order=sideways"],
            ["get", "a", "--sort-by=size"],
            ["get", "a", "--consistency=x"],
            ["get"],
            ["get", "a", "b", "--prefix"],
            ["get", "a", "--prefix", "--from-key"],
            ["get", "a", "--count-only"],
            ["get", "a", "--print-value-only", "-w", "json"],
            ["get", "a", "-w", "table"],
            ["put"],
            ["put", "a", "b", "--ignore-value"],
            ["put", "a", "b", "--lease=xyz"],
            ["del"],
            ["del", "a", "b", "c"],
            ["del", "a", "--prefix", "--from-key"],
            ["endpoint", "status", "-w", "protobuf"],
            ["bogus"],
        ]
        for arguments in cases {
            let (etcdctl, ketcd) = try differential.run(arguments)
            #expect(ketcd.status == etcdctl.status, "exit status of \(arguments): \(ketcd.errorOutput)")
            // Messages that name the program name ketcd where etcdctl names itself.
            let expectedLines = errorLines(etcdctl).map { $0.replacingOccurrences(of: "\"etcdctl\"", with: "\"ketcd\"") }
            #expect(errorLines(ketcd) == expectedLines, "error line of \(arguments)")
            #expect(ketcd.output.isEmpty, "no output for \(arguments)")
        }
    }

    @Test func unknownOutputFormat() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let result = try server.ketcd(["get", "a", "-w", "yaml"])
        #expect(result.status == 4)
        #expect(result.errorOutput == "Error: unsupported output format \"yaml\"; use fields, json, protobuf, simple or table\n")
    }

    @Test func revisionErrorsMatchEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        for index in 0..<5 {
            _ = try server.etcdctl(["put", "k", "v\(index)"])
        }
        let compact = try server.etcdctl(["compaction", "4"])
        #expect(compact.status == 0)
        let differential = Differential(server: server)

        for arguments in [["get", "k", "--rev=1000"], ["get", "k", "--rev=2"]] {
            let (etcdctl, ketcd) = try differential.run(arguments)
            #expect(ketcd.status == etcdctl.status, "\(arguments)")
            #expect(errorLines(ketcd) == errorLines(etcdctl), "\(arguments)")
        }
        #expect(errorLines(try server.ketcd(["get", "k", "--rev=2"])) == ["Error: etcdserver: mvcc: required revision has been compacted"])
        #expect(errorLines(try server.ketcd(["get", "k", "--rev=1000"])) == ["Error: etcdserver: mvcc: required revision is a future revision"])
    }

    @Test func expiredCommandTimeoutFails() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let differential = Differential(server: server)
        // etcdctl 3.5.16 fails each of these with "context deadline exceeded", status 1.
        for (value, printed) in [("0s", "0s"), ("-1s", "-1s"), ("1ns", "1ns")] {
            let (etcdctl, ketcd) = try differential.run(["--command-timeout=\(value)", "get", "k"])
            #expect(etcdctl.status == 1, "etcdctl --command-timeout=\(value)")
            #expect(ketcd.status == etcdctl.status, "--command-timeout=\(value): \(ketcd.errorOutput)")
            #expect(ketcd.output.isEmpty)
            let lines = errorLines(ketcd)
            #expect(lines.count == 1)
            #expect(lines.first?.hasPrefix("Error: context deadline exceeded: ") == true, "\(lines)")
            #expect(lines.first?.hasSuffix("did not respond within the \(printed) command timeout") == true, "\(lines)")
        }
        // lock sends its requests without the command timeout, as etcdctl's does.
        let (etcdctl, ketcd) = try differential.run(["--command-timeout=0s", "lock", "l1", "echo", "locked"])
        #expect(etcdctl.status == 0)
        #expect(ketcd.status == 0, "\(ketcd.errorOutput)")
        #expect(ketcd.output == "locked\n")
        #expect(ketcd.output == etcdctl.output)
    }

    @Test func unreachableEndpointFailsWithOneLine() throws {
        let port = try PortAllocator.freePort()
        let result = try ProcessRunner.run(
            TestEnvironment.ketcdPath, ["--endpoints=127.0.0.1:\(port)", "--dial-timeout=1s", "get", "a"], timeout: 20
        )
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        let lines = result.errorOutput.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("Error: ") == true)
        #expect(lines.first?.contains("127.0.0.1:\(port)") == true)
    }

    @Test func wrongCertificateAuthority() throws {
        let pki = try KubeadmPKI.shared()
        let server = try EtcdServer.start(security: .mutualTLS(pki))
        defer { server.stop() }
        let result = try ProcessRunner.run(TestEnvironment.ketcdPath, [
            "--endpoints=\(server.endpoint)", "--cacert=\(pki.untrustedCACertificate)",
            "--cert=\(pki.apiserverClientCertificate)", "--key=\(pki.apiserverClientKey)",
            "--dial-timeout=2s", "get", "a",
        ], timeout: 30)
        #expect(result.status != 0)
        let lines = result.errorOutput.split(separator: "\n")
        #expect(lines.count == 1, "\(result.errorOutput)")
        #expect(lines.first?.hasPrefix("Error: ") == true)
        #expect(lines.first?.contains("127.0.0.1:\(server.clientPort)") == true, "\(result.errorOutput)")
    }

    @Test func rejectedClientCertificate() throws {
        let pki = try KubeadmPKI.shared()
        let server = try EtcdServer.start(security: .mutualTLS(pki))
        defer { server.stop() }
        let result = try ProcessRunner.run(TestEnvironment.ketcdPath, [
            "--endpoints=\(server.endpoint)", "--cacert=\(pki.etcdCACertificate)",
            "--cert=\(pki.untrustedClientCertificate)", "--key=\(pki.untrustedClientKey)",
            "--dial-timeout=2s", "get", "a",
        ], timeout: 30)
        #expect(result.status != 0)
        let lines = result.errorOutput.split(separator: "\n")
        #expect(lines.count == 1, "\(result.errorOutput)")
        #expect(lines.first?.hasPrefix("Error: ") == true)
        #expect(result.output.isEmpty)
    }

    @Test func missingCertificateFile() throws {
        let result = try ProcessRunner.run(TestEnvironment.ketcdPath, [
            "--endpoints=https://127.0.0.1:1", "--cacert=/nonexistent/ca.crt", "get", "a",
        ], timeout: 20)
        #expect(result.status != 0)
        #expect(result.errorOutput.hasPrefix("Error: "))
        #expect(result.errorOutput.contains("/nonexistent/ca.crt"))
    }

    @Test func wrongPasswordMatchesEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        for command in [["user", "add", "root:rootpw"], ["user", "grant-role", "root", "root"], ["auth", "enable"]] {
            let result = try server.etcdctl(command)
            #expect(result.status == 0, "\(command): \(result.errorOutput)")
        }
        let differential = Differential(server: server)

        for arguments in [["--user=root:wrong", "get", "a"], ["--user=nobody:x", "get", "a"], ["get", "a"]] {
            let (etcdctl, ketcd) = try differential.run(arguments)
            #expect(ketcd.status == etcdctl.status, "\(arguments): \(ketcd.errorOutput)")
            #expect(errorLines(ketcd) == errorLines(etcdctl), "\(arguments)")
        }
        try differential.expectSame(["--user=root:rootpw", "put", "a", "1"])
        try differential.expectSame(["--user=root", "--password=rootpw", "get", "a", "-w", "json"])
    }

    @Test func environmentAndFlagConflict() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let result = try ProcessRunner.run(
            TestEnvironment.ketcdPath, ["--endpoints=\(server.endpoint)", "get", "a"],
            environment: ["ETCDCTL_ENDPOINTS": server.endpoint]
        )
        #expect(result.status == 1)
        #expect(result.errorOutput == "Error: conflicting environment variable \"ETCDCTL_ENDPOINTS\" is shadowed by corresponding command-line flag --endpoints (either unset environment variable or disable flag)\n")
        let etcdctl = try ProcessRunner.run(
            TestEnvironment.etcdctlPath, ["--endpoints=\(server.endpoint)", "get", "a"],
            environment: ["ETCDCTL_ENDPOINTS": server.endpoint]
        )
        #expect(etcdctl.status == 1)
    }

    @Test func environmentVariablesConfigureConnection() throws {
        let pki = try KubeadmPKI.shared()
        let server = try EtcdServer.start(security: .mutualTLS(pki))
        defer { server.stop() }
        _ = try server.etcdctl(["put", "from-env", "yes"])
        let environment: [String: String?] = [
            "ETCDCTL_ENDPOINTS": server.endpoint,
            "ETCDCTL_CACERT": pki.etcdCACertificate,
            "ETCDCTL_CERT": pki.apiserverClientCertificate,
            "ETCDCTL_KEY": pki.apiserverClientKey,
            "ETCDCTL_WRITE_OUT": "fields",
        ]
        let ketcd = try ProcessRunner.run(TestEnvironment.ketcdPath, ["get", "from-env"], environment: environment)
        let etcdctl = try ProcessRunner.run(TestEnvironment.etcdctlPath, ["get", "from-env"], environment: environment)
        #expect(ketcd.status == 0, "\(ketcd.errorOutput)")
        #expect(ketcd.output == etcdctl.output)
        #expect(ketcd.output.contains("\"Value\" : \"yes\""))
    }

    /// etcdctl v2 habits: `--key-file`/`--cert-file`/`--ca-file` and
    /// ETCDCTL_API=2 still read the v3 keyspace, with one note on stderr.
    @Test func versionTwoHabits() throws {
        let pki = try KubeadmPKI.shared()
        let server = try EtcdServer.start(security: .mutualTLS(pki))
        defer { server.stop() }
        _ = try server.etcdctl(["put", "/registry/namespaces/default", "ns"])
        let result = try ProcessRunner.run(TestEnvironment.ketcdPath, [
            "--key-file=\(pki.serverKey)", "--cert-file=\(pki.serverCertificate)", "--ca-file=\(pki.etcdCACertificate)",
            "--endpoints", server.endpoint, "get", "/registry/namespaces/default",
        ], environment: ["ETCDCTL_API": "2"])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output == "/registry/namespaces/default\nns\n")
        let notes = result.errorOutput.split(separator: "\n")
        #expect(notes.count == 1)
        #expect(notes.first?.contains("v3 keyspace") == true)
    }

    @Test func srvDiscoveryIsRejected() throws {
        let result = try ProcessRunner.run(TestEnvironment.ketcdPath, ["--discovery-srv=example.com", "get", "a"])
        #expect(result.status == 1)
        #expect(result.errorOutput.hasPrefix("Error: DNS SRV discovery"))
    }
}

/// `--debug` prints the settings in force, as etcdctl does, without secrets.
@Suite struct DebugOutputTests {
    @Test func debugListsSettingsWithoutPassword() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        _ = try server.etcdctl(["put", "a", "1"])
        let result = try server.ketcd(["--debug", "--user=root:secret", "--dial-timeout=3s", "get", "a"])
        let lines = result.errorOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains("ETCDCTL_DIAL_TIMEOUT=3s"))
        #expect(lines.contains("ETCDCTL_ENDPOINTS=[\(server.endpoint)]"))
        #expect(lines.contains("ETCDCTL_USER=root:<hidden>"))
        #expect(!result.errorOutput.contains("secret"))
        #expect(result.output == "a\n1\n")
    }
}

@Suite struct TLSFileErrorTests {
    @Test func mismatchedKeyMatchesEtcdctlExit() throws {
        let pki = try KubeadmPKI.shared()
        let arguments = [
            "--endpoints=https://127.0.0.1:1", "--cacert=\(pki.etcdCACertificate)",
            "--cert=\(pki.apiserverClientCertificate)", "--key=\(pki.serverKey)", "get", "/k",
        ]
        let ketcd = try ProcessRunner.run(TestEnvironment.ketcdPath, arguments)
        let etcdctl = try ProcessRunner.run(TestEnvironment.etcdctlPath, arguments)

        #expect(ketcd.status == etcdctl.status)
        #expect(ketcd.status == 128)
        #expect(ketcd.errorOutput.hasPrefix("Error: tls: private key does not match public key"))
    }
}
