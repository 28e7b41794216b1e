import EtcdAPI
import Foundation
import KubeCodec
import KubeResources

/// `ketcd save <dumpfile>`: see `Command.save`.
enum Save {
    struct Counts {
        var created = 0
        var updated = 0
        var unchanged = 0
    }

    /// One record of the dump, ready to write: the bytes to store and the
    /// key's state the write compares against.
    struct PlannedWrite {
        var record: DumpRecord
        var key: [UInt8]
        /// Nil when the key already contains the record's object encrypted, so
        /// new ciphertext would differ only in its nonce.
        var value: [UInt8]?
        var current: KeyValue?
    }

    @MainActor
    static func run(_ context: CommandContext) async throws {
        guard context.arguments.count == 1 else {
            throw CommandError(.error, "File path arguments missing with save: give one dump file, for example `ketcd save dump.json`")
        }
        let path = context.arguments[0]
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError(.error, "cannot read dump file \(path)")
        }
        let records = try readRecords(Array(data), path: path)

        let dryRun = context.flags.bool("dry-run")
        let encryption = try KubeFlags.encryption(context)
        let store = try await context.transactionalStore()
        var backup: BackupFile?
        if !dryRun {
            let backupPath = context.flags.isSet("backup") ? context.flags.string("backup") : BackupFile.defaultPath()
            backup = try BackupFile(path: backupPath)
        }
        let writer = SafeWriter(store: store, backup: backup, dryRun: dryRun)

        // Every record is read, checked and encoded before the first write,
        // so a bad record or a stale key leaves etcd as it was.
        let plan = try await makePlan(
            records, writer: writer, encryption: encryption, force: context.flags.bool("force"),
            ignoreEncryption: context.flags.bool("ignore-encryption"))

