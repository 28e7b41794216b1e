import EtcdAPI
import EtcdTestSupport
import Foundation
import Testing

/// Lease commands against etcdctl. Each tool works on a lease of its own, so
/// the lease ID (hex and decimal) and the header revision are replaced by
/// placeholders before the outputs are compared.
@Suite struct DifferentialLeaseTests {
    static let formats = ["simple", "json", "fields", "protobuf", "table"]

    func grant(_ server: EtcdServer, ttl: Int = 600) throws -> String {
        let result = try server.etcdctl(["lease", "grant", String(ttl)])
        return result.output.split(separator: " ").dropFirst().first.map(String.init) ?? ""
    }

    /// Output with the lease ID and every revision replaced; protobuf output
    /// (a bare response header) is decoded and printed with the revision cleared.
    func normalized(_ result: ProcessResult, leaseID: String, format: String) throws -> String {
        if format == "protobuf" && result.status == 0 {
            var header = try ResponseHeader(serializedBytes: [UInt8](result.standardOutput))
            header.revision = 0
            return "\(header)"
        }
        var text = result.output
        if let decimal = Int64(leaseID, radix: 16) {
            text = text.replacingOccurrences(of: String(decimal), with: "<id>")
        }
        text = text.replacingOccurrences(of: leaseID, with: "<id>")
        text = text.replacingOccurrences(of: #""revision":[0-9]+"#, with: "\"revision\":<rev>", options: .regularExpression)
        text = text.replacingOccurrences(of: #""Revision" : [0-9]+"#, with: "\"Revision\" : <rev>", options: .regularExpression)
        return text
    }

    @Test func leaseCommandsInEveryFormat() throws {
        let server = try EtcdServer.start(security: .mutualTLS(try KubeadmPKI.shared()))
        defer { server.stop() }

        for format in Self.formats {
            // grant: each tool creates its own lease.
            let etcdctlGrant = try server.etcdctl(["lease", "grant", "600", "-w", format])
            let ketcdGrant = try server.ketcd(["lease", "grant", "600", "-w", format])
            #expect(ketcdGrant.status == etcdctlGrant.status, "grant -w \(format): \(ketcdGrant.errorOutput)")
            #expect(errorLines(ketcdGrant) == errorLines(etcdctlGrant), "grant -w \(format)")
            if format == "simple" {
                let etcdctlID = etcdctlGrant.output.split(separator: " ")[1]
                let ketcdID = ketcdGrant.output.split(separator: " ")[1]
                #expect(try normalized(ketcdGrant, leaseID: String(ketcdID), format: format) == normalized(etcdctlGrant, leaseID: String(etcdctlID), format: format))
            }

            // timetolive and revoke on one lease per tool, with a key attached.
            let etcdctlLease = try grant(server)
            let ketcdLease = try grant(server)
            _ = try server.etcdctl(["put", "--lease=\(etcdctlLease)", "/leased/\(format)/etcdctl", "v"])
            _ = try server.etcdctl(["put", "--lease=\(ketcdLease)", "/leased/\(format)/ketcd", "v"])
            for command in [["lease", "timetolive"], ["lease", "timetolive", "--keys"], ["lease", "revoke"], ["lease", "timetolive"]] {
                let etcdctl = try server.etcdctl(command + [etcdctlLease, "-w", format])
                let ketcd = try server.ketcd(command + [ketcdLease, "-w", format])
                let label = "\(command) -w \(format)"
                #expect(ketcd.status == etcdctl.status, "\(label): \(ketcd.errorOutput)")
                #expect(errorLines(ketcd).map { $0.replacingOccurrences(of: #"revision:[0-9]+"#, with: "", options: .regularExpression) }
                        == errorLines(etcdctl).map { $0.replacingOccurrences(of: #"revision:[0-9]+"#, with: "", options: .regularExpression) }, "\(label)")
                // The remaining TTL may tick down between the two runs.
                let etcdctlText = maskKeys(try normalized(etcdctl, leaseID: etcdctlLease, format: format), tool: "etcdctl", format: format)
                let ketcdText = maskKeys(try normalized(ketcd, leaseID: ketcdLease, format: format), tool: "ketcd", format: format)
                #expect(maskTTL(ketcdText) == maskTTL(etcdctlText), "\(label)")
            }
        }
    }

    /// Replaces the attached key, which names the tool, in plain text and in base64.
    func maskKeys(_ text: String, tool: String, format: String) -> String {
        let key = "/leased/\(format)/\(tool)"
        return text.replacingOccurrences(of: key, with: "<key>")
            .replacingOccurrences(of: Data(key.utf8).base64EncodedString(), with: "<key>")
    }

    func maskTTL(_ text: String) -> String {
        text.replacingOccurrences(of: #"remaining\([0-9]+s\)"#, with: "remaining(<ttl>)", options: .regularExpression)
            .replacingOccurrences(of: #""ttl":[0-9]+"#, with: "\"ttl\":<ttl>", options: .regularExpression)
            .replacingOccurrences(of: #""TTL" : [0-9]+"#, with: "\"TTL\" : <ttl>", options: .regularExpression)
    }

    @Test func leaseListAndErrors() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let differential = Differential(server: server)
        _ = try grant(server)
        _ = try grant(server)

        for format in Self.formats {
            try differential.expectSame(["lease", "list", "-w", format])
        }
        for arguments in [["lease", "grant"], ["lease", "grant", "x"], ["lease", "revoke"], ["lease", "revoke", "zz"], ["lease", "revoke", "abc"], ["lease", "timetolive", "zz"]] {
            try differential.expectSame(arguments)
        }
    }

    @Test func keepAliveOnce() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let lease = try grant(server, ttl: 60)
        let result = try server.ketcd(["lease", "keep-alive", "--once", lease])
        let etcdctl = try server.etcdctl(["lease", "keep-alive", "--once", lease])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output == "lease \(lease) keepalived with TTL(60)\n")
        #expect(result.output == etcdctl.output)
    }
}
