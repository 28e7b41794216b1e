import KubeCodec

/// A parsed field selector: comma-separated `field=value`, `field==value` or
/// `field!=value` terms, all of which must hold. A backslash escapes `,`, `=`,
/// `!` and itself inside a value, as in Kubernetes' field selector syntax.
public struct FieldSelector: Sendable, Equatable {
    public struct Term: Sendable, Equatable {
        public var field: String
        public var value: String
        public var negated: Bool
    }

    /// Fields every resource supports.
    public static let commonFields = ["metadata.name", "metadata.namespace"]

    /// Extra fields the API server indexes for some resources, keyed by plural.
    /// Values are read from the decoded object at the dotted path; a missing
    /// field compares as the empty string.
    public static let resourceFields: [String: [String]] = [
        "pods": [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
        ],
        "events": [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "type",
        ],
        "secrets": ["type"],
        "namespaces": ["status.phase"],
        "nodes": ["spec.unschedulable"],
        "replicationcontrollers": ["status.replicas"],
        "replicasets": ["status.replicas"],
        "jobs": ["status.successful"],
        "certificatesigningrequests": ["spec.signerName"],
    ]

    public var terms: [Term]

    public init() {
        terms = []
    }

    public init(parsing text: String) throws(SelectorError) {
        terms = []
        for rawTerm in Self.splitTerms(text) {
            let trimmed = rawTerm.trimmingSpaces()
            if trimmed.isEmpty { continue }
            guard let term = Self.parseTerm(trimmed) else {
                throw SelectorError("invalid selector: '\(text)'; can't understand '\(trimmed)'")
            }
            terms.append(term)
        }
    }

    public var isEmpty: Bool { terms.isEmpty }

    /// Checks that every field is one the API server would accept for `resource`.
    public func validate(for resource: ResourceType) throws(SelectorError) {
        let allowed = Self.commonFields + (resource.isCustom ? [] : Self.resourceFields[resource.plural] ?? [])
        for term in terms where !allowed.contains(term.field) {
            let list = allowed.map { "\"\($0)\"" }.joined(separator: ", ")
            throw SelectorError("\"\(term.field)\" is not a known field selector for \(resource.qualifiedPlural): only \(list)")
        }
    }

    public func matches(object: JSONValue) -> Bool {
        terms.allSatisfy { term in
            let actual = Self.fieldValue(term.field, in: object)
            return term.negated ? actual != term.value : actual == term.value
        }
    }

    static func fieldValue(_ path: String, in object: JSONValue) -> String {
        var current: JSONValue? = object
        for component in path.split(separator: ".") {
            current = current?[String(component)]
        }
        switch current {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let literal): return literal
        default: return ""
        }
    }

    /// Splits on commas that are not escaped with a backslash.
    private static func splitTerms(_ text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "," {
                terms.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        terms.append(current)
        return terms
    }

    private static func parseTerm(_ term: String) -> Term? {
        let characters = Array(term)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let following: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            var operatorLength = 0
            var negated = false
            if character == "!" && following == "=" {
                operatorLength = 2
                negated = true
            } else if character == "=" && following == "=" {
                operatorLength = 2
            } else if character == "=" {
                operatorLength = 1
            }
            if operatorLength > 0 {
                let field = String(characters[..<index]).trimmingSpaces()
                guard !field.isEmpty, let value = unescape(String(characters[(index + operatorLength)...])) else {
                    return nil
                }
                return Term(field: field, value: value, negated: negated)
            }
            index += 1
        }
        return nil
    }

    private static func unescape(_ text: String) -> String? {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                guard "\\,=!".contains(character) else { return nil }
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "=" || character == "," {
                return nil
            } else {
                result.append(character)
            }
        }
        return escaped ? nil : result
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
