import Protobuf

/// The raft state of a restored member, as etcd 3.5's `snapshot restore`
/// writes it: one ConfChange entry per member at term 1, a hard state that
/// commits them, and a raft snapshot at the last of them.
///
/// Every message is gogo-protobuf (proto2 with non-nullable fields), so
/// zero-valued scalar fields are written, not skipped.
struct RaftBootstrapFiles {
    let membership: RestoreMembership

    /// Raft term of every entry, the hard state and the snapshot.
    static let term: UInt64 = 1
    /// Size of a WAL segment file in bytes. etcd preallocates each segment to this length.
    static let walSegmentSize = 64_000_000
    /// Name of the first WAL segment: sequence 0 starting at raft index 0.
    static let walFileName = "0000000000000000-0000000000000000.wal"

    /// Raft index of the last entry, which the snapshot and the database's
    /// consistent index point at: one entry per member.
    var commitIndex: UInt64 { UInt64(membership.members.count) }

    /// The snap file's name: `<term>-<index>.snap` in 16-digit hex.
    var snapFileName: String {
        hex16(RaftBootstrapFiles.term) + "-" + hex16(commitIndex) + ".snap"
    }

    // MARK: - Write-ahead log

    /// The records of the first WAL segment, without the zeros that fill the
    /// segment up to `walSegmentSize`.
    ///
    /// Each record is framed by an 8-byte little-endian word: the record's
    /// length in the low 56 bits and, when the record is not a multiple of 8
    /// bytes, 0x80 plus the padding length in the top byte. The record is a
    /// `walpb.Record` {type = 1, crc = 2, data = 3} whose crc is the CRC-32C
    /// of the data of every record so far, this one included.
    var walRecords: [UInt8] {
        var log = WriteAheadLogEncoder()
        log.append(type: .crc, data: nil)
        log.append(type: .metadata, data: metadata)
        log.append(type: .snapshot, data: walSnapshot(confState: nil))
        for (offset, member) in membership.members.enumerated() {
            log.append(type: .entry, data: confChangeEntry(member, index: UInt64(offset + 1)))
        }
        log.append(type: .hardState, data: hardState)
        log.append(type: .snapshot, data: walSnapshot(confState: confState))
        return log.bytes
    }

    /// `etcdserverpb.Metadata` {NodeID = 1, ClusterID = 2}.
    private var metadata: [UInt8] {
        var writer = ProtobufWriter()
        writer.writeVarintField(1, membership.localMember.id)
        writer.writeVarintField(2, membership.clusterID)
        return writer.bytes
    }

    /// `walpb.Snapshot` {index = 1, term = 2, conf_state = 3}: the empty one
    /// that starts every WAL, or the one that matches the snap file.
    private func walSnapshot(confState: [UInt8]?) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.writeVarintField(1, confState == nil ? 0 : commitIndex)
        writer.writeVarintField(2, confState == nil ? 0 : RaftBootstrapFiles.term)
        if let confState {
            writer.writeBytesField(3, confState)
        }
        return writer.bytes
    }

    /// `raftpb.Entry` {Type = 1, Term = 2, Index = 3, Data = 4} of type
    /// EntryConfChange (1), whose data is a `raftpb.ConfChange` {ID = 1,
    /// Type = 2, NodeID = 3, Context = 4} that adds the member as a voter
    /// (ConfChangeAddNode, 0) with the member's JSON as context.
    private func confChangeEntry(_ member: RestoredMember, index: UInt64) -> [UInt8] {
        var change = ProtobufWriter()
        change.writeVarintField(1, 0)
        change.writeVarintField(2, 0)
        change.writeVarintField(3, member.id)
        change.writeBytesField(4, member.json)

        var entry = ProtobufWriter()
        entry.writeVarintField(1, 1)
        entry.writeVarintField(2, RaftBootstrapFiles.term)
        entry.writeVarintField(3, index)
        entry.writeBytesField(4, change.bytes)
        return entry.bytes
    }

    /// `raftpb.HardState` {term = 1, vote = 2, commit = 3}: the vote goes to
    /// the member with the smallest id, as in etcd.
    private var hardState: [UInt8] {
        var writer = ProtobufWriter()
        writer.writeVarintField(1, RaftBootstrapFiles.term)
        writer.writeVarintField(2, membership.members[0].id)
        writer.writeVarintField(3, commitIndex)
        return writer.bytes
    }

    /// `raftpb.ConfState` {voters = 1 (repeated, not packed), auto_leave = 5}
    /// with every member as a voter; the empty learner lists are left out.
    private var confState: [UInt8] {
        var writer = ProtobufWriter()
        for member in membership.members {
            writer.writeVarintField(1, member.id)
        }
        writer.writeBoolField(5, false)
        return writer.bytes
    }

    // MARK: - Snap file

    /// The snap file: `snappb.Snapshot` {crc = 1, data = 2} whose data is a
    /// `raftpb.Snapshot` {data = 1, metadata = 2 {conf_state = 1, index = 2,
    /// term = 3}} and whose crc is the CRC-32C of that data.
    var snapFile: [UInt8] {
        var snapshot = ProtobufWriter()
        snapshot.writeBytesField(1, V2StoreSnapshot(members: membership.members).json)
        snapshot.writeMessageField(2) { metadata in
            metadata.writeBytesField(1, confState)
            metadata.writeVarintField(2, commitIndex)
            metadata.writeVarintField(3, RaftBootstrapFiles.term)
        }
        var crc = CRC32C()
        crc.update(snapshot.bytes)

        var file = ProtobufWriter()
        file.writeVarintField(1, UInt64(crc.value))
        file.writeBytesField(2, snapshot.bytes)
        return file.bytes
    }

    private func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Frames records as etcd's WAL encoder does, keeping the running CRC-32C.
struct WriteAheadLogEncoder {
    /// `walpb.Record` types.
    enum RecordType: UInt64 {
        case metadata = 1
        case entry = 2
        case hardState = 3
        /// The CRC of the previous segment; 0 in the first one.
        case crc = 4
        case snapshot = 5
    }

    private(set) var bytes: [UInt8] = []
    private var crc = CRC32C()

    /// Appends a record; `data` nil leaves the data field out (the crc record).
    mutating func append(type: RecordType, data: [UInt8]?) {
        if let data {
            crc.update(data)
        }
        var record = ProtobufWriter()
        record.writeVarintField(1, type.rawValue)
        record.writeVarintField(2, UInt64(crc.value))
        if let data {
            record.writeBytesField(3, data)
        }

        let length = record.bytes.count
        let padding = (8 - length % 8) % 8
        var lengthWord = UInt64(length)
        if padding > 0 {
            lengthWord |= UInt64(0x80 | padding) << 56
        }
        withUnsafeBytes(of: lengthWord.littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: record.bytes)
        bytes.append(contentsOf: repeatElement(0, count: padding))
    }
}
