import Foundation
import Testing
@testable import KubeCodec

/// Every serialization fixture: the .pb decodes to the .json twin and the
/// .json encodes to the .pb bytes.
@Suite struct ConformanceTests {
    struct FixtureSet: CustomStringConvertible, Sendable {
        var name: String
        var directory: URL
        var description: String { name }
    }

    static var sets: [FixtureSet] {
        var sets: [FixtureSet] = []
        let testdata = TestData.kubernetesSourceDirectory.appendingPathComponent("api/testdata")
        for version in ["HEAD", "v1.30.0", "v1.31.0"] {
            sets.append(FixtureSet(name: "debian/\(version)", directory: testdata.appendingPathComponent(version)))
        }
        if let shared = TestData.sharedDirectory {
            let fixtures = shared.appendingPathComponent("fixtures/k8s-serialization")
            for version in ["v1.33.0", "v1.34.0", "v1.35.0", "v1.36.0", "HEAD"] {
                sets.append(FixtureSet(name: "kubernetes-api/\(version)", directory: fixtures.appendingPathComponent("kubernetes-api/\(version)")))
            }
            sets.append(FixtureSet(name: "apiextensions", directory: fixtures.appendingPathComponent("apiextensions")))
        }
        return sets.filter { FileManager.default.fileExists(atPath: $0.directory.path) }
    }

    /// Fixtures that cannot pass, by set and name, with the reason.
    static let knownExceptions: [String: String] = {
        let removedAlphaField = "the fixture's release had an alpha field that a later release replaced with another under the same protobuf number; the schema keeps the later field, so this release's bytes decode to what the later types make of them"
        let csiNodeStatus = "Kubernetes HEAD added CSINode.status as a struct value, so its round trip prints \"status\": {} where released versions print nothing; the schema follows the released versions"
        let listOptions = "a later release added a ListOptions field that gogo-protobuf always writes, so the round-trip bytes carry it; ListOptions is never stored in etcd"
        var exceptions: [String: String] = [
            "debian/v1.31.0/resource.k8s.io.v1alpha3.PodSchedulingContext":
                "the type was removed in Kubernetes 1.32, before the packaged API version",
            "kubernetes-api/v1.36.0/core.v1.Pod": removedAlphaField,
            "kubernetes-api/v1.36.0/resource.k8s.io.v1.ResourceSlice": removedAlphaField,
            "kubernetes-api/v1.36.0/resource.k8s.io.v1beta1.ResourceSlice": removedAlphaField,
            "kubernetes-api/v1.36.0/resource.k8s.io.v1beta2.ResourceSlice": removedAlphaField,
            "kubernetes-api/v1.36.0/scheduling.k8s.io.v1alpha2.PodGroup": removedAlphaField,
            "kubernetes-api/v1.36.0/scheduling.k8s.io.v1alpha2.Workload": removedAlphaField,
            "kubernetes-api/v1.33.0/resource.k8s.io.v1alpha3.DeviceTaintRule": removedAlphaField,
            "kubernetes-api/v1.34.0/resource.k8s.io.v1alpha3.DeviceTaintRule": removedAlphaField,
        ]
        for version in ["v1.33.0", "v1.34.0", "v1.35.0"] {
            exceptions["kubernetes-api/\(version)/core.v1.ListOptions"] = listOptions
        }
        for version in ["v1.33.0", "v1.34.0", "v1.35.0", "v1.36.0"] {
            exceptions["kubernetes-api/\(version)/storage.k8s.io.v1.CSINode"] = csiNodeStatus
            exceptions["kubernetes-api/\(version)/storage.k8s.io.v1beta1.CSINode"] = csiNodeStatus
        }
        // Pod templates of 1.35 carry spec.workloadRef, which 1.36 replaced.
        for name in ["apps.v1.DaemonSet", "apps.v1.Deployment", "apps.v1.ReplicaSet", "apps.v1.StatefulSet",
                     "apps.v1beta1.Deployment", "apps.v1beta1.StatefulSet", "apps.v1beta2.DaemonSet",
                     "apps.v1beta2.Deployment", "apps.v1beta2.ReplicaSet", "apps.v1beta2.StatefulSet",
                     "batch.v1.CronJob", "batch.v1.Job", "batch.v1beta1.CronJob", "core.v1.Pod",
                     "core.v1.PodTemplate", "core.v1.ReplicationController", "extensions.v1beta1.DaemonSet",
                     "extensions.v1beta1.Deployment", "extensions.v1beta1.ReplicaSet"] {
            exceptions["kubernetes-api/v1.35.0/\(name)"] = removedAlphaField
        }
        return exceptions
    }()

    /// Returns the apiVersion and kind a fixture's file name gives, for types
    /// whose envelope names none: `apps.v1.Deployment` is apps/v1 Deployment.
    static func type(ofFixture name: String) -> (apiVersion: String, kind: String) {
        var parts = name.split(separator: ".").map(String.init)
        if parts.last == "after_roundtrip" { parts.removeLast() }
        let kind = parts.removeLast()
        let version = parts.removeLast()
        let group = parts.joined(separator: ".")
        return (group == "core" ? version : group + "/" + version, kind)
    }

