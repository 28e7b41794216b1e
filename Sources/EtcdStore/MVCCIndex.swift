import EtcdAPI
import Foundation

/// One entry of etcd's `key` bucket: a change to one key at one revision.
struct RevisionRecord {
    var revision: Revision
    /// The stored `mvccpb.KeyValue` message.
    var value: FileRange
    var isTombstone: Bool
    /// A tombstone that etcd skips when it rebuilds its index, because the key
    /// has no live generation at that point (for example the tombstone that
    /// etcd 3.5.16 and later keeps at the compaction revision).
    var isIgnored: Bool
}

/// etcd's in-memory key index, rebuilt from one pass over the `key` bucket.
///
/// It holds, for every distinct key, the list of its revisions in order, and
/// references into the mapped file for keys and values; values are decoded
/// only when a read returns them. Memory grows with the number of revisions
/// and distinct keys, not with the size of the values.
struct MVCCIndex {
    /// Every record of the `key` bucket in revision order.
    let records: [RevisionRecord]
    /// Each distinct key's bytes (inside the value of one of its records), in key order.
    let keys: [FileRange]
    /// `recordIndices[keyStarts[k]..<keyStarts[k + 1]]` lists the records of `keys[k]` in revision order.
    let keyStarts: [Int]
    let recordIndices: [Int32]
    /// Main revision of the last record, or 0 for an empty bucket.
    let lastMainRevision: Int64

    /// Builds the index in one cursor pass over `bucket`.
    init(database: BoltDatabase, bucket: BoltBucket) throws {
        var records: [RevisionRecord] = []
        var recordKeyIDs: [Int32] = []
        var keyIDs: [MappedKey: Int32] = [:]
        var keyRanges: [FileRange] = []
        var keyIsLive: [Bool] = []
        var previous: Revision?
        let base = database.file.bytes.baseAddress

        try database.forEach(in: bucket) { entry in
            guard entry.key.count == Revision.keyLength || entry.key.count == Revision.tombstoneKeyLength, let base else {
                throw EtcdStoreError(
                    .invalidRecord,
                    "entry of the key bucket has a \(entry.key.count)-byte key; expected a 17-byte revision or an 18-byte tombstone",
                    offset: entry.key.offset
                )
            }
            guard !entry.isBucket else {
                throw EtcdStoreError(.invalidRecord, "the key bucket contains a nested bucket, which etcd never creates", offset: entry.key.offset)
            }
            let revision = Revision.decode(base + entry.key.offset)
            if let previous, !(previous < revision) {
                throw EtcdStoreError(
                    .invalidRecord,
                    "key bucket is out of revision order: \(revision) follows \(previous)",
                    offset: entry.key.offset
                )
            }
            previous = revision
            let isTombstone = entry.key.count == Revision.tombstoneKeyLength
            if isTombstone && base.load(fromByteOffset: entry.key.end - 1, as: UInt8.self) != Revision.tombstoneMarker {
                throw EtcdStoreError(.invalidRecord, "revision \(revision) has an 18-byte key without the tombstone marker 't'", offset: entry.key.offset)
            }

            let keyRange = try RawKeyValue.keyField(in: database, value: entry.value, revision: revision)
            let mappedKey = MappedKey(base: base + keyRange.offset, count: keyRange.count)
            let keyID: Int32
            if let existing = keyIDs[mappedKey] {
                keyID = existing
            } else {
                keyID = Int32(keyRanges.count)
                keyIDs[mappedKey] = keyID
                keyRanges.append(keyRange)
                keyIsLive.append(false)
            }

            // etcd's restore: a put opens or extends the key's generation; a
            // tombstone closes it, and a tombstone with no open generation is skipped.
            var isIgnored = false
            if isTombstone {
                isIgnored = !keyIsLive[Int(keyID)]
                keyIsLive[Int(keyID)] = false
            } else {
                keyIsLive[Int(keyID)] = true
            }
            records.append(RevisionRecord(revision: revision, value: entry.value, isTombstone: isTombstone, isIgnored: isIgnored))
            recordKeyIDs.append(keyID)
        }
        keyIDs = [:]

        // Sort the distinct keys by their bytes, as etcd's B-tree index orders them.
        let keyCount = keyRanges.count
        var order = Array(0..<keyCount)
        if let base {
            order.sort { left, right in
                MVCCIndex.compareBytes(base: base, keyRanges[left], keyRanges[right]) < 0
            }
        }
        var rankOfKey = [Int32](repeating: 0, count: keyCount)
        for (rank, keyID) in order.enumerated() {
            rankOfKey[keyID] = Int32(rank)
        }

        // Group record indices by key rank (a counting sort keeps revision order).
        var starts = [Int](repeating: 0, count: keyCount + 1)
        for keyID in recordKeyIDs {
            starts[Int(rankOfKey[Int(keyID)]) + 1] += 1
        }
        for rank in 0..<keyCount {
            starts[rank + 1] += starts[rank]
        }
        var fill = starts
        var grouped = [Int32](repeating: 0, count: records.count)
        for (recordIndex, keyID) in recordKeyIDs.enumerated() {
            let rank = Int(rankOfKey[Int(keyID)])
            grouped[fill[rank]] = Int32(recordIndex)
            fill[rank] += 1
        }

        self.records = records
        self.keys = order.map { keyRanges[$0] }
        self.keyStarts = starts
        self.recordIndices = grouped
        self.lastMainRevision = records.last?.revision.main ?? 0
    }

