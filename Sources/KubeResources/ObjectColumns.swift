import Foundation
import KubeCodec

/// The columns `kubectl get` prints for a kind: pods, deployments, services,
/// nodes and namespaces get kubectl's own columns, every other kind NAME and
/// AGE. Cells are computed from the decoded object with the rules of
/// kubectl's printers (Kubernetes pkg/printers/internalversion).
public struct ObjectColumns: Sendable {
    public var headers: [String]
    public var wideHeaders: [String]
    private let cells: @Sendable (JSONValue, Date) -> [String]
    private let wideCells: @Sendable (JSONValue, Date) -> [String]

    public static func forResource(_ resource: ResourceType) -> ObjectColumns {
        guard !resource.isCustom else { return .nameAndAge }
        switch (resource.group, resource.kind) {
        case ("", "Pod"): return .pods
        case ("apps", "Deployment"): return .deployments
        case ("", "Service"): return .services
        case ("", "Node"): return .nodes
        case ("", "Namespace"): return .namespaces
        default: return .nameAndAge
        }
    }

    /// Header row; `wide` adds the `-o wide` columns.
    public func header(wide: Bool) -> [String] {
        wide ? headers + wideHeaders : headers
    }

    /// The row of one object, without the NAMESPACE column.
    /// `name` is the text of the NAME column (kubectl prefixes the kind when
    /// several kinds are printed together).
    public func row(for object: JSONValue, name: String, wide: Bool, now: Date) -> [String] {
        var row = [name] + cells(object, now)
        if wide { row += wideCells(object, now) }
        return row
    }

    static let nameAndAge = ObjectColumns(
        headers: ["NAME", "AGE"], wideHeaders: [],
        cells: { object, now in [age(object, now)] },
        wideCells: { _, _ in [] }
    )

    static let namespaces = ObjectColumns(
        headers: ["NAME", "STATUS", "AGE"], wideHeaders: [],
        cells: { object, now in [object["status"]?["phase"]?.stringValue ?? "", age(object, now)] },
        wideCells: { _, _ in [] }
    )

    static let deployments = ObjectColumns(
        headers: ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
        wideHeaders: ["CONTAINERS", "IMAGES", "SELECTOR"],
        cells: { object, now in
            let spec = object["spec"]
            let status = object["status"]
            let desired = integer(spec?["replicas"])
            return [
                "\(integer(status?["readyReplicas"]))/\(desired)",
                String(integer(status?["updatedReplicas"])),
                String(integer(status?["availableReplicas"])),
                age(object, now),
            ]
        },
        wideCells: { object, _ in
            let containers = object["spec"]?["template"]?["spec"]?["containers"]?.arrayValue ?? []
            return [
                containers.map { $0["name"]?.stringValue ?? "" }.joined(separator: ","),
                containers.map { $0["image"]?.stringValue ?? "" }.joined(separator: ","),
                labelSelectorString(object["spec"]?["selector"]),
            ]
        }
    )

    static let services = ObjectColumns(
        headers: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
        wideHeaders: ["SELECTOR"],
        cells: { object, now in
            let spec = object["spec"]
            let type = spec?["type"]?.stringValue ?? ""
            var clusterIP = spec?["clusterIP"]?.stringValue ?? ""
            if clusterIP.isEmpty { clusterIP = "<none>" }
            return [type, clusterIP, serviceExternalIP(object, wide: false), servicePorts(spec), age(object, now)]
        },
        wideCells: { object, _ in
            [formatLabels(object["spec"]?["selector"])]
        }
    )

    static let nodes = ObjectColumns(
        headers: ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
        wideHeaders: ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
        cells: { object, now in
            let info = object["status"]?["nodeInfo"]
            return [nodeStatus(object), nodeRoles(object), age(object, now), info?["kubeletVersion"]?.stringValue ?? ""]
        },
        wideCells: { object, _ in
            let info = object["status"]?["nodeInfo"]
            func orUnknown(_ value: String?) -> String {
                guard let value, !value.isEmpty else { return "<unknown>" }
                return value
            }
            return [
                nodeAddress(object, type: "InternalIP"),
                nodeAddress(object, type: "ExternalIP"),
                orUnknown(info?["osImage"]?.stringValue),
                orUnknown(info?["kernelVersion"]?.stringValue),
                orUnknown(info?["containerRuntimeVersion"]?.stringValue),
            ]
        }
    )

    static let pods = ObjectColumns(
        headers: ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
        wideHeaders: ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        cells: { object, now in
            let summary = PodSummary(object)
            var restarts = String(summary.restarts)
            if summary.restarts != 0, let last = summary.lastRestart {
                restarts += " (\(HumanDuration.format(seconds: Int64(now.timeIntervalSince(last).rounded(.down)))) ago)"
            }
            return ["\(summary.readyContainers)/\(summary.totalContainers)", summary.status, restarts, age(object, now)]
        },
        wideCells: { object, _ in
            let spec = object["spec"]
            let status = object["status"]
            func orNone(_ value: String?) -> String {
                guard let value, !value.isEmpty else { return "<none>" }
                return value
            }
            let podIP = status?["podIPs"]?.arrayValue?.first?["ip"]?.stringValue
            var gates = "<none>"
            if let readinessGates = spec?["readinessGates"]?.arrayValue, !readinessGates.isEmpty {
                let conditions = status?["conditions"]?.arrayValue ?? []
                let satisfied = readinessGates.filter { gate in
                    let type = gate["conditionType"]?.stringValue
                    return conditions.first { $0["type"]?.stringValue == type }?["status"]?.stringValue == "True"
                }.count
                gates = "\(satisfied)/\(readinessGates.count)"
            }
            return [orNone(podIP), orNone(spec?["nodeName"]?.stringValue), orNone(status?["nominatedNodeName"]?.stringValue), gates]
        }
    )
}

