import EtcdAPI
import EtcdTestSupport
import Foundation
import Testing

/// txn from standard input against etcdctl. Both tools run the same
/// transaction one after the other, so revisions, mod revisions and versions
/// differ and are replaced by placeholders; protobuf output is decoded and
/// compared with those fields cleared.
@Suite struct DifferentialTxnTests {
    static let inputs = [
        "mod(\"tk\") > \"0\"\n\nput tx1 \"a b\"\nget tk\ndel tx1 --prev-kv\n\nput tx2 c\n\n",
        "val(\"tk\") = \"nope\"\n\nput tx1 a\n\nget --prefix tk\nput tx3 'single quoted'\n\n",
        "c(\"tk\") != \"0\"\nversion(\"missing\") = \"0\"\n\nget --prefix tk --keys-only\n\n\n",
        "\n\n\n",
        "bogus(\"tk\") = \"1\"\n\n\n\n",
        "mod(\"tk\") > \"0\"\n\nput\n\n\n",
        "mod(\"tk\") > \"0\"\n\nput a b\n",
        "version(\"tk\") = \"x\"\n\n\n\n",
    ]

    func masked(_ text: String) -> String {
        var text = text
        for (pattern, replacement) in [
            (#""(revision|mod_revision|version)":[0-9]+"#, "\"$1\":<n>"),
            (#""(Revision|ModRevision|Version)" : [0-9]+"#, "\"$1\" : <n>"),
        ] {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    func clearedRevisions(_ bytes: Data) throws -> TxnResponse {
        var response = try TxnResponse(serializedBytes: [UInt8](bytes))
        response.header.revision = 0
        response.responses = response.responses.map { operation in
            switch operation {
            case .range(var range):
                range.header.revision = 0
                range.kvs = range.kvs.map { kv in
                    var kv = kv
                    kv.modRevision = 0
                    kv.version = 0
                    return kv
                }
                return .range(range)
            case .put(var put):
                put.header.revision = 0
                return .put(put)
            case .deleteRange(var delete):
                delete.header.revision = 0
                delete.prevKVs = delete.prevKVs.map { kv in
                    var kv = kv
                    kv.modRevision = 0
                    kv.version = 0
                    return kv
                }
                return .deleteRange(delete)
            case .txn:
                return operation
            }
        }
        return response
    }

    @Test func txnInEveryFormat() throws {
        let server = try EtcdServer.start(security: .mutualTLS(try KubeadmPKI.shared()))
        defer { server.stop() }
        _ = try server.etcdctl(["put", "tk", "1"])

        for format in ["simple", "json", "fields", "protobuf", "table"] {
            for input in Self.inputs {
                let etcdctl = try server.etcdctl(["txn", "-w", format], input: Data(input.utf8))
                let ketcd = try server.ketcd(["txn", "-w", format], input: Data(input.utf8))
                let label = "txn -w \(format) with \(input.debugDescription)"
                #expect(ketcd.status == etcdctl.status, "\(label): \(ketcd.errorOutput)")
                #expect(errorLines(ketcd) == errorLines(etcdctl), "\(label)")
                if format == "protobuf" && etcdctl.status == 0 {
                    #expect(try clearedRevisions(ketcd.standardOutput) == clearedRevisions(etcdctl.standardOutput), "\(label)")
                } else {
                    #expect(masked(ketcd.output) == masked(etcdctl.output), "\(label)")
                }
            }
        }
    }

    @Test func txnRejectsArguments() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        try Differential(server: server).expectSame(["txn", "extra"])
    }
}
