import EtcdTestSupport
import Foundation
import Testing

/// `ketcd check perf` and `check datascale`, bounded to a few seconds with
/// their hidden `--duration` and `--key-count` flags.
@Suite(.serialized) struct CheckTests {
    /// The lines after the progress bar, which redraws itself with carriage returns.
    private func reportLines(_ output: String) -> [String] {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.filter { !$0.contains("\r") && !$0.isEmpty }
    }

    @Test func perfReportsVerdictAndCleansUp() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let result = try server.ketcd(["check", "perf", "--duration", "2s", "--auto-compact", "--auto-defrag"])
        let lines = reportLines(result.output)
        #expect(result.output.hasPrefix("\r 0 / 2    0.00%"))
        #expect(result.output.contains("\r 2 / 2  100.00% 2s\n"))
        #expect(lines.first?.hasPrefix("Compacting with revision ") == true)
        #expect(lines.dropFirst().first?.hasPrefix("Compacted with revision ") == true)
        #expect(lines.dropFirst(2).first == "Defragmenting \"\(server.endpoint)\"")
        #expect(lines.dropFirst(3).first == "Defragmented \"\(server.endpoint)\"")
        let throughput = lines.dropFirst(4).first ?? ""
        #expect(throughput.hasPrefix("PASS: Throughput is ") || throughput.hasPrefix("FAIL: Throughput too low: "))
        #expect(lines.contains { $0.hasPrefix("PASS: Slowest request took ") || $0.hasPrefix("Slowest request took too long: ") })
        #expect(lines.contains { $0.hasPrefix("PASS: Stddev is ") || $0.hasPrefix("Stddev too high: ") })
        #expect(lines.last == (result.status == 0 ? "PASS" : "FAIL"))
        let left = try server.etcdctl(["get", "--prefix", "/etcdctl-check-perf/", "--count-only", "-w", "fields"])
        #expect(left.output.contains("\"Count\" : 0"))
    }

    @Test func datascaleReportsMemory() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let result = try server.ketcd(["check", "datascale", "--key-count", "200"])
        #expect(result.status == 0, "\(result.errorOutput)")
        let lines = reportLines(result.output)
        #expect(lines.first == "Start data scale check for work load [10000 key-value pairs, 1024 bytes per key-value, 50 concurrent clients].")
        #expect(result.output.contains("\r 200 / 200  100.00% "))
        #expect(lines.last?.hasPrefix("PASS: Approximate system memory used : ") == true)
        #expect(lines.last?.hasSuffix(" MB.") == true)
        let left = try server.etcdctl(["get", "--prefix", "/etcdctl-check-datascale/", "--count-only", "-w", "fields"])
        #expect(left.output.contains("\"Count\" : 0"))
    }

    @Test func errorsMatchEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        try #require(try server.etcdctl(["put", "/etcdctl-check-perf/taken", "x"]).status == 0)
        try #require(try server.etcdctl(["put", "/etcdctl-check-datascale/taken", "x"]).status == 0)
        for arguments in [["check", "perf", "--load", "huge"], ["check", "perf"], ["check", "datascale", "--load", "huge"], ["check", "datascale"]] {
            let etcdctl = try server.etcdctl(arguments)
            let ketcd = try server.ketcd(arguments)
            #expect(ketcd.status == etcdctl.status, "\(arguments)")
            #expect(ketcd.errorOutput == etcdctl.errorOutput, "\(arguments)")
        }
    }
}
