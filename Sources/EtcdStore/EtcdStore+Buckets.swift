/// A lease as etcd stores it in the `lease` bucket (`leasepb.Lease`).
public struct StoredLease: Sendable, Equatable {
    public var id: Int64
    /// Granted time to live, in seconds.
    public var ttl: Int64
    /// Seconds left when the lease was last checkpointed; 0 when never checkpointed.
    public var remainingTTL: Int64
}

/// An alarm raised on a member (`etcdserverpb.AlarmMember`).
public struct StoredAlarm: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case noSpace, corrupt, other(Int64)
    }

    public var memberID: UInt64
    public var kind: Kind
}

/// The authentication state kept in the `auth`, `authUsers` and `authRoles` buckets.
public struct StoredAuth: Sendable, Equatable {
    public var isEnabled: Bool
    public var revision: UInt64
    public var userNames: [String]
    public var roleNames: [String]
}

extension EtcdStore {
    /// Lists every top-level bucket with its number of entries, in bbolt's order.
    public func buckets() throws -> [(name: String, entries: Int)] {
        var result: [(name: String, entries: Int)] = []
        try database.forEach(in: database.rootBucket) { entry in
            guard entry.isBucket else { return }
            var count = 0
            try database.forEach(in: database.bucket(entry)) { _ in count += 1 }
            result.append((String(decoding: database.bytes(entry.key), as: UTF8.self), count))
        }
        return result
    }

    /// Reads the leases in the `lease` bucket, by id.
    public func leases() throws -> [StoredLease] {
        var leases: [StoredLease] = []
        try forEachValue(inBucket: "lease") { value in
            var lease = StoredLease(id: 0, ttl: 0, remainingTTL: 0)
            EtcdStore.forEachVarint(value) { field, number in
                switch field {
                case 1: lease.id = Int64(bitPattern: number)
                case 2: lease.ttl = Int64(bitPattern: number)
                case 3: lease.remainingTTL = Int64(bitPattern: number)
                default: break
                }
            }
            leases.append(lease)
        }
        return leases
    }

    /// Reads the alarms in the `alarm` bucket, where each key is an encoded `AlarmMember`.
    public func alarms() throws -> [StoredAlarm] {
        guard let bucket = try database.bucket(named: Array("alarm".utf8)) else { return [] }
        var alarms: [StoredAlarm] = []
        try database.forEach(in: bucket) { entry in
            var alarm = StoredAlarm(memberID: 0, kind: .other(0))
            EtcdStore.forEachVarint(database.copyBytes(entry.key)) { field, number in
                if field == 1 { alarm.memberID = number }
                if field == 2 {
                    switch number {
                    case 1: alarm.kind = .noSpace
                    case 2: alarm.kind = .corrupt
                    default: alarm.kind = .other(Int64(bitPattern: number))
                    }
                }
            }
            alarms.append(alarm)
        }
        return alarms
    }

    /// Reads whether authentication is enabled, and the user and role names.
    public func auth() throws -> StoredAuth {
        var auth = StoredAuth(isEnabled: false, revision: 0, userNames: [], roleNames: [])
        if let bucket = try database.bucket(named: Array("auth".utf8)) {
            try database.forEach(in: bucket) { entry in
                let name = String(decoding: database.bytes(entry.key), as: UTF8.self)
                let value = database.copyBytes(entry.value)
                if name == "authEnabled" { auth.isEnabled = value.first == 1 }
                if name == "authRevision" && value.count >= 8 {
                    auth.revision = value.prefix(8).reduce(0) { ($0 << 8) | UInt64($1) }
                }
            }
        }
        for (bucketName, isUsers) in [("authUsers", true), ("authRoles", false)] {
            guard let bucket = try database.bucket(named: Array(bucketName.utf8)) else { continue }
            try database.forEach(in: bucket) { entry in
                let name = String(decoding: database.bytes(entry.key), as: UTF8.self)
                if isUsers { auth.userNames.append(name) } else { auth.roleNames.append(name) }
            }
        }
        return auth
    }

    private func forEachValue(inBucket name: String, _ body: ([UInt8]) throws -> Void) throws {
        guard let bucket = try database.bucket(named: Array(name.utf8)) else { return }
        try database.forEach(in: bucket) { entry in
            try body(database.copyBytes(entry.value))
        }
    }

    /// Calls `body` with each varint field of a protobuf message and skips the
    /// others; stops quietly at the first malformed byte.
    static func forEachVarint(_ message: [UInt8], _ body: (UInt64, UInt64) -> Void) {
        var position = 0
        func varint() -> UInt64? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while position < message.count && shift < 64 {
                let byte = message[position]
                position += 1
                result |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { return result }
                shift += 7
            }
            return nil
        }
        while position < message.count {
            guard let tag = varint() else { return }
            switch tag & 7 {
            case 0:
                guard let value = varint() else { return }
                body(tag >> 3, value)
            case 1: position += 8
            case 5: position += 4
            case 2:
                guard let length = varint(), length <= UInt64(message.count - position) else { return }
                position += Int(length)
            default: return
            }
        }
    }
}