    static func compareBytes(base: UnsafeRawPointer, _ left: FileRange, _ right: FileRange) -> Int {
        let shared = min(left.count, right.count)
        if shared > 0 {
            let result = memcmp(base + left.offset, base + right.offset, shared)
            if result != 0 { return result < 0 ? -1 : 1 }
        }
        return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
    }

    /// Record indices of key number `rank` (in key order), oldest first.
    func records(ofKeyAt rank: Int) -> ArraySlice<Int32> {
        recordIndices[keyStarts[rank]..<keyStarts[rank + 1]]
    }

    /// Returns the record that contains key `rank`'s state at `revision`, or nil when the
    /// key does not exist then: the newest record at or below `revision`,
    /// unless that record is a deletion.
    func visibleRecord(ofKeyAt rank: Int, at revision: Int64) -> RevisionRecord? {
        for recordIndex in records(ofKeyAt: rank).reversed() {
            let record = records[Int(recordIndex)]
            if record.isIgnored { continue }
            if record.revision.main <= revision {
                return record.isTombstone ? nil : record
            }
        }
        return nil
    }

    /// Adds to `kept` the revision of key `rank` that a compaction at
    /// `revision` would keep, as etcd's `keyIndex.keep` decides: the newest
    /// revision at or below `revision` in the generation that is live then,
    /// unless it is the tombstone that ends that generation.
    func addKeptRevision(ofKeyAt rank: Int, at revision: Int64, to kept: inout Set<Revision>) {
        let indices = records(ofKeyAt: rank).filter { !records[Int($0)].isIgnored }
        guard !indices.isEmpty else { return }

        // Generations: each closed one ends with its tombstone; the last one is
        // open and may be empty.
        var generations: [Range<Int>] = []
        var start = 0
        for (position, recordIndex) in indices.enumerated() where records[Int(recordIndex)].isTombstone {
            generations.append(start..<(position + 1))
            start = position + 1
        }
        generations.append(start..<indices.count)

        // The first generation that is the last one or ends after `revision`.
        var generation = 0
        while generation < generations.count - 1 {
            let tombstone = records[Int(indices[generations[generation].upperBound - 1])]
            if tombstone.revision.main > revision { break }
            generation += 1
        }

        let range = generations[generation]
        for position in range.reversed() {
            let record = records[Int(indices[position])]
            guard record.revision.main <= revision else { continue }
            let endsClosedGeneration = position == range.upperBound - 1 && generation != generations.count - 1
            if !endsClosedGeneration {
                kept.insert(record.revision)
            }
            return
        }
    }

    /// Index of the first key (in key order) that is >= `key`.
    func lowerBound(_ key: [UInt8], base: UnsafeRawPointer) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if MVCCIndex.compare(base: base, keys[middle], key) < 0 {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    static func compare(base: UnsafeRawPointer, _ range: FileRange, _ key: [UInt8]) -> Int {
        key.withUnsafeBytes { keyBytes in
            let shared = min(range.count, keyBytes.count)
            if shared > 0 {
                let result = memcmp(base + range.offset, keyBytes.baseAddress!, shared)
                if result != 0 { return result < 0 ? -1 : 1 }
            }
            return range.count == keyBytes.count ? 0 : (range.count < keyBytes.count ? -1 : 1)
        }
    }
}

/// Key bytes inside the mapped file, hashed and compared by content.
private struct MappedKey: Hashable {
    let base: UnsafeRawPointer
    let count: Int

    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes: UnsafeRawBufferPointer(start: base, count: count))
    }

    static func == (lhs: MappedKey, rhs: MappedKey) -> Bool {
        lhs.count == rhs.count && (lhs.count == 0 || memcmp(lhs.base, rhs.base, lhs.count) == 0)
    }
}