        var counts = Counts()
        for item in plan {
            guard let value = item.value else {
                counts.unchanged += 1
                continue
            }
            let outcome: SafeWriter.Outcome
            do {
                outcome = try await writer.put(key: item.key, value: value, previous: item.current)
            } catch let error as SafeWriteError {
                throw CommandError(.error, "\(error.description) (\(counts.created) created and \(counts.updated) updated before it)")
            }
            let prefix = dryRun ? "would be " : ""
            switch outcome {
            case .created:
                counts.created += 1
                context.output.writeLine("\(item.record.key) \(prefix)created")
            case .updated:
                counts.updated += 1
                context.output.writeLine("\(item.record.key) \(prefix)updated")
            case .unchanged, .deleted:
                counts.unchanged += 1
            }
        }
        let verb = dryRun ? "would be " : ""
        context.output.writeLine("save: \(counts.created) \(verb)created, \(counts.updated) \(verb)updated, \(counts.unchanged) unchanged")
        if let backup, backup.isCreated {
            context.errorOutput.writeLine("previous values of the updated keys are in \(backup.path)")
        }
    }

    /// Reads the current state of every record's key and encodes its value.
    /// Fails when a key would change and its mod_revision is not the one the
    /// dump recorded (the key changed after the dump was taken), unless
    /// `force` is set.
    static func makePlan(
        _ records: [DumpRecord], writer: SafeWriter, encryption: EncryptionConfiguration?, force: Bool, ignoreEncryption: Bool
    ) async throws -> [PlannedWrite] {
        var plan: [PlannedWrite] = []
        var stale: [(key: String, stored: Int64, dumped: Int64)] = []
        for record in records {
            let key = Array(record.key.utf8)
            let current = try await writer.current(key)
            let value: [UInt8]
            do {
                value = try encodedValue(record, current: current, encryption: encryption, ignoreEncryption: ignoreEncryption)
            } catch is UnchangedValue {
                plan.append(PlannedWrite(record: record, key: key, value: nil, current: current))
                continue
            }
            if let current, current.value != value, record.modRevision != 0, current.modRevision != record.modRevision {
                stale.append((record.key, current.modRevision, record.modRevision))
            }
            plan.append(PlannedWrite(record: record, key: key, value: value, current: current))
        }
        if let first = stale.first, !force {
            let others = stale.count > 1 ? " (and \(stale.count - 1) more keys changed since the dump)" : ""
            throw CommandError(.error, "\(first.key) changed after the dump was taken: etcd has mod_revision \(first.stored), the dump has \(first.dumped)\(others); nothing was written. Compare the values with `ketcd get`, then pass --force to overwrite them with the dump")
        }
        return plan
    }

    /// Reads every record of an etcdhelper array, a JSON lines dump or a backup file.
    static func readRecords(_ bytes: [UInt8], path: String) throws -> [DumpRecord] {
        let parse: (String) throws -> JSONValue = { try JSONParser.parse($0) }
        let firstByte = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        do {
            if firstByte == UInt8(ascii: "[") {
                guard case .array(let elements) = try JSONParser.parse(bytes) else { return [] }
                return try elements.compactMap { try DumpReader.record(from: $0, parseJSON: parse) }
            }
            var records: [DumpRecord] = []
            var lineNumber = 0
            for line in bytes.split(separator: UInt8(ascii: "\n")) {
                lineNumber += 1
                guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
                do {
                    if let record = try DumpReader.record(from: JSONParser.parse(Array(line)), parseJSON: parse) {
                        records.append(record)
                    }
                } catch {
                    throw CommandError(.error, "\(path) line \(lineNumber): \(error)")
                }
            }
            return records
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError(.error, "\(path) is not a dump written by ketcd or etcdhelper: \(error)")
        }
    }

    /// Thrown by `encodedValue` when the key already contains the record's
    /// object encrypted, because new ciphertext would differ only in its nonce.
    struct UnchangedValue: Error {}

    /// Encodes the bytes to store for a record, in the format kube-apiserver uses for
    /// the key: the format the current value has, else JSON for API services,
    /// CRDs and custom resources and protobuf for built-in types.
    static func encodedValue(
        _ record: DumpRecord, current: KeyValue?, encryption: EncryptionConfiguration?, ignoreEncryption: Bool
    ) throws -> [UInt8] {
        if let raw = record.rawValue {
            return try checkedAgainstEncryption(raw, record: record, current: current, ignoreEncryption: ignoreEncryption)
        }

        // The format of the stored object: the one the current value has,
        // looked at after decryption when the configuration allows it.
        var currentPlaintext = current?.value
        if let current, let encryption, EncryptedValue(prefixOf: current.value) != nil {
            currentPlaintext = try? encryption.decrypt(current.value, etcdKey: current.key)
        }
        var currentFormat = currentPlaintext.map { KubeStorageCodec.detectFormat($0) }
        if case .encrypted? = currentFormat { currentFormat = nil }

        let plaintext = try encodedPlaintext(record, currentFormat: currentFormat)
        if let current, currentPlaintext == plaintext, current.value != plaintext {
            throw UnchangedValue()
        }
        var value = plaintext
        if let encryption {
            do {
                value = try encryption.encrypt(plaintext, etcdKey: Array(record.key.utf8), resource: encryptionResourceName(forKey: record.key))
            } catch {
                throw CommandError(.error, "cannot encrypt \(record.key): \(error)")
            }
        }
        return try checkedAgainstEncryption(value, record: record, current: current, ignoreEncryption: ignoreEncryption)
    }

    /// Returns `value`, or throws when it is plaintext and the key contains an
    /// encrypted value, because writing it would leave the object unencrypted at rest.
    static func checkedAgainstEncryption(_ value: [UInt8], record: DumpRecord, current: KeyValue?, ignoreEncryption: Bool) throws -> [UInt8] {
        guard let current, let header = EncryptedValue(prefixOf: current.value), EncryptedValue(prefixOf: value) == nil, !ignoreEncryption else {
            return value
        }
        throw CommandError(.error, "\(record.key) is encrypted at rest (provider \(header.provider), key \(header.keyName)); writing plaintext over it would leave the object unencrypted, so it was not written. Pass --encryption-config with kube-apiserver's EncryptionConfiguration to encrypt it, or --ignore-encryption to write it anyway")
    }

    /// The name EncryptionConfiguration uses for the key's resource:
    /// `secrets`, or `<plural>.<group>`.
    static func encryptionResourceName(forKey key: String) -> String {
        let layout = KeyLayout(kubernetesRoot: rootOf(key))
        guard let resource = ResourceCatalog().resource(forKey: key, layout: layout) else {
            // Custom resources: <root>/<group>/<plural>/...
            let parts = key.split(separator: "/")
            return parts.count >= 3 ? "\(parts[2]).\(parts[1])" : key
        }
        return resource.group.isEmpty ? resource.plural : "\(resource.plural).\(resource.group)"
    }

    /// Encodes a record's object the way kube-apiserver stores it, before any encryption.
    static func encodedPlaintext(_ record: DumpRecord, currentFormat: StorageFormat?) throws -> [UInt8] {
        guard let text = record.value else {
            throw CommandError(.error, "the record of \(record.key) has no value")
        }

        var object: JSONValue
        do {
            object = try JSONParser.parse(text)
        } catch {
            throw CommandError(.error, "the value of \(record.key) is not valid JSON: \(error)")
        }
        object = clearServerFields(object)
        let type = record.gvk.map { (apiVersion: $0.apiVersion, kind: $0.kind) }

        let format: StorageFormat
        switch currentFormat {
        case .protobuf?: format = .protobuf
        case .json?: format = .json
        case .cbor?:
            throw CommandError(.error, "\(record.key) is stored as CBOR, which ketcd cannot encode; it was not written")
        default:
            format = storesJSON(record.key) ? .json : .protobuf
        }
        do {
            return try KubeStorageCodec.encode(object: object, format: format, unknownFields: record.unknownFields, type: type)
        } catch where format == .protobuf && currentFormat == nil {
            // A type the schema does not know (a custom resource under a group
            // the key does not reveal): store JSON, as the API server does for it.
            return try KubeStorageCodec.encode(object: object, format: .json, type: type)
        } catch {
            throw CommandError(.error, "cannot encode \(record.key): \(error)")
        }
    }

    /// kube-apiserver keeps API services, CRDs and custom resources as JSON.
    static func storesJSON(_ key: String) -> Bool {
        key.contains("/apiregistration.k8s.io/") || key.contains("/apiextensions.k8s.io/")
            || ResourceCatalog().resource(forKey: key, layout: KeyLayout(kubernetesRoot: rootOf(key))) == nil
    }

    private static func rootOf(_ key: String) -> String {
        let parts = key.split(separator: "/", maxSplits: 1)
        return parts.first.map { "/" + $0 } ?? KeyLayout.defaultKubernetesRoot
    }

    /// Removes the fields the API server never stores:
    /// metadata.resourceVersion (the mod revision) and metadata.selfLink.
    static func clearServerFields(_ object: JSONValue) -> JSONValue {
        guard case .object(var members) = object, case .object(var metadata)? = members["metadata"] else { return object }
        metadata["resourceVersion"] = nil
        metadata["selfLink"] = nil
        members["metadata"] = .object(metadata)
        return .object(members)
    }
}
