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

/// A TCP listener on 127.0.0.1 that accepts connections into its backlog and never reads or writes.
final class SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            _ = Foundation.close(descriptor)
            throw TestSupportError("cannot listen on 127.0.0.1: errno \(errno)")
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        _ = Foundation.close(descriptor)
    }
}
