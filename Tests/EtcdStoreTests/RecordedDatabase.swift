import EtcdAPI
import EtcdTestSupport
import Foundation

/// A database written by a real etcd 3.5 through Debian's etcdctl, with the
/// results etcdctl got online, recorded before the member stopped.
///
/// The writes cover overwrites, deletions and re-creations, a transaction
/// that changes several keys in one revision, leases, a deletion at exactly
/// the compaction revision, a compaction, binary Kubernetes-style values and
/// enough keys for the `key` bucket to need branch pages.
final class RecordedDatabase: Sendable {
    /// The member's data directory; the member is stopped once recording ends.
    let dataDirectory: String
    let databasePath: String
    /// A snapshot saved with `etcdctl snapshot save` at the end of the writes.
    let snapshotPath: String
    let compactRevision: Int64
    let currentRevision: Int64
    /// etcdctl's `-w json` output (or its error) for each `RangeCase`, by case name.
    let onlineRanges: [String: EtcdctlOutput]
    /// `etcdctl endpoint hashkv -w json` by requested revision (0: current).
    let onlineHashes: [Int64: String]
    /// `etcdutl snapshot status -w json` of the snapshot file.
    let snapshotStatusJSON: String
    /// `etcdctl endpoint status -w json`, recorded while the member served.
    let endpointStatusJSON: String
    /// The latest state as the store read it while etcd still had the file open.
    let rangeReadWhileRunning: Result<RangeResponse, EtcdStoreTestError>
    /// A key whose full history the test compares with `get --rev`.
    static let historyKey = "/registry/configmaps/default/settings"

    struct EtcdctlOutput: Sendable {
        var status: Int32
        var output: String
        var error: String
    }

    private let server: EtcdServer

    static let shared: Result<RecordedDatabase, EtcdStoreTestError> = {
        do {
            return .success(try RecordedDatabase())
        } catch {
            return .failure(EtcdStoreTestError("recording a database with etcd failed: \(error)"))
        }
    }()

    private init() throws {
        let server = try EtcdServer.start()
        self.server = server
        dataDirectory = server.dataDirectory.path
        databasePath = server.databasePath
        snapshotPath = server.dataDirectory.deletingLastPathComponent().appendingPathComponent("snapshot.db").path

        @discardableResult
        func run(_ arguments: [String], input: Data = Data()) throws -> ProcessResult {
            let result = try server.etcdctl(arguments, input: input)
            guard result.status == 0 else {
                throw EtcdStoreTestError("etcdctl \(arguments.joined(separator: " ")) failed: \(result.errorOutput)")
            }
            return result
        }

        // Revision 2 onwards.
        try run(["put", "foo", "bar"])
        try run(["put", "foo", "baz"])
        for index in 1...5 {
            try run(["put", "/a/\(index)", "value \(index)"])
        }
        try run(["del", "/a/3"])
        try run(["put", "/a/3", "born again"])
        try run(["put", Self.historyKey, "v1"])
        try run(["put", Self.historyKey, "v2"])
        try run(["txn"], input: Data("\nput /txn/x one\nput /txn/y two\ndel /a/5\nput /txn/z three\n\n\n".utf8))
        let lease = try run(["lease", "grant", "3600"]).output.split(separator: " ")[1]
        try run(["put", "--lease=\(lease)", "/leased/key", "with a lease"])
        for name in ["default", "kube-system", "kube-public"] {
            try run(["put", "/registry/namespaces/\(name)"], input: Data(RecordedDatabase.namespaceValue(name)))
        }
        try run(["put", "/gone", "soon deleted"])
        try run(["del", "/gone"])
        let compactRevision = try RecordedDatabase.revision(of: run(["get", "/gone", "-w", "json"]).output)
        try run(["compact", String(compactRevision)])
        self.compactRevision = compactRevision

        // After the compaction: more history, deletions and bulk keys.
        try run(["put", Self.historyKey, "v3"])
        try run(["del", "/a/", "--prefix"])
        try run(["put", "/a/2", "after the compaction"])
        try run(["del", Self.historyKey])
        try run(["put", Self.historyKey, "v4, a new generation"])
        let filler = String(repeating: "x", count: 300)
        var bulk = "\n"
        for index in 0..<300 {
            bulk += "put /bulk/\(String(format: "%04d", index)) \(index)-\(filler)\n"
            if index % 50 == 49 {
                try run(["txn"], input: Data((bulk + "\n\n").utf8))
                bulk = "\n"
            }
        }
        try run(["put", "foo", "final"])
        try run(["put", "zzz", "last key"])

        // A snapshot forces etcd to commit its write batch to the file.
        try run(["snapshot", "save", snapshotPath])
        currentRevision = try RecordedDatabase.revision(of: run(["get", "foo", "-w", "json"]).output)
        snapshotStatusJSON = try ProcessRunner.run(TestEnvironment.etcdutlPath, ["snapshot", "status", snapshotPath, "-w", "json"]).output

        var ranges: [String: EtcdctlOutput] = [:]
        for rangeCase in RangeCase.all(compactRevision: compactRevision, currentRevision: currentRevision) {
            let result = rangeCase.usesGateway
                ? try ProcessRunner.run("/usr/bin/curl", ["-sS", "-X", "POST", "\(server.endpoint)/v3/kv/range", "-d", rangeCase.gatewayBody])
                : try server.etcdctl(rangeCase.arguments + ["-w", "json"])
            ranges[rangeCase.name] = EtcdctlOutput(status: result.status, output: result.output, error: result.errorOutput)
        }
        onlineRanges = ranges

        var hashes: [Int64: String] = [:]
        for revision in [0, compactRevision + 1, compactRevision + 3, currentRevision - 1] {
            hashes[revision] = try run(["endpoint", "hashkv", "--rev=\(revision)", "-w", "json"]).output
        }
        onlineHashes = hashes
        endpointStatusJSON = try run(["endpoint", "status", "-w", "json"]).output

        // Read the file while etcd still has it open and mapped.
        do {
            let store = try EtcdStore(path: server.databasePath)
            rangeReadWhileRunning = .success(try store.readRange(RangeRequest(key: [0], rangeEnd: [0])))
        } catch {
            rangeReadWhileRunning = .failure(EtcdStoreTestError("reading the live database failed: \(error)"))
        }
        server.stop()
    }

