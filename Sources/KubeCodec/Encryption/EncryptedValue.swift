/// A value that kube-apiserver encrypted at rest, recognised by its prefix
/// `k8s:enc:<provider>:<version>:<key name>:`.
///
/// The providers are aescbc, aesgcm and secretbox (version v1, key name from
/// the EncryptionConfiguration), and kms (v1 or v2, the KMS plugin's name).
/// The identity provider stores values unchanged, so they carry no prefix.
public struct EncryptedValue: Equatable, Sendable {
    /// Provider name as written in the prefix: `aescbc`, `aesgcm`, `secretbox` or `kms`.
    public var provider: String
    /// Envelope version from the prefix: `v1` or `v2`.
    public var version: String
    /// Key name (aescbc, aesgcm, secretbox) or KMS plugin name (kms).
    public var keyName: String
    /// Offset of the encrypted payload, just past the prefix.
    public var payloadOffset: Int

    static let marker = Array("k8s:enc:".utf8)

    /// Reads the prefix of `value`, or returns nil when it is not an encrypted
    /// value. The provider and version must be lower-case letters and digits,
    /// and the key name must be non-empty text without a colon.
    public init?(prefixOf value: [UInt8]) {
        guard value.count > EncryptedValue.marker.count, value.starts(with: EncryptedValue.marker) else {
            return nil
        }
        var index = EncryptedValue.marker.count
        func field(_ allowed: (UInt8) -> Bool) -> String? {
            let start = index
            while index < value.count, value[index] != UInt8(ascii: ":") {
                guard allowed(value[index]) else { return nil }
                index += 1
            }
            guard index < value.count, index > start else { return nil }
            index += 1
            return String(decoding: value[start..<(index - 1)], as: UTF8.self)
        }
        let isLowerAlphanumeric: (UInt8) -> Bool = {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0.isASCIIDigit
        }
        // Key names are printable text; a control byte means this is no prefix.
        let isNameByte: (UInt8) -> Bool = { $0 >= 0x20 && $0 != 0x7F }
        guard let provider = field(isLowerAlphanumeric), let version = field(isLowerAlphanumeric),
            let keyName = field(isNameByte)
        else { return nil }
        self.provider = provider
        self.version = version
        self.keyName = keyName
        self.payloadOffset = index
    }

    /// The prefix text, for example `k8s:enc:aescbc:v1:key1:`.
    public var prefix: String { "k8s:enc:\(provider):\(version):\(keyName):" }
}

/// A failure to read, decrypt or encrypt a value encrypted at rest, or to
/// read an EncryptionConfiguration.
public struct EncryptionError: Error, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
