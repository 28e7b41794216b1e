import EtcdTestSupport
import Foundation
import Testing

/// `ketcd snapshot save` against a real member, checked with Debian's etcdutl.
@Suite struct SnapshotSaveTests {
    @Test func savedSnapshotMatchesEtcdctls() throws {
        let server = try EtcdServer.start(security: .mutualTLS(try KubeadmPKI.shared()))
        defer { server.stop() }
        try DifferentialData.load(into: server)
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-snapshot")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ketcdFile = directory.appendingPathComponent("ketcd.db").path
        let etcdctlFile = directory.appendingPathComponent("etcdctl.db").path

        let ketcd = try server.ketcd(["snapshot", "save", ketcdFile])
        let etcdctl = try server.etcdctl(["snapshot", "save", etcdctlFile])
        #expect(ketcd.status == 0, "\(ketcd.errorOutput)")
        #expect(ketcd.output == "Snapshot saved at \(ketcdFile)\n")
        #expect(etcdctl.output == "Snapshot saved at \(etcdctlFile)\n")
        #expect(!FileManager.default.fileExists(atPath: ketcdFile + ".part"))

        // etcdutl verifies the appended SHA-256 and reads the same revision and key count.
        let ketcdStatus = try ProcessRunner.run(TestEnvironment.etcdutlPath, ["snapshot", "status", ketcdFile, "-w", "json"])
        let etcdctlStatus = try ProcessRunner.run(TestEnvironment.etcdutlPath, ["snapshot", "status", etcdctlFile, "-w", "json"])
        #expect(ketcdStatus.status == 0, "\(ketcdStatus.errorOutput)")
        let revision = #""revision":[0-9]+,"totalKey":[0-9]+"#
        #expect(ketcdStatus.output.range(of: revision, options: .regularExpression).map { String(ketcdStatus.output[$0]) }
                == etcdctlStatus.output.range(of: revision, options: .regularExpression).map { String(etcdctlStatus.output[$0]) })
        let attributes = try FileManager.default.attributesOfItem(atPath: ketcdFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func failuresLeaveNoFile() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-snapshot")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("unreachable.db").path
        let port = try PortAllocator.freePort()

        let unreachable = try ProcessRunner.run(TestEnvironment.ketcdPath, ["--endpoints=127.0.0.1:\(port)", "--dial-timeout=1s", "snapshot", "save", file], timeout: 30)
        #expect(unreachable.status == 5)
        #expect(errorLines(unreachable).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)

        let server = try EtcdServer.start()
        defer { server.stop() }
        let differential = Differential(server: server)
        try differential.expectSame(["snapshot", "save"])
        try differential.expectSame(["snapshot", "save", "/nonexistent/directory/file.db"])
        let twoEndpoints = try ProcessRunner.run(TestEnvironment.ketcdPath, ["--endpoints=\(server.endpoint),127.0.0.1:\(port)", "snapshot", "save", file])
        let etcdctlTwo = try ProcessRunner.run(TestEnvironment.etcdctlPath, ["--endpoints=\(server.endpoint),127.0.0.1:\(port)", "snapshot", "save", file])
        #expect(twoEndpoints.status == etcdctlTwo.status)
        #expect(errorLines(twoEndpoints) == errorLines(etcdctlTwo))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
