import EtcdTestSupport
import Foundation
import Testing

/// `ketcd make-mirror` against etcdctl's, each into its own destination server.
@Suite(.serialized) struct MakeMirrorTests {
    private func contents(_ server: EtcdServer) throws -> String {
        try server.etcdctl(["get", "--prefix", ""]).output
    }

    /// Polls until both destinations contain `key`.
    private func waitForKey(_ key: String, in servers: [EtcdServer]) throws -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if try servers.allSatisfy({ try $0.etcdctl(["get", key, "--keys-only"]).output.contains(key) }) {
                return true
            }
            usleep(50_000)
        }
        return false
    }

    /// The key a source key under /m/ gets in the destination for these flags.
    private func destinationKey(_ key: String, flags: [String]) -> String {
        if flags.contains("--dest-prefix") {
            return "/copy/" + key.dropFirst(3)
        }
        if flags.contains("--no-dest-prefix") {
            return String(key.dropFirst(3))
        }
        return key
    }

    @Test func mirrorMatchesEtcdctl() throws {
        let source = try EtcdServer.start()
        let ketcdDestination = try EtcdServer.start()
        let etcdctlDestination = try EtcdServer.start()
        defer {
            source.stop()
            ketcdDestination.stop()
            etcdctlDestination.stop()
        }
        for index in 1...5 {
            try #require(try source.etcdctl(["put", "/m/base\(index)", "value \(index)"]).status == 0)
        }
        try #require(try source.etcdctl(["put", "/elsewhere", "x"]).status == 0)

        for flags in [["--prefix", "/m/", "--dest-prefix", "/copy/"], ["--prefix", "/m/", "--no-dest-prefix"], []] {
            try #require(try ketcdDestination.etcdctl(["del", "--prefix", ""]).status == 0)
            try #require(try etcdctlDestination.etcdctl(["del", "--prefix", ""]).status == 0)
            let ketcd = try BackgroundProcess.ketcd(source.clientArguments + ["make-mirror"] + flags + [ketcdDestination.endpoint])
            let etcdctl = try BackgroundProcess.etcdctl(source.clientArguments + ["make-mirror"] + flags + [etcdctlDestination.endpoint])
            let marker = destinationKey("/m/base5", flags: flags)
            #expect(try waitForKey(marker, in: [ketcdDestination, etcdctlDestination]), "\(flags)")

            // Changes after the initial copy: a put, a delete and a multi-key transaction.
            try #require(try source.etcdctl(["put", "/m/live", "new"]).status == 0)
            try #require(try source.etcdctl(["del", "/m/base1"]).status == 0)
            let txn = try source.etcdctl(["txn"], input: Data("\nput /m/t1 a\nput /m/t2 b\n\n\n".utf8))
            try #require(txn.status == 0, "\(txn.errorOutput)")
            try #require(try source.etcdctl(["put", "/m/zz-last", "end"]).status == 0)
            let last = destinationKey("/m/zz-last", flags: flags)
            #expect(try waitForKey(last, in: [ketcdDestination, etcdctlDestination]), "\(flags)")
            ketcd.stop()
            etcdctl.stop()

            let mirrored = try contents(ketcdDestination)
            #expect(mirrored == (try contents(etcdctlDestination)), "\(flags)")
            #expect(!mirrored.contains("base1\n"), "\(flags)")
            #expect(mirrored.contains("t2\nb\n"), "\(flags)")
            #expect(ketcd.text.isEmpty, "\(flags): \(ketcd.text)")

            // Undo the live changes for the next round.
            try #require(try source.etcdctl(["del", "--prefix", "/m/"]).status == 0)
            for index in 1...5 {
                try #require(try source.etcdctl(["put", "/m/base\(index)", "value \(index)"]).status == 0)
            }
        }
    }

    @Test func revisionSkipsInitialCopy() throws {
        let source = try EtcdServer.start()
        let destination = try EtcdServer.start()
        defer {
            source.stop()
            destination.stop()
        }
        try #require(try source.etcdctl(["put", "/m/old", "1"]).status == 0)
        let put = try source.etcdctl(["put", "/m/new", "2", "-w", "json"])
        let revision = try #require(WatchTests.headerRevision(put.output))
        let ketcd = try BackgroundProcess.ketcd(source.clientArguments + ["make-mirror", "--prefix", "/m/", "--rev", String(revision), "--max-txn-ops", "1", destination.endpoint])
        #expect(try waitForKey("/m/new", in: [destination]))
        let txn = try source.etcdctl(["txn"], input: Data("\nput /m/t1 a\nput /m/t2 b\n\n\n".utf8))
        try #require(txn.status == 0)
        #expect(try waitForKey("/m/t2", in: [destination]))
        ketcd.stop()
        #expect(try destination.etcdctl(["get", "--prefix", "/m/", "--keys-only"]).output == "/m/new\n\n/m/t1\n\n/m/t2\n\n")
    }

    @Test func argumentErrorsMatchEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        for arguments in [["make-mirror"], ["make-mirror", "a", "b"], ["make-mirror", "--dest-prefix", "x", "--no-dest-prefix", server.endpoint]] {
            let etcdctl = try server.etcdctl(arguments)
            let ketcd = try server.ketcd(arguments)
            #expect(ketcd.status == etcdctl.status, "\(arguments)")
            #expect(ketcd.errorOutput == etcdctl.errorOutput, "\(arguments)")
        }
    }
}
