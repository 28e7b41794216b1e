import EtcdAPI
import EtcdTestSupport
import Foundation
import Testing

/// put and del against etcdctl. Each case runs etcdctl, restores the key to
/// its earlier value, then runs ketcd, so both see the same value. The
/// fields that the extra writes change (the header revision and the
/// previous pair's revisions and version) are set to the values ketcd must
/// report before comparing; everything else must match byte for byte.
@Suite struct DifferentialWriteTests {
    struct Revisions {
        /// Header revision ketcd's response must carry.
        var header: Int64
        /// The previous pair's create revision, mod revision and version, when the response has one.
        var previous: (create: Int64, modified: Int64, version: Int64)?
    }

    func currentRevision(_ server: EtcdServer) throws -> Int64 {
        let status = try server.etcdctl(["get", "--prefix", "/", "-w", "protobuf", "--limit=1"])
        return try RangeResponse(serializedBytes: [UInt8](status.standardOutput)).header.revision
    }

    /// etcdctl's output with the revision fields set to `revisions`.
    func adjusted(_ output: Data, format: String, revisions: Revisions, isDelete: Bool) throws -> Data {
        switch format {
        case "json":
            var text = String(decoding: output, as: UTF8.self)
            text = OutputAdjustment.json(text, member: "revision", to: revisions.header)
            if let previous = revisions.previous {
                let anchor = isDelete ? "\"prev_kvs\":" : "\"prev_kv\":"
                text = OutputAdjustment.json(text, member: "create_revision", after: anchor, to: previous.create)
                text = OutputAdjustment.json(text, member: "mod_revision", after: anchor, to: previous.modified)
                text = OutputAdjustment.json(text, member: "version", after: anchor, to: previous.version)
            }
            return Data(text.utf8)
        case "fields":
            var text = String(decoding: output, as: UTF8.self)
            text = OutputAdjustment.fields(text, field: "Revision", to: revisions.header)
            if let previous = revisions.previous {
                text = OutputAdjustment.fields(text, field: "PrevCreateRevision", to: previous.create)
                text = OutputAdjustment.fields(text, field: "PrevModRevision", to: previous.modified)
                text = OutputAdjustment.fields(text, field: "PrevVersion", to: previous.version)
            }
            return Data(text.utf8)
        case "protobuf":
            // Re-encoding etcdctl's bytes unchanged must reproduce them, so the
            // comparison below still checks ketcd's encoding.
            return try adjustedProtobuf([UInt8](output), revisions: revisions, isDelete: isDelete)
        default:
            return output
        }
    }

    func adjustedProtobuf(_ bytes: [UInt8], revisions: Revisions, isDelete: Bool) throws -> Data {
        if !isDelete {
            var response = try PutResponse(serializedBytes: bytes)
            #expect(response.serializedBytes() == bytes, "etcdctl's put response re-encodes to the same bytes")
            response.header.revision = revisions.header
            if let previous = revisions.previous {
                response.prevKV?.createRevision = previous.create
                response.prevKV?.modRevision = previous.modified
                response.prevKV?.version = previous.version
            }
            return Data(response.serializedBytes())
        }
        var response = try DeleteRangeResponse(serializedBytes: bytes)
        #expect(response.serializedBytes() == bytes, "etcdctl's delete response re-encodes to the same bytes")
        response.header.revision = revisions.header
        if let previous = revisions.previous {
            for index in response.prevKVs.indices {
                response.prevKVs[index].createRevision = previous.create
                response.prevKVs[index].modRevision = previous.modified
                response.prevKVs[index].version = previous.version
            }
        }
        return Data(response.serializedBytes())
    }

