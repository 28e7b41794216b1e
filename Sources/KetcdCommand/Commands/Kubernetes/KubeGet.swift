import EtcdAPI
import Foundation
import KubeCodec
import KubeResources

/// kubectl-style reads, reached through `ketcd get`: `get pods -n x`,
/// `get deploy/web -o yaml`, `get po,svc -A`, `get secrets -l app=x`, and
/// `get /registry/... -o yaml` for decoded keys.
enum KubeGet {
    /// kubectl's flags, added to `get`; etcdctl's get has none of these names.
    static let flags: [Flag] = [
        .string("namespace", shorthand: "n", usage: "namespace to read (kubectl style); default \"default\""),
        .bool("all-namespaces", shorthand: "A", usage: "list objects of every namespace (kubectl style)"),
        .string("selector", shorthand: "l", usage: "label selector: =, ==, !=, in, notin, exists (key), !key, comma-separated (kubectl style)"),
        .string("field-selector", usage: "field selector on metadata.name and metadata.namespace (kubectl style)"),
        .string("output", shorthand: "o", usage: "decode objects and print them as json, yaml, name or wide (kubectl style)"),
        .bool("show-labels", usage: "add a LABELS column to the table (kubectl style)"),
        .bool("no-headers", usage: "print the table without its header row (kubectl style)"),
        .bool("ignore-not-found", usage: "print nothing for objects that do not exist instead of an error (kubectl style)"),
        KubeFlags.prefixRoot,
        KubeFlags.pageSize,
        KubeFlags.encryptionConfig,
    ] + KubeFlags.discovery

    /// Returns true when the command line requests a kubectl-style read: a
    /// kubectl flag is set, or the first argument names a resource type
    /// (`pods`, `po,svc`, `deploy/web`, or a custom resource whose
    /// CustomResourceDefinition is in etcd) instead of a key.
    @MainActor
    static func isRequested(_ context: CommandContext) async -> Bool {
        let kubectlFlags = ["namespace", "all-namespaces", "selector", "field-selector", "output", "show-labels", "no-headers", "ignore-not-found"]
        if kubectlFlags.contains(where: { context.flags.isSet($0) }) { return true }
        guard let first = context.arguments.first, !first.hasPrefix("/") else { return false }
        let typePart = first.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let typeNames = typePart.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !typePart.isEmpty, !typeNames.contains("") else { return false }
        let catalog = ResourceCatalog()
        if typeNames.allSatisfy({ (try? catalog.resolve($0)) != nil }) { return true }

        // Not a built-in type: a custom resource if etcd has its definition.
        // A failure to connect is left for etcdctl's get to report.
        guard var session = try? await KubeSession.open(context) else { return false }
        for name in typeNames {
            guard (try? await session.resolve(name)) != nil else { return false }
        }
        return true
    }

    /// Returns the single key argument of an etcdctl-style get when it reads
    /// like a resource type name (`frobs`, `deploymnets`, `widgets.example.com`):
    /// lowercase letters, digits, `.` and `-`, no `/`, and no range flag.
    @MainActor
    static func resourceLikeKey(_ context: CommandContext) -> String? {
        guard context.arguments.count == 1, !context.flags.bool("prefix"), !context.flags.bool("from-key") else { return nil }
        let word = context.arguments[0]
        guard let first = word.unicodeScalars.first, ("a"..."z").contains(first) else { return nil }
        let allowed = word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
        return allowed ? word : nil
    }

    enum Format: Equatable {
        case table, wide, json, yaml, name
    }

    /// One requested type with the names asked for (empty: list).
    struct Selection {
        var resource: ResourceType
        var names: [String]
    }

