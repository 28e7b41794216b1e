import Foundation

/// The encryption-at-rest settings kube-apiserver reads from its
/// `--encryption-provider-config` file (kind EncryptionConfiguration, group
/// apiserver.config.k8s.io/v1, YAML or JSON), used here to decrypt values read
/// from etcd and to encrypt values written to it.
///
/// The file lists rules in order; each rule names resources (`secrets`,
/// `deployments.apps`, `*.apps`, `*.` for the core group, `*.*`) and providers.
/// The first provider of a rule encrypts writes; any of them may decrypt.
public struct EncryptionConfiguration: Sendable {
    public struct Rule: Sendable {
        public var resources: [String]
        public var providers: [Provider]
    }

    public enum Provider: Sendable {
        case aescbc([Key])
        case aesgcm([Key])
        case secretbox([Key])
        /// A KMS plugin, which only kube-apiserver can reach: values it wrote
        /// can be identified but not decrypted here.
        case kms(name: String, apiVersion: String)
        case identity

        /// The name in the value prefix, or nil for identity.
        public var prefixName: String? {
            switch self {
            case .aescbc: return "aescbc"
            case .aesgcm: return "aesgcm"
            case .secretbox: return "secretbox"
            case .kms: return "kms"
            case .identity: return nil
            }
        }
    }

    public struct Key: Sendable {
        public var name: String
        public var secret: [UInt8]
    }

