import EtcdTestSupport
import Foundation
import Testing

/// `ketcd lock`, `elect` and `lease keep-alive` against etcdctl 3.5 on the same server.
@Suite(.serialized) struct ConcurrencyTests {
    private func holderKeys(_ server: EtcdServer, prefix: String) throws -> [String] {
        let result = try server.etcdctl(["get", "--prefix", prefix, "--keys-only"])
        return result.output.split(separator: "\n").map(String.init)
    }

    /// Runs a contention round: `first` holds the lock, `second` waits and
    /// gets it only after `first` releases it.
    private func contend(first: BackgroundProcess, startSecond: () throws -> BackgroundProcess, server: EtcdServer, name: String) throws {
        #expect(first.waitFor("\(name)/"))
        let second = try startSecond()
        // Both keys are queued before the first holder lets go.
        #expect(second.isRunning)
        let queued = Date().addingTimeInterval(20)
        while try holderKeys(server, prefix: "\(name)/").count < 2 && Date() < queued { usleep(20_000) }
        let keys = try holderKeys(server, prefix: "\(name)/")
        #expect(keys.count == 2)
        #expect(second.text.isEmpty, "the waiter printed \(second.text) while the lock was held")

        #expect(first.stop() == 0)
        #expect(second.waitFor("\(name)/"))
        let secondKey = second.text.split(separator: "\n").first.map(String.init)
        #expect(secondKey == keys.last)
        #expect(second.stop() == 0)
        #expect(try holderKeys(server, prefix: "\(name)/").isEmpty)
    }

