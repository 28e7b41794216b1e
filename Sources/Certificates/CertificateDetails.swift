import Foundation

/// The fields of one X.509 certificate that the report shows, copied out of
/// libcrypto so they can be shared and printed.
public struct CertificateDetails: Equatable, Sendable {
    /// Subject in the form `openssl x509 -noout -subject` prints it
    /// (OpenSSL 3.0): "O = system:masters, CN = kubernetes-admin".
    public var subject: String
    public var issuer: String
    public var commonName: String?
    /// Serial number in hexadecimal, as `openssl x509 -noout -serial` prints it.
    public var serialNumber: String
    public var notBefore: Date
    public var notAfter: Date
    /// `notBefore` as `openssl x509 -noout -startdate` prints it: "Jan  1 00:00:00 2027 GMT".
    public var notBeforeText: String
    /// `notAfter` as `openssl x509 -noout -enddate` prints it.
    public var notAfterText: String
    public var publicKey: PublicKeyDescription
    public var dnsNames: [String]
    public var ipAddresses: [String]
    public var emailAddresses: [String]
    public var uris: [String]
    public var keyUsage: [String]
    public var extendedKeyUsage: [String]
    /// True when libcrypto considers the certificate a CA (`X509_check_ca`):
    /// basic constraints CA:TRUE, or a self-signed version 1 certificate.
    public var isCA: Bool
    /// True when the subject equals the issuer and the certificate's own key
    /// verifies its signature.
    public var isSelfSigned: Bool
    /// SHA-256 of the DER encoding, colon-separated hexadecimal as
    /// `openssl x509 -noout -fingerprint -sha256` prints it.
    public var sha256Fingerprint: String

    /// Every subject alternative name, DNS names first, in the form
    /// `openssl x509 -noout -ext subjectAltName` uses: "DNS:etcd", "IP Address:10.0.0.1".
    public var subjectAlternativeNames: [String] {
        dnsNames.map { "DNS:\($0)" } + ipAddresses.map { "IP Address:\($0)" }
            + emailAddresses.map { "email:\($0)" } + uris.map { "URI:\($0)" }
    }

    /// The common name, or the whole subject when there is none.
    public var displayName: String {
        if let commonName, !commonName.isEmpty { return commonName }
        return subject.isEmpty ? "(empty subject)" : subject
    }
}
