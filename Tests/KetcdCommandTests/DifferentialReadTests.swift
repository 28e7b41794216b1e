import EtcdAPI
import EtcdTestSupport
import Foundation
import Testing

/// ketcd against Debian's etcdctl 3.5 on one TLS etcd in kubeadm's layout:
/// every read command in every output format must print the same bytes.
@Suite struct DifferentialReadTests {
    static let formats = ["simple", "json", "fields", "protobuf", "table"]

    static let getCases: [[String]] = [
        ["get", "/registry/namespaces/default"],
        ["get", "--prefix", "/registry/namespaces"],
        ["get", "--prefix", "/registry/"],
        ["get", "--prefix", ""],
        ["get", "/registry/configmaps", "/registry/namespaces"],
        ["get", "--from-key", "/registry/secrets"],
        ["get", "--from-key", ""],
        ["get", "--prefix", "--keys-only", "/registry"],
        ["get", "--prefix", "--count-only", "/registry"],
        ["get", "--prefix", "--limit", "2", "/registry"],
        ["get", "--prefix", "--order=DESCEND", "/registry"],
        ["get", "--prefix", "--sort-by=CREATE", "--order=descend", "/registry"],
        ["get", "--prefix", "--sort-by=VALUE", "/registry"],
        ["get", "--prefix", "--sort-by=VERSION", "--order=ASCEND", "/registry"],
        ["get", "--prefix", "--sort-by=MODIFY", "/registry"],
        ["get", "--prefix", "--consistency=s", "/registry/configmaps"],
        ["get", "--prefix", "--print-value-only", "/registry/configmaps"],
        ["get", "--prefix", "--hex", "/registry/configmaps"],
        ["get", "--prefix", "/registry/leases"],
        ["get", "/registry/secrets/default/binary"],
        ["get", "/registry/missing"],
        ["get", "--rev=3", "--prefix", "/registry/namespaces"],
        // The seed's form: command flags before the command name.
        ["--keys-only", "--prefix", "get", "/registry/namespace"],
        ["--prefix", "--write-out=json", "get", "/registry/namespaces/default"],
    ]

    static let clusterCases: [[String]] = [
        ["member", "list"],
        ["member", "list", "--hex"],
        ["endpoint", "status"],
        ["endpoint", "status", "--cluster"],
        ["endpoint", "hashkv"],
        ["endpoint", "hashkv", "--cluster"],
        ["endpoint", "hashkv", "--rev=5"],
    ]

    @Test func getInEveryFormat() throws {
        let server = try EtcdServer.start(security: .mutualTLS(try KubeadmPKI.shared()))
        defer { server.stop() }
        try DifferentialData.load(into: server)
        let differential = Differential(server: server)

        for arguments in Self.getCases {
            for format in Self.formats {
                try differential.expectSame(arguments + ["-w", format])
            }
        }
    }

    @Test func clusterCommandsInEveryFormat() throws {
        let server = try EtcdServer.start(security: .mutualTLS(try KubeadmPKI.shared()))
        defer { server.stop() }
        try DifferentialData.load(into: server)
        let differential = Differential(server: server)

        for arguments in Self.clusterCases {
            for format in Self.formats {
                try differential.expectSame(arguments + ["-w", format])
            }
        }
    }

    /// Health output carries the probe's duration, which is replaced before comparing.
    @Test func endpointHealthInEveryFormat() throws {
        let server = try EtcdServer.start(security: .mutualTLS(try KubeadmPKI.shared()))
        defer { server.stop() }
        let differential = Differential(server: server)

        for format in Self.formats {
            for arguments in [["endpoint", "health", "-w", format], ["endpoint", "health", "--cluster", "-w", format]] {
                let (etcdctl, ketcd) = try differential.run(arguments)
                #expect(maskDurations(ketcd.output) == maskDurations(etcdctl.output), "\(arguments)")
                #expect(ketcd.status == etcdctl.status, "\(arguments): \(ketcd.errorOutput)")
                #expect(errorLines(ketcd) == errorLines(etcdctl), "\(arguments)")
            }
        }
    }

    /// Go duration text such as `1.682163ms` or `850µs`, replaced by `<took>`.
    /// Table borders and padding follow the duration's width, so runs of
    /// dashes and spaces are collapsed too.
    func maskDurations(_ text: String) -> String {
        text.replacingOccurrences(of: #"[0-9.]+(ns|µs|ms|s)"#, with: "<took>", options: .regularExpression)
            .replacingOccurrences(of: "-+", with: "-", options: .regularExpression)
            .replacingOccurrences(of: " +", with: " ", options: .regularExpression)
    }

    /// The protobuf output must be the response message itself: decoding it
    /// gives the same kvs the json output shows.
    @Test func protobufOutputDecodes() throws {
        let server = try EtcdServer.start(security: .mutualTLS(try KubeadmPKI.shared()))
        defer { server.stop() }
        try DifferentialData.load(into: server)

        let raw = try server.ketcd(["get", "--prefix", "/registry/namespaces", "-w", "protobuf"])
        let response = try RangeResponse(serializedBytes: [UInt8](raw.standardOutput))
        #expect(response.count == 5)
        #expect(response.kvs.map { String(decoding: $0.key, as: UTF8.self) }.first == "/registry/namespaces/default")
        #expect(response.kvs.first?.value.starts(with: Array("k8s\0".utf8)) == true)
    }
}
