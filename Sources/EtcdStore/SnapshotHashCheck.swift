import COpenSSL

/// The SHA-256 that `etcdctl snapshot save` appends to a snapshot file.
///
/// etcd recognizes such a file by its length: a bbolt file is a whole number
/// of pages, so a length that leaves 32 bytes over a multiple of 512 means a
/// hash follows the database (etcd's `snapshot restore` uses the same test).
public enum SnapshotHashCheck: Sendable, Equatable {
    /// No hash appended: a member's database file.
    case absent
    /// The appended hash matches the SHA-256 of the database part.
    case verified(sha256: [UInt8])
    /// The appended hash differs from the SHA-256 of the database part.
    case mismatch(stored: [UInt8], computed: [UInt8])

    static let hashLength = 32

    /// Whether a file of `length` bytes ends with a hash, by etcd's rule.
    static func hasAppendedHash(length: Int) -> Bool {
        length % 512 == hashLength && length > hashLength
    }

    static func check(_ file: MappedFile) -> SnapshotHashCheck {
        let length = file.bytes.count
        guard hasAppendedHash(length: length) else { return .absent }
        let databaseLength = length - hashLength
        let stored = Array(UnsafeRawBufferPointer(rebasing: file.bytes[databaseLength...]))
        let computed = sha256(of: file, length: databaseLength)
        return stored == computed ? .verified(sha256: computed) : .mismatch(stored: stored, computed: computed)
    }

    /// Bytes hashed between two releases of the file's resident pages.
    static let residentHashLimit = 32 << 20

    /// Hashes the first `length` bytes of `file` in chunks and unmaps each
    /// chunk's resident pages after it, so that hashing a snapshot of any
    /// size keeps the resident set small.
    private static func sha256(of file: MappedFile, length: Int) -> [UInt8] {
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        var status = EVP_DigestInit_ex(context, EVP_sha256(), nil)
        var offset = 0
        while offset < length && status == 1 {
            let count = min(residentHashLimit, length - offset)
            status = EVP_DigestUpdate(context, file.bytes.baseAddress! + offset, count)
            file.releaseResidentPages(offset..<(offset + count))
            offset += count
        }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var outputLength: UInt32 = 0
        if status == 1 {
            status = output.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &outputLength) }
        }
        precondition(status == 1, "OpenSSL SHA-256 digest failed")
        return Array(output.prefix(Int(outputLength)))
    }

    /// Length of the bbolt database inside a file of `fileLength` bytes.
    func databaseLength(fileLength: Int) -> Int {
        switch self {
        case .absent: return fileLength
        case .verified, .mismatch: return fileLength - SnapshotHashCheck.hashLength
        }
    }

    static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        digest(bytes, EVP_sha256())
    }

    static func sha1(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        digest(bytes, EVP_sha1())
    }

    private static func digest(_ bytes: UnsafeRawBufferPointer, _ algorithm: OpaquePointer?) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var outputLength: UInt32 = 0
        let status = output.withUnsafeMutableBufferPointer { buffer in
            EVP_Digest(bytes.baseAddress, bytes.count, buffer.baseAddress, &outputLength, algorithm, nil)
        }
        precondition(status == 1, "OpenSSL EVP_Digest failed")
        return Array(output.prefix(Int(outputLength)))
    }
}
