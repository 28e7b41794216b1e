import Foundation

/// A cluster member as etcd 3.5 stores it in the `members` bucket.
public struct StoredMember: Sendable, Equatable {
    public var id: UInt64
    public var name: String
    public var peerURLs: [String]
    public var clientURLs: [String]
    public var isLearner: Bool
}

/// The cluster id and member id that go into response headers.
///
/// etcd 3.5 does not store either id in the bbolt database. The member id and
/// cluster id are in the metadata record at the start of the write-ahead log
/// (`member/wal/*.wal`), so a data directory gives both exactly. A bare
/// database or snapshot file only has the `members` bucket: when it lists a
/// single member and no removed ones, that member is the one that wrote the
/// file and the cluster id is derived from its id as etcd derives it when it
/// bootstraps a cluster (the first 8 bytes of the SHA-1 of the sorted member
/// ids). Otherwise both ids are 0.
public struct ClusterIdentity: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// Read from the metadata record of this write-ahead log file.
        case writeAheadLog(path: String)
        /// Derived from the only member in the `members` bucket.
        case singleMember
        /// Not derivable from the file: both ids are 0.
        case unknown
    }

    public var clusterID: UInt64
    public var memberID: UInt64
    public var source: Source
    /// The `members` bucket, in member id order.
    public var members: [StoredMember]
    /// Ids in the `members_removed` bucket.
    public var removedMemberIDs: [UInt64]

    static func read(database: BoltDatabase, databasePath: String, dataDirectory: String?) throws -> ClusterIdentity {
        var members: [StoredMember] = []
        if let bucket = try database.bucket(named: Array("members".utf8)) {
            try database.forEach(in: bucket) { entry in
                // A damaged member record only costs the ids, never the keys.
                let idText = String(decoding: database.bytes(entry.key), as: UTF8.self)
                guard let id = UInt64(idText, radix: 16) else { return }
                members.append(decodeMember(id: id, json: database.copyBytes(entry.value)))
            }
        }
        var removed: [UInt64] = []
        if let bucket = try database.bucket(named: Array("members_removed".utf8)) {
            try database.forEach(in: bucket) { entry in
                if let id = UInt64(String(decoding: database.bytes(entry.key), as: UTF8.self), radix: 16) {
                    removed.append(id)
                }
            }
        }
        members.sort { $0.id < $1.id }

        let directory = dataDirectory ?? inferredDataDirectory(databasePath: databasePath)
        if let directory, let (walPath, memberID, clusterID) = readWriteAheadLogMetadata(dataDirectory: directory) {
            return ClusterIdentity(clusterID: clusterID, memberID: memberID, source: .writeAheadLog(path: walPath), members: members, removedMemberIDs: removed)
        }
        if members.count == 1, removed.isEmpty {
            let id = members[0].id
            return ClusterIdentity(clusterID: bootstrapClusterID(memberIDs: [id]), memberID: id, source: .singleMember, members: members, removedMemberIDs: removed)
        }
        return ClusterIdentity(clusterID: 0, memberID: 0, source: .unknown, members: members, removedMemberIDs: removed)
    }

    /// Returns the data directory of a database at `DIR/member/snap/db`.
    private static func inferredDataDirectory(databasePath: String) -> String? {
        let url = URL(fileURLWithPath: databasePath).standardizedFileURL
        let components = url.pathComponents
        guard components.count >= 4, components.suffix(3) == ["member", "snap", "db"] else { return nil }
        return url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// Computes the cluster id etcd assigns to a new cluster of `memberIDs`.
    static func bootstrapClusterID(memberIDs: [UInt64]) -> UInt64 {
        var bytes: [UInt8] = []
        for id in memberIDs.sorted() {
            withUnsafeBytes(of: id.bigEndian) { bytes.append(contentsOf: $0) }
        }
        let digest = bytes.withUnsafeBytes { SnapshotHashCheck.sha1($0) }
        return digest.prefix(8).reduce(0) { ($0 << 8) | UInt64($1) }
    }

    private static func decodeMember(id: UInt64, json: [UInt8]) -> StoredMember {
        var member = StoredMember(id: id, name: "", peerURLs: [], clientURLs: [], isLearner: false)
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else { return member }
        member.name = object["name"] as? String ?? ""
        member.peerURLs = object["peerURLs"] as? [String] ?? []
        member.clientURLs = object["clientURLs"] as? [String] ?? []
        member.isLearner = object["isLearner"] as? Bool ?? false
        return member
    }

    /// Reads the member id and cluster id from the first write-ahead log file
    /// of `dataDirectory`: a sequence of frames, each an 8-byte little-endian
    /// length word (record length in the low 56 bits, padding in the top byte)
    /// followed by a `walpb.Record` {type = 1, crc = 2, data = 3}. The record
    /// of type 1 contains `etcdserverpb.Metadata` {NodeID = 1, ClusterID = 2}.
    private static func readWriteAheadLogMetadata(dataDirectory: String) -> (String, UInt64, UInt64)? {
        let walDirectory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("member/wal")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: walDirectory.path) else { return nil }
        guard let first = names.filter({ $0.hasSuffix(".wal") }).sorted().first else { return nil }
        let path = walDirectory.appendingPathComponent(first).path
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 1 << 20) else { return nil }
        let bytes = [UInt8](data)

        var position = 0
        for _ in 0..<16 {
            guard position + 8 <= bytes.count else { return nil }
            var word: UInt64 = 0
            for index in 0..<8 {
                word |= UInt64(bytes[position + index]) << (8 * UInt64(index))
            }
            let recordLength = Int(word & 0x00FF_FFFF_FFFF_FFFF)
            let padding = word >> 63 != 0 ? Int((word >> 56) & 0x7) : 0
            let start = position + 8
            guard recordLength > 0, start + recordLength <= bytes.count else { return nil }
            let record = bytes[start..<(start + recordLength)]
            var recordType: UInt64 = 0
            var recordData: ArraySlice<UInt8> = []
            forEachField(record) { field, value, payload in
                if field == 1 { recordType = value }
                if field == 3, let payload { recordData = payload }
            }
            if recordType == 1 {
                var memberID: UInt64 = 0
                var clusterID: UInt64 = 0
                forEachField(recordData) { field, value, _ in
                    if field == 1 { memberID = value }
                    if field == 2 { clusterID = value }
                }
                return memberID == 0 && clusterID == 0 ? nil : (path, memberID, clusterID)
            }
            position = start + recordLength + padding
        }
        return nil
    }

    /// Calls `body` with each varint field's value, or each length-delimited
    /// field's payload, of a protobuf message; stops at the first malformed byte.
    private static func forEachField(_ message: ArraySlice<UInt8>, _ body: (UInt64, UInt64, ArraySlice<UInt8>?) -> Void) {
        var position = message.startIndex
        func varint() -> UInt64? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while position < message.endIndex && shift < 64 {
                let byte = message[position]
                position += 1
                result |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { return result }
                shift += 7
            }
            return nil
        }
        while position < message.endIndex {
            guard let tag = varint() else { return }
            switch tag & 7 {
            case 0:
                guard let value = varint() else { return }
                body(tag >> 3, value, nil)
            case 2:
                guard let length = varint(), length <= UInt64(message.endIndex - position) else { return }
                body(tag >> 3, 0, message[position..<(position + Int(length))])
                position += Int(length)
            case 1:
                position += 8
            case 5:
                position += 4
            default:
                return
            }
        }
    }
}
