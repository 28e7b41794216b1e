import EtcdAPI
import Foundation
import KubeCodec
import KubeResources

extension Command {
    /// `ketcd delete <resource> <name>... [-n ns]`: removes objects' keys.
    static let delete = Command(
        ["delete"], summary: "Deletes Kubernetes objects' keys directly in etcd",
        arguments: "<resource> <name>... | <resource>/<name>...",
        description: """
            Removes the keys of the named objects, as `kubectl delete --force` would leave them, but without the API server: no finalizers, no graceful termination, no garbage collection of dependents. Use it for objects the API server cannot remove.
            Each delete compares the key's mod_revision with the one read just before, so a concurrent change fails the delete. The previous value is written to a backup file first; `ketcd save BACKUP` restores it.
            """,
        flags: [
            .string("namespace", shorthand: "n", usage: "namespace of the objects; default \"default\""),
            .bool("dry-run", usage: "print what would be deleted without deleting"),
            .string("backup", usage: "file for the previous values (JSON lines; `ketcd save` restores it); default ketcd-backup-<time>.jsonl"),
            .bool("ignore-not-found", usage: "treat objects that do not exist as deleted"),
            KubeFlags.prefixRoot,
            KubeFlags.root,
            KubeFlags.verbose,
        ]
    ) { context in
        try await KubeDelete.run(context)
    }
}

enum KubeDelete {
    @MainActor
    static func run(_ context: CommandContext) async throws {
        var session = try await KubeSession.open(context)
        guard !context.arguments.isEmpty else {
            throw CommandError(.error, "you must specify the type of resource and the names to delete, for example `ketcd delete pod web-1 -n shop`")
        }
        let selections = try await KubeGet.parseSelections(context.arguments, session: &session)
        guard selections.allSatisfy({ !$0.names.isEmpty }) else {
            throw CommandError(.error, "resource(s) were provided, but no name was specified; delete removes named objects only")
        }
        let namespace = context.flags.isSet("namespace") ? context.flags.string("namespace") : "default"
        let dryRun = context.flags.bool("dry-run")
        let store = try await context.transactionalStore()

        // Read every key first, so a missing name fails before anything is deleted.
        var targets: [(resource: ResourceType, name: String, kv: KeyValue)] = []
        for selection in selections {
            for name in selection.names {
                let key = session.layout.key(for: selection.resource, namespace: namespace, name: name)
                if let kv = try await store.range(RangeRequest(key: Array(key.utf8))).kvs.first {
                    targets.append((selection.resource, name, kv))
                } else if !context.flags.bool("ignore-not-found") {
                    throw CommandError(.error, "(NotFound): \(selection.resource.qualifiedPlural) \"\(name)\" not found (key \(key)); nothing was deleted")
                }
            }
        }
        guard !targets.isEmpty else { return }

        var backup: BackupFile?
        if !dryRun {
            backup = try BackupFile(path: context.flags.isSet("backup") ? context.flags.string("backup") : BackupFile.defaultPath())
        }
        let writer = SafeWriter(store: store, backup: backup, dryRun: dryRun)
        for target in targets {
            do {
                _ = try await writer.delete(target.kv)
            } catch let error as SafeWriteError {
                throw CommandError(.error, error.description)
            }
            let suffix = dryRun ? " (dry run)" : ""
            context.output.writeLine("\(target.resource.qualifiedKindName) \"\(target.name)\" deleted\(suffix)")
        }
        if let backup, backup.isCreated {
            context.errorOutput.writeLine("previous values are in \(backup.path)")
        }
    }
}
