import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Foundation
import Testing

/// Records the order of steps taken by concurrent tasks.
actor StepLog {
    private(set) var steps: [String] = []

    func append(_ step: String) {
        steps.append(step)
    }
}

@Suite(.timeLimit(.minutes(2))) struct EtcdConcurrencyTests {
    @Test func lockIsExclusiveAndFair() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        let first = EtcdLock(session: try await EtcdSession(client: client, ttl: 10), name: "/locks/job")
        let second = EtcdLock(session: try await EtcdSession(client: client, ttl: 10), name: "/locks/job")
        let log = StepLog()

        let held = try await first.lock()
        #expect(held.key == first.key)
        #expect(held.key.hasPrefix("/locks/job/"))
        await log.append("first locked")

        let waiter = Task {
            let ownership = try await second.lock()
            await log.append("second locked")
            return ownership
        }
        // Give the second contender time to queue; it must not get the lock before the unlock.
        try await Task.sleep(for: .milliseconds(500))
        await log.append("first unlocking")
        try await first.unlock()

        let secondHeld = try await waiter.value
        #expect(secondHeld.revision > held.revision)
        #expect(await log.steps == ["first locked", "first unlocking", "second locked"])
        try await second.unlock()
    }

    @Test func lockInteroperatesWithEtcdctl() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        let session = try await EtcdSession(client: client, ttl: 10)
        let lock = EtcdLock(session: session, name: "shared-lock")
        try await lock.lock()

        // While ketcd holds the lock, etcdctl's contender blocks until killed.
        // Its queued key lives on until its 2 s lease expires.
        let blocked = try ProcessRunner.run(
            TestEnvironment.etcdctlPath,
            server.clientArguments + ["lock", "--ttl=2", "shared-lock", "--", "sh", "-c", "echo $ETCD_LOCK_KEY"], timeout: 3)
        #expect(blocked.status == -9)
        #expect(blocked.output.isEmpty)

        try await lock.unlock()
        let acquired = try server.etcdctl(["lock", "shared-lock", "--", "sh", "-c", "echo $ETCD_LOCK_KEY"])
        #expect(acquired.status == 0)
        // etcdctl names its key the same way: the lock name, a slash, the lease ID in hex.
        let etcdctlKey = acquired.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(etcdctlKey.hasPrefix("shared-lock/"))
        #expect(UInt64(etcdctlKey.dropFirst("shared-lock/".count), radix: 16) != nil)
        try await session.close()
    }

    @Test func sessionCloseReleasesLock() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        let session = try await EtcdSession(client: client, ttl: 10)
        let lock = EtcdLock(session: session, name: "/locks/session")
        try await lock.lock()
        #expect(try await client.range(RangeRequest(key: Array(lock.key.utf8))).count == 1)

        try await session.close()
        #expect(session.isExpired)
        #expect(try await client.range(RangeRequest(key: Array(lock.key.utf8))).count == 0)
    }

    @Test func electionHandsOverLeadership() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        let first = EtcdElection(session: try await EtcdSession(client: client, ttl: 10), name: "/elections/api")
        let second = EtcdElection(session: try await EtcdSession(client: client, ttl: 10), name: "/elections/api")

        await #expect(throws: EtcdClientError.self) {
            _ = try await EtcdElection.leader(client: client, name: "/elections/api")
        }

        var observed = EtcdElection.observe(client: client, name: "/elections/api").makeAsyncIterator()
        try await first.campaign(Array("node-a".utf8))
        #expect(try await observed.next()?.value == Array("node-a".utf8))

        try await first.proclaim(Array("node-a2".utf8))
        #expect(try await observed.next()?.value == Array("node-a2".utf8))
        #expect(try await EtcdElection.leader(client: client, name: "/elections/api").value == Array("node-a2".utf8))

        let log = StepLog()
        let campaigner = Task {
            try await second.campaign(Array("node-b".utf8))
            await log.append("second leads")
        }
        try await Task.sleep(for: .milliseconds(500))
        await log.append("first resigns")
        try await first.resign()
        try await campaigner.value

        #expect(await log.steps == ["first resigns", "second leads"])
        let leader = try await observed.next()
        #expect(leader?.value == Array("node-b".utf8))
        #expect(leader?.key == Array(second.key.utf8))

        await #expect(throws: EtcdClientError.self) {
            try await first.proclaim(Array("stale".utf8))
        }
    }
}
