import COpenSSL
import Foundation

/// Reads and checks the certificate and key files named in the configuration.
///
/// gRPC C-core reports unusable TLS material only as "empty address list"
/// when the first call is made, so the files are parsed with OpenSSL first
/// and a bad one is named with its problem.
enum PEMFile {
    /// Returns the file's text, or throws an error naming the path and the reason.
    static func read(_ path: String) throws(EtcdClientError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw invalid("cannot read \(path): no such file")
        }
        if isDirectory.boolValue {
            throw invalid("cannot read \(path): it is a directory, not a PEM file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw invalid("cannot read \(path): permission denied or unreadable")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads a CA bundle or certificate chain and checks that it contains at
    /// least one PEM certificate.
    static func readCertificates(_ path: String) throws(EtcdClientError) -> String {
        let text = try read(path)
        guard let certificate = PEMObjects.firstCertificate(text) else {
            throw invalid("\(path) contains no PEM certificate (expected a -----BEGIN CERTIFICATE----- block)")
        }
        X509_free(certificate)
        return text
    }

    /// Reads a private key and checks that it parses and belongs to the first
    /// certificate of `certificateChain`, as Go's tls.X509KeyPair does for etcdctl.
    static func readPrivateKey(_ path: String, matching certificateChain: String?, certificatePath: String?) throws(EtcdClientError) -> String {
        let text = try read(path)
        guard let key = PEMObjects.privateKey(text) else {
            throw invalid("\(path) contains no unencrypted PEM private key")
        }
        defer { EVP_PKEY_free(key) }

        if let certificateChain, let certificate = PEMObjects.firstCertificate(certificateChain) {
            defer { X509_free(certificate) }
            // X509_check_private_key returns 1 when the key pair matches.
            if X509_check_private_key(certificate, key) != 1 {
                ERR_clear_error()
                throw invalid("tls: private key does not match public key: \(path) is not the key of \(certificatePath ?? "the client certificate")")
            }
        }
        return text
    }

    private static func invalid(_ message: String) -> EtcdClientError {
        EtcdClientError(code: .invalidArgument, message: message)
    }
}

/// Parses PEM text with OpenSSL's memory BIOs.
private enum PEMObjects {
    /// Parses the first certificate in `text`; the caller frees it with X509_free.
    static func firstCertificate(_ text: String) -> OpaquePointer? {
        withMemoryBIO(text) { bio in PEM_read_bio_X509(bio, nil, nil, nil) }
    }

    /// Parses the first private key in `text`; the caller frees it with EVP_PKEY_free.
    /// An encrypted key yields nil, because no passphrase callback is given.
    static func privateKey(_ text: String) -> OpaquePointer? {
        withMemoryBIO(text) { bio in PEM_read_bio_PrivateKey(bio, nil, nil, nil) }
    }

    private static func withMemoryBIO(_ text: String, _ body: (OpaquePointer) -> OpaquePointer?) -> OpaquePointer? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { buffer -> OpaquePointer? in
            // BIO_new_mem_buf reads the buffer in place; the BIO is freed before it goes away.
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            let object = body(bio)
            ERR_clear_error()
            return object
        }
    }
}
