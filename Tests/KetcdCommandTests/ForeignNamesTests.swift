import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Foundation
import Testing

/// Names and keys that are not Kubernetes objects: a mistyped resource type
/// after `get`, keys of other programs in the same etcd, and a `--root`
/// without an API server configuration.
@Suite struct ForeignNamesTests {
    @Test func getUnknownWordHintsOnStderr() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try KubernetesFixtures.client(for: server)
        _ = try await client.put(PutRequest(key: Array("present".utf8), value: Array("1".utf8)))

        for arguments in [["get", "frobs"], ["get", "deploymnets"], ["get", "frobs", "-w", "json"], ["get", "present"], ["get", "/frobs"], ["get", "frobs", "--prefix"]] {
            let ketcd = try server.ketcd(arguments)
            let etcdctl = try server.etcdctl(arguments)
            #expect(ketcd.status == etcdctl.status, "\(arguments)")
            #expect(ketcd.output == etcdctl.output, "\(arguments)")
        }

        let typo = try server.ketcd(["get", "deploymnets"])
        #expect(typo.errorOutput == "Warning: key \"deploymnets\" not found, and the server doesn't have a resource type \"deploymnets\"\n")
        #expect(try server.ketcd(["get", "present"]).errorOutput == "")
        #expect(try server.ketcd(["get", "/frobs"]).errorOutput == "")
        #expect(try server.ketcd(["get", "frobs", "--prefix"]).errorOutput == "")
        #expect(try server.ketcd(["get", "Frobs_1"]).errorOutput == "")
    }

    @Test func apiResourcesGroupsOtherPrograms() async throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let client = try KubernetesFixtures.client(for: server)
        for index in 1...20 {
            _ = try await client.put(PutRequest(key: Array("/k/\(index)".utf8), value: Array("abcd".utf8)))
        }
        for key in ["/calico/ipam/v2/assignment/ipv4/block/10.0.0.0-26", "/calico/resources/v3/projectcalico.org/felixconfigurations/default", "/coreos.com/network/config"] {
            _ = try await client.put(PutRequest(key: Array(key.utf8), value: Array("{}".utf8)))
        }

        let result = try server.ketcd(["api-resources"])
        #expect(result.status == 0)
        let rows = result.output.split(separator: "\n").dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.map { $0[0] } == ["(/calico/)", "(/coreos.com/)", "(/k/)"])
        #expect(rows.first { $0[0] == "(/k/)" }?.suffix(2) == ["20", "80B"])
        #expect(rows.first { $0[0] == "(/calico/)" }?.dropLast().last == "2")
    }

    @Test func rootWithoutConfigurationFails() throws {
        let empty = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-root")
        defer { try? FileManager.default.removeItem(at: empty) }

        let flag = try ProcessRunner.run(TestEnvironment.ketcdPath, ["get", "pods", "-A", "--root", empty.path])
        #expect(flag.status == 1)
        #expect(flag.output == "")
        #expect(flag.errorOutput.hasPrefix("Error: no kube-apiserver manifest (/etc/kubernetes/manifests/kube-apiserver.yaml) or OpenShift configuration"))
        #expect(flag.errorOutput.contains("found under \(empty.path); check --root or KETCD_ROOT"))
        #expect(flag.errorOutput.split(separator: "\n").count == 1)

        let missing = try ProcessRunner.run(TestEnvironment.ketcdPath, ["get", "/k"], environment: ["KETCD_ROOT": empty.path + "/nonexistent"])
        #expect(missing.status == 1)
        #expect(missing.errorOutput.contains("found under \(empty.path)/nonexistent (the directory does not exist)"))
    }
}