    /// Outcome of one fixture: nil when it passes, else the reason.
    ///
    /// A fixture of an older release may have an `after_roundtrip` twin: what
    /// the current types make of it, because fields were removed or changed
    /// since. Its .pb then decodes to the twin's JSON (the removed fields
    /// being reported as unknown) and its .json encodes to the twin's bytes.
    static func check(_ directory: URL, _ name: String) -> (decode: String?, encode: String?) {
        let base = directory.appendingPathComponent(name)
        let twin = directory.appendingPathComponent(name + ".after_roundtrip")
        let hasTwin = FileManager.default.fileExists(atPath: twin.appendingPathExtension("pb").path)
        let expectedBase = hasTwin ? twin : base
        guard let pb = try? TestData.bytes(base.appendingPathExtension("pb")),
              let jsonBytes = (try? TestData.bytes(expectedBase.appendingPathExtension("json")))
                ?? (try? TestData.bytes(base.appendingPathExtension("json"))),
              let expected = try? JSONParser.parse(jsonBytes),
              let sourceJSON = try? JSONParser.parse(TestData.bytes(base.appendingPathExtension("json"))),
              let expectedPB = try? TestData.bytes(expectedBase.appendingPathExtension("pb")) else {
            return ("fixture files unreadable", "fixture files unreadable")
        }
        let type = type(ofFixture: name)
        var decodeFailure: String?
        do {
            let decoded = try KubeStorageCodec.decode(value: pb, options: DecodeOptions(defaultType: type))
            if let object = decoded.object {
                if object != expected {
                    decodeFailure = "decoded JSON differs: " + firstDifference(object, expected, path: "")
                } else if JSONSerializer.indented.serialize(object) != jsonBytes {
                    decodeFailure = "same tree, different bytes"
                } else if !decoded.unknownFields.isEmpty && !hasTwin {
                    decodeFailure = "unknown fields: " + (decoded.unknownFieldsSummary ?? "")
                }
            } else {
                decodeFailure = "decoded to no object (\(decoded.format))"
            }
        } catch {
            decodeFailure = "decode failed: \(error)"
        }
        var encodeFailure: String?
        do {
            let encoded = try KubeStorageCodec.encode(object: sourceJSON, type: type)
            if encoded != expectedPB {
                let index = (0..<min(encoded.count, expectedPB.count)).first { encoded[$0] != expectedPB[$0] } ?? min(encoded.count, expectedPB.count)
                encodeFailure = "encoded bytes differ at byte \(index) (\(encoded.count) vs \(expectedPB.count) bytes)"
            }
        } catch {
            encodeFailure = "encode failed: \(error)"
        }
        return (decodeFailure, encodeFailure)
    }

    static func firstDifference(_ actual: JSONValue, _ expected: JSONValue, path: String) -> String {
        switch (actual, expected) {
        case (.object(let a), .object(let e)):
            if a.keys != e.keys {
                let missing = e.keys.filter { !a.keys.contains($0) }
                let extra = a.keys.filter { !e.keys.contains($0) }
                if missing.isEmpty && extra.isEmpty { return "\(path): member order \(a.keys) vs \(e.keys)" }
                return "\(path): missing \(missing), extra \(extra)"
            }
            for (am, em) in zip(a.members, e.members) where am.value != em.value {
                return firstDifference(am.value, em.value, path: path + "." + am.key)
            }
        case (.array(let a), .array(let e)):
            if a.count != e.count { return "\(path): \(a.count) elements vs \(e.count)" }
            for (index, (av, ev)) in zip(a, e).enumerated() where av != ev {
                return firstDifference(av, ev, path: path + "[\(index)]")
            }
        default:
            break
        }
        let limit = { (value: JSONValue) in String(JSONSerializer.compact.string(value).prefix(80)) }
        return "\(path): \(limit(actual)) vs \(limit(expected))"
    }

    @Test(arguments: sets)
    func fixtureSet(_ set: FixtureSet) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: set.directory.path)
            .filter { $0.hasSuffix(".pb") && !$0.hasSuffix(".after_roundtrip.pb") }.map { String($0.dropLast(3)) }.sorted()
        var decodePassed = 0
        var encodePassed = 0
        var known: [String] = []
        var unexpected: [String] = []
        for name in names {
            let (decodeFailure, encodeFailure) = Self.check(set.directory, name)
            if decodeFailure == nil { decodePassed += 1 }
            if encodeFailure == nil { encodePassed += 1 }
            guard decodeFailure != nil || encodeFailure != nil else { continue }
            if let reason = Self.knownExceptions["\(set.name)/\(name)"] {
                known.append("  \(name): \(reason)")
            } else {
                if let decodeFailure { unexpected.append("  \(name) decode: \(decodeFailure)") }
                if let encodeFailure { unexpected.append("  \(name) encode: \(encodeFailure)") }
            }
        }
        print("conformance \(set.name): decode \(decodePassed)/\(names.count), encode \(encodePassed)/\(names.count), \(known.count) listed exceptions")
        for line in known { print(line) }
        for line in unexpected { print(line) }
        #expect(!names.isEmpty)
        #expect(unexpected.isEmpty, "\(unexpected.count) unexpected failures in \(set.name)")
    }
}