    @MainActor
    static func run(_ context: CommandContext) async throws {
        let format = try parseFormat(context.flags.string("output"))
        // Fails here on an unreadable file, before anything is printed.
        _ = try KubeFlags.encryption(context)
        var session = try await KubeSession.open(context)
        let labelSelector: LabelSelector
        let fieldSelector: FieldSelector
        do {
            labelSelector = try LabelSelector(parsing: context.flags.string("selector"))
            fieldSelector = try FieldSelector(parsing: context.flags.string("field-selector"))
        } catch {
            throw CommandError(.error, error.message)
        }

        if let first = context.arguments.first, first.hasPrefix("/") {
            try await printKeys(context, session: session, format: format)
            return
        }
        guard !context.arguments.isEmpty else {
            throw CommandError(.error, "you must specify the type of resource to get, for example `ketcd get pods`; `ketcd api-resources` lists the types this etcd holds")
        }

        let selections = try await parseSelections(context.arguments, session: &session)
        for selection in selections where !fieldSelector.isEmpty {
            do {
                try fieldSelector.validate(for: selection.resource)
            } catch {
                throw CommandError(.error, error.message)
            }
        }

        let allNamespaces = context.flags.bool("all-namespaces")
        let namespace = context.flags.isSet("namespace") ? context.flags.string("namespace") : "default"
        let singleItem = selections.count == 1 && selections[0].names.count == 1 && !context.arguments[0].contains(",")
        let showKind = Set(selections.map(\.resource)).count > 1
        let pageSize = context.flags.int("page-size")

        var printer = ObjectPrinter(
            context: context, format: format, singleItem: singleItem, showKind: showKind,
            allNamespaces: allNamespaces, showLabels: context.flags.bool("show-labels"),
            noHeaders: context.flags.bool("no-headers"))
        var notFound: [String] = []

        for selection in selections {
            let resource = selection.resource
            printer.beginResource(resource)
            if selection.names.isEmpty {
                let prefix = allNamespaces ? session.layout.prefix(for: resource) : session.layout.prefix(for: resource, namespace: namespace)
                let scan = PaginatedScan(source: session.source, prefix: prefix, pageSize: pageSize)
                let layout = session.layout
                try await printer.addPages(of: scan, labelSelector: labelSelector, fieldSelector: fieldSelector) { kv in
                    // Skip keys nested deeper than an object key, such as
                    // custom resources of a group whose path extends this one.
                    layout.objectReference(inKey: String(decoding: kv.key, as: UTF8.self), of: resource) != nil
                }
            } else {
                for name in selection.names {
                    let key = session.layout.key(for: resource, namespace: namespace, name: name)
                    let response = try await session.source.range(RangeRequest(key: Array(key.utf8)))
                    guard let kv = response.kvs.first else {
                        if !context.flags.bool("ignore-not-found") {
                            notFound.append("\(resource.qualifiedPlural) \"\(name)\" not found")
                        }
                        continue
                    }
                    try printer.add(kv, labelSelector: labelSelector, fieldSelector: fieldSelector)
                }
            }
            printer.endResource()
        }
        try printer.finish(namespace: allNamespaces || selections.allSatisfy({ !$0.resource.namespaced }) ? nil : namespace, anyNamed: selections.contains { !$0.names.isEmpty })

        if !notFound.isEmpty {
            context.output.flush()
            for message in notFound.dropLast() {
                context.errorOutput.writeLine("Error from server (NotFound): \(message)")
            }
            throw CommandError(.error, "(NotFound): \(notFound.last!)")
        }
    }

    static func parseFormat(_ text: String) throws -> Format {
        switch text {
        case "": return .table
        case "wide": return .wide
        case "json": return .json
        case "yaml": return .yaml
        case "name": return .name
        default:
            throw CommandError(.error, "unable to match a printer suitable for the output format \"\(text)\", allowed formats are: json,name,wide,yaml")
        }
    }

    /// `pods`, `po,svc`, `pods web api`, `deploy/web svc/front`.
    @MainActor
    static func parseSelections(_ arguments: [String], session: inout KubeSession) async throws -> [Selection] {
        if arguments.contains(where: { $0.contains("/") }) {
            var selections: [Selection] = []
            for argument in arguments {
                let parts = argument.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[1].isEmpty else {
                    throw CommandError(.error, "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'ketcd get resource/<resource_name>' instead of 'ketcd get resource resource/<resource_name>')")
                }
                let resource = try await session.resolve(parts[0])
                if let index = selections.firstIndex(where: { $0.resource == resource }) {
                    selections[index].names.append(parts[1])
                } else {
                    selections.append(Selection(resource: resource, names: [parts[1]]))
                }
            }
            return selections
        }
        var selections: [Selection] = []
        for typeName in arguments[0].split(separator: ",") {
            selections.append(Selection(resource: try await session.resolve(String(typeName)), names: Array(arguments.dropFirst())))
        }
        if selections.count > 1 && arguments.count > 1 {
            throw CommandError(.error, "names cannot be given with several resource types; use the type/name form, for example `ketcd get deploy/web svc/web`")
        }
        return selections
    }

    /// `get /registry/... -o json|yaml`: the keys etcdctl's options select,
    /// decoded.
    @MainActor
    static func printKeys(_ context: CommandContext, session: KubeSession, format: Format) async throws {
        guard format == .json || format == .yaml else {
            throw CommandError(.error, "keys are printed decoded with -o json or -o yaml; without -o, `ketcd get KEY` prints them as etcdctl does")
        }
        let key = Array(context.arguments[0].utf8)
        var rangeEnd: [UInt8] = []
        if context.arguments.count > 1 {
            rangeEnd = Array(context.arguments[1].utf8)
        } else if context.flags.value("prefix") == .bool(true) {
            rangeEnd = key.prefixRangeEnd
        }
        var printer = ObjectPrinter(
            context: context, format: format, singleItem: rangeEnd.isEmpty, showKind: false,
            allNamespaces: false, showLabels: false, noHeaders: false)
        if rangeEnd.isEmpty {
            if let kv = try await session.source.range(RangeRequest(key: key)).kvs.first {
                try printer.add(kv, labelSelector: LabelSelector(), fieldSelector: FieldSelector())
            }
        } else {
            let scan = PaginatedScan(source: session.source, key: key, rangeEnd: rangeEnd, pageSize: context.flags.int("page-size"))
            try await printer.addPages(of: scan, labelSelector: LabelSelector(), fieldSelector: FieldSelector()) { _ in true }
        }
        try printer.finish(namespace: nil, anyNamed: true)
    }
}
