/// A JSON document as an ordered tree.
///
/// Object members keep their order, because the API server prints fields in
/// Go struct order and kubectl's YAML sorts them itself. Numbers keep their
/// literal text, so an integer of any size and a float print exactly as the
/// decoder or parser produced them.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number as its JSON literal text, for example `42`, `-7` or `0.5`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public static func integer<Integer: BinaryInteger>(_ value: Integer) -> JSONValue {
        .number(String(value))
    }
}

/// JSON object members in insertion order. Keys are unique when built through
/// `subscript` or `set`; `append` trusts the caller for speed.
public struct JSONObject: Equatable, Sendable {
    public private(set) var members: [(key: String, value: JSONValue)]

    public init() {
        members = []
    }

    /// An empty object with room for `capacity` members, so that appending
    /// them allocates once.
    public init(reservingCapacity capacity: Int) {
        members = []
        members.reserveCapacity(capacity)
    }

    public init(_ members: [(key: String, value: JSONValue)]) {
        self.members = members
    }

    public var isEmpty: Bool { members.isEmpty }

    public var count: Int { members.count }

    public var keys: [String] { members.map(\.key) }

    /// Appends a member without checking that the key is new.
    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append((key, value))
    }

    /// The value for `key`; setting replaces it in place or appends it.
    public subscript(key: String) -> JSONValue? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.remove(at: index)
                }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONValue {
    /// The member `key` of an object, or nil for other values.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }
}
