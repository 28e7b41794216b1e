import EtcdAPI
import Foundation
import KubeCodec
import KubeResources

/// Prints decoded objects as `kubectl get` does: a table per resource type
/// (`-o wide` adds columns), `-o name`, or `-o json|yaml` (one object when a
/// single name was requested, a List otherwise). JSON and YAML lists are
/// streamed item by item, so memory does not grow with the number of
/// objects, and tables keep only their text rows.
@MainActor
struct ObjectPrinter {
    let context: CommandContext
    let format: KubeGet.Format
    let singleItem: Bool
    let showKind: Bool
    let allNamespaces: Bool
    let showLabels: Bool
    let noHeaders: Bool
    let now = Date()
    let encryption: EncryptionConfiguration?

    private var resource: ResourceType?
    private var columns: ObjectColumns?
    private var table = KubeResources.TableWriter()
    private var printedTables = 0
    private var itemCount = 0
    private var singleObject: JSONValue?
    /// The YAML List being printed, started by its first item.
    private var yamlList: YAML.ListWriter?

    init(context: CommandContext, format: KubeGet.Format, singleItem: Bool, showKind: Bool, allNamespaces: Bool, showLabels: Bool, noHeaders: Bool) {
        self.context = context
        self.format = format
        self.singleItem = singleItem
        self.showKind = showKind
        self.allNamespaces = allNamespaces
        self.showLabels = showLabels
        self.noHeaders = noHeaders
        self.encryption = try? KubeFlags.encryption(context)
    }

    mutating func beginResource(_ resource: ResourceType) {
        self.resource = resource
        columns = ObjectColumns.forResource(resource)
        table = KubeResources.TableWriter()
    }

    /// Decodes `kv` and prints it if it matches both selectors.
    mutating func add(_ kv: KeyValue, labelSelector: LabelSelector, fieldSelector: FieldSelector) throws {
        if printsJSONList {
            var items = JSONListItems()
            Self.appendListItem(kv, labelSelector: labelSelector, fieldSelector: fieldSelector, encryption: encryption, to: &items)
            write(items)
            return
        }
        let object: JSONValue
        switch KubeValues.decode(kv, fillResourceVersion: true, encryption: encryption) {
        case .undecodable(let reason):
            context.errorOutput.writeLine("Warning: \(reason); skipped")
            return
        case .object(_, let decoded):
            object = decoded
        }
        guard labelSelector.matches(object: object), fieldSelector.matches(object: object) else { return }
        itemCount += 1

        switch format {
        case .json:
            singleObject = object
        case .yaml:
            if singleItem {
                singleObject = object
            } else {
                try appendYAMLItem(object)
            }
        case .name:
            context.output.writeLine("\(kindName(of: object))/\(objectName(object))")
        case .table, .wide:
            try addRow(object)
        }
    }

    /// Prints `object` as the next item of the YAML List, as far as
    /// libyaml has written it.
    private mutating func appendYAMLItem(_ object: JSONValue) throws {
        do {
            let list = try yamlList ?? YAML.ListWriter()
            yamlList = list
            try list.append(object)
            context.output.write(list.takeOutput())
        } catch {
            throw CommandError(.error, "cannot print the objects as YAML: \(error)")
        }
    }

    private func kindName(of object: JSONValue) -> String {
        if let resource { return resource.qualifiedKindName }
        let kind = object["kind"]?.stringValue?.lowercased() ?? "object"
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        guard let slash = apiVersion.firstIndex(of: "/") else { return kind }
        return kind + "." + apiVersion[..<slash]
    }

    private func objectName(_ object: JSONValue) -> String {
        object["metadata"]?["name"]?.stringValue ?? ""
    }

    private mutating func addRow(_ object: JSONValue) throws {
        guard let resource, let columns else { return }
        let wide = format == .wide
        let withNamespace = allNamespaces && resource.namespaced
        if table.isEmpty && !noHeaders {
            var header = columns.header(wide: wide)
            if withNamespace { header.insert("NAMESPACE", at: 0) }
            if showLabels { header.append("LABELS") }
            table.append(header)
        }
        let name = showKind ? "\(resource.qualifiedKindName)/\(objectName(object))" : objectName(object)
        var row = columns.row(for: object, name: name, wide: wide, now: now)
        if withNamespace { row.insert(object["metadata"]?["namespace"]?.stringValue ?? "", at: 0) }
        if showLabels {
            let labels = LabelSelector.labels(of: object).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            row.append(labels.isEmpty ? "<none>" : labels.joined(separator: ","))
        }
        table.append(row)
    }

    mutating func endResource() {
        guard format == .table || format == .wide, !table.isEmpty else { return }
        if printedTables > 0 { context.output.write("\n") }
        context.output.write(table.render())
        printedTables += 1
        table = KubeResources.TableWriter()
    }

    /// Closes a JSON list or prints the collected YAML, and reports an empty
    /// result on standard error as kubectl does (`namespace` nil: all
    /// namespaces or cluster-scoped types).
    mutating func finish(namespace: String?, anyNamed: Bool) throws {
        switch format {
        case .json:
            if singleItem {
                if let singleObject {
                    context.output.writeLine(KubeResources.GoJSON.kubectlJSON(singleObject))
                }
                return
            }
            if itemCount == 0 {
                context.output.write("{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n")
            } else {
                context.output.write("\n    ],\n")
            }
            context.output.write("    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n")
        case .yaml:
            do {
                if singleItem {
                    guard let singleObject else { return }
                    context.output.write(try YAML.serialize(singleObject))
                } else {
                    let list = try yamlList ?? YAML.ListWriter()
                    context.output.write(try list.finish())
                }
            } catch {
                throw CommandError(.error, "cannot print the objects as YAML: \(error)")
            }
        case .table, .wide, .name:
            if itemCount == 0 && !anyNamed {
                if let namespace {
                    context.errorOutput.writeLine("No resources found in \(namespace) namespace.")
                } else {
                    context.errorOutput.writeLine("No resources found")
                }
            }
        }
    }
}

