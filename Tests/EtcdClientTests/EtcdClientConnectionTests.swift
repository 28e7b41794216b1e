import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Foundation
import Testing

@Suite struct EtcdClientConnectionTests {
    @Test func refusedEndpointFailsQuickly() async throws {
        let port = try PortAllocator.freePort()
        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: ["127.0.0.1:\(port)"], dialTimeout: .seconds(2)))
        let error = await #expect(throws: EtcdClientError.self) {
            _ = try await client.status()
        }
        #expect(error?.code == .unavailable)
        #expect(error?.requestNotSent == true)
        #expect(error?.description.contains("127.0.0.1:\(port)") == true)
    }

    @Test func silentEndpointFailsWithinDialTimeout() async throws {
        // A listening socket that never responds: the TCP handshake completes
        // in the kernel, but no HTTP/2 settings ever arrive.
        let listener = try SilentListener()
        defer { listener.close() }

        let client = try EtcdClient(configuration: EtcdClientConfiguration(
            endpoints: ["127.0.0.1:\(listener.port)"], dialTimeout: .milliseconds(700)))
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: EtcdClientError.self) {
            _ = try await client.status()
        }
        let elapsed = clock.now - started
        #expect(error?.code == .deadlineExceeded)
        #expect(error?.description.hasPrefix("context deadline exceeded") == true)
        #expect(error?.description.contains("700ms dial timeout") == true)
        // The message above shows the dial timeout ended the call. The bound
        // only checks that this happened before C-core's own 20 s connection
        // timeout. It is loose because parallel tests that block while
        // starting etcd can delay this task's resumption by seconds.
        #expect(elapsed < .seconds(19))
    }

    @Test func silentFirstEndpointDoesNotDelayRequests() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let server = try EtcdServer.start()
        defer { server.stop() }
        let direct = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: [server.endpoint]))
        _ = try await direct.put(PutRequest(key: Array("k".utf8), value: Array("v".utf8)))
        let liveMember = try await direct.status().header.memberID

        // With the silent endpoint first, the request must not wait for its
        // 20 s dial timeout before the live member responds. The 10 s bound
        // leaves room for a loaded machine.
        let client = try EtcdClient(configuration: EtcdClientConfiguration(
            endpoints: ["127.0.0.1:\(listener.port)", server.endpoint], dialTimeout: .seconds(20)))
        let clock = ContinuousClock()
        let started = clock.now
        let response = try await client.range(RangeRequest(key: Array("k".utf8)))
        let elapsed = clock.now - started
        #expect(response.kvs.first?.value == Array("v".utf8))
        #expect(response.header.memberID == liveMember)
        #expect(elapsed < .seconds(10), "took \(elapsed)")

        // The live member stays preferred, and a write goes there as well.
        let put = try await client.put(PutRequest(key: Array("k".utf8), value: Array("w".utf8)))
        #expect(put.header.memberID == liveMember)
    }

    @Test func silentFirstEndpointDoesNotDelayStreams() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let server = try EtcdServer.start()
        defer { server.stop() }

        // A watch as the client's first request opens on the live member
        // without waiting for the silent endpoint's 20 s dial timeout.
        let client = try EtcdClient(configuration: EtcdClientConfiguration(
            endpoints: ["127.0.0.1:\(listener.port)", server.endpoint], dialTimeout: .seconds(20)))
        let clock = ContinuousClock()
        let started = clock.now
        let stream = try await client.watch()
        try await stream.send(.create(WatchCreateRequest(key: Array("k".utf8))))
        var iterator = stream.makeAsyncIterator()
        let created = try await iterator.next()
        let elapsed = clock.now - started
        #expect(created?.created == true)
        #expect(stream.endpoint == server.endpoint)
        #expect(elapsed < .seconds(10), "took \(elapsed)")
        stream.cancel()
    }

    @Test func silentEndpointsShareOneDialTimeout() async throws {
        let first = try SilentListener()
        defer { first.close() }
        let second = try SilentListener()
        defer { second.close() }
        let refusedPort = try PortAllocator.freePort()

        let client = try EtcdClient(configuration: EtcdClientConfiguration(
            endpoints: ["127.0.0.1:\(first.port)", "127.0.0.1:\(refusedPort)", "127.0.0.1:\(second.port)"],
            dialTimeout: .seconds(5)))
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: EtcdClientError.self) {
            _ = try await client.range(RangeRequest(key: Array("k".utf8)))
        }
        let elapsed = clock.now - started
        // Every endpoint is named with its own reason, in the order given.
        let message = error?.description ?? ""
        let firstReason = "context deadline exceeded: no connection to 127.0.0.1:\(first.port) within the 5s dial timeout"
        let lastReason = "context deadline exceeded: no connection to 127.0.0.1:\(second.port) within the 5s dial timeout"
        #expect(message.hasPrefix(firstReason + "; 127.0.0.1:\(refusedPort): "), "\(message)")
        #expect(message.contains("Connection refused"), "\(message)")
        #expect(message.hasSuffix("; " + lastReason), "\(message)")
        // Both silent endpoints waited out the same dial timeout, not one each.
        #expect(elapsed >= .seconds(5))
        #expect(elapsed < .seconds(9), "took \(elapsed)")
    }

    @Test func malformedEndpointRejected() {
        let error = #expect(throws: EtcdClientError.self) {
            _ = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: ["ftp://127.0.0.1:2379"]))
        }
        #expect(error?.description.contains("ftp") == true)
    }

    @Test func endpointFormsParse() throws {
        let plain = try EtcdEndpoint("127.0.0.1:2379")
        #expect(plain.scheme == .none)
        #expect(plain.address == "127.0.0.1:2379")

        let secure = try EtcdEndpoint("https://[::1]:2379/")
        #expect(secure.scheme == .https)
        #expect(secure.address == "[::1]:2379")

        let socket = try EtcdEndpoint("unix:///run/etcd.sock")
        #expect(socket.scheme == .unix)
        #expect(socket.address == "/run/etcd.sock")
    }

    @Test func ipv6LoopbackEndpoint() async throws {
        let port = try PortAllocator.freePort()
        let server = try EtcdServer.start(extraClientURLs: ["http://[::1]:\(port)"])
        defer { server.stop() }

        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: ["http://[::1]:\(port)"]))
        _ = try await client.put(PutRequest(key: Array("v6".utf8), value: Array("yes".utf8)))
        let response = try await client.range(RangeRequest(key: Array("v6".utf8)))
        #expect(response.kvs.first?.value == Array("yes".utf8))
    }

    @Test func unixSocketEndpoint() async throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-unix")
        let socketPath = directory.appendingPathComponent("etcd.sock").path
        let server = try EtcdServer.start(extraClientURLs: ["unix://\(socketPath)"])
        defer { server.stop() }

        let client = try EtcdClient(configuration: EtcdClientConfiguration(endpoints: ["unix://\(socketPath)"]))
        let status = try await client.status()
        #expect(status.version.hasPrefix("3."))
    }
}
