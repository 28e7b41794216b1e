import KubeCodec

/// A parsed label selector, with kubectl's syntax: comma-separated
/// requirements, all of which must hold.
///
///     app=web, tier!=db, env in (prod, staging), release notin (canary),
///     managed, !deprecated, replicas>2
public struct LabelSelector: Sendable, Equatable, CustomStringConvertible {
    public enum Operator: String, Sendable, Equatable {
        case equals = "="
        case doubleEquals = "=="
        case notEquals = "!="
        case `in` = "in"
        case notIn = "notin"
        case exists = "exists"
        case doesNotExist = "!"
        case greaterThan = ">"
        case lessThan = "<"
    }

    public struct Requirement: Sendable, Equatable {
        public var key: String
        public var `operator`: Operator
        /// Sorted, as the API machinery keeps them.
        public var values: [String]

        /// Evaluates the requirement against an object's labels.
        public func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch self.operator {
            case .equals, .doubleEquals, .in:
                guard let value else { return false }
                return values.contains(value)
            case .notEquals, .notIn:
                guard let value else { return true }
                return !values.contains(value)
            case .exists:
                return value != nil
            case .doesNotExist:
                return value == nil
            case .greaterThan, .lessThan:
                guard let value, let actual = Int64(value), let bound = values.first.flatMap({ Int64($0) }) else {
                    return false
                }
                return self.operator == .greaterThan ? actual > bound : actual < bound
            }
        }
    }

    public var requirements: [Requirement]

    /// The selector that matches everything.
    public init() {
        requirements = []
    }

    public init(requirements: [Requirement]) {
        self.requirements = requirements
    }

    /// Parses `text` with the grammar and checks of Kubernetes' label
    /// selector parser: keys are qualified names, values valid label values.
    public init(parsing text: String) throws(SelectorError) {
        var parser = LabelSelectorParser(text)
        requirements = try parser.parse()
    }

    public var isEmpty: Bool { requirements.isEmpty }

    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    /// Evaluates the selector against `metadata.labels` of a decoded object.
    public func matches(object: JSONValue) -> Bool {
        if requirements.isEmpty { return true }
        return matches(Self.labels(of: object))
    }

    public static func labels(of object: JSONValue) -> [String: String] {
        var labels: [String: String] = [:]
        for member in object["metadata"]?["labels"]?.objectValue?.members ?? [] {
            if let value = member.value.stringValue {
                labels[member.key] = value
            }
        }
        return labels
    }

    public var description: String {
        requirements.map { requirement in
            switch requirement.operator {
            case .exists: return requirement.key
            case .doesNotExist: return "!" + requirement.key
            case .in, .notIn:
                return "\(requirement.key) \(requirement.operator.rawValue) (\(requirement.values.joined(separator: ",")))"
            default:
                return requirement.key + requirement.operator.rawValue + (requirement.values.first ?? "")
            }
        }.joined(separator: ",")
    }
}

/// An invalid label or field selector, with a message in the API machinery's words.
public struct SelectorError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Tokenizer and recursive-descent parser for label selectors.
struct LabelSelectorParser {
    enum Token: Equatable {
        case identifier(String)
        case `in`, notIn
        case equals, doubleEquals, notEquals, greaterThan, lessThan, bang
        case openParen, closeParen, comma
        case end

        var text: String {
            switch self {
            case .identifier(let name): return name
            case .in: return "in"
            case .notIn: return "notin"
            case .equals: return "="
            case .doubleEquals: return "=="
            case .notEquals: return "!="
            case .greaterThan: return ">"
            case .lessThan: return "<"
            case .bang: return "!"
            case .openParen: return "("
            case .closeParen: return ")"
            case .comma: return ","
            case .end: return ""
            }
        }
    }

    private var tokens: [Token] = []
    private var position = 0
    private let text: String

    init(_ text: String) {
        self.text = text
    }

    mutating func parse() throws(SelectorError) -> [LabelSelector.Requirement] {
        tokens = Self.tokenize(text)
        position = 0
        var requirements: [LabelSelector.Requirement] = []
        if peek() == .end { return requirements }
        while true {
            requirements.append(try parseRequirement())
            switch next() {
            case .end:
                return requirements
            case .comma:
                if peek() == .end {
                    throw SelectorError("unable to parse requirement: found '', expected: identifier after ','")
                }
            case let token:
                throw SelectorError("found '\(token.text)', expected: ',' or 'end of string'")
            }
        }
    }

