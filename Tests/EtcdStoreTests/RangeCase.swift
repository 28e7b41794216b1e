import EtcdAPI
import Foundation

/// One read, as etcdctl arguments and as the `RangeRequest` etcdctl sends for them.
///
/// etcdctl 3.5 has no flags for the mod and create revision filters, so those
/// cases send the request as JSON to etcd's gRPC gateway (`POST /v3/kv/range`)
/// instead, with `arguments` empty.
struct RangeCase: Sendable, CustomStringConvertible {
    var name: String
    var arguments: [String]
    var request: RangeRequest
    var usesGateway: Bool { arguments.isEmpty }

    /// The request in the gateway's JSON form: bytes in base64, int64 as strings.
    var gatewayBody: String {
        var fields = ["\"key\":\"\(Data(request.key).base64EncodedString())\""]
        if !request.rangeEnd.isEmpty { fields.append("\"range_end\":\"\(Data(request.rangeEnd).base64EncodedString())\"") }
        if request.limit != 0 { fields.append("\"limit\":\"\(request.limit)\"") }
        if request.revision != 0 { fields.append("\"revision\":\"\(request.revision)\"") }
        if request.keysOnly { fields.append("\"keys_only\":true") }
        if request.minModRevision != 0 { fields.append("\"min_mod_revision\":\"\(request.minModRevision)\"") }
        if request.maxModRevision != 0 { fields.append("\"max_mod_revision\":\"\(request.maxModRevision)\"") }
        if request.minCreateRevision != 0 { fields.append("\"min_create_revision\":\"\(request.minCreateRevision)\"") }
        if request.maxCreateRevision != 0 { fields.append("\"max_create_revision\":\"\(request.maxCreateRevision)\"") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    var description: String { name }

    static func all(compactRevision: Int64, currentRevision: Int64) -> [RangeCase] {
        let everything = RangeRequest(key: [0], rangeEnd: [0])
        let prefixA = RangeRequest(key: Array("/a/".utf8), rangeEnd: Array("/a/".utf8).prefixRangeEnd)
        let registry = RangeRequest(key: Array("/registry/".utf8), rangeEnd: Array("/registry/".utf8).prefixRangeEnd)
        let bulk = RangeRequest(key: Array("/bulk/".utf8), rangeEnd: Array("/bulk/".utf8).prefixRangeEnd)
        func with(_ base: RangeRequest, _ change: (inout RangeRequest) -> Void) -> RangeRequest {
            var request = base
            change(&request)
            return request
        }

        var cases = [
            RangeCase(name: "single key", arguments: ["get", "foo"], request: RangeRequest(key: Array("foo".utf8))),
            RangeCase(name: "missing key", arguments: ["get", "nothing-here"], request: RangeRequest(key: Array("nothing-here".utf8))),
            RangeCase(name: "deleted key", arguments: ["get", "/gone"], request: RangeRequest(key: Array("/gone".utf8))),
            RangeCase(name: "everything", arguments: ["get", "", "--prefix"], request: everything),
            RangeCase(name: "from key", arguments: ["get", "--from-key", "/leased"], request: RangeRequest(key: Array("/leased".utf8), rangeEnd: [0])),
            RangeCase(name: "explicit range", arguments: ["get", "/bulk/0010", "/bulk/0020"], request: RangeRequest(key: Array("/bulk/0010".utf8), rangeEnd: Array("/bulk/0020".utf8))),
            RangeCase(name: "empty range", arguments: ["get", "/bulk/0020", "/bulk/0010"], request: RangeRequest(key: Array("/bulk/0020".utf8), rangeEnd: Array("/bulk/0010".utf8))),
            RangeCase(name: "prefix", arguments: ["get", "/a/", "--prefix"], request: prefixA),
            RangeCase(name: "limit", arguments: ["get", "/bulk/", "--prefix", "--limit=7"], request: with(bulk) { $0.limit = 7 }),
            RangeCase(name: "limit above count", arguments: ["get", "/txn/", "--prefix", "--limit=50"], request: with(RangeRequest(key: Array("/txn/".utf8), rangeEnd: Array("/txn/".utf8).prefixRangeEnd)) { $0.limit = 50 }),
            RangeCase(name: "keys only", arguments: ["get", "", "--prefix", "--keys-only"], request: with(everything) { $0.keysOnly = true }),
            RangeCase(name: "sort by key descending", arguments: ["get", "", "--prefix", "--sort-by=KEY", "--order=DESCEND", "--limit=5"], request: with(everything) { $0.sortTarget = .key; $0.sortOrder = .descend; $0.limit = 5 }),
            RangeCase(name: "sort by modify", arguments: ["get", "/registry/", "--prefix", "--sort-by=MODIFY", "--order=DESCEND", "--limit=2"], request: with(registry) { $0.sortTarget = .mod; $0.sortOrder = .descend; $0.limit = 2 }),
            RangeCase(name: "sort ties by modify", arguments: ["get", "", "--prefix", "--sort-by=MODIFY", "--order=DESCEND", "--limit=60"], request: with(everything) { $0.sortTarget = .mod; $0.sortOrder = .descend; $0.limit = 60 }),
            RangeCase(name: "sort ties by modify ascending", arguments: ["get", "", "--prefix", "--keys-only", "--sort-by=MODIFY"], request: with(everything) { $0.keysOnly = true; $0.sortTarget = .mod; $0.sortOrder = .ascend }),
            RangeCase(name: "sort ties by version", arguments: ["get", "", "--prefix", "--keys-only", "--sort-by=VERSION", "--order=DESCEND"], request: with(everything) { $0.keysOnly = true; $0.sortTarget = .version; $0.sortOrder = .descend }),
            RangeCase(name: "sort ties by create", arguments: ["get", "/bulk/", "--prefix", "--keys-only", "--sort-by=CREATE", "--order=DESCEND", "--limit=120"], request: with(bulk) { $0.keysOnly = true; $0.sortTarget = .create; $0.sortOrder = .descend; $0.limit = 120 }),
            RangeCase(name: "sort ties by value", arguments: ["get", "", "--prefix", "--keys-only", "--sort-by=VALUE"], request: with(everything) { $0.keysOnly = true; $0.sortTarget = .value; $0.sortOrder = .ascend }),
            RangeCase(name: "sort by create", arguments: ["get", "/a/", "--prefix", "--sort-by=CREATE"], request: with(prefixA) { $0.sortTarget = .create; $0.sortOrder = .ascend }),
            RangeCase(name: "sort by version", arguments: ["get", "/registry/", "--prefix", "--sort-by=VERSION", "--order=DESCEND", "--limit=3"], request: with(registry) { $0.sortTarget = .version; $0.sortOrder = .descend; $0.limit = 3 }),
            RangeCase(name: "sort by value", arguments: ["get", "/txn/", "--prefix", "--sort-by=VALUE", "--order=DESCEND"], request: with(RangeRequest(key: Array("/txn/".utf8), rangeEnd: Array("/txn/".utf8).prefixRangeEnd)) { $0.sortTarget = .value; $0.sortOrder = .descend }),
            RangeCase(name: "min mod revision", arguments: [], request: with(everything) { $0.keysOnly = true; $0.minModRevision = currentRevision - 2 }),
            RangeCase(name: "max mod revision", arguments: [], request: with(everything) { $0.maxModRevision = compactRevision + 2; $0.limit = 3 }),
            RangeCase(name: "create revision window", arguments: [], request: with(everything) { $0.keysOnly = true; $0.minCreateRevision = 3; $0.maxCreateRevision = compactRevision }),
            RangeCase(name: "compacted revision", arguments: ["get", "foo", "--rev=\(compactRevision - 1)"], request: RangeRequest(key: Array("foo".utf8), revision: compactRevision - 1)),
            RangeCase(name: "future revision", arguments: ["get", "foo", "--rev=\(currentRevision + 1)"], request: RangeRequest(key: Array("foo".utf8), revision: currentRevision + 1)),
        ]
        for revision in [compactRevision, compactRevision + 1, compactRevision + 3, compactRevision + 5, currentRevision - 1, currentRevision] {
            cases.append(RangeCase(name: "everything at revision \(revision)", arguments: ["get", "", "--prefix", "--rev=\(revision)"], request: with(everything) { $0.revision = revision }))
        }
        return cases
    }
}
