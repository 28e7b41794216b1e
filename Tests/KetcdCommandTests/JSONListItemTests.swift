import EtcdAPI
import Foundation
import KubeCodec
import KubeResources
import Testing
@testable import KetcdCommand

/// `ketcd get TYPE -o json` reorders the codec's compact JSON into
/// kubectl's List items instead of printing a `JSONValue` tree. The items
/// must be byte for byte those of the tree path.
@Suite struct JSONListItemTests {
    /// Returns the item the tree path prints for `kv`, or its warning.
    static func treeItem(_ kv: KeyValue, labelSelector: LabelSelector = LabelSelector()) -> (item: [UInt8]?, warning: String?) {
        switch KubeValues.decode(kv, fillResourceVersion: true) {
        case .undecodable(let reason):
            return (nil, "Warning: \(reason); skipped")
        case .object(_, let object):
            guard labelSelector.matches(object: object) else { return (nil, nil) }
            var item: [UInt8] = []
            GoJSON.appendKubectlJSON(object, level: 2, to: &item)
            return (item, nil)
        }
    }

    /// Returns the dump tests' values and a Namespace whose label keys need
    /// escapes, which the reordering leaves to the tree.
    static func values() throws -> [KeyValue] {
        var values = try DumpRecordTests.values()
        let escapedKeys = try KubeStorageCodec.encode(object: JSONParser.parse(
            #"{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"escaped","labels":{"x<y":"1","x":"2","x0":"3"}}}"#))
        values.append(KeyValue(key: Array("/registry/namespaces/escaped".utf8), createRevision: 3, modRevision: 9, version: 1, value: escapedKeys))
        return values
    }

    static func joined(_ parts: [ObjectPrinter.JSONListItems]) -> String {
        let text = parts.filter { $0.count > 0 }.map(\.text).joined(separator: Array(",\n        ".utf8))
        return String(decoding: Array(text), as: UTF8.self)
    }

    @Test func itemsMatchTreePath() async throws {
        let values = try Self.values()
        #expect(values.count > 250)
        let expected = values.map { Self.treeItem($0) }
        let expectedItems = expected.compactMap(\.item)
        #expect(expectedItems.count > 240)

        // Most values take the reordering path, but the escaped label keys do not.
        func reorders(_ kv: KeyValue) -> Bool {
            guard let json = try? KubeStorageCodec.decodeToJSON(value: kv.value, modRevision: kv.modRevision).json else { return false }
            var output: [UInt8] = []
            return json.withUnsafeBufferPointer { GoJSON.appendKubectlJSON(compact: $0, level: 2, to: &output) }
        }
        #expect(values.filter(reorders).count > 200)
        #expect(!reorders(try #require(values.last)))

        let parts = await ObjectPrinter.formatListItems(values, labelSelector: LabelSelector(), fieldSelector: FieldSelector(), encryption: nil)
        #expect(parts.map(\.count).reduce(0, +) == expectedItems.count)
        #expect(parts.flatMap(\.warnings) == expected.compactMap(\.warning))
        let expectedText = String(decoding: Array(expectedItems.joined(separator: Array(",\n        ".utf8))), as: UTF8.self)
        #expect(Self.joined(parts) == expectedText)

        // Each value on its own, so a mismatch names its key.
        for (kv, tree) in zip(values, expected) {
            var items = ObjectPrinter.JSONListItems()
            ObjectPrinter.appendListItem(kv, labelSelector: LabelSelector(), fieldSelector: FieldSelector(), encryption: nil, to: &items)
            #expect(items.text == tree.item ?? [], "\(String(decoding: kv.key, as: UTF8.self))")
            #expect(items.warnings == (tree.warning.map { [$0] } ?? []), "\(String(decoding: kv.key, as: UTF8.self))")
        }
    }

    /// A label selector makes every value go through the tree, which it
    /// matches against.
    @Test func selectorFiltersThroughTree() async throws {
        let values = try Self.values()
        let selector = try LabelSelector(parsing: "x")
        let expectedItems = values.compactMap { Self.treeItem($0, labelSelector: selector).item }
        #expect(expectedItems.count == 1)

        let parts = await ObjectPrinter.formatListItems(values, labelSelector: selector, fieldSelector: FieldSelector(), encryption: nil)
        #expect(parts.map(\.count).reduce(0, +) == 1)
        #expect(Self.joined(parts) == String(decoding: expectedItems[0], as: UTF8.self))
    }
}
