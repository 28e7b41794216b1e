import COpenSSL
import Foundation

/// A parsed X.509 certificate: owns one libcrypto `X509`, freed with `X509_free`.
///
/// Not `Sendable`: libcrypto caches extension data inside the object on first
/// use, so one object must not be read from two threads at once. Copy what is
/// needed into `CertificateDetails` to share it.
final class X509Certificate {
    let pointer: OpaquePointer
    /// The DER encoding, kept for fingerprints and for equality between copies
    /// of one certificate found in several places.
    let der: [UInt8]

    /// Parses one DER certificate. Trailing bytes after it are rejected,
    /// because they mean the input is not a single certificate.
    init(der: [UInt8]) throws {
        OpenSSLError.clearQueue()
        guard let (certificate, consumed) = decodeDER(der, { d2i_X509(nil, $0, $1) }) else {
            throw OpenSSLError.drain("d2i_X509")
        }
        guard consumed == der.count else {
            X509_free(certificate)
            throw OpenSSLError(operation: "d2i_X509", reason: "\(der.count - consumed) trailing bytes after the certificate")
        }
        pointer = certificate
        self.der = der
    }

    deinit {
        X509_free(pointer)
    }

    /// Reads every field that the report shows into a value type.
    func details() -> CertificateDetails {
        let notBefore = X509_get0_notBefore(pointer)
        let notAfter = X509_get0_notAfter(pointer)
        let names = subjectAlternativeNames()
        return CertificateDetails(
            subject: Self.format(name: X509_get_subject_name(pointer)),
            issuer: Self.format(name: X509_get_issuer_name(pointer)),
            commonName: commonName(),
            serialNumber: MemoryBIO.printing { i2a_ASN1_INTEGER($0, X509_get0_serialNumber(pointer)) } ?? "",
            notBefore: Self.date(notBefore),
            notAfter: Self.date(notAfter),
            notBeforeText: Self.text(notBefore),
            notAfterText: Self.text(notAfter),
            publicKey: X509_get0_pubkey(pointer).map(PublicKeyDescription.init(key:)) ?? .unknown,
            dnsNames: names.dns,
            ipAddresses: names.ip,
            emailAddresses: names.email,
            uris: names.uri,
            keyUsage: keyUsage(),
            extendedKeyUsage: extendedKeyUsage(),
            isCA: X509_check_ca(pointer) != 0,
            isSelfSigned: X509_self_signed(pointer, 1) == 1,
            sha256Fingerprint: sha256Fingerprint()
        )
    }

    /// Checks that `issuer` could have issued this certificate (names,
    /// authority key identifier, key usage: `X509_check_issued`) and that its
    /// key verifies this certificate's signature (`X509_verify`).
    func isSigned(by issuer: X509Certificate) -> Bool {
        guard X509_check_issued(issuer.pointer, pointer) == X509_V_OK else {
            OpenSSLError.clearQueue()
            return false
        }
        return verifiesSignature(with: issuer)
    }

    /// Checks that the issuer name of this certificate equals the subject of `issuer`.
    func namesIssuer(_ issuer: X509Certificate) -> Bool {
        X509_NAME_cmp(X509_get_issuer_name(pointer), X509_get_subject_name(issuer.pointer)) == 0
    }

    /// Verifies this certificate's signature with the public key of `issuer`.
    func verifiesSignature(with issuer: X509Certificate) -> Bool {
        guard let key = X509_get0_pubkey(issuer.pointer) else { return false }
        let verified = X509_verify(pointer, key) == 1
        OpenSSLError.clearQueue()
        return verified
    }

    /// Checks that `key` is the private key of this certificate's public key.
    func matches(_ key: PrivateKey) -> Bool {
        guard let publicKey = X509_get0_pubkey(pointer) else { return false }
        let equal = EVP_PKEY_eq(publicKey, key.pointer) == 1
        OpenSSLError.clearQueue()
        return equal
    }

    /// Checks the certificate's SANs against a host name or IP address, as a
    /// TLS client does (`X509_check_ip_asc`, `X509_check_host`).
    func matches(host: String) -> Bool {
        defer { OpenSSLError.clearQueue() }
        if X509_check_ip_asc(pointer, host, 0) == 1 { return true }
        if isIPAddress(host) { return false }
        return X509_check_host(pointer, host, host.utf8.count, 0, nil) == 1
    }

    private func isIPAddress(_ text: String) -> Bool {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        return inet_pton(AF_INET, text, &ipv4) == 1 || inet_pton(AF_INET6, text, &ipv6) == 1
    }

    // MARK: - Field extraction

    /// The format `openssl x509 -noout -subject` prints in OpenSSL 3.0:
    /// "O = system:masters, CN = kubernetes-admin".
    static let nameFormat = UInt(XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_SPC_EQ | XN_FLAG_FN_SN)
        | UInt(ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_UTF8_CONVERT | ASN1_STRFLGS_DUMP_UNKNOWN | ASN1_STRFLGS_DUMP_DER)
        | UInt(ASN1_STRFLGS_ESC_QUOTE)