    private static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        func isSpecial(_ character: Character) -> Bool {
            "=!(),<>".contains(character) || character.isWhitespace
        }
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                continue
            }
            let following: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "=":
                if following == "=" {
                    tokens.append(.doubleEquals)
                    index += 2
                } else {
                    tokens.append(.equals)
                    index += 1
                }
            case "!":
                if following == "=" {
                    tokens.append(.notEquals)
                    index += 2
                } else {
                    tokens.append(.bang)
                    index += 1
                }
            case "(": tokens.append(.openParen); index += 1
            case ")": tokens.append(.closeParen); index += 1
            case ",": tokens.append(.comma); index += 1
            case ">": tokens.append(.greaterThan); index += 1
            case "<": tokens.append(.lessThan); index += 1
            default:
                var end = index
                while end < characters.count, !isSpecial(characters[end]) { end += 1 }
                let word = String(characters[index..<end])
                switch word {
                case "in": tokens.append(.in)
                case "notin": tokens.append(.notIn)
                default: tokens.append(.identifier(word))
                }
                index = end
            }
        }
        tokens.append(.end)
        return tokens
    }

    private func peek() -> Token { tokens[position] }

    private mutating func next() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func parseRequirement() throws(SelectorError) -> LabelSelector.Requirement {
        if peek() == .bang {
            _ = next()
            guard case .identifier(let key) = next() else {
                throw SelectorError("unable to parse requirement: found '\(tokens[position - 1].text)', expected: identifier after '!'")
            }
            try Self.validateKey(key)
            if peek() != .comma && peek() != .end {
                throw SelectorError("unable to parse requirement: found '\(peek().text)', expected: ',' or 'end of string' after '!\(key)'")
            }
            return .init(key: key, operator: .doesNotExist, values: [])
        }

        let keyToken = next()
        guard case .identifier(let key) = keyToken else {
            throw SelectorError("unable to parse requirement: found '\(keyToken.text)', expected: identifier")
        }
        try Self.validateKey(key)

        let operatorToken = next()
        let selectorOperator: LabelSelector.Operator
        switch operatorToken {
        case .comma, .end:
            if operatorToken == .comma { position -= 1 }
            return .init(key: key, operator: .exists, values: [])
        case .equals: selectorOperator = .equals
        case .doubleEquals: selectorOperator = .doubleEquals
        case .notEquals: selectorOperator = .notEquals
        case .greaterThan: selectorOperator = .greaterThan
        case .lessThan: selectorOperator = .lessThan
        case .in: selectorOperator = .in
        case .notIn: selectorOperator = .notIn
        default:
            throw SelectorError("unable to parse requirement: found '\(operatorToken.text)', expected: [!=, ==, =, in, notin, >, <] after '\(key)'")
        }

        var values: [String]
        switch selectorOperator {
        case .in, .notIn:
            values = try parseValueSet(after: key)
        default:
            values = [try parseSingleValue(after: key, operator: selectorOperator)]
        }
        for value in values {
            try Self.validateValue(value, key: key)
        }
        if selectorOperator == .greaterThan || selectorOperator == .lessThan {
            guard let bound = values.first, Int64(bound) != nil else {
                throw SelectorError("unable to parse requirement: for 'gt', 'lt' operators, the value must be an integer, not \"\(values.first ?? "")\"")
            }
        }
        values = Array(Set(values)).sorted()
        return .init(key: key, operator: selectorOperator, values: values)
    }

    private mutating func parseSingleValue(after key: String, operator selectorOperator: LabelSelector.Operator) throws(SelectorError) -> String {
        switch peek() {
        case .identifier(let value):
            _ = next()
            return value
        case .in, .notIn:
            // `a=in` compares with the word "in".
            return next().text
        case .comma, .end:
            return ""
        case let token:
            throw SelectorError("unable to parse requirement: found '\(token.text)', expected: identifier after '\(key)\(selectorOperator.rawValue)'")
        }
    }

    private mutating func parseValueSet(after key: String) throws(SelectorError) -> [String] {
        let open = next()
        guard open == .openParen else {
            throw SelectorError("unable to parse requirement: found '\(open.text)', expected: '(' after '\(key)'")
        }
        var values: [String] = []
        var expectingValue = true
        while true {
            let token = next()
            switch token {
            case .identifier(let value) where expectingValue:
                values.append(value)
                expectingValue = false
            case .in where expectingValue, .notIn where expectingValue:
                values.append(token.text)
                expectingValue = false
            case .comma:
                if expectingValue { values.append("") }
                expectingValue = true
            case .closeParen:
                if expectingValue { values.append("") }
                return values
            default:
                throw SelectorError("unable to parse requirement: found '\(token.text)', expected: ',', ')' or identifier in the value list of '\(key)'")
            }
        }
    }

    /// A label key is a name of at most 63 characters, optionally preceded by
    /// a DNS subdomain prefix and a slash.
    static func validateKey(_ key: String) throws(SelectorError) {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty || prefix.count > 253 || !isDNSSubdomain(prefix) {
                throw SelectorError("unable to parse requirement: invalid label key \"\(key)\": prefix part must be a lowercase RFC 1123 subdomain of at most 253 characters (e.g. 'example.com')")
            }
        default:
            throw SelectorError("unable to parse requirement: invalid label key \"\(key)\": a qualified name must consist of an optional DNS subdomain prefix and a name, separated by one '/'")
        }
        if name.isEmpty {
            throw SelectorError("unable to parse requirement: invalid label key \"\(key)\": name part must be non-empty")
        }
        if name.count > 63 {
            throw SelectorError("unable to parse requirement: invalid label key \"\(key)\": name part must be no more than 63 characters")
        }
        if !isQualifiedNamePart(name) {
            throw SelectorError("unable to parse requirement: invalid label key \"\(key)\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")
        }
    }

    /// A label value is empty, or at most 63 characters that start and end
    /// with an alphanumeric character with `-`, `_` or `.` between.
    static func validateValue(_ value: String, key: String) throws(SelectorError) {
        if value.isEmpty { return }
        if value.count > 63 {
            throw SelectorError("unable to parse requirement: invalid label value \"\(value)\" for key \"\(key)\": must be no more than 63 characters")
        }
        if !isQualifiedNamePart(Substring(value)) {
            throw SelectorError("unable to parse requirement: invalid label value \"\(value)\" for key \"\(key)\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")
        }
    }

    private static func isAlphanumeric(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }

    private static func isQualifiedNamePart(_ text: Substring) -> Bool {
        guard let first = text.first, let last = text.last, isAlphanumeric(first), isAlphanumeric(last) else {
            return false
        }
        return text.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    private static func isDNSSubdomain(_ text: Substring) -> Bool {
        text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            let lowerAlphanumeric: (Character) -> Bool = { $0.isASCII && ($0.isLowercase || $0.isNumber) }
            return lowerAlphanumeric(first) && lowerAlphanumeric(last)
                && label.allSatisfy { lowerAlphanumeric($0) || $0 == "-" }
        }
    }
}
