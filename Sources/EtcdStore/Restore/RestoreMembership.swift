import Foundation

/// A member of the cluster that a restore bootstraps.
public struct RestoredMember: Sendable, Equatable {
    public let id: UInt64
    public let name: String
    /// Peer URLs in etcd's normal form, sorted by their UTF-8 bytes.
    public let peerURLs: [String]

    /// The member's JSON as etcd 3.5 stores it in the `members` bucket and in
    /// the context of its WAL entry: `{"id":…,"peerURLs":[…],"name":"…"}`.
    /// `name` is left out when empty, and `isLearner` and `clientURLs` are
    /// always left out, because a restored member is a voter that has not
    /// published its client URLs yet.
    var json: [UInt8] {
        var output = Array("{\"id\":\(id),\"peerURLs\":".utf8)
        appendURLArray(to: &output)
        if !name.isEmpty {
            output.append(contentsOf: Array(",\"name\":".utf8))
            GoJSONString.append(name, to: &output)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The member's raft attributes JSON, the value of its v2 store key
    /// `/0/members/<id>/raftAttributes`: `{"peerURLs":[…]}`.
    var raftAttributesJSON: [UInt8] {
        var output = Array("{\"peerURLs\":".utf8)
        appendURLArray(to: &output)
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The id as etcd writes it in keys and logs: lowercase hex without padding.
    var hexID: String { String(id, radix: 16) }

    private func appendURLArray(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        for (index, url) in peerURLs.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            GoJSONString.append(url, to: &output)
        }
        output.append(UInt8(ascii: "]"))
    }
}

/// The cluster that `--initial-cluster` describes, checked as etcd 3.5
/// checks a new cluster's flags before it bootstraps.
///
/// Member ids and the cluster id are computed as etcd computes them for a new
/// cluster, so restoring with the same flags gives the same ids as etcdutl.
struct RestoreMembership: Equatable {
    /// Every member, in ascending id order.
    let members: [RestoredMember]
    let clusterID: UInt64
    /// The member named by `--name`.
    let localMember: RestoredMember

    /// Parses and checks the bootstrap flags.
    ///
    /// - Parameters:
    ///   - name: `--name`, which must be one of the cluster's names.
    ///   - initialCluster: `--initial-cluster`, comma-separated `name=peerURL`
    ///     pairs. A name may appear several times, once per peer URL.
    ///   - advertisePeerURLs: `--initial-advertise-peer-urls`, comma-separated;
    ///     it must list exactly the local member's URLs.
    ///   - token: `--initial-cluster-token`, part of every member id.
    init(name: String, initialCluster: String, advertisePeerURLs: String, token: String) throws(SnapshotRestoreError) {
        // Group the URLs by name in order of first appearance. Empty items
        // (",,") are skipped and an item without "=" is a name with an empty
        // URL, as etcd parses the flag.
        var names: [String] = []
        var urlsByName: [String: [String]] = [:]
        for item in initialCluster.split(separator: ",", omittingEmptySubsequences: true) {
            let memberName: String
            let rawURL: String
            if let equals = item.firstIndex(of: "=") {
                memberName = String(item[..<equals])
                rawURL = String(item[item.index(after: equals)...])
            } else {
                memberName = String(item)
                rawURL = ""
            }
            let url = try PeerURL.normalize(rawURL, flag: "--initial-cluster")
            if urlsByName[memberName] == nil {
                names.append(memberName)
            }
            urlsByName[memberName, default: []].append(url)
        }
        let advertised = try advertisePeerURLs.split(separator: ",", omittingEmptySubsequences: false).map { raw throws(SnapshotRestoreError) in
            try PeerURL.normalize(String(raw), flag: "--initial-advertise-peer-urls")
        }

        guard let localURLs = urlsByName[name] else {
            throw SnapshotRestoreError(
                .invalidOptions,
                "--name \(name.debugDescription) is not in --initial-cluster \(initialCluster.debugDescription); "
                    + "pass the name of one of its members, or add \(name)=<peer URL> to it"
            )
        }
        guard PeerURL.sorted(localURLs) == PeerURL.sorted(advertised) else {
            throw SnapshotRestoreError(
                .invalidOptions,
                "--initial-advertise-peer-urls \(advertisePeerURLs.debugDescription) does not match the peer URLs of \(name.debugDescription) "
                    + "in --initial-cluster (\(PeerURL.sorted(localURLs).joined(separator: ","))); pass the same URLs to both flags, "
                    + "spelled the same way (ketcd compares the URLs as text and does not resolve host names)"
            )
        }
        var seenURLs: Set<String> = []
        for memberName in names {
            for url in urlsByName[memberName]! where !seenURLs.insert(url).inserted {
                throw SnapshotRestoreError(
                    .invalidOptions,
                    "--initial-cluster \(initialCluster.debugDescription) lists peer URL \(url) more than once; give each member its own peer URLs"
                )
            }
        }

        // No two members share a URL, so their ids differ (barring a SHA-1
        // collision, which etcd checks for and ketcd does not).
        var members: [RestoredMember] = []
        for memberName in names {
            let urls = PeerURL.sorted(urlsByName[memberName]!)
            let id = RestoreMembership.memberID(peerURLs: urls, token: token)
            members.append(RestoredMember(id: id, name: memberName, peerURLs: urls))
        }
        members.sort { $0.id < $1.id }

        self.members = members
        clusterID = ClusterIdentity.bootstrapClusterID(memberIDs: members.map(\.id))
        localMember = members.first { $0.name == name }!
    }

    /// Computes a new member's id as etcd 3.5 does: the first 8 bytes
    /// (big-endian) of the SHA-1 of its sorted peer URLs, concatenated, then
    /// the cluster token.
    static func memberID(peerURLs: [String], token: String) -> UInt64 {
        let input = Array((PeerURL.sorted(peerURLs).joined() + token).utf8)
        let digest = input.withUnsafeBytes { SnapshotHashCheck.sha1($0) }
        return digest.prefix(8).reduce(0) { ($0 << 8) | UInt64($1) }
    }
}

/// Peer URL checks and normal form, following etcd 3.5's `types.NewURLs`.
enum PeerURL {
    private static let schemes: Set<String> = ["http", "https", "unix", "unixs"]

    /// Returns `raw` in the form etcd stores: surrounding white space removed
    /// and the scheme in lowercase.
    ///
    /// Like etcd, it requires a scheme etcd can serve, a `host:port` address
    /// and no path. NOTE: etcd also accepts user information, a query or a
    /// fragment (which it never uses to connect), and ketcd rejects them.
    static func normalize(_ raw: String, flag: String) throws(SnapshotRestoreError) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        func invalid(_ reason: String) -> SnapshotRestoreError {
            SnapshotRestoreError(.invalidOptions, "invalid peer URL \(raw.debugDescription) in \(flag): \(reason)")
        }
        guard let separator = text.range(of: "://") else {
            throw invalid("expected scheme://host:port with scheme http, https, unix or unixs")
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard schemes.contains(scheme) else {
            throw invalid("the scheme must be http, https, unix or unixs")
        }
        let address = text[separator.upperBound...]
        if address.contains("/") {
            throw invalid("a peer URL must not contain a path")
        }
        if let character = address.first(where: { "?#@%".contains($0) || $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7f } == true }) {
            throw invalid("unexpected \(String(character).debugDescription); ketcd accepts peer URLs of the form scheme://host:port only")
        }
        let port: Substring
        if address.hasPrefix("[") {
            guard let close = address.firstIndex(of: "]"), address[address.index(after: close)...].hasPrefix(":") else {
                throw invalid("the address must have the form \"[host]:port\"")
            }
            port = address[address.index(close, offsetBy: 2)...]
        } else {
            guard let colon = address.firstIndex(of: ":"), !address[address.index(after: colon)...].contains(":") else {
                throw invalid("the address must have the form \"host:port\"")
            }
            port = address[address.index(after: colon)...]
        }
        guard port.allSatisfy(\.isASCII) && port.allSatisfy(\.isNumber) else {
            throw invalid("the port \(String(port).debugDescription) is not a number")
        }
        return scheme + "://" + address
    }

    /// Sorts URLs by their UTF-8 bytes, as Go's `sort.Strings` does.
    static func sorted(_ urls: [String]) -> [String] {
        urls.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