    public var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// Reads an EncryptionConfiguration file in YAML or JSON.
    public init(parsing bytes: [UInt8]) throws {
        let document: JSONValue
        do {
            document = try YAML.parse(bytes)
        } catch let error as YAMLError {
            throw EncryptionError("invalid encryption configuration: \(error)")
        }
        let kind = document["kind"]?.stringValue
        guard kind == "EncryptionConfiguration" || kind == "EncryptionConfig" else {
            throw EncryptionError(
                "invalid encryption configuration: kind is \(kind.map { "\"\($0)\"" } ?? "missing"), expected EncryptionConfiguration")
        }
        guard let ruleValues = document["resources"]?.arrayValue else {
            throw EncryptionError("invalid encryption configuration: the resources list is missing")
        }
        rules = try ruleValues.enumerated().map { index, value in
            try EncryptionConfiguration.rule(from: value, path: "resources[\(index)]")
        }
    }

    /// Reads the EncryptionConfiguration file at `path`.
    public init(contentsOfFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EncryptionError("cannot read encryption configuration \(path): file not found or not readable")
        }
        try self.init(parsing: [UInt8](data))
    }

    // MARK: Decrypting

    /// Decrypts `value` if it carries an encryption prefix; other values are
    /// returned unchanged, as the identity provider stores them.
    ///
    /// - Parameter etcdKey: the value's etcd key, which aesgcm authenticates.
    /// - Throws: `EncryptionError` naming the provider and key when no
    ///   configured key matches or decryption fails.
    public func decrypt(_ value: [UInt8], etcdKey: [UInt8]) throws -> [UInt8] {
        guard let header = EncryptedValue(prefixOf: value) else { return value }
        let payload = value[header.payloadOffset...]
        var candidates: [(Provider, Key)] = []
        for rule in rules {
            for provider in rule.providers where provider.prefixName == header.provider {
                switch provider {
                case .aescbc(let keys), .aesgcm(let keys), .secretbox(let keys):
                    for key in keys where key.name == header.keyName {
                        candidates.append((provider, key))
                    }
                case .kms(let name, _) where name == header.keyName:
                    throw EncryptionError(
                        "the value is encrypted by KMS plugin \"\(name)\" (\(header.prefix)), which only kube-apiserver can call; read it through the API server")
                default:
                    continue
                }
            }
        }
        guard !candidates.isEmpty else {
            throw EncryptionError(
                "the value is encrypted with \(header.provider) key \"\(header.keyName)\", which the encryption configuration does not list")
        }
        var lastError = EncryptionError("no key decrypted the value")
        // Several rules may list a key of the same name; the first that
        // decrypts wins, as in kube-apiserver.
        for (provider, key) in candidates {
            do {
                return try EncryptionConfiguration.decrypt(payload, provider: provider, key: key, etcdKey: etcdKey)
            } catch {
                lastError = error
            }
        }
        throw EncryptionError(
            "cannot decrypt the value with \(header.provider) key \"\(header.keyName)\" for \(String(decoding: etcdKey, as: UTF8.self)): \(lastError.message)")
    }

    private static func decrypt(
        _ payload: ArraySlice<UInt8>, provider: Provider, key: Key, etcdKey: [UInt8]
    ) throws(EncryptionError) -> [UInt8] {
        switch provider {
        case .aescbc: return try ValueCiphers.decryptAESCBC(payload, key: key.secret)
        case .aesgcm: return try ValueCiphers.decryptAESGCM(payload, key: key.secret, authenticatedData: etcdKey)
        case .secretbox: return try ValueCiphers.decryptSecretbox(payload, key: key.secret)
        case .kms, .identity: throw EncryptionError("the \(provider.prefixName ?? "identity") provider cannot decrypt here")
        }
    }

    // MARK: Encrypting

    /// Encrypts `plaintext` for `etcdKey` as kube-apiserver would write it for
    /// `resource`: with the first provider of the first rule that matches, using
    /// that provider's first key.
    ///
    /// - Parameter resource: `secrets` for the core group, `<resource>.<group>`
    ///   otherwise (`deployments.apps`).
    /// - Returns: the stored bytes, or `plaintext` unchanged when the provider is
    ///   identity or no rule matches.
    /// - Throws: `EncryptionError` when the provider is KMS, which only
    ///   kube-apiserver can call.
    public func encrypt(_ plaintext: [UInt8], etcdKey: [UInt8], resource: String) throws -> [UInt8] {
        guard let rule = rule(for: resource), let provider = rule.providers.first else { return plaintext }
        return try EncryptionConfiguration.encrypt(plaintext, provider: provider, etcdKey: etcdKey)
    }

    /// Encrypts `plaintext` with `provider`'s first key and prefixes it.
    public static func encrypt(_ plaintext: [UInt8], provider: Provider, etcdKey: [UInt8]) throws -> [UInt8] {
        let sealed: [UInt8]
        let key: Key
        switch provider {
        case .identity:
            return plaintext
        case .kms(let name, _):
            throw EncryptionError(
                "cannot encrypt with KMS plugin \"\(name)\": only kube-apiserver can call it; write the object through the API server")
        case .aescbc(let keys):
            key = try firstKey(keys, provider: "aescbc")
            sealed = try ValueCiphers.encryptAESCBC(plaintext, key: key.secret)
        case .aesgcm(let keys):
            key = try firstKey(keys, provider: "aesgcm")
            sealed = try ValueCiphers.encryptAESGCM(plaintext, key: key.secret, authenticatedData: etcdKey)
        case .secretbox(let keys):
            key = try firstKey(keys, provider: "secretbox")
            sealed = try ValueCiphers.encryptSecretbox(plaintext, key: key.secret)
        }
        return Array("k8s:enc:\(provider.prefixName!):v1:\(key.name):".utf8) + sealed
    }

    /// Finds the first rule, in file order, that lists `resource` (`secrets`,
    /// `deployments.apps`), its group's wildcard `*.<group>`, or `*.*`.
    public func rule(for resource: String) -> Rule? {
        let group = resource.firstIndex(of: ".").map { String(resource[resource.index(after: $0)...]) } ?? ""
        return rules.first { rule in
            rule.resources.contains { pattern in
                pattern == resource || pattern == "*.\(group)" || pattern == "*.*"
            }
        }
    }

    private static func firstKey(_ keys: [Key], provider: String) throws(EncryptionError) -> Key {
        guard let key = keys.first else {
            throw EncryptionError("the \(provider) provider lists no keys; add one under keys")
        }
        return key
    }

    // MARK: Reading the file

    private static func rule(from value: JSONValue, path: String) throws -> Rule {
        guard let resources = value["resources"]?.arrayValue?.compactMap(\.stringValue), !resources.isEmpty else {
            throw EncryptionError("invalid encryption configuration: \(path).resources is missing or empty")
        }
        guard let providerValues = value["providers"]?.arrayValue, !providerValues.isEmpty else {
            throw EncryptionError("invalid encryption configuration: \(path).providers is missing or empty")
        }
        let providers = try providerValues.enumerated().map { index, value in
            try provider(from: value, path: "\(path).providers[\(index)]")
        }
        return Rule(resources: resources, providers: providers)
    }

    private static func provider(from value: JSONValue, path: String) throws -> Provider {
        guard let object = value.objectValue, object.count == 1, let member = object.members.first else {
            throw EncryptionError(
                "invalid encryption configuration: \(path) must name exactly one of aescbc, aesgcm, secretbox, kms, identity")
        }
        switch member.key {
        case "aescbc": return .aescbc(try keys(from: member.value, path: "\(path).aescbc"))
        case "aesgcm": return .aesgcm(try keys(from: member.value, path: "\(path).aesgcm"))
        case "secretbox": return .secretbox(try keys(from: member.value, path: "\(path).secretbox"))
        case "identity": return .identity
        case "kms":
            guard let name = member.value["name"]?.stringValue else {
                throw EncryptionError("invalid encryption configuration: \(path).kms.name is missing")
            }
            return .kms(name: name, apiVersion: member.value["apiVersion"]?.stringValue ?? "v1")
        default:
            throw EncryptionError(
                "invalid encryption configuration: \(path) has unknown provider \"\(member.key)\"; expected aescbc, aesgcm, secretbox, kms or identity")
        }
    }

    private static func keys(from value: JSONValue, path: String) throws -> [Key] {
        guard let keyValues = value["keys"]?.arrayValue, !keyValues.isEmpty else {
            throw EncryptionError("invalid encryption configuration: \(path).keys is missing or empty")
        }
        return try keyValues.enumerated().map { index, keyValue in
            guard let name = keyValue["name"]?.stringValue, !name.isEmpty else {
                throw EncryptionError("invalid encryption configuration: \(path).keys[\(index)].name is missing")
            }
            guard let encoded = keyValue["secret"]?.stringValue, let secret = Data(base64Encoded: encoded) else {
                throw EncryptionError(
                    "invalid encryption configuration: \(path).keys[\(index)].secret of key \"\(name)\" is missing or not base64")
            }
            return Key(name: name, secret: [UInt8](secret))
        }
    }
}
