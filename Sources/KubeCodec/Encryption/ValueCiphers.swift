import COpenSSL
import CSodium

/// The ciphers kube-apiserver applies to values it encrypts at rest, on the
/// payload that follows the `k8s:enc:<provider>:v1:<key name>:` prefix.
///
/// - aescbc: a 16-byte IV, then AES-CBC ciphertext with PKCS#7 padding.
/// - aesgcm: a 12-byte nonce, then AES-GCM ciphertext and its 16-byte tag,
///   authenticated with the etcd key as additional data.
/// - secretbox: a 24-byte nonce, then NaCl secretbox output (XSalsa20-Poly1305,
///   the 16-byte tag first), with no additional data.
enum ValueCiphers {
    static let cbcIVSize = 16
    static let gcmNonceSize = 12
    static let gcmTagSize = 16
    static let secretboxNonceSize = Int(crypto_secretbox_NONCEBYTES)
    static let secretboxTagSize = Int(crypto_secretbox_MACBYTES)
    static let secretboxKeySize = Int(crypto_secretbox_KEYBYTES)

    // MARK: AES-CBC

    static func decryptAESCBC(_ payload: ArraySlice<UInt8>, key: [UInt8]) throws(EncryptionError) -> [UInt8] {
        guard payload.count >= cbcIVSize else {
            throw EncryptionError("the aescbc payload is \(payload.count) bytes, shorter than its 16-byte IV")
        }
        let iv = Array(payload.prefix(cbcIVSize))
        let ciphertext = Array(payload.dropFirst(cbcIVSize))
        guard !ciphertext.isEmpty, ciphertext.count % 16 == 0 else {
            throw EncryptionError("the aescbc ciphertext is \(ciphertext.count) bytes, not a positive multiple of the 16-byte block")
        }
        let cipher = try aesCipher(mode: "cbc", keySize: key.count)
        return try runCipher(cipher, encrypt: false, key: key, iv: iv, input: ciphertext, failure: "the aescbc padding is invalid: wrong key or corrupted value")
    }

    static func encryptAESCBC(_ plaintext: [UInt8], key: [UInt8]) throws(EncryptionError) -> [UInt8] {
        let iv = randomBytes(cbcIVSize)
        let cipher = try aesCipher(mode: "cbc", keySize: key.count)
        return iv + (try runCipher(cipher, encrypt: true, key: key, iv: iv, input: plaintext, failure: "AES-CBC encryption failed"))
    }

    // MARK: AES-GCM

