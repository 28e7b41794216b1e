import COpenSSL
import Foundation

/// A failed libcrypto call: the operation that failed and OpenSSL's reason,
/// taken from the thread's error queue.
struct OpenSSLError: Error, CustomStringConvertible {
    var operation: String
    var reason: String

    /// Empties the thread's error queue into one error. The earliest entry is
    /// the reason, because later entries only add the callers' context.
    static func drain(_ operation: String) -> OpenSSLError {
        var first: UInt = 0
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if first == 0 { first = code }
        }
        return OpenSSLError(operation: operation, reason: reasonText(first))
    }

    /// Empties the thread's error queue, so a failure that the caller handled
    /// is not reported by a later call.
    static func clearQueue() {
        ERR_clear_error()
    }

    static func reasonText(_ code: UInt) -> String {
        guard code != 0 else { return "unknown error" }
        if let reason = ERR_reason_error_string(code) {
            return String(cString: reason)
        }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return decodeCString(buffer)
    }

    var description: String { "\(operation): \(reason)" }
}

/// An OpenSSL memory BIO (`BIO_s_mem`), freed with `BIO_free`.
final class MemoryBIO {
    let pointer: OpaquePointer

    /// Creates an empty BIO that libcrypto's printing functions write into.
    init() {
        guard let bio = BIO_new(BIO_s_mem()) else {
            fatalError("BIO_new(BIO_s_mem()) failed: out of memory")
        }
        pointer = bio
    }

    /// Creates a BIO that reads a copy of `bytes`.
    convenience init(bytes: [UInt8]) {
        self.init()
        if bytes.isEmpty { return }
        let written = bytes.withUnsafeBytes { BIO_write(pointer, $0.baseAddress, Int32($0.count)) }
        // A memory BIO grows as needed, so BIO_write fails only when memory runs out.
        precondition(written == Int32(bytes.count), "BIO_write on a memory BIO failed")
    }

    deinit {
        BIO_free(pointer)
    }

    /// Reads everything written so far as UTF-8 text.
    func readString() -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = BIO_read(pointer, &chunk, Int32(chunk.count))
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(count)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs a libcrypto printing function on this BIO and returns its output,
    /// or nil when the function reports failure (a return value of 0 or less).
    static func printing(_ body: (OpaquePointer) -> Int32) -> String? {
        let bio = MemoryBIO()
        guard body(bio.pointer) > 0 else {
            OpenSSLError.clearQueue()
            return nil
        }
        return bio.readString()
    }
}

/// Frees memory that libcrypto allocated with `OPENSSL_malloc`, which is a
/// macro Swift cannot call.
func freeOpenSSLMemory(_ pointer: UnsafeMutableRawPointer?) {
    CRYPTO_free(pointer, #fileID, #line)
}

/// Calls a `d2i_*` decoder on `der` and returns the object with the number
/// of bytes it used, so the caller can reject trailing bytes.
func decodeDER<Object>(
    _ der: [UInt8],
    _ decode: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> Object?
) -> (object: Object, consumed: Int)? {
    der.withUnsafeBufferPointer { buffer -> (object: Object, consumed: Int)? in
        guard let base = buffer.baseAddress else { return nil }
        var cursor: UnsafePointer<UInt8>? = base
        guard let object = decode(&cursor, buffer.count) else { return nil }
        return (object, cursor.map { $0 - base } ?? buffer.count)
    }
}

/// Decodes a C string that a libcrypto call wrote into `buffer`.
func decodeCString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
