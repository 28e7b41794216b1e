import Foundation
import KubeCodec
import KubeResources

extension Command {
    /// `ketcd encode`: turns a Kubernetes object (JSON or YAML on standard
    /// input) into the bytes kube-apiserver stores in etcd for it.
    static let encode = Command(
        ["encode"], summary: "Encodes a Kubernetes object into the bytes kube-apiserver stores in etcd",
        arguments: "[options] < object.yaml",
        description: """
            Reads one object as JSON or YAML (kubectl get -o yaml output works) and writes the stored bytes to standard output, for example ketcd encode < pod.yaml | etcdctl put KEY.
            The format defaults to what kube-apiserver writes for the type: protobuf for types built into Kubernetes, JSON for others such as custom resources; --format cbor writes what a server with the CBORServingAndStorage feature gate writes.
            metadata.resourceVersion and metadata.selfLink are removed, as the API server does before it stores an object, unless --keep-resource-version is set.
            With --encryption-config, the bytes are encrypted as kube-apiserver would encrypt them for --key, using the first provider configured for the key's resource.
            """,
        flags: [
            .string("format", usage: "storage format: protobuf, json or cbor (default: protobuf for built-in types, json otherwise)"),
            .string("key", usage: "etcd key the value is written to; required with --encryption-config"),
            .string("encryption-config", usage: "kube-apiserver EncryptionConfiguration file used to encrypt the value"),
            .string("resource", usage: "resource of the object for --encryption-config, such as secrets or deployments.apps (default: derived from --key)"),
            .bool("keep-resource-version", usage: "keep metadata.resourceVersion and metadata.selfLink in the stored bytes"),
        ],
        usesGlobalOptions: false
    ) { context in
        try EncodeCommand(context: context).run()
    }
}

@MainActor
struct EncodeCommand {
    let context: CommandContext

    func run() throws {
        let input = try context.readStandardInput()
        guard !input.isEmpty else {
            throw CommandError(.invalidInput, "no input: pipe a JSON or YAML object into ketcd encode")
        }
        var object = try EncodeCommand.parseObject(input)
        if !context.flags.bool("keep-resource-version") {
            EncodeCommand.removeServerSetFields(&object)
        }

        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        guard !apiVersion.isEmpty, !kind.isEmpty else {
            throw CommandError(.invalidInput, "the input object has no apiVersion or kind; kube-apiserver stores both")
        }
        let isBuiltIn = KubeSchema.shared.messageIndex(apiVersion: apiVersion, kind: kind) != nil
        var format = context.flags.string("format")
        if format.isEmpty {
            format = isBuiltIn ? "protobuf" : "json"
        }

        let (encoded, droppedFields) = try EncodeCommand.encode(object, format: format, isBuiltIn: isBuiltIn)
        if !droppedFields.isEmpty {
            context.errorOutput.writeLine("ketcd encode: \(kind) has \(droppedFields.count) field(s) the schema does not know, left out of the stored value as kube-apiserver drops them: " + droppedFields.joined(separator: ", "))
        }
        var stored = encoded
        let configurationPath = context.flags.string("encryption-config")
        if !configurationPath.isEmpty {
            stored = try encrypt(stored, configurationPath: configurationPath)
        }
        context.output.write(stored)
    }

