import COpenSSL
import Foundation

/// A decoded private key: owns one libcrypto `EVP_PKEY`, freed with `EVP_PKEY_free`.
final class PrivateKey {
    let pointer: OpaquePointer

    /// Decodes a DER private key. `algorithm` is the libcrypto key type for
    /// the algorithm-specific encodings (PKCS#1 for RSA, SEC 1 for EC), or nil
    /// for PKCS#8, whose header names the algorithm.
    init(der: [UInt8], algorithm: Int32?) throws {
        OpenSSLError.clearQueue()
        let decoded = decodeDER(der) { cursor, length -> OpaquePointer? in
            if let algorithm {
                return d2i_PrivateKey(algorithm, nil, cursor, length)
            }
            return d2i_AutoPrivateKey(nil, cursor, length)
        }
        guard let (key, consumed) = decoded else {
            throw OpenSSLError.drain(algorithm == nil ? "d2i_AutoPrivateKey" : "d2i_PrivateKey")
        }
        guard consumed == der.count else {
            EVP_PKEY_free(key)
            throw OpenSSLError(operation: "d2i_PrivateKey", reason: "\(der.count - consumed) trailing bytes after the key")
        }
        pointer = key
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    var publicKey: PublicKeyDescription { PublicKeyDescription(key: pointer) }
}

/// A public key's algorithm and size, as the report shows it: "RSA 2048",
/// "ECDSA P-256", "Ed25519".
public struct PublicKeyDescription: Equatable, Sendable, CustomStringConvertible {
    public enum Algorithm: String, Sendable {
        case rsa = "RSA"
        case ecdsa = "ECDSA"
        case ed25519 = "Ed25519"
        case ed448 = "Ed448"
        case dsa = "DSA"
        case unknown
    }

    public var algorithm: Algorithm
    /// Key size in bits as libcrypto reports it (`EVP_PKEY_get_bits`).
    public var bits: Int
    /// The NIST name of an EC key's curve (P-256), or OpenSSL's name for
    /// curves without one.
    public var curve: String?

    public static let unknown = PublicKeyDescription(algorithm: .unknown, bits: 0, curve: nil)

    public init(algorithm: Algorithm, bits: Int, curve: String?) {
        self.algorithm = algorithm
        self.bits = bits
        self.curve = curve
    }

    init(key: OpaquePointer) {
        bits = Int(EVP_PKEY_get_bits(key))
        curve = nil
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA, EVP_PKEY_RSA_PSS: algorithm = .rsa
        case EVP_PKEY_EC:
            algorithm = .ecdsa
            curve = Self.curveName(key)
        case EVP_PKEY_ED25519: algorithm = .ed25519
        case EVP_PKEY_ED448: algorithm = .ed448
        case EVP_PKEY_DSA: algorithm = .dsa
        default: algorithm = .unknown
        }
    }

    private static func curveName(_ key: OpaquePointer) -> String? {
        var buffer = [CChar](repeating: 0, count: 80)
        var length = 0
        guard EVP_PKEY_get_group_name(key, &buffer, buffer.count, &length) == 1 else {
            OpenSSLError.clearQueue()
            return nil
        }
        let name = decodeCString(buffer)
        let nid = OBJ_sn2nid(name)
        if nid != NID_undef, let nist = EC_curve_nid2nist(nid) {
            return String(cString: nist)
        }
        return name
    }

    public var description: String {
        switch algorithm {
        case .rsa, .dsa: return "\(algorithm.rawValue) \(bits)"
        case .ecdsa: return "ECDSA \(curve ?? "\(bits) bits")"
        case .ed25519, .ed448: return algorithm.rawValue
        case .unknown: return "unknown"
        }
    }
}
