import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Testing

@Suite(.timeLimit(.minutes(2))) struct EtcdClientAuthTests {
    /// Creates root and a reader limited to reading `/app/`, then enables auth.
    func enableAuth(on server: EtcdServer) async throws {
        let admin = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        _ = try await admin.put(PutRequest(key: Array("/app/config".utf8), value: Array("v1".utf8)))
        _ = try await admin.userAdd(AuthUserAddRequest(name: "root", password: "root-secret"))
        _ = try await admin.roleAdd(AuthRoleAddRequest(name: "root"))
        _ = try await admin.userGrantRole(AuthUserGrantRoleRequest(user: "root", role: "root"))

        _ = try await admin.userAdd(AuthUserAddRequest(name: "reader", password: "reader-secret"))
        _ = try await admin.roleAdd(AuthRoleAddRequest(name: "app-reader"))
        let prefix = Array("/app/".utf8)
        _ = try await admin.roleGrantPermission(AuthRoleGrantPermissionRequest(
            name: "app-reader", perm: Permission(permType: .read, key: prefix, rangeEnd: prefix.prefixRangeEnd)))
        _ = try await admin.userGrantRole(AuthUserGrantRoleRequest(user: "reader", role: "app-reader"))

        _ = try await admin.authEnable()
    }

    func client(_ server: EtcdServer, user: String?, password: String?) throws -> EtcdClient {
        try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint], user: user, password: password))
    }

    @Test func userPasswordLoginAndPermissions() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        try await enableAuth(on: server)

        let root = try client(server, user: "root", password: "root-secret")
        let status = try await root.authStatus()
        #expect(status.enabled)
        _ = try await root.put(PutRequest(key: Array("/app/config".utf8), value: Array("v2".utf8)))

        let users = try await root.userList()
        #expect(users.users == ["reader", "root"])
        let roles = try await root.userGet(AuthUserGetRequest(name: "reader"))
        #expect(roles.roles == ["app-reader"])
        let permissions = try await root.roleGet(AuthRoleGetRequest(name: "app-reader"))
        #expect(permissions.perm == [Permission(permType: .read, key: Array("/app/".utf8), rangeEnd: Array("/app0".utf8))])

        let reader = try client(server, user: "reader", password: "reader-secret")
        let read = try await reader.range(RangeRequest(key: Array("/app/config".utf8)))
        #expect(read.kvs.first?.value == Array("v2".utf8))

        let denied = await #expect(throws: EtcdClientError.self) {
            _ = try await reader.put(PutRequest(key: Array("/app/config".utf8), value: Array("v3".utf8)))
        }
        #expect(denied?.description == "etcdserver: permission denied")
    }

    @Test func wrongPasswordAndMissingUser() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        try await enableAuth(on: server)

        let wrong = try client(server, user: "root", password: "not-the-password")
        let failed = await #expect(throws: EtcdClientError.self) {
            _ = try await wrong.range(RangeRequest(key: Array("/app/config".utf8)))
        }
        #expect(failed?.description == "etcdserver: authentication failed, invalid user ID or password")

        let anonymous = try client(server, user: nil, password: nil)
        let empty = await #expect(throws: EtcdClientError.self) {
            _ = try await anonymous.range(RangeRequest(key: Array("/app/config".utf8)))
        }
        #expect(empty?.description == "etcdserver: user name is empty")
    }

    @Test func expiredTokenIsRefreshed() async throws {
        // Simple tokens expire after --auth-token-ttl seconds without use.
        let server = try EtcdServer.start(extraArguments: ["--auth-token-ttl=1"])
        defer { server.stop() }
        try await enableAuth(on: server)

        let root = try client(server, user: "root", password: "root-secret")
        let first = try await root.range(RangeRequest(key: Array("/app/config".utf8)))
        #expect(first.kvs.count == 1)

        try await Task.sleep(for: .seconds(3))
        let second = try await root.range(RangeRequest(key: Array("/app/config".utf8)))
        #expect(second.kvs.first?.value == Array("v1".utf8))
    }

    @Test func userOnAuthDisabledClusterWorks() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try client(server, user: "someone", password: "anything")
        let response = try await client.put(PutRequest(key: Array("k".utf8), value: Array("v".utf8)))
        #expect(response.header.revision > 1)
    }

    @Test func watchLogsInAgainAfterRestart() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        try await enableAuth(on: server)
        let root = try client(server, user: "root", password: "root-secret")
        let prefix = Array("/app/".utf8)

        let start = try await root.status().header.revision + 1
        var iterator = root.watchEvents(WatchCreateRequest(key: prefix, rangeEnd: prefix.prefixRangeEnd, startRevision: start))
            .makeAsyncIterator()
        _ = try await root.put(PutRequest(key: Array("/app/one".utf8), value: Array("1".utf8)))
        #expect(try await iterator.next()?.events.first?.kv?.value == Array("1".utf8))

        // etcd keeps simple tokens in memory, so after a restart the watch's
        // old token is rejected and it must log in again. The write goes
        // through another client, so the watch's client still has the old token.
        server.stop()
        try server.restart()
        let writer = try client(server, user: "root", password: "root-secret")
        _ = try await writer.put(PutRequest(key: Array("/app/two".utf8), value: Array("2".utf8)))
        let afterRestart = try await iterator.next()
        #expect(afterRestart?.events.first?.kv?.value == Array("2".utf8))
    }
}
