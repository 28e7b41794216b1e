import COpenSSL

/// libcrypto's path validation (`X509_verify_cert`) over a chain that the
/// inventory already assembled.
enum ChainVerification {
    /// Verifies `leaf` up to `root` through `intermediates` and returns
    /// libcrypto's reason when the chain is invalid, or nil when it is valid.
    ///
    /// Validity dates are not checked here (`X509_V_FLAG_NO_CHECK_TIME`),
    /// because the report shows expiry of every certificate on its own row.
    /// What remains are signatures, CA basic constraints, key usage and path
    /// length limits.
    static func failureReason(leaf: X509Certificate, intermediates: [X509Certificate], root: X509Certificate) -> String? {
        guard let store = X509_STORE_new() else { return "X509_STORE_new failed: out of memory" }
        defer { X509_STORE_free(store) }
        // X509_STORE_add_cert takes its own reference to the certificate.
        guard X509_STORE_add_cert(store, root.pointer) == 1 else {
            return OpenSSLError.drain("X509_STORE_add_cert").reason
        }
        guard let untrusted = OPENSSL_sk_new_null() else { return "OPENSSL_sk_new_null failed: out of memory" }
        // The stack only borrows the certificates: OPENSSL_sk_free frees the
        // stack, not its elements, which the X509Certificate objects own.
        defer { OPENSSL_sk_free(untrusted) }
        for certificate in intermediates {
            _ = OPENSSL_sk_push(untrusted, UnsafeRawPointer(certificate.pointer))
        }
        guard let context = X509_STORE_CTX_new() else { return "X509_STORE_CTX_new failed: out of memory" }
        defer { X509_STORE_CTX_free(context) }
        guard X509_STORE_CTX_init(context, store, leaf.pointer, untrusted) == 1 else {
            return OpenSSLError.drain("X509_STORE_CTX_init").reason
        }
        X509_STORE_CTX_set_flags(context, UInt(X509_V_FLAG_NO_CHECK_TIME))
        let verified = X509_verify_cert(context) == 1
        let code = X509_STORE_CTX_get_error(context)
        OpenSSLError.clearQueue()
        if verified { return nil }
        return String(cString: X509_verify_cert_error_string(Int(code)))
    }
}