    @Test func lockEtcdctlThenKetcd() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let first = try BackgroundProcess.etcdctl(server.clientArguments + ["lock", "shared"])
        try contend(first: first, startSecond: { try BackgroundProcess.ketcd(server.clientArguments + ["lock", "shared"]) }, server: server, name: "shared")
    }

    @Test func lockKetcdThenEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let first = try BackgroundProcess.ketcd(server.clientArguments + ["lock", "shared"])
        try contend(first: first, startSecond: { try BackgroundProcess.etcdctl(server.clientArguments + ["lock", "shared"]) }, server: server, name: "shared")
    }

    @Test func lockKetcdThenKetcd() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let first = try BackgroundProcess.ketcd(server.clientArguments + ["lock", "--ttl", "30", "shared"])
        try contend(first: first, startSecond: { try BackgroundProcess.ketcd(server.clientArguments + ["lock", "shared"]) }, server: server, name: "shared")
    }

    @Test func lockHolderPrintoutMatchesEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        for format in ["simple", "json", "fields"] {
            let etcdctl = try BackgroundProcess.etcdctl(server.clientArguments + ["lock", "printed", "-w", format])
            #expect(etcdctl.waitUntil { !$0.isEmpty })
            etcdctl.stop()
            let ketcd = try BackgroundProcess.ketcd(server.clientArguments + ["lock", "printed", "-w", format])
            #expect(ketcd.waitUntil { !$0.isEmpty })
            ketcd.stop()
            // Lease IDs and revisions differ between the runs; the layout does not.
            let digitsAndKeys = try Regex("[0-9]+|printed/[0-9a-f]+|\"[A-Za-z0-9+/=]{20,}\"")
            #expect(ketcd.text.replacing(digitsAndKeys, with: "N") == etcdctl.text.replacing(digitsAndKeys, with: "N"), "format \(format)")
        }
    }

    @Test func lockExecCommandMatchesEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let script = "case \"$ETCD_LOCK_KEY\" in job/*) echo held rev=${ETCD_LOCK_REV:+set};; esac; exit 7"
        let etcdctl = try server.etcdctl(["lock", "job", "--", "sh", "-c", script])
        let ketcd = try server.ketcd(["lock", "job", "--", "sh", "-c", script])
        #expect(ketcd.status == 7)
        #expect(ketcd.status == etcdctl.status)
        #expect(ketcd.output == "held rev=set\n")
        #expect(ketcd.output == etcdctl.output)
        #expect(ketcd.errorOutput == etcdctl.errorOutput)
        #expect(try holderKeys(server, prefix: "job/").isEmpty)
    }

    @Test func lockAndElectArgumentErrors() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        for arguments in [["lock"], ["elect"], ["elect", "e"], ["elect", "-l", "e", "p"], ["elect", "a", "b", "c"], ["lock", "l", "--", "no-such-program-here"]] {
            let etcdctl = try server.etcdctl(arguments)
            let ketcd = try server.ketcd(arguments)
            #expect(ketcd.status == etcdctl.status, "\(arguments)")
            #expect(ketcd.errorOutput == etcdctl.errorOutput, "\(arguments)")
        }
    }

    @Test func electionLeadersObservedLikeEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let observerArguments = server.clientArguments + ["elect", "-l", "vote", "-w", "json"]
        let ketcdObserver = try BackgroundProcess.ketcd(observerArguments)
        let etcdctlObserver = try BackgroundProcess.etcdctl(observerArguments)
        usleep(500_000)

        let etcdctlLeader = try BackgroundProcess.etcdctl(server.clientArguments + ["elect", "vote", "first"])
        #expect(etcdctlLeader.waitFor("first"))
        let ketcdCandidate = try BackgroundProcess.ketcd(server.clientArguments + ["elect", "vote", "second"])
        #expect(ketcdObserver.waitFor(Data("first".utf8).base64EncodedString()))
        #expect(ketcdCandidate.text.isEmpty)

        #expect(etcdctlLeader.stop() == 0)
        #expect(ketcdCandidate.waitFor("second"))
        #expect(ketcdCandidate.text.hasPrefix("vote/"))
        #expect(ketcdObserver.waitFor(Data("second".utf8).base64EncodedString()))
        #expect(etcdctlObserver.waitFor(Data("second".utf8).base64EncodedString()))
        #expect(ketcdCandidate.stop() == 0)
        #expect(ketcdObserver.stop() == 0)
        #expect(etcdctlObserver.stop() == 0)
        #expect(ketcdObserver.output == etcdctlObserver.output)
        #expect(try holderKeys(server, prefix: "vote/").isEmpty)
    }

    @Test func keepAliveOnceMatchesEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let grant = try server.etcdctl(["lease", "grant", "100"])
        let id = try #require(grant.output.split(separator: " ").dropFirst().first.map(String.init))
        for format in ["simple", "json", "fields", "protobuf", "table"] {
            let etcdctl = try server.etcdctl(["lease", "keep-alive", "--once", id, "-w", format])
            let ketcd = try server.ketcd(["lease", "keep-alive", "--once", id, "-w", format])
            #expect(ketcd.status == etcdctl.status, "format \(format)")
            #expect(ketcd.errorOutput == etcdctl.errorOutput, "format \(format)")
            let revision = try Regex("\"?[Rr]evision\"? ?: ?[0-9]+")
            #expect(ketcd.output.replacing(revision, with: "") == etcdctl.output.replacing(revision, with: ""), "format \(format)")
        }
        for arguments in [["lease", "keep-alive", "--once", "1234"], ["lease", "keep-alive", "xyz"], ["lease", "keep-alive"]] {
            let etcdctl = try server.etcdctl(arguments)
            let ketcd = try server.ketcd(arguments)
            #expect(ketcd.status == etcdctl.status, "\(arguments)")
            #expect(ketcd.errorOutput == etcdctl.errorOutput, "\(arguments)")
        }
    }

    @Test func keepAliveStreamEndsOnRevoke() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let grant = try server.etcdctl(["lease", "grant", "3"])
        let id = try #require(grant.output.split(separator: " ").dropFirst().first.map(String.init))
        let ketcd = try BackgroundProcess.ketcd(server.clientArguments + ["lease", "keep-alive", id])
        // Two renewals prove the loop renews before the 3 s TTL runs out.
        #expect(ketcd.waitUntil { String(decoding: $0, as: UTF8.self).components(separatedBy: "keepalived").count >= 3 })
        try #require(try server.etcdctl(["lease", "revoke", id]).status == 0)
        #expect(ketcd.waitFor("expired or revoked."))
        #expect(ketcd.stop() == 0)
        let lines = ketcd.text.split(separator: "\n")
        #expect(lines.dropLast().allSatisfy { $0 == "lease \(id) keepalived with TTL(3)" })
        #expect(lines.last == "lease \(id) expired or revoked.")
    }
}
