import Foundation
import KubeCodec

/// The READY, STATUS and RESTARTS of a pod as kubectl computes them from
/// its spec and status (kubectl's printPod in pkg/printers/internalversion).
struct PodSummary {
    var readyContainers = 0
    var totalContainers = 0
    var status = ""
    var restarts: Int64 = 0
    /// When the most recently restarted container last terminated.
    var lastRestart: Date?

    init(_ pod: JSONValue) {
        let spec = pod["spec"]
        let podStatus = pod["status"]
        let phase = podStatus?["phase"]?.stringValue ?? ""
        let conditions = podStatus?["conditions"]?.arrayValue ?? []
        totalContainers = spec?["containers"]?.arrayValue?.count ?? 0

        status = phase
        if let reason = podStatus?["reason"]?.stringValue, !reason.isEmpty {
            status = reason
        }
        for condition in conditions
        where condition["type"]?.stringValue == "PodScheduled" && condition["reason"]?.stringValue == "SchedulingGated" {
            status = "SchedulingGated"
        }

        // Init containers with restartPolicy Always are sidecars: they count
        // as regular containers once started.
        var sidecarNames = Set<String>()
        let initContainers = spec?["initContainers"]?.arrayValue ?? []
        for container in initContainers where container["restartPolicy"]?.stringValue == "Always" {
            sidecarNames.insert(container["name"]?.stringValue ?? "")
            totalContainers += 1
        }

        var sidecarRestarts: Int64 = 0
        var lastSidecarRestart: Date?
        var initializing = false
        let initStatuses = podStatus?["initContainerStatuses"]?.arrayValue ?? []
        for (index, container) in initStatuses.enumerated() {
            let count = Self.integer(container["restartCount"])
            restarts += count
            let finished = Self.lastTermination(container)
            lastRestart = Self.later(lastRestart, finished)
            let isSidecar = sidecarNames.contains(container["name"]?.stringValue ?? "")
            if isSidecar {
                sidecarRestarts += count
                lastSidecarRestart = Self.later(lastSidecarRestart, finished)
            }

            let state = container["state"]
            let terminated = state?["terminated"]
            let waiting = state?["waiting"]
            if let terminated, Self.integer(terminated["exitCode"]) == 0 {
                continue
            }
            if isSidecar && container["started"] == .bool(true) {
                if container["ready"] == .bool(true) { readyContainers += 1 }
                continue
            }
            if let terminated {
                let reason = terminated["reason"]?.stringValue ?? ""
                if reason.isEmpty {
                    let signal = Self.integer(terminated["signal"])
                    status = signal != 0 ? "Init:Signal:\(signal)" : "Init:ExitCode:\(Self.integer(terminated["exitCode"]))"
                } else {
                    status = "Init:" + reason
                }
            } else if let reason = waiting?["reason"]?.stringValue, !reason.isEmpty, reason != "PodInitializing" {
                status = "Init:" + reason
            } else {
                status = "Init:\(index)/\(initContainers.count)"
            }
            initializing = true
            break
        }

        let initialized = conditions.contains {
            $0["type"]?.stringValue == "Initialized" && $0["status"]?.stringValue == "True"
        }
        if !initializing || initialized {
            restarts = sidecarRestarts
            lastRestart = lastSidecarRestart
            var hasRunning = false
            let statuses = podStatus?["containerStatuses"]?.arrayValue ?? []
            for container in statuses.reversed() {
                restarts += Self.integer(container["restartCount"])
                lastRestart = Self.later(lastRestart, Self.lastTermination(container))
                let state = container["state"]
                if let reason = state?["waiting"]?["reason"]?.stringValue, !reason.isEmpty {
                    status = reason
                } else if let terminated = state?["terminated"] {
                    let reason = terminated["reason"]?.stringValue ?? ""
                    if !reason.isEmpty {
                        status = reason
                    } else {
                        let signal = Self.integer(terminated["signal"])
                        status = signal != 0 ? "Signal:\(signal)" : "ExitCode:\(Self.integer(terminated["exitCode"]))"
                    }
                } else if container["ready"] == .bool(true), state?["running"] != nil {
                    hasRunning = true
                    readyContainers += 1
                }
            }
            if status == "Completed" && hasRunning {
                let ready = conditions.contains { $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True" }
                status = ready ? "Running" : "NotReady"
            }
        }

        let deleting = pod["metadata"]?["deletionTimestamp"].map { $0 != .null } ?? false
        if deleting && podStatus?["reason"]?.stringValue == "NodeLost" {
            status = "Unknown"
        } else if deleting && phase != "Failed" && phase != "Succeeded" {
            status = "Terminating"
        }
    }

    private static func integer(_ value: JSONValue?) -> Int64 {
        if case .number(let literal) = value { return Int64(literal) ?? 0 }
        return 0
    }

    private static func lastTermination(_ container: JSONValue) -> Date? {
        guard let finished = container["lastState"]?["terminated"]?["finishedAt"]?.stringValue else { return nil }
        return HumanDuration.parseTimestamp(finished)
    }

    private static func later(_ first: Date?, _ second: Date?) -> Date? {
        guard let second else { return first }
        guard let first else { return second }
        return max(first, second)
    }
}