/// Field access on a `mvccpb.KeyValue` in the mapped file without copying it.
enum RawKeyValue {
    /// Finds the range of field 1 (`key`) of the message at `value`.
    static func keyField(in database: BoltDatabase, value: FileRange, revision: Revision) throws -> FileRange {
        let bytes = database.bytes(value)
        var position = 0
        while position < bytes.count {
            let tagStart = position
            guard let tag = readVarint(bytes, &position) else {
                throw invalid("truncated field tag", value, tagStart, revision)
            }
            let fieldNumber = tag >> 3
            switch tag & 7 {
            case 0:
                guard readVarint(bytes, &position) != nil else {
                    throw invalid("truncated varint in field \(fieldNumber)", value, tagStart, revision)
                }
            case 1:
                position += 8
            case 5:
                position += 4
            case 2:
                guard let length = readVarint(bytes, &position), length <= UInt64(bytes.count - position) else {
                    throw invalid("length of field \(fieldNumber) runs past the end of the value", value, tagStart, revision)
                }
                if fieldNumber == 1 {
                    return FileRange(offset: value.offset + position, count: Int(length))
                }
                position += Int(length)
            default:
                throw invalid("unsupported wire type \(tag & 7) in field \(fieldNumber)", value, tagStart, revision)
            }
        }
        if position > bytes.count {
            throw invalid("last field runs past the end of the value", value, value.count, revision)
        }
        // proto3 omits an empty key; etcd never stores one, but keep it decodable.
        return FileRange(offset: value.offset, count: 0)
    }

    /// Decodes the `mvccpb.KeyValue` at `value` straight from the mapped file,
    /// copying the key and, when `includeValue` is set, the value.
    static func decode(in database: BoltDatabase, value: FileRange, revision: Revision, includeValue: Bool) throws -> KeyValue {
        let bytes = database.bytes(value)
        var keyValue = KeyValue(key: [])
        var position = 0
        while position < bytes.count {
            let tagStart = position
            guard let tag = readVarint(bytes, &position) else {
                throw invalid("truncated field tag", value, tagStart, revision)
            }
            let fieldNumber = tag >> 3
            switch tag & 7 {
            case 0:
                guard let number = readVarint(bytes, &position) else {
                    throw invalid("truncated varint in field \(fieldNumber)", value, tagStart, revision)
                }
                let signed = Int64(bitPattern: number)
                switch fieldNumber {
                case 2: keyValue.createRevision = signed
                case 3: keyValue.modRevision = signed
                case 4: keyValue.version = signed
                case 6: keyValue.lease = signed
                default: break
                }
            case 1:
                position += 8
            case 5:
                position += 4
            case 2:
                guard let length = readVarint(bytes, &position), length <= UInt64(bytes.count - position) else {
                    throw invalid("length of field \(fieldNumber) runs past the end of the value", value, tagStart, revision)
                }
                let field = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + Int(length))])
                if fieldNumber == 1 {
                    keyValue.key = Array(field)
                } else if fieldNumber == 5 && includeValue {
                    keyValue.value = Array(field)
                }
                position += Int(length)
            default:
                throw invalid("unsupported wire type \(tag & 7) in field \(fieldNumber)", value, tagStart, revision)
            }
        }
        if position > bytes.count {
            throw invalid("last field runs past the end of the value", value, value.count, revision)
        }
        return keyValue
    }

    private static func invalid(_ reason: String, _ value: FileRange, _ position: Int, _ revision: Revision) -> EtcdStoreError {
        EtcdStoreError(.invalidRecord, "value of revision \(revision) is not a valid mvccpb.KeyValue: \(reason)", offset: value.offset + position)
    }

    private static func readVarint(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count && shift < 64 {
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        return nil
    }
}
