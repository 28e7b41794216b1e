import EtcdAPI
import Foundation
import KubeCodec
import KubeResources

/// Prints decoded objects as `kubectl get` does: a table per resource type
/// (`-o wide` adds columns), `-o name`, or `-o json|yaml` (one object when a
/// single name was requested, a List otherwise). JSON lists are streamed
/// item by item, so memory does not grow with the number of objects; tables
/// keep only their text rows.
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
    private var yamlItems: [JSONValue] = []

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
            if singleItem {
                singleObject = object
                return
            }
            var text = Array((itemCount == 1 ? "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        " : ",\n        ").utf8)
            KubeResources.GoJSON.appendKubectlJSON(object, level: 2, to: &text)
            context.output.write(text)
        case .yaml:
            if singleItem {
                singleObject = object
            } else {
                yamlItems.append(object)
            }
        case .name:
            context.output.writeLine("\(kindName(of: object))/\(objectName(object))")
        case .table, .wide:
            try addRow(object)
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
            let document: JSONValue
            if singleItem {
                guard let singleObject else { return }
                document = singleObject
            } else {
                var metadata = JSONObject()
                metadata.append("resourceVersion", .string(""))
                var list = JSONObject()
                list.append("apiVersion", .string("v1"))
                list.append("items", .array(yamlItems))
                list.append("kind", .string("List"))
                list.append("metadata", .object(metadata))
                document = .object(list)
            }
            do {
                context.output.write(try YAML.serialize(document))
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