    @Test func putInEveryFormat() throws {
        let server = try EtcdServer.start(security: .mutualTLS(try KubeadmPKI.shared()))
        defer { server.stop() }
        let key = "/registry/configmaps/default/written"
        _ = try server.etcdctl(["put", key, "original"])

        for format in ["simple", "json", "fields", "protobuf"] {
            for prevKV in [false, true] {
                let arguments = ["put", key, "changed-\(format)"] + (prevKV ? ["--prev-kv"] : []) + ["-w", format]
                let before = try server.etcdctl(["get", key, "-w", "protobuf"])
                let previous = try RangeResponse(serializedBytes: [UInt8](before.standardOutput)).kvs[0]

                let etcdctl = try server.etcdctl(arguments)
                let restore = try server.etcdctl(["put", key, String(decoding: previous.value, as: UTF8.self)])
                #expect(restore.status == 0)
                let restoreRevision = try currentRevision(server)
                let ketcd = try server.ketcd(arguments)

                let revisions = Revisions(
                    header: restoreRevision + 1,
                    previous: prevKV ? (previous.createRevision, restoreRevision, previous.version + 2) : nil
                )
                let expected = try adjusted(etcdctl.standardOutput, format: format, revisions: revisions, isDelete: false)
                #expect(String(decoding: ketcd.standardOutput, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(arguments)")
                #expect(ketcd.status == etcdctl.status, "\(arguments): \(ketcd.errorOutput)")
            }
        }
    }

    @Test func putValueFromStandardInput() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let value = Data([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff, 0x0a])

        let put = try server.ketcd(["put", "/registry/secrets/default/from-stdin"], input: value)
        #expect(put.status == 0)
        #expect(put.output == "OK\n")
        let stored = try server.etcdctl(["get", "/registry/secrets/default/from-stdin", "--print-value-only"])
        #expect(stored.standardOutput == value + Data([0x0a]))
    }

    @Test func putWithLeaseAndIgnoreFlags() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let grant = try server.etcdctl(["lease", "grant", "600"])
        let leaseID = grant.output.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        #expect(!leaseID.isEmpty)

        #expect(try server.ketcd(["put", "--lease=\(leaseID)", "leased", "v1"]).status == 0)
        #expect(try server.ketcd(["put", "--ignore-lease", "leased", "v2"]).status == 0)
        let afterIgnoreLease = try server.etcdctl(["get", "leased", "-w", "fields"]).output
        #expect(afterIgnoreLease.contains("\"Value\" : \"v2\""))
        #expect(afterIgnoreLease.contains("\"Lease\" : \(Int64(leaseID, radix: 16) ?? -1)"))

        // --ignore-value keeps the value; without --ignore-lease the put detaches the lease.
        #expect(try server.ketcd(["put", "--ignore-value", "leased"]).status == 0)
        let afterIgnoreValue = try server.etcdctl(["get", "leased", "-w", "fields"]).output
        #expect(afterIgnoreValue.contains("\"Value\" : \"v2\""))
        #expect(afterIgnoreValue.contains("\"Lease\" : 0"))
    }

    @Test func deleteInEveryFormat() throws {
        let server = try EtcdServer.start(security: .mutualTLS(try KubeadmPKI.shared()))
        defer { server.stop() }

        let shapes: [(arguments: [String], keys: [String])] = [
            (["del", "/d/one"], ["/d/one"]),
            (["del", "--prefix", "/d/p/"], ["/d/p/a"]),
            (["del", "/d/r/a", "/d/r/b"], ["/d/r/a"]),
            (["del", "--from-key", "/d/zz"], ["/d/zz"]),
            (["del", "/d/missing"], []),
        ]
        for format in ["simple", "json", "fields", "protobuf"] {
            for (shape, keys) in shapes {
                for prevKV in [false, true] {
                    for key in keys { _ = try server.etcdctl(["put", key, "value"]) }
                    let arguments = shape + (prevKV ? ["--prev-kv"] : []) + ["-w", format]
                    let etcdctl = try server.etcdctl(arguments)
                    for key in keys { _ = try server.etcdctl(["put", key, "value"]) }
                    let restoreRevision = try currentRevision(server)
                    let ketcd = try server.ketcd(arguments)

                    // The restored key is new: created and modified by the restoring put, version 1.
                    let revisions = Revisions(
                        header: keys.isEmpty ? restoreRevision : restoreRevision + 1,
                        previous: prevKV && !keys.isEmpty ? (restoreRevision, restoreRevision, 1) : nil
                    )
                    let expected = try adjusted(etcdctl.standardOutput, format: format, revisions: revisions, isDelete: true)
                    #expect(String(decoding: ketcd.standardOutput, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(arguments)")
                    #expect(ketcd.status == etcdctl.status, "\(arguments): \(ketcd.errorOutput)")
                }
            }
        }
    }
}