/// kubectl's JSON List, printed item by item. Pages are decoded on every
/// core while the previous page is written and the next one is read, as
/// `ketcd dump` does, and items are written in key order.
extension ObjectPrinter {
    /// Items of a JSON List formatted off the main actor: the items'
    /// text, separated by `,` and the list's indentation but with nothing
    /// before the first, and the warnings for values that were skipped.
    struct JSONListItems: Sendable {
        var text: [UInt8] = []
        var count = 0
        var warnings: [String] = []
    }

    /// True when objects are printed as the items of a JSON List.
    var printsJSONList: Bool { format == .json && !singleItem }

    /// Prints the objects of every page of `scan` for which `include`
    /// returns true and that match both selectors.
    mutating func addPages(
        of scan: PaginatedScan, labelSelector: LabelSelector, fieldSelector: FieldSelector, include: (KeyValue) -> Bool
    ) async throws {
        guard printsJSONList else {
            var scan = scan
            while let page = try await scan.nextPage() {
                for kv in page where include(kv) {
                    try add(kv, labelSelector: labelSelector, fieldSelector: fieldSelector)
                }
            }
            return
        }
        let encryption = encryption
        var pending = Dump.prefetch(scan)
        var formatting: Task<[JSONListItems], Never>?
        while true {
            let next: PaginatedScan
            let page: [KeyValue]?
            do {
                (next, page) = try await pending.value
            } catch {
                if let formatting { await formatting.value.forEach { write($0) } }
                throw error
            }
            guard let page else { break }
            pending = Dump.prefetch(next)
            let included = page.filter(include)
            let decoding = Task {
                await Self.formatListItems(included, labelSelector: labelSelector, fieldSelector: fieldSelector, encryption: encryption)
            }
            if let formatting { await formatting.value.forEach { write($0) } }
            formatting = decoding
        }
        if let formatting { await formatting.value.forEach { write($0) } }
    }

    /// Writes formatted items, opening the List before the first item.
    mutating func write(_ items: JSONListItems) {
        for warning in items.warnings {
            context.errorOutput.writeLine(warning)
        }
        guard items.count > 0 else { return }
        context.output.write(itemCount == 0 ? "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        " : ",\n        ")
        context.output.write(items.text)
        itemCount += items.count
    }

    /// Decodes and formats `page` in one task per core and returns the
    /// parts in key order.
    nonisolated static func formatListItems(
        _ page: [KeyValue], labelSelector: LabelSelector, fieldSelector: FieldSelector, encryption: EncryptionConfiguration?
    ) async -> [JSONListItems] {
        let taskCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, page.count / 16))
        let taskSize = (page.count + taskCount - 1) / taskCount
        return await withTaskGroup(of: (Int, JSONListItems).self) { group in
            for part in 0..<taskCount {
                let slice = page[min(page.count, part * taskSize)..<min(page.count, (part + 1) * taskSize)]
                group.addTask {
                    var items = JSONListItems()
                    items.text.reserveCapacity(slice.reduce(0) { $0 + $1.value.count } * 6)
                    for kv in slice {
                        appendListItem(kv, labelSelector: labelSelector, fieldSelector: fieldSelector, encryption: encryption, to: &items)
                    }
                    return (part, items)
                }
            }
            var results = [JSONListItems](repeating: JSONListItems(), count: taskCount)
            for await (part, items) in group {
                results[part] = items
            }
            return results
        }
    }

    /// Appends `kv` as a List item if it matches both selectors. Protobuf
    /// values without selectors go through the codec's compact JSON and
    /// are reordered without a `JSONValue` tree. Everything else, and
    /// values whose compact JSON differs from the tree's (strings that are
    /// not UTF-8, keys with escapes), goes through the tree, so the output
    /// is the same either way.
    nonisolated static func appendListItem(
        _ kv: KeyValue, labelSelector: LabelSelector, fieldSelector: FieldSelector, encryption: EncryptionConfiguration?,
        to items: inout JSONListItems
    ) {
        let separator: StaticString = ",\n        "
        if labelSelector.isEmpty && fieldSelector.isEmpty && KubeStorageCodec.detectFormat(kv.value) == .protobuf,
           let decoded = try? KubeStorageCodec.decodeToJSON(value: kv.value, key: String(decoding: kv.key, as: UTF8.self), modRevision: kv.modRevision),
           decoded.format == .protobuf, !decoded.replacedInvalidUTF8, let json = decoded.json {
            let textStart = items.text.count
            if items.count > 0 { separator.withUTF8Buffer { items.text.append(contentsOf: $0) } }
            let reordered = json.withUnsafeBufferPointer { KubeResources.GoJSON.appendKubectlJSON(compact: $0, level: 2, to: &items.text) }
            if reordered {
                items.count += 1
                return
            }
            items.text.removeSubrange(textStart...)
        }

        switch KubeValues.decode(kv, fillResourceVersion: true, encryption: encryption) {
        case .undecodable(let reason):
            items.warnings.append("Warning: \(reason); skipped")
        case .object(_, let object):
            guard labelSelector.matches(object: object), fieldSelector.matches(object: object) else { return }
            if items.count > 0 { separator.withUTF8Buffer { items.text.append(contentsOf: $0) } }
            KubeResources.GoJSON.appendKubectlJSON(object, level: 2, to: &items.text)
            items.count += 1
        }
    }
}
