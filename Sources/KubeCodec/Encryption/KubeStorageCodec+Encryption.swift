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
        guard let encryption, let header = EncryptedValue(prefixOf: value) else {
            return try decode(value: value, key: key, modRevision: modRevision, options: options)
        }
        if key == nil, header.provider == "aesgcm" {
            throw EncryptionError(
                "the value is encrypted with aesgcm key \"\(header.keyName)\", which authenticates the etcd key; pass the value's etcd key (--key) to decrypt it")
        }
        let plaintext = try encryption.decrypt(value, etcdKey: Array((key ?? "").utf8))
        return try decode(value: plaintext, key: key, modRevision: modRevision, options: options)
    }
}
