import Foundation
import Testing
@testable import KubeResources

@Suite struct ConnectionDiscoveryTests {
    func makeRoot() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ketcd-discovery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    func write(_ text: String, to path: String, under root: URL) throws {
        let url = root.appendingPathComponent(String(path.dropFirst()))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    // The manifests are written as JSON, which is valid YAML, so the tests
    // need no YAML parser.
    static let kubeadmManifest = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"kube-apiserver","namespace":"kube-system"},
         "spec":{"containers":[{"name":"kube-apiserver","command":["kube-apiserver",
            "--advertise-address=192.168.1.10","--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
            "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
            "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
            "--etcd-servers=https://127.0.0.1:2379,https://192.168.1.11:2379"],
            "volumeMounts":[{"name":"k8s-certs","mountPath":"/etc/kubernetes/pki","readOnly":true}]}],
          "volumes":[{"name":"k8s-certs","hostPath":{"path":"/etc/kubernetes/pki","type":"DirectoryOrCreate"}}]}}
        """

    @Test func kubeadmManifestFound() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(Self.kubeadmManifest, to: ConnectionDiscovery.kubeadmManifest, under: root)

        let found = try ConnectionDiscovery(root: root.path, parseYAML: parseTestJSON).discover()
        #expect(found?.endpoints == ["https://127.0.0.1:2379", "https://192.168.1.11:2379"])
        #expect(found?.caFile == root.path + "/etc/kubernetes/pki/etcd/ca.crt")
        #expect(found?.certFile == root.path + "/etc/kubernetes/pki/apiserver-etcd-client.crt")
        #expect(found?.keyFile == root.path + "/etc/kubernetes/pki/apiserver-etcd-client.key")
        #expect(found?.prefix == "/registry")
        #expect(found?.source == root.path + "/etc/kubernetes/manifests/kube-apiserver.yaml")
    }

    @Test func emptyRootFindsNothing() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try ConnectionDiscovery(root: root.path, parseYAML: parseTestJSON).discover() == nil)
    }

    @Test func openShift4NewestRevisionUsed() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let config = """
            {"apiVersion":"kubecontrolplane.config.openshift.io/v1","kind":"KubeAPIServerConfig",
             "apiServerArguments":{"etcd-servers":["https://10.0.0.3:2379","https://localhost:2379"],
               "etcd-cafile":["/etc/kubernetes/static-pod-resources/configmaps/etcd-serving-ca/ca-bundle.crt"],
               "etcd-certfile":["/etc/kubernetes/static-pod-resources/secrets/etcd-client/tls.crt"],
               "etcd-keyfile":["/etc/kubernetes/static-pod-resources/secrets/etcd-client/tls.key"],
               "etcd-prefix":["kubernetes.io"]}}
            """
        try write("{}", to: "/etc/kubernetes/static-pod-resources/kube-apiserver-pod-3/configmaps/config/config.yaml", under: root)
        try write(config, to: "/etc/kubernetes/static-pod-resources/kube-apiserver-pod-12/configmaps/config/config.yaml", under: root)

        let found = try ConnectionDiscovery(root: root.path, parseYAML: parseTestJSON).discover()
        let revision = root.path + "/etc/kubernetes/static-pod-resources/kube-apiserver-pod-12"
        #expect(found?.endpoints == ["https://10.0.0.3:2379", "https://localhost:2379"])
        #expect(found?.caFile == revision + "/configmaps/etcd-serving-ca/ca-bundle.crt")
        #expect(found?.certFile == revision + "/secrets/etcd-client/tls.crt")
        #expect(found?.keyFile == revision + "/secrets/etcd-client/tls.key")
        #expect(found?.prefix == "/kubernetes.io")
    }

    @Test func openShift3MasterConfigRelativePaths() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        try write("""
            {"etcdClientInfo":{"ca":"master.etcd-ca.crt","certFile":"master.etcd-client.crt",
              "keyFile":"master.etcd-client.key","urls":["https://master-0.example.com:2379"]},
             "etcdStorageConfig":{"kubernetesStoragePrefix":"kubernetes.io","openShiftStoragePrefix":"openshift.io"}}
            """, to: ConnectionDiscovery.openShift3MasterConfig, under: root)
        let found = try ConnectionDiscovery(root: root.path, parseYAML: parseTestJSON).discover()
        #expect(found?.endpoints == ["https://master-0.example.com:2379"])
        #expect(found?.caFile == root.path + "/etc/origin/master/master.etcd-ca.crt")
        #expect(found?.certFile == root.path + "/etc/origin/master/master.etcd-client.crt")
        #expect(found?.prefix == "/kubernetes.io")
    }

    @Test func disagreeingCandidatesRejected() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(Self.kubeadmManifest, to: ConnectionDiscovery.kubeadmManifest, under: root)
        try write(#"{"etcdClientInfo":{"urls":["https://other:2379"]}}"#, to: ConnectionDiscovery.openShift3MasterConfig, under: root)
        let discovery = ConnectionDiscovery(root: root.path, parseYAML: parseTestJSON)
        #expect(throws: DiscoveryError.self) { try discovery.discover() }
        do {
            _ = try discovery.discover()
        } catch {
            #expect(error.message.hasSuffix("name different etcd settings; pass --endpoints, --cacert, --cert and --key to choose"))
        }
    }

    @Test func manifestWithoutEtcdServersRejected() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(#"{"spec":{"containers":[{"name":"kube-apiserver","command":["kube-apiserver"]}]}}"#, to: ConnectionDiscovery.kubeadmManifest, under: root)
        #expect(throws: DiscoveryError("\(root.path)/etc/kubernetes/manifests/kube-apiserver.yaml has no --etcd-servers flag")) {
            try ConnectionDiscovery(root: root.path, parseYAML: parseTestJSON).discover()
        }
    }
}
