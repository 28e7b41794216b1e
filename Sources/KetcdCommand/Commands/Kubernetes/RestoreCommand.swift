import EtcdAPI
import EtcdStore
import Foundation
import KubeCodec
import KubeResources

extension Command {
    /// `ketcd restore --from FILE ...`: copies selected keys or Kubernetes
    /// objects from a database or snapshot file into the live cluster.
    static let restore = Command(
        ["restore"], summary: "Copies keys or Kubernetes objects from a database or snapshot file into etcd",
        arguments: "--from <file> (<key> | <resource>[,<resource>] [name...] | <resource>/<name>...)",
        description: """
            Reads the objects from a member's database, a data directory or a snapshot saved by etcdctl (its SHA-256 is checked), and writes the stored bytes unchanged into the cluster the connection flags name, so one namespace's deleted secrets can come back without restoring the whole cluster.
            Select keys as etcdctl does (a key starting with /, with --prefix for every key under it) or objects as kubectl does (resource, names, -n, -A, -l). --rev reads the file as it was at an older revision it still holds.
            Writes follow the rules of `ketcd save`: each one compares the key's mod_revision with the one read just before, so a concurrent change fails the restore instead of being overwritten; the previous value of every replaced key goes to a backup file first; keys whose value would not change are left alone; --dry-run writes nothing. Values encrypted at rest are copied encrypted, so the cluster needs the same encryption key. A replaced key keeps the lease it has in the cluster; a created key gets none, because the file's leases have expired there.
            """,
        flags: [
            .string("from", usage: "etcd database file, snapshot file or data directory to copy from (required)"),
            .bool("prefix", usage: "with a key, restore every key under it"),
            .string("namespace", shorthand: "n", usage: "namespace of the objects; default \"default\""),
            .bool("all-namespaces", shorthand: "A", usage: "objects of every namespace"),
            .string("selector", shorthand: "l", usage: "label selector: =, ==, !=, in, notin, exists (key), !key, comma-separated (kubectl style)"),
            .int("rev", usage: "read the file at this revision (default: its latest)"),
            .bool("dry-run", usage: "print what would change without writing"),
            .string("backup", usage: "file for the previous values (JSON lines; `ketcd save` restores it); default ketcd-backup-<time>.jsonl"),
            KubeFlags.prefixRoot,
        ] + KubeFlags.discovery
    ) { context in
        try await Restore.run(context)
    }
}

/// `ketcd restore`: see `Command.restore`.
enum Restore {
    @MainActor
    static func run(_ context: CommandContext) async throws {
        let from = context.flags.string("from")
        guard !from.isEmpty else {
            throw CommandError.badArguments("restore needs the file to copy from: pass --from FILE (a database, a snapshot or a data directory)")
        }
        guard !context.arguments.isEmpty else {
            throw CommandError.badArguments("restore needs what to copy: a key such as /registry/secrets/ns/name, or a resource such as `secrets -n ns`")
        }
        let labelSelector: LabelSelector
        do {
            labelSelector = try LabelSelector(parsing: context.flags.string("selector"))
        } catch {
            throw CommandError(.error, error.message)
        }

        let store = try openSource(from)
        let revision = context.flags.int("rev")
        let selected = try await select(context, from: store, revision: revision, labelSelector: labelSelector)
        if selected.isEmpty {
            throw CommandError(.error, "nothing in \(from) matches \(context.arguments.joined(separator: " ")) at revision \(revision > 0 ? revision : store.currentRevision); check the names, -n and -l")
        }

        let dryRun = context.flags.bool("dry-run")
        let destination = try await context.transactionalStore()
        var backup: BackupFile?
        if !dryRun {
            do {
                backup = try BackupFile(path: context.flags.isSet("backup") ? context.flags.string("backup") : BackupFile.defaultPath())
            } catch {
                throw CommandError(.error, String(describing: error))
            }
        }
        let writer = SafeWriter(store: destination, backup: backup, dryRun: dryRun)
        var counts = Save.Counts()
        let verb = dryRun ? "would be " : ""
        for kv in selected {
            let key = String(decoding: kv.key, as: UTF8.self)
            let outcome: SafeWriter.Outcome
            do {
                let current = try await writer.current(kv.key)
                outcome = try await writer.put(key: kv.key, value: kv.value, previous: current)
            } catch let error as SafeWriteError {
                throw CommandError(.error, "\(error.description) (\(counts.created) created and \(counts.updated) updated before it)")
            }
            switch outcome {
            case .created:
                counts.created += 1
                context.output.writeLine("\(key) \(verb)created")
            case .updated:
                counts.updated += 1
                context.output.writeLine("\(key) \(verb)updated")
            case .unchanged, .deleted:
                counts.unchanged += 1
            }
        }
        context.output.writeLine("restore: \(counts.created) \(verb)created, \(counts.updated) \(verb)updated, \(counts.unchanged) unchanged")
        if let backup, backup.isCreated {
            context.errorOutput.writeLine("previous values of the updated keys are in \(backup.path)")
        }
    }

