import Foundation
import Testing
@testable import KubeCodec

/// Values kube-apiserver stores as JSON decode to what it serves.
@Suite struct StoredJSONTests {
    /// An APIService as kube-apiserver stores a local one: compact JSON
    /// without resourceVersion.
    static let storedAPIService = #"""
        {"kind":"APIService","apiVersion":"apiregistration.k8s.io/v1","metadata":{"name":"v1.apps","uid":"4bb5f34c-4f2a-4d11-8f5c-0c6b8e0bbd0d","creationTimestamp":"2023-02-02T13:53:05Z","labels":{"kube-aggregator.kubernetes.io/automanaged":"onstart"}},"spec":{"service":null,"group":"apps","version":"v1","groupPriorityMinimum":17800,"versionPriority":15},"status":{"conditions":[{"type":"Available","status":"True","lastTransitionTime":"2023-02-02T13:53:05Z","reason":"Local","message":"Local APIServices are always available"}]}}
        """#

    @Test func apiServiceKeepsStructOrderAndNullService() throws {
        let decoded = try KubeStorageCodec.decode(value: Array(Self.storedAPIService.utf8), modRevision: 61)
        #expect(decoded.format == .json)
        #expect(decoded.isKnownType)
        let json = JSONSerializer.compact.string(try #require(decoded.object))
        let expected = Self.storedAPIService.replacingOccurrences(
            of: #""uid":"4bb5f34c-4f2a-4d11-8f5c-0c6b8e0bbd0d","#,
            with: #""uid":"4bb5f34c-4f2a-4d11-8f5c-0c6b8e0bbd0d","resourceVersion":"61","#)
        #expect(json == expected)
    }

    @Test func customResourcePrintsSortedKeys() throws {
        let stored = #"{"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":2,"color":"red"},"metadata":{"name":"w","namespace":"default"}}"#
        let decoded = try KubeStorageCodec.decode(value: Array(stored.utf8), modRevision: 7)
        #expect(!decoded.isKnownType)
        let json = JSONSerializer.compact.string(try #require(decoded.object))
        #expect(json == #"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"default","resourceVersion":"7"},"spec":{"color":"red","size":2}}"#)
    }
}
