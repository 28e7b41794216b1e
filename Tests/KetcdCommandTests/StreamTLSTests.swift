import EtcdTestSupport
import Foundation
import Testing

/// The stream commands against members that require client certificates, as kubeadm's do.
@Suite(.serialized) struct StreamTLSTests {
    @Test func watchOverTLSMatchesEtcdctl() throws {
        let server = try EtcdServer.start(security: .mutualTLS(try KubeadmPKI.shared()))
        defer { server.stop() }
        let put = try server.etcdctl(["put", "/tls/a", "1", "-w", "json"])
        let revision = try #require(WatchTests.headerRevision(put.output))
        try #require(try server.etcdctl(["put", "/tls/end", "marker"]).status == 0)
        let arguments = server.clientArguments + ["watch", "--prefix", "/tls/", "--rev", String(revision), "-w", "fields"]
        let etcdctl = try BackgroundProcess.etcdctl(arguments)
        let ketcd = try BackgroundProcess.ketcd(arguments)
        #expect(etcdctl.waitFor("\"/tls/end\""))
        #expect(ketcd.waitFor("\"/tls/end\""))
        etcdctl.stop()
        ketcd.stop()
        #expect(ketcd.text == etcdctl.text)
    }

    @Test func datascaleReadsMetricsOverTLS() throws {
        let server = try EtcdServer.start(security: .mutualTLS(try KubeadmPKI.shared()))
        defer { server.stop() }
        let result = try server.ketcd(["check", "datascale", "--key-count", "50"])
        #expect(result.status == 0, "\(result.output) \(result.errorOutput)")
        #expect(result.output.contains("PASS: Approximate system memory used : "))
    }

    @Test func mirrorToTLSDestination() throws {
        let pki = try KubeadmPKI.shared()
        let source = try EtcdServer.start()
        let destination = try EtcdServer.start(security: .mutualTLS(pki))
        defer {
            source.stop()
            destination.stop()
        }
        try #require(try source.etcdctl(["put", "/m/a", "1"]).status == 0)
        let mirror = try BackgroundProcess.ketcd(source.clientArguments + [
            "make-mirror", "--prefix", "/m/",
            "--dest-cacert", pki.etcdCACertificate, "--dest-cert", pki.apiserverClientCertificate,
            "--dest-key", pki.apiserverClientKey, "--dest-insecure-transport=false",
            destination.endpoint,
        ])
        try #require(try source.etcdctl(["put", "/m/b", "2"]).status == 0)
        let deadline = Date().addingTimeInterval(30)
        var copied = ""
        while Date() < deadline {
            copied = try destination.etcdctl(["get", "--prefix", "/m/"]).output
            if copied.contains("/m/b") { break }
            usleep(50_000)
        }
        mirror.stop()
        #expect(copied == "/m/a\n1\n/m/b\n2\n", "\(mirror.text)")
    }
}
