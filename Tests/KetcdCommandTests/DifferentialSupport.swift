import EtcdAPI
import EtcdTestSupport
import Foundation
import Testing

/// Runs etcdctl and ketcd with the same arguments against the same server
/// and compares what they print.
struct Differential {
    let server: EtcdServer

    /// etcdctl's and ketcd's results for one command line.
    func run(_ arguments: [String], input: Data = Data(), environment: [String: String?] = [:]) throws -> (etcdctl: ProcessResult, ketcd: ProcessResult) {
        let etcdctl = try server.etcdctl(arguments, input: input, environment: environment)
        let ketcd = try server.ketcd(arguments, input: input, environment: environment)
        return (etcdctl, ketcd)
    }

    /// Expects identical standard output and exit status, and for failures
    /// the same error line.
    func expectSame(_ arguments: [String], input: Data = Data(), sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (etcdctl, ketcd) = try run(arguments, input: input)
        let label = arguments.joined(separator: " ")
        #expect(ketcd.standardOutput == etcdctl.standardOutput, "stdout of \(label)", sourceLocation: sourceLocation)
        #expect(ketcd.status == etcdctl.status, "exit status of \(label): \(ketcd.errorOutput)", sourceLocation: sourceLocation)
        #expect(errorLines(ketcd) == errorLines(etcdctl), "error lines of \(label)", sourceLocation: sourceLocation)
    }
}

/// The `Error: ...` lines a process printed, once each. etcdctl's cobra
/// prints a flag error twice and adds zap log lines; ketcd prints one line.
func errorLines(_ result: ProcessResult) -> [String] {
    var seen: [String] = []
    for line in result.errorOutput.split(separator: "\n") where line.hasPrefix("Error: ") {
        if !seen.contains(String(line)) { seen.append(String(line)) }
    }
    return seen
}

/// Textual edits of etcdctl's output for fields that legitimately differ
/// from ketcd's because ketcd ran later (after more writes).
enum OutputAdjustment {
    /// Replaces the value of the first JSON member `name` after `anchor` with `value`.
    static func json(_ text: String, member name: String, after anchor: String = "", to value: Int64) -> String {
        guard let anchorRange = anchor.isEmpty ? text.startIndex..<text.startIndex : text.range(of: anchor),
              let memberRange = text.range(of: "\"\(name)\":", range: anchorRange.upperBound..<text.endIndex) else {
            return text
        }
        let digitsEnd = text[memberRange.upperBound...].firstIndex { !$0.isNumber && $0 != "-" } ?? text.endIndex
        return text.replacingCharacters(in: memberRange.upperBound..<digitsEnd, with: String(value))
    }

    /// Replaces the value of every `"Name" : n` line of the fields format.
    static func fields(_ text: String, field name: String, to value: Int64) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("\"\(name)\" : ") ? "\"\(name)\" : \(value)" : String(line)
        }.joined(separator: "\n")
    }
}

/// The seed data for read comparisons: Kubernetes-style keys with binary
/// values, keys with bytes that need quoting, and a key with a lease.
enum DifferentialData {
    /// Namespace objects as kube-apiserver stores them (protobuf in the `k8s\0` envelope).
    static var namespaceValues: [(name: String, value: Data)] {
        let url = TestEnvironment.packageRoot.appendingPathComponent("scripts/demo-data/namespaces.txt")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Data(base64Encoded: String(parts[1])) else { return nil }
            return (String(parts[0]), value)
        }
    }

    /// Writes the data with etcdctl, so ketcd's own put is not trusted for setup.
    static func load(into server: EtcdServer) throws {
        for (name, value) in namespaceValues {
            let result = try server.etcdctl(["put", "/registry/namespaces/\(name)"], input: value)
            #expect(result.status == 0, "loading \(name): \(result.errorOutput)")
        }
        let plain: [(String, String)] = [
            ("/registry/configmaps/default/plain", "hello"),
            ("/registry/configmaps/default/quotes", "say \"hi\"\\ \t tab"),
            ("/registry/configmaps/default/unicode-日本", "héllo wörld ✓"),
            ("/registry/configmaps/kube-system/empty", ""),
            ("/z/from-key", "last"),
        ]
        for (key, value) in plain {
            let result = try server.etcdctl(["put", "--", key, value])
            #expect(result.status == 0, "loading \(key): \(result.errorOutput)")
        }
        let binary = try server.etcdctl(["put", "/registry/secrets/default/binary"], input: Data([0x00, 0x01, 0x7f, 0xff, 0xe2, 0x80, 0xa8, 0xc2, 0xa0, 0x0a]))
        #expect(binary.status == 0)

        let lease = try server.etcdctl(["lease", "grant", "3600"])
        let leaseID = lease.output.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        let leased = try server.etcdctl(["put", "--lease=\(leaseID)", "/registry/leases/kube-node-lease/node1", "renewed"])
        #expect(leased.status == 0, "leased put: \(leased.errorOutput)")
    }
}
