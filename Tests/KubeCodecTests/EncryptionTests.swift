import Testing

@testable import KubeCodec

@Suite struct EncryptionTests {
    static let configurationText = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
        - resources: [events]
          providers:
          - identity: {}
        - resources: [secrets]
          providers:
          - aescbc:
              keys:
              - name: cbc-key
                secret: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
          - aesgcm:
              keys:
              - name: gcm-key
                secret: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
        - resources: ['*.apps']
          providers:
          - secretbox:
              keys:
              - name: box-key
                secret: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
        - resources: ['*.*']
          providers:
          - kms:
              apiVersion: v2
              name: vault
              endpoint: unix:///var/run/kms.sock
        """

    static let configuration = try! EncryptionConfiguration(parsing: Array(configurationText.utf8))
    static let plaintext = bytes(hex: "6b3873000a0c0a0276311206536563726574120568656c6c6f")
    static let secretKey = Array("/registry/secrets/default/db-password".utf8)

    static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    @Test func prefixParsed() throws {
        let header = try #require(EncryptedValue(prefixOf: Array("k8s:enc:kms:v2:vault:\u{0A}\u{20}rest".utf8)))
        #expect(header.provider == "kms")
        #expect(header.version == "v2")
        #expect(header.keyName == "vault")
        #expect(header.payloadOffset == 21)
    }

    @Test(arguments: ["k8s\u{0}\u{0A}", "k8s:enc:", "k8s:enc:aescbc:v1:", "k8s:enc:AESCBC:v1:key:x", "{\"kind\":1}"])
    func nonPrefixRejected(text: String) {
        #expect(EncryptedValue(prefixOf: Array(text.utf8)) == nil)
    }

    /// A value laid out as kube-apiserver writes aescbc: prefix, 16-byte IV,
    /// AES-256-CBC ciphertext with PKCS#7 padding (built with Python's cryptography).
    @Test func aescbcValueDecrypted() throws {
        let value = Array("k8s:enc:aescbc:v1:cbc-key:".utf8) + Self.bytes(
            hex: "6465666768696a6b6c6d6e6f70717273cecb3586022e6487488f0b313865920d6b30813322f8354595181dc1db97aa57")
        #expect(try Self.configuration.decrypt(value, etcdKey: Self.secretKey) == Self.plaintext)
    }

    /// A value laid out as kube-apiserver writes aesgcm: prefix, 12-byte nonce,
    /// ciphertext and tag, with the etcd key as additional authenticated data.
    @Test func aesgcmValueDecrypted() throws {
        let value = Array("k8s:enc:aesgcm:v1:gcm-key:".utf8) + Self.bytes(
            hex: "0102030405060708090a0b0c6ed229d5e698fa843a9371414376895a2737f3fbff083ca9cedffef1d50c8e844b272bbde3b3a5c15d")
        #expect(try Self.configuration.decrypt(value, etcdKey: Self.secretKey) == Self.plaintext)

        let error = try #require(throws: EncryptionError.self) {
            try Self.configuration.decrypt(value, etcdKey: Array("/registry/secrets/default/other".utf8))
        }
        #expect(error.message.contains("authentication"))
    }

    /// The AES-GCM test case 4 of the GCM specification (McGrew and Viega).
    @Test func aesgcmSpecificationVector() throws {
        let payload = Self.bytes(hex: "cafebabefacedbaddecaf888")
            + Self.bytes(hex: "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091")
            + Self.bytes(hex: "5bc94fbc3221a5db94fae95ae7121a47")
        let plaintext = try ValueCiphers.decryptAESGCM(
            payload[...], key: Self.bytes(hex: "feffe9928665731c6d6a8f9467308308"),
            authenticatedData: Self.bytes(hex: "feedfacedeadbeeffeedfacedeadbeefabaddad2"))
        #expect(plaintext == Self.bytes(hex: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"))
    }

    @Test(arguments: [
        ("secrets", "k8s:enc:aescbc:v1:cbc-key:"),
        ("deployments.apps", "k8s:enc:secretbox:v1:box-key:"),
    ])
    func encryptRoundTrip(resource: String, prefix: String) throws {
        let key = Array("/registry/\(resource)/default/example".utf8)
        let stored = try Self.configuration.encrypt(Self.plaintext, etcdKey: key, resource: resource)
        #expect(stored.starts(with: Array(prefix.utf8)))
        #expect(stored != Self.plaintext)
        #expect(try Self.configuration.decrypt(stored, etcdKey: key) == Self.plaintext)
    }

    @Test func aesgcmRoundTripBindsEtcdKey() throws {
        let provider = EncryptionConfiguration.Provider.aesgcm([
            .init(name: "gcm-key", secret: Array(repeating: 7, count: 16))
        ])
        let configuration = EncryptionConfiguration(rules: [.init(resources: ["secrets"], providers: [provider])])
        let stored = try EncryptionConfiguration.encrypt(Self.plaintext, provider: provider, etcdKey: Self.secretKey)
        #expect(try configuration.decrypt(stored, etcdKey: Self.secretKey) == Self.plaintext)
        #expect(throws: EncryptionError.self) {
            try configuration.decrypt(stored, etcdKey: Array("/registry/secrets/default/moved".utf8))
        }
    }

    @Test func identityLeavesValueUnchanged() throws {
        let stored = try Self.configuration.encrypt(Self.plaintext, etcdKey: [], resource: "events")
        #expect(stored == Self.plaintext)
        #expect(try Self.configuration.decrypt(Self.plaintext, etcdKey: []) == Self.plaintext)
    }

    @Test func tamperedSecretboxRejected() throws {
        let key = Array("/registry/deployments/default/web".utf8)
        var stored = try Self.configuration.encrypt(Self.plaintext, etcdKey: key, resource: "deployments.apps")
        stored[stored.count - 1] ^= 1
        let error = try #require(throws: EncryptionError.self) { try Self.configuration.decrypt(stored, etcdKey: key) }
        #expect(error.message.contains("box-key"))
    }

    @Test func kmsValueNamesPlugin() throws {
        let value = Array("k8s:enc:kms:v2:vault:".utf8) + [0x0A, 0x01, 0x00]
        let error = try #require(throws: EncryptionError.self) { try Self.configuration.decrypt(value, etcdKey: []) }
        #expect(error.message.contains("\"vault\""))
        #expect(throws: EncryptionError.self) {
            try Self.configuration.encrypt(Self.plaintext, etcdKey: [], resource: "widgets.example.com")
        }
    }

    @Test func unknownKeyNamed() throws {
        let value = Array("k8s:enc:aescbc:v1:rotated-away:".utf8) + Array(repeating: 0, count: 32)
        let error = try #require(throws: EncryptionError.self) { try Self.configuration.decrypt(value, etcdKey: []) }
        #expect(error.message.contains("rotated-away"))
    }

    @Test func truncatedPayloadsRejected() throws {
        for prefix in ["k8s:enc:aescbc:v1:cbc-key:", "k8s:enc:aesgcm:v1:gcm-key:", "k8s:enc:secretbox:v1:box-key:"] {
            let value = Array(prefix.utf8) + [1, 2, 3]
            #expect(throws: EncryptionError.self) { try Self.configuration.decrypt(value, etcdKey: []) }
        }
    }

    @Test func invalidConfigurationRejected() throws {
        let error = try #require(throws: EncryptionError.self) {
            try EncryptionConfiguration(parsing: Array("kind: EncryptionConfiguration\nresources:\n- resources: [secrets]\n  providers:\n  - aescbc:\n      keys:\n      - name: k\n        secret: '%%%'\n".utf8))
        }
        #expect(error.message.contains("resources[0].providers[0].aescbc.keys[0].secret"))
    }
}
