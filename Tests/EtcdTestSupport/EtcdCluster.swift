import Foundation

/// A multi-member etcd cluster on loopback, for failover tests.
public final class EtcdCluster: Sendable {
    public let members: [EtcdServer]

    /// All members' client URLs, comma-separated, for `--endpoints`.
    public var endpoints: String { members.map(\.endpoint).joined(separator: ",") }

    /// `--endpoints` for every member plus the TLS flags.
    public var clientArguments: [String] { ["--endpoints=\(endpoints)"] + (members.first?.clientTLSArguments ?? []) }

    init(members: [EtcdServer]) {
        self.members = members
    }

    /// Starts `size` members and waits until every one serves requests.
    public static func start(size: Int = 3, security: EtcdServer.Security = .plaintext) throws -> EtcdCluster {
        let root = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-cluster")
        let scheme: String
        if case .mutualTLS = security { scheme = "https" } else { scheme = "http" }

        var ports: [(client: Int, peer: Int)] = []
        for _ in 0..<size {
            ports.append((try PortAllocator.freePort(), try PortAllocator.freePort()))
        }
        let initialCluster = ports.enumerated()
            .map { "member\($0.offset)=\(scheme)://127.0.0.1:\($0.element.peer)" }
            .joined(separator: ",")

        let members = ports.enumerated().map { index, port in
            EtcdServer(
                name: "member\(index)", security: security, clientPort: port.client, peerPort: port.peer,
                dataDirectory: root.appendingPathComponent("member\(index).etcd"),
                initialCluster: initialCluster, clusterState: "new"
            )
        }
        for member in members {
            try member.launch()
        }
        for member in members {
            try member.waitUntilHealthy()
        }
        return EtcdCluster(members: members)
    }

    /// Runs Debian's etcdctl with every member's endpoint.
    public func etcdctl(_ arguments: [String], input: Data = Data()) throws -> ProcessResult {
        try ProcessRunner.run(TestEnvironment.etcdctlPath, clientArguments + arguments, input: input)
    }

    /// Runs the ketcd binary under test with every member's endpoint.
    public func ketcd(_ arguments: [String], input: Data = Data()) throws -> ProcessResult {
        try ProcessRunner.run(TestEnvironment.ketcdPath, clientArguments + arguments, input: input)
    }

    public func stop() {
        for member in members {
            member.stop()
        }
    }
}