    static func format(name: OpaquePointer?) -> String {
        guard let name else { return "" }
        return MemoryBIO.printing { X509_NAME_print_ex($0, name, 0, nameFormat) } ?? ""
    }

    /// Formats a validity bound as `openssl x509 -noout -dates` prints it, for
    /// example "Jan  1 00:00:00 2027 GMT" (`ASN1_TIME_print`).
    static func text(_ time: UnsafePointer<ASN1_TIME>?) -> String {
        guard let time else { return "" }
        return MemoryBIO.printing { ASN1_TIME_print($0, time) } ?? ""
    }

    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else {
            OpenSSLError.clearQueue()
            return Date(timeIntervalSince1970: 0)
        }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private func commonName() -> String? {
        guard let name = X509_get_subject_name(pointer) else { return nil }
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index),
            let data = X509_NAME_ENTRY_get_data(entry)
        else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else { return nil }
        defer { freeOpenSSLMemory(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    private func subjectAlternativeNames() -> (dns: [String], ip: [String], email: [String], uri: [String]) {
        var result: (dns: [String], ip: [String], email: [String], uri: [String]) = ([], [], [], [])
        guard let raw = X509_get_ext_d2i(pointer, NID_subject_alt_name, nil, nil) else {
            OpenSSLError.clearQueue()
            return result
        }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        for index in 0..<OPENSSL_sk_num(names) {
            guard let element = OPENSSL_sk_value(names, index) else { continue }
            let name = element.assumingMemoryBound(to: GENERAL_NAME.self).pointee
            switch name.type {
            case GEN_DNS: result.dns.append(Self.string(name.d.dNSName))
            case GEN_EMAIL: result.email.append(Self.string(name.d.rfc822Name))
            case GEN_URI: result.uri.append(Self.string(name.d.uniformResourceIdentifier))
            case GEN_IPADD: result.ip.append(Self.ipAddress(name.d.iPAddress))
            default: break
            }
        }
        return result
    }

    private static func bytes(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> [UInt8] {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))))
    }

    private static func string(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String {
        String(decoding: bytes(string), as: UTF8.self)
    }

    private static func ipAddress(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String {
        let raw = bytes(string)
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family: Int32
        switch raw.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return raw.map { String(format: "%02X", $0) }.joined(separator: ":")
        }
        guard inet_ntop(family, raw, &buffer, socklen_t(buffer.count)) != nil else { return "" }
        return decodeCString(buffer)
    }

    /// Key usage bits in RFC 5280 order, named as `openssl x509 -text` names
    /// them without spaces. Empty when the extension is absent.
    private func keyUsage() -> [String] {
        guard X509_get_extension_flags(pointer) & UInt32(EXFLAG_KUSAGE) != 0 else { return [] }
        let bits = X509_get_key_usage(pointer)
        let names: [(UInt32, String)] = [
            (UInt32(KU_DIGITAL_SIGNATURE), "digitalSignature"),
            (UInt32(KU_NON_REPUDIATION), "nonRepudiation"),
            (UInt32(KU_KEY_ENCIPHERMENT), "keyEncipherment"),
            (UInt32(KU_DATA_ENCIPHERMENT), "dataEncipherment"),
            (UInt32(KU_KEY_AGREEMENT), "keyAgreement"),
            (UInt32(KU_KEY_CERT_SIGN), "keyCertSign"),
            (UInt32(KU_CRL_SIGN), "cRLSign"),
            (UInt32(KU_ENCIPHER_ONLY), "encipherOnly"),
            (UInt32(KU_DECIPHER_ONLY), "decipherOnly"),
        ]
        return names.filter { bits & $0.0 != 0 }.map(\.1)
    }

    /// Extended key usage purposes by OpenSSL short name (serverAuth,
    /// clientAuth...), or dotted OID for purposes OpenSSL does not name.
    private func extendedKeyUsage() -> [String] {
        guard let raw = X509_get_ext_d2i(pointer, NID_ext_key_usage, nil, nil) else {
            OpenSSLError.clearQueue()
            return []
        }
        let usages = OpaquePointer(raw)
        defer { EXTENDED_KEY_USAGE_free(usages) }
        var result: [String] = []
        for index in 0..<OPENSSL_sk_num(usages) {
            guard let element = OPENSSL_sk_value(usages, index) else { continue }
            let object = OpaquePointer(element)
            let nid = OBJ_obj2nid(object)
            if nid != NID_undef, let shortName = OBJ_nid2sn(nid) {
                result.append(String(cString: shortName))
            } else {
                var buffer = [CChar](repeating: 0, count: 128)
                let length = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
                result.append(length > 0 ? decodeCString(buffer) : "unknown")
            }
        }
        return result
    }

    private func sha256Fingerprint() -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(pointer, EVP_sha256(), &digest, &length) == 1 else {
            OpenSSLError.clearQueue()
            return ""
        }
        return digest.prefix(Int(length)).map { String(format: "%02X", $0) }.joined(separator: ":")
    }
}