// MARK: - Cell helpers

private func age(_ object: JSONValue, _ now: Date) -> String {
    HumanDuration.age(of: object["metadata"]?["creationTimestamp"]?.stringValue, now: now)
}

private func integer(_ value: JSONValue?) -> Int64 {
    if case .number(let literal) = value { return Int64(literal) ?? 0 }
    return 0
}

/// `k=v,k2=v2` with keys sorted, or `<none>`: labels.FormatLabels.
private func formatLabels(_ value: JSONValue?) -> String {
    let members = value?.objectValue?.members ?? []
    if members.isEmpty { return "<none>" }
    return members.sorted { $0.key < $1.key }
        .map { "\($0.key)=\($0.value.stringValue ?? "")" }
        .joined(separator: ",")
}

/// A metav1.LabelSelector as its selector string: match labels and match
/// expressions, sorted by key.
private func labelSelectorString(_ value: JSONValue?) -> String {
    guard let value, value != .null else { return "<none>" }
    var requirements: [(key: String, text: String)] = []
    for member in value["matchLabels"]?.objectValue?.members ?? [] {
        requirements.append((member.key, "\(member.key)=\(member.value.stringValue ?? "")"))
    }
    for expression in value["matchExpressions"]?.arrayValue ?? [] {
        let key = expression["key"]?.stringValue ?? ""
        let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
        switch expression["operator"]?.stringValue {
        case "In": requirements.append((key, "\(key) in (\(values.joined(separator: ",")))"))
        case "NotIn": requirements.append((key, "\(key) notin (\(values.joined(separator: ",")))"))
        case "Exists": requirements.append((key, key))
        case "DoesNotExist": requirements.append((key, "!\(key)"))
        default: continue
        }
    }
    return requirements.sorted { $0.key < $1.key }.map(\.text).joined(separator: ",")
}

private func servicePorts(_ spec: JSONValue?) -> String {
    let ports = spec?["ports"]?.arrayValue ?? []
    if ports.isEmpty { return "<none>" }
    return ports.map { port in
        let number = integer(port["port"])
        let proto = port["protocol"]?.stringValue ?? "TCP"
        let nodePort = integer(port["nodePort"])
        return nodePort > 0 ? "\(number):\(nodePort)/\(proto)" : "\(number)/\(proto)"
    }.joined(separator: ",")
}

private func serviceExternalIP(_ object: JSONValue, wide: Bool) -> String {
    let spec = object["spec"]
    let externalIPs = (spec?["externalIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
    switch spec?["type"]?.stringValue ?? "" {
    case "ClusterIP", "NodePort":
        return externalIPs.isEmpty ? "<none>" : externalIPs.joined(separator: ",")
    case "LoadBalancer":
        let ingress = object["status"]?["loadBalancer"]?["ingress"]?.arrayValue ?? []
        var balancerAddresses = ingress.compactMap { entry -> String? in
            if let ip = entry["ip"]?.stringValue, !ip.isEmpty { return ip }
            if let hostname = entry["hostname"]?.stringValue, !hostname.isEmpty { return hostname }
            return nil
        }.joined(separator: ",")
        if !wide && balancerAddresses.count > 16 {
            balancerAddresses = String(balancerAddresses.prefix(13)) + "..."
        }
        if !externalIPs.isEmpty {
            let fromBalancer = balancerAddresses.isEmpty ? [] : balancerAddresses.split(separator: ",").map(String.init)
            return (fromBalancer + externalIPs).joined(separator: ",")
        }
        return balancerAddresses.isEmpty ? "<pending>" : balancerAddresses
    case "ExternalName":
        return spec?["externalName"]?.stringValue ?? ""
    default:
        return "<unknown>"
    }
}

private func nodeStatus(_ object: JSONValue) -> String {
    var status: [String] = []
    let conditions = object["status"]?["conditions"]?.arrayValue ?? []
    // With several Ready conditions, the last one counts, as in kubectl's map.
    if let ready = conditions.last(where: { $0["type"]?.stringValue == "Ready" }) {
        status.append(ready["status"]?.stringValue == "True" ? "Ready" : "NotReady")
    } else {
        status.append("Unknown")
    }
    if object["spec"]?["unschedulable"] == .bool(true) {
        status.append("SchedulingDisabled")
    }
    return status.joined(separator: ",")
}

private func nodeRoles(_ object: JSONValue) -> String {
    var roles = Set<String>()
    for member in object["metadata"]?["labels"]?.objectValue?.members ?? [] {
        if member.key.hasPrefix("node-role.kubernetes.io/") {
            let role = String(member.key.dropFirst("node-role.kubernetes.io/".count))
            if !role.isEmpty { roles.insert(role) }
        } else if member.key == "kubernetes.io/role", let role = member.value.stringValue, !role.isEmpty {
            roles.insert(role)
        }
    }
    return roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ",")
}

private func nodeAddress(_ object: JSONValue, type: String) -> String {
    let addresses = object["status"]?["addresses"]?.arrayValue ?? []
    return addresses.first { $0["type"]?.stringValue == type }?["address"]?.stringValue ?? "<none>"
}
