extension KubeStorageCodec {
    /// Decodes a stored value, decrypting it first when it is encrypted at rest
    /// and `encryption` lists its key.
    ///
    /// Without a configuration, an encrypted value decodes to a `DecodedObject`
    /// of format `.encrypted` that names the provider and key, and no object.
    ///
    /// - Parameter key: the etcd key; aesgcm authenticates it, so aesgcm
    ///   values cannot be decrypted without it.
    public static func decode(
        value: [UInt8], key: String?, modRevision: Int64?, options: DecodeOptions,
        encryption: EncryptionConfiguration?
    ) throws -> DecodedObject {
        try decode(value: plaintext(of: value, key: key, encryption: encryption), key: key, modRevision: modRevision, options: options)
    }

    /// Decodes a stored value straight to compact JSON like
    /// `decodeToJSON(value:key:modRevision:options:indented:)`, decrypting it
    /// first when it is encrypted at rest and `encryption` lists its key.
    /// Without a configuration, an encrypted value gives format `.encrypted`
    /// and no JSON.
    public static func decodeToJSON(
        value: [UInt8], key: String?, modRevision: Int64?, options: DecodeOptions,
        encryption: EncryptionConfiguration?
    ) throws -> DecodedJSON {
        try decodeToJSON(value: plaintext(of: value, key: key, encryption: encryption), key: key, modRevision: modRevision, options: options)
    }

    /// Returns the decrypted value when it is encrypted at rest and
    /// `encryption` is given, and the value itself otherwise.
    private static func plaintext(of value: [UInt8], key: String?, encryption: EncryptionConfiguration?) throws -> [UInt8] {
        guard let encryption, let header = EncryptedValue(prefixOf: value) else {
            return value
        }
        if key == nil, header.provider == "aesgcm" {
            throw EncryptionError(
                "the value is encrypted with aesgcm key \"\(header.keyName)\", which authenticates the etcd key; pass the value's etcd key (--key) to decrypt it")
        }
        return try encryption.decrypt(value, etcdKey: Array((key ?? "").utf8))
    }
}