    /// Builds a Kubernetes-style value: the `k8s\0` envelope around a binary protobuf
    /// `runtime.Unknown`, as kube-apiserver stores a Namespace.
    static func namespaceValue(_ name: String) -> [UInt8] {
        var object: [UInt8] = [0x0a, 0x0b, 0x0a, 0x02] + Array("v1".utf8) + [0x12, 0x09] + Array("Namespace".utf8)
        let metadata: [UInt8] = [0x0a, UInt8(name.utf8.count)] + Array(name.utf8) + [0x1a, 0x24] + Array("0d3c5a4e-7c3b-4a55-9a36-3c2f0e8d1b2a".utf8)
        let raw: [UInt8] = [0x0a, UInt8(metadata.count)] + metadata + [0x1a, 0x0c, 0x0a, 0x0a] + Array("kubernetes".utf8) + [0x22, 0x08, 0x0a, 0x06] + Array("Active".utf8)
        object += [0x12, UInt8(raw.count)] + raw + [0x1a, 0x00, 0x22, 0x00]
        return Array("k8s".utf8) + [0x00] + object
    }

    /// Returns the header revision of etcdctl's `-w json` output.
    static func revision(of json: String) throws -> Int64 {
        let range = try EtcdctlRange.decode(json)
        return range.header.revision?.value ?? 0
    }
}

struct EtcdStoreTestError: Error, CustomStringConvertible, Sendable {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// etcdctl's `get -w json` output: the RangeResponse with base64 bytes. The
/// gRPC gateway's response has the same shape with 64-bit integers as strings.
struct EtcdctlRange: Decodable {
    struct Header: Decodable {
        var cluster_id: FlexibleInteger<UInt64>?
        var member_id: FlexibleInteger<UInt64>?
        var revision: FlexibleInteger<Int64>?
        var raft_term: FlexibleInteger<UInt64>?
    }

    struct Pair: Decodable {
        var key: String
        var create_revision: FlexibleInteger<Int64>?
        var mod_revision: FlexibleInteger<Int64>?
        var version: FlexibleInteger<Int64>?
        var value: String?
        var lease: FlexibleInteger<Int64>?
    }

    var header: Header
    var kvs: [Pair]?
    var more: Bool?
    var count: FlexibleInteger<Int64>?

    static func decode(_ json: String) throws -> EtcdctlRange {
        try JSONDecoder().decode(EtcdctlRange.self, from: Data(json.utf8))
    }

    /// Converts the output to a `RangeResponse`.
    func response() -> RangeResponse {
        let pairs = (kvs ?? []).map { pair in
            KeyValue(
                key: [UInt8](Data(base64Encoded: pair.key) ?? Data()),
                createRevision: pair.create_revision?.value ?? 0,
                modRevision: pair.mod_revision?.value ?? 0,
                version: pair.version?.value ?? 0,
                value: [UInt8](Data(base64Encoded: pair.value ?? "") ?? Data()),
                lease: pair.lease?.value ?? 0
            )
        }
        return RangeResponse(
            header: ResponseHeader(
                clusterID: header.cluster_id?.value ?? 0, memberID: header.member_id?.value ?? 0,
                revision: header.revision?.value ?? 0, raftTerm: header.raft_term?.value ?? 0
            ),
            kvs: pairs, more: more ?? false, count: count?.value ?? 0
        )
    }
}

@testable import EtcdStore

/// A JSON integer written as a number (etcdctl) or a string (the gRPC gateway).
struct FlexibleInteger<Value: FixedWidthInteger & Decodable>: Decodable {
    var value: Value

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self), let parsed = Value(text) {
            value = parsed
        } else {
            value = try container.decode(Value.self)
        }
    }
}
