/// 64-bit FNV-1a, the checksum bbolt stores in each meta page.
enum FNV1a64 {
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// CRC-32 with the Castagnoli polynomial (CRC-32C), as Go's
/// `crc32.MakeTable(crc32.Castagnoli)` computes it: reflected, initial value
/// and final XOR 0xffffffff. etcd's HashKV and etcdutl's snapshot hash use it.
public struct CRC32C: Sendable {
    /// The checksum of everything fed so far.
    public private(set) var value: UInt32 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var crc = ~value
        var position = 0
        let count = bytes.count
        let tables = CRC32C.tables

        // Slicing-by-8: eight table lookups per 8 input bytes.
        while count - position >= 8 {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            let low = UInt32(truncatingIfNeeded: word) ^ crc
            let high = UInt32(truncatingIfNeeded: word >> 32)
            crc = tables[7 * 256 + Int(low & 0xff)]
                ^ tables[6 * 256 + Int((low >> 8) & 0xff)]
                ^ tables[5 * 256 + Int((low >> 16) & 0xff)]
                ^ tables[4 * 256 + Int(low >> 24)]
                ^ tables[3 * 256 + Int(high & 0xff)]
                ^ tables[2 * 256 + Int((high >> 8) & 0xff)]
                ^ tables[1 * 256 + Int((high >> 16) & 0xff)]
                ^ tables[Int(high >> 24)]
            position += 8
        }
        while position < count {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            crc = tables[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8)
            position += 1
        }
        value = ~crc
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Eight 256-entry tables; table 0 is the classic byte-at-a-time table.
    static let tables: [UInt32] = {
        let polynomial: UInt32 = 0x82f6_3b78  // Castagnoli, reversed
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            var crc = UInt32(index)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1
            }
            tables[index] = crc
        }
        for index in 0..<256 {
            var crc = tables[index]
            for slice in 1..<8 {
                crc = tables[Int(crc & 0xff)] ^ (crc >> 8)
                tables[slice * 256 + index] = crc
            }
        }
        return tables
    }()
}
