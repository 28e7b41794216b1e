import COpenSSL
import Foundation

/// The certificates and private keys in one file or one secret value: a PEM
/// bundle (any number of blocks) or a single DER certificate or key.
final class CertificateBundle {
    var certificates: [X509Certificate] = []
    var keys: [KeyEntry] = []
    /// Blocks that could not be decoded, one line each. The blocks before and
    /// after a bad one are still read.
    var problems: [String] = []

    /// A private key and the encoding it was stored in. `key` is nil for an
    /// encrypted key, which is reported but not decrypted.
    struct KeyEntry {
        var format: PrivateKeyFormat
        var key: PrivateKey?
    }

    /// The input is neither PEM nor a DER certificate or key.
    struct NotCertificateData: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses PEM blocks, or DER when the input contains no PEM block.
    /// Throws `NotCertificateData`, with the reason, when nothing in the
    /// input is a certificate or key.
    init(bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { throw NotCertificateData(description: "file is empty") }
        let blockCount = readPEM(bytes)
        if blockCount > 0 || !problems.isEmpty { return }
        if Self.containsPEMBoundary(bytes) {
            throw NotCertificateData(description: "invalid PEM: no complete BEGIN/END block")
        }
        try readDER(bytes)
    }

    /// Reads PEM blocks until the input ends or a block is invalid, and
    /// returns the number of blocks read.
    private func readPEM(_ bytes: [UInt8]) -> Int {
        let bio = MemoryBIO(bytes: bytes)
        var blockCount = 0
        while true {
            var name: UnsafeMutablePointer<CChar>?
            var header: UnsafeMutablePointer<CChar>?
            var data: UnsafeMutablePointer<UInt8>?
            var length = 0
            OpenSSLError.clearQueue()
            guard PEM_read_bio(bio.pointer, &name, &header, &data, &length) == 1 else {
                let code = ERR_peek_error()
                // "no start line" only means that no further block begins.
                if ERR_GET_REASON(code) != PEM_R_NO_START_LINE {
                    problems.append("invalid PEM block after \(blockCount) valid block(s): \(OpenSSLError.reasonText(code))")
                }
                OpenSSLError.clearQueue()
                return blockCount
            }
            defer {
                freeOpenSSLMemory(name)
                freeOpenSSLMemory(header)
                freeOpenSSLMemory(data)
            }
            blockCount += 1
            let label = name.map { String(cString: $0) } ?? ""
            let headers = header.map { String(cString: $0) } ?? ""
            let der = data.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
            readBlock(label: label, headers: headers, der: der, index: blockCount)
        }
    }

    private func readBlock(label: String, headers: String, der: [UInt8], index: Int) {
        // RFC 1421 encryption ("Proc-Type: 4,ENCRYPTED") on a PKCS#1 or SEC 1 key.
        let legacyEncrypted = headers.contains("ENCRYPTED")
        do {
            switch label {
            case "CERTIFICATE", "X509 CERTIFICATE":
                certificates.append(try X509Certificate(der: der))
            case "RSA PRIVATE KEY":
                keys.append(legacyEncrypted
                    ? KeyEntry(format: .pkcs1Encrypted, key: nil)
                    : KeyEntry(format: .pkcs1, key: try PrivateKey(der: der, algorithm: EVP_PKEY_RSA)))
            case "EC PRIVATE KEY":
                keys.append(legacyEncrypted
                    ? KeyEntry(format: .sec1Encrypted, key: nil)
                    : KeyEntry(format: .sec1, key: try PrivateKey(der: der, algorithm: EVP_PKEY_EC)))
            case "PRIVATE KEY":
                keys.append(KeyEntry(format: .pkcs8, key: try PrivateKey(der: der, algorithm: nil)))
            case "ENCRYPTED PRIVATE KEY":
                keys.append(KeyEntry(format: .pkcs8Encrypted, key: nil))
            default:
                // EC PARAMETERS, PUBLIC KEY and CERTIFICATE REQUEST blocks carry
                // nothing that expires.
                // NOTE: PKCS7 blocks (certificate-only .p7b bundles) are skipped
                // too, although they contain certificates.
                break
            }
        } catch {
            problems.append("invalid \(label) in PEM block \(index): \(error)")
        }
    }

    /// Reads a single DER certificate or private key.
    private func readDER(_ bytes: [UInt8]) throws {
        let certificateError: Error
        do {
            certificates.append(try X509Certificate(der: bytes))
            return
        } catch {
            certificateError = error
        }
        if let key = Self.readDERKey(bytes) {
            keys.append(key)
            return
        }
        if let (signature, consumed) = decodeDER(bytes, { d2i_X509_SIG(nil, $0, $1) }) {
            X509_SIG_free(signature)
            if consumed == bytes.count {
                keys.append(KeyEntry(format: .pkcs8Encrypted, key: nil))
                return
            }
        }
        OpenSSLError.clearQueue()
        // A DER certificate or key starts with a SEQUENCE tag.
        guard bytes.first == 0x30 else {
            throw NotCertificateData(description: "not a PEM file and not a DER certificate or key")
        }
        let reason = (certificateError as? OpenSSLError)?.reason ?? "\(certificateError)"
        throw NotCertificateData(description: "invalid DER certificate (\(bytes.count) bytes): \(reason)")
    }

    /// True for PEM text with private keys and no certificate: a key file
    /// that discovery reads together with its certificate instead.
    static func isKeyOnly(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.contains("PRIVATE KEY-----") && !text.contains("CERTIFICATE-----")
    }

    /// Reads an unencrypted DER private key: PKCS#8 when it parses as a
    /// PrivateKeyInfo, else PKCS#1 (RSA) or SEC 1 (EC).
    private static func readDERKey(_ bytes: [UInt8]) -> KeyEntry? {
        if let (info, consumed) = decodeDER(bytes, { d2i_PKCS8_PRIV_KEY_INFO(nil, $0, $1) }) {
            PKCS8_PRIV_KEY_INFO_free(info)
            if consumed == bytes.count, let key = try? PrivateKey(der: bytes, algorithm: nil) {
                return KeyEntry(format: .pkcs8, key: key)
            }
        }
        OpenSSLError.clearQueue()
        for (algorithm, format) in [(EVP_PKEY_RSA, PrivateKeyFormat.pkcs1), (EVP_PKEY_EC, .sec1)] {
            if let key = try? PrivateKey(der: bytes, algorithm: algorithm) {
                return KeyEntry(format: format, key: key)
            }
        }
        OpenSSLError.clearQueue()
        return nil
    }

    private static func containsPEMBoundary(_ bytes: [UInt8]) -> Bool {
        let marker = Array("-----BEGIN ".utf8)
        guard bytes.count >= marker.count else { return false }
        for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
            if Array(bytes[start..<start + marker.count]) == marker { return true }
        }
        return false
    }
}

/// The encoding of a private key file.
public enum PrivateKeyFormat: String, Sendable {
    case pkcs1 = "PKCS#1"
    case pkcs1Encrypted = "PKCS#1 (encrypted)"
    case sec1 = "SEC 1"
    case sec1Encrypted = "SEC 1 (encrypted)"
    case pkcs8 = "PKCS#8"
    case pkcs8Encrypted = "PKCS#8 (encrypted)"

    public var isEncrypted: Bool {
        switch self {
        case .pkcs1Encrypted, .sec1Encrypted, .pkcs8Encrypted: return true
        case .pkcs1, .sec1, .pkcs8: return false
        }
    }
}