    /// Encodes as the API server writes each format: protobuf through the
    /// schema; JSON in Go struct order for built-in types and with sorted keys
    /// for unstructured ones; CBOR as apimachinery's serializer writes it.
    /// Also returns the paths of the members that the schema of a built-in
    /// type does not know and that were therefore left out.
    static func encode(_ object: JSONValue, format: String, isBuiltIn: Bool) throws -> (bytes: [UInt8], droppedFields: [String]) {
        guard case .object(let members) = object else {
            throw CommandError(.invalidInput, "the input is not an object; encode takes one Kubernetes object")
        }
        switch format {
        case "protobuf":
            return try KubeStorageCodec.encodeProtobuf(object: members)
        case "json":
            guard isBuiltIn else {
                return (try KubeStorageCodec.encode(object: KubeStorageCodec.unstructured(object), format: .json), [])
            }
            // A built-in type stored as JSON (apiregistration.k8s.io) prints in
            // its Go struct's field order, which a protobuf round trip yields.
            let protobuf = try KubeStorageCodec.encodeProtobuf(object: members)
            guard let typed = try KubeStorageCodec.decode(value: protobuf.bytes).object else {
                throw CommandError(.error, "cannot re-read the object after encoding it")
            }
            return (try KubeStorageCodec.encode(object: typed, format: .json), protobuf.droppedFields)
        case "cbor":
            return (try KubeStorageCodec.encode(object: object, format: .cbor), [])
        default:
            throw CommandError.badFeature("unsupported storage format \"\(format)\"; use protobuf, json or cbor")
        }
    }

    /// Parses JSON, or YAML when the input is not JSON.
    static func parseObject(_ input: [UInt8]) throws -> JSONValue {
        let first = input.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        if first == UInt8(ascii: "{"), let value = try? JSONParser.parse(input) {
            return try requireObject(value)
        }
        let documents: [JSONValue]
        do {
            documents = try YAML.parseDocuments(input).filter { $0 != .null }
        } catch let error as YAMLError {
            let kind = first == UInt8(ascii: "{") ? "neither valid JSON nor valid YAML" : "not valid YAML"
            throw CommandError(.invalidInput, "the input is \(kind): \(error)")
        }
        guard documents.count == 1 else {
            throw CommandError(.invalidInput, "the input contains \(documents.count) YAML documents; encode one object at a time")
        }
        return try requireObject(documents[0])
    }

    private static func requireObject(_ value: JSONValue) throws -> JSONValue {
        guard case .object = value else {
            throw CommandError(.invalidInput, "the input is not an object; encode takes one Kubernetes object")
        }
        return value
    }

    /// Removes metadata.resourceVersion and metadata.selfLink, which
    /// kube-apiserver clears before it stores an object.
    static func removeServerSetFields(_ object: inout JSONValue) {
        guard case .object(var members) = object, case .object(var metadata)? = members["metadata"] else { return }
        metadata["resourceVersion"] = nil
        metadata["selfLink"] = nil
        members["metadata"] = .object(metadata)
        object = .object(members)
    }

    private func encrypt(_ stored: [UInt8], configurationPath: String) throws -> [UInt8] {
        let key = context.flags.string("key")
        guard !key.isEmpty else {
            throw CommandError(.invalidInput, "--encryption-config needs --key: the etcd key selects the resource and aesgcm authenticates it")
        }
        var resource = context.flags.string("resource")
        if resource.isEmpty {
            guard let derived = EncodeCommand.resourceName(forKey: key) else {
                throw CommandError(.invalidInput, "cannot tell the resource of key \(key); pass --resource, for example --resource secrets")
            }
            resource = derived
        }
        let configuration = try EncryptionConfiguration(contentsOfFile: configurationPath)
        return try configuration.encrypt(stored, etcdKey: Array(key.utf8), resource: resource)
    }

    /// Derives the resource name EncryptionConfiguration uses for the objects
    /// under `key` (`secrets`, `deployments.apps`), for the default `/registry`
    /// root and OpenShift's `/kubernetes.io` root.
    static func resourceName(forKey key: String) -> String? {
        let catalog = ResourceCatalog()
        for layout in [KeyLayout(), KeyLayout(kubernetesRoot: KeyLayout.openShiftKubernetesRoot)] {
            if let resource = catalog.resource(forKey: key, layout: layout) {
                return resource.group.isEmpty ? resource.plural : "\(resource.plural).\(resource.group)"
            }
        }
        // Custom resources live under <root>/<group>/<plural>/.
        let parts = key.split(separator: "/")
        if parts.count >= 3, parts[1].contains(".") {
            return "\(parts[2]).\(parts[1])"
        }
        return nil
    }
}