    static func decryptAESGCM(
        _ payload: ArraySlice<UInt8>, key: [UInt8], authenticatedData: [UInt8]
    ) throws(EncryptionError) -> [UInt8] {
        guard payload.count >= gcmNonceSize + gcmTagSize else {
            throw EncryptionError("the aesgcm payload is \(payload.count) bytes, shorter than its nonce and tag (28 bytes)")
        }
        let nonce = Array(payload.prefix(gcmNonceSize))
        let sealed = payload.dropFirst(gcmNonceSize)
        let ciphertext = Array(sealed.dropLast(gcmTagSize))
        var tag = Array(sealed.suffix(gcmTagSize))
        let cipher = try aesCipher(mode: "gcm", keySize: key.count)

        let context = try CipherContext()
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var length: Int32 = 0
        var total = 0
        guard EVP_DecryptInit_ex(context.pointer, cipher, nil, key, nonce) == 1,
            authenticatedData.isEmpty
                || EVP_DecryptUpdate(context.pointer, nil, &length, authenticatedData, Int32(authenticatedData.count)) == 1,
            EVP_DecryptUpdate(context.pointer, &plaintext, &length, ciphertext, Int32(ciphertext.count)) == 1
        else { throw EncryptionError("AES-GCM decryption failed: \(openSSLError())") }
        total = Int(length)
        guard EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_TAG, Int32(gcmTagSize), &tag) == 1 else {
            throw EncryptionError("AES-GCM decryption failed: \(openSSLError())")
        }
        let finished = plaintext.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptFinal_ex(context.pointer, buffer.baseAddress! + total, &length)
        }
        guard finished == 1 else {
            throw EncryptionError(
                "the aesgcm value failed authentication: wrong key, corrupted value, or a value written under another etcd key")
        }
        total += Int(length)
        return Array(plaintext.prefix(total))
    }

    static func encryptAESGCM(
        _ plaintext: [UInt8], key: [UInt8], authenticatedData: [UInt8]
    ) throws(EncryptionError) -> [UInt8] {
        let nonce = randomBytes(gcmNonceSize)
        let cipher = try aesCipher(mode: "gcm", keySize: key.count)
        let context = try CipherContext()
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var length: Int32 = 0
        guard EVP_EncryptInit_ex(context.pointer, cipher, nil, key, nonce) == 1,
            authenticatedData.isEmpty
                || EVP_EncryptUpdate(context.pointer, nil, &length, authenticatedData, Int32(authenticatedData.count)) == 1,
            EVP_EncryptUpdate(context.pointer, &ciphertext, &length, plaintext, Int32(plaintext.count)) == 1
        else { throw EncryptionError("AES-GCM encryption failed: \(openSSLError())") }
        var total = Int(length)
        let finished = ciphertext.withUnsafeMutableBufferPointer { buffer in
            EVP_EncryptFinal_ex(context.pointer, buffer.baseAddress! + total, &length)
        }
        guard finished == 1 else { throw EncryptionError("AES-GCM encryption failed: \(openSSLError())") }
        total += Int(length)
        var tag = [UInt8](repeating: 0, count: gcmTagSize)
        guard EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_GET_TAG, Int32(gcmTagSize), &tag) == 1 else {
            throw EncryptionError("AES-GCM encryption failed: \(openSSLError())")
        }
        return nonce + ciphertext.prefix(total) + tag
    }

    // MARK: secretbox

    static func decryptSecretbox(_ payload: ArraySlice<UInt8>, key: [UInt8]) throws(EncryptionError) -> [UInt8] {
        guard key.count == secretboxKeySize else {
            throw EncryptionError("the secretbox key is \(key.count) bytes; it must be 32")
        }
        guard payload.count >= secretboxNonceSize + secretboxTagSize else {
            throw EncryptionError("the secretbox payload is \(payload.count) bytes, shorter than its nonce and tag (40 bytes)")
        }
        let nonce = Array(payload.prefix(secretboxNonceSize))
        let sealed = Array(payload.dropFirst(secretboxNonceSize))
        var plaintext = [UInt8](repeating: 0, count: sealed.count - secretboxTagSize)
        let result = crypto_secretbox_open_easy(&plaintext, sealed, UInt64(sealed.count), nonce, key)
        guard result == 0 else {
            throw EncryptionError("the secretbox value failed authentication: wrong key or corrupted value")
        }
        return plaintext
    }

    static func encryptSecretbox(_ plaintext: [UInt8], key: [UInt8]) throws(EncryptionError) -> [UInt8] {
        guard key.count == secretboxKeySize else {
            throw EncryptionError("the secretbox key is \(key.count) bytes; it must be 32")
        }
        let nonce = randomBytes(secretboxNonceSize)
        var sealed = [UInt8](repeating: 0, count: plaintext.count + secretboxTagSize)
        // crypto_secretbox_easy fails only for messages beyond its size limit.
        guard crypto_secretbox_easy(&sealed, plaintext, UInt64(plaintext.count), nonce, key) == 0 else {
            throw EncryptionError("secretbox encryption failed for a \(plaintext.count)-byte value")
        }
        return nonce + sealed
    }

    // MARK: Helpers

    /// Random bytes from libsodium's CSPRNG (getrandom on Linux).
    static func randomBytes(_ count: Int) -> [UInt8] {
        _ = sodiumReady
        var bytes = [UInt8](repeating: 0, count: count)
        randombytes_buf(&bytes, count)
        return bytes
    }

    /// sodium_init is safe to call from several threads and more than once;
    /// it returns -1 only when the library cannot start.
    private static let sodiumReady: Bool = {
        guard sodium_init() >= 0 else { fatalError("sodium_init failed: libsodium cannot start") }
        return true
    }()

    private static func aesCipher(mode: String, keySize: Int) throws(EncryptionError) -> OpaquePointer {
        let cipher: OpaquePointer?
        switch (mode, keySize) {
        case ("cbc", 16): cipher = EVP_aes_128_cbc()
        case ("cbc", 24): cipher = EVP_aes_192_cbc()
        case ("cbc", 32): cipher = EVP_aes_256_cbc()
        case ("gcm", 16): cipher = EVP_aes_128_gcm()
        case ("gcm", 24): cipher = EVP_aes_192_gcm()
        case ("gcm", 32): cipher = EVP_aes_256_gcm()
        default:
            throw EncryptionError("the AES key is \(keySize) bytes; it must be 16, 24 or 32")
        }
        guard let cipher else { throw EncryptionError("OpenSSL has no AES-\(keySize * 8)-\(mode.uppercased())") }
        return cipher
    }

    private static func runCipher(
        _ cipher: OpaquePointer, encrypt: Bool, key: [UInt8], iv: [UInt8], input: [UInt8], failure: String
    ) throws(EncryptionError) -> [UInt8] {
        let context = try CipherContext()
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var length: Int32 = 0
        guard EVP_CipherInit_ex(context.pointer, cipher, nil, key, iv, encrypt ? 1 : 0) == 1,
            EVP_CipherUpdate(context.pointer, &output, &length, input, Int32(input.count)) == 1
        else { throw EncryptionError("\(failure): \(openSSLError())") }
        var total = Int(length)
        let finished = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherFinal_ex(context.pointer, buffer.baseAddress! + total, &length)
        }
        guard finished == 1 else {
            ERR_clear_error()
            throw EncryptionError(failure)
        }
        total += Int(length)
        return Array(output.prefix(total))
    }

    private static func openSSLError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "no OpenSSL error reported" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        ERR_clear_error()
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Owns an OpenSSL EVP_CIPHER_CTX.
private final class CipherContext {
    let pointer: OpaquePointer

    init() throws(EncryptionError) {
        guard let context = EVP_CIPHER_CTX_new() else {
            throw EncryptionError("EVP_CIPHER_CTX_new failed: out of memory")
        }
        pointer = context
    }

    deinit {
        EVP_CIPHER_CTX_free(pointer)
    }
}