    static func openSource(_ path: String) throws -> EtcdStore {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return try EtcdStore(dataDirectory: path)
        }
        return try EtcdStore(path: path)
    }

    /// Reads from `store` at `revision` the stored key-values the arguments select.
    @MainActor
    static func select(_ context: CommandContext, from store: EtcdStore, revision: Int64, labelSelector: LabelSelector) async throws -> [KeyValue] {
        let arguments = context.arguments
        if arguments[0].hasPrefix("/") {
            guard arguments.count == 1 else {
                throw CommandError.badArguments("restore takes one key; use --prefix for every key under it")
            }
            let key = Array(arguments[0].utf8)
            let rangeEnd = context.flags.bool("prefix") ? key.prefixRangeEnd : []
            return try await store.range(RangeRequest(key: key, rangeEnd: rangeEnd, revision: revision)).kvs
        }

        let explicitRoot = context.flags.string("prefix-root")
        let root = explicitRoot.isEmpty ? try await KubeSession.detectRoot(store) : explicitRoot
        var session = KubeSession(source: store, layout: KeyLayout(kubernetesRoot: root), layoutOrigin: "the keys in the file")
        let selections = try await KubeGet.parseSelections(arguments, session: &session)
        let allNamespaces = context.flags.bool("all-namespaces")
        let namespace = context.flags.isSet("namespace") ? context.flags.string("namespace") : "default"

        var selected: [KeyValue] = []
        for selection in selections {
            let resource = selection.resource
            var candidates: [KeyValue] = []
            if selection.names.isEmpty {
                let prefix = Array((allNamespaces ? session.layout.prefix(for: resource) : session.layout.prefix(for: resource, namespace: namespace)).utf8)
                let response = try await store.range(RangeRequest(key: prefix, rangeEnd: prefix.prefixRangeEnd, revision: revision))
                candidates = response.kvs.filter { kv in
                    session.layout.objectReference(inKey: String(decoding: kv.key, as: UTF8.self), of: resource) != nil
                }
            } else {
                for name in selection.names {
                    let key = session.layout.key(for: resource, namespace: namespace, name: name)
                    let response = try await store.range(RangeRequest(key: Array(key.utf8), revision: revision))
                    guard let kv = response.kvs.first else {
                        throw CommandError(.error, "\(resource.qualifiedPlural) \"\(name)\" not found in the file")
                    }
                    candidates.append(kv)
                }
            }
            for kv in candidates where labelSelector.isEmpty || matches(kv, labelSelector) {
                selected.append(kv)
            }
        }
        return selected
    }

    /// True when the decoded object's labels match; an undecodable value
    /// (encrypted, unknown format) never matches a selector.
    static func matches(_ kv: KeyValue, _ selector: LabelSelector) -> Bool {
        guard let object = try? KubeStorageCodec.decode(value: kv.value).object else { return false }
        return selector.matches(object: object)
    }
}
