import KubeCodec

/// Parses JSON test input, keeping member order and number text.
func parseTestJSON(_ text: String) throws -> JSONValue {
    var parser = TestJSONParser(scalars: Array(text.unicodeScalars))
    let value = try parser.parseValue()
    parser.skipSpace()
    guard parser.index == parser.scalars.count else { throw TestJSONError(offset: parser.index) }
    return value
}

struct TestJSONError: Error {
    var offset: Int
}

private struct TestJSONParser {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    mutating func skipSpace() {
        while index < scalars.count, [" ", "\n", "\t", "\r"].contains(scalars[index]) { index += 1 }
    }

    mutating func expect(_ literal: String) throws {
        for scalar in literal.unicodeScalars {
            guard index < scalars.count, scalars[index] == scalar else { throw TestJSONError(offset: index) }
            index += 1
        }
    }

    mutating func parseValue() throws -> JSONValue {
        skipSpace()
        guard index < scalars.count else { throw TestJSONError(offset: index) }
        switch scalars[index] {
        case "{":
            index += 1
            var object = JSONObject()
            skipSpace()
            if scalars[index] == "}" { index += 1; return .object(object) }
            while true {
                skipSpace()
                let key = try parseString()
                skipSpace()
                try expect(":")
                object.append(key, try parseValue())
                skipSpace()
                if scalars[index] == "," { index += 1; continue }
                try expect("}")
                return .object(object)
            }
        case "[":
            index += 1
            var elements: [JSONValue] = []
            skipSpace()
            if scalars[index] == "]" { index += 1; return .array(elements) }
            while true {
                elements.append(try parseValue())
                skipSpace()
                if scalars[index] == "," { index += 1; continue }
                try expect("]")
                return .array(elements)
            }
        case "\"": return .string(try parseString())
        case "t": try expect("true"); return .bool(true)
        case "f": try expect("false"); return .bool(false)
        case "n": try expect("null"); return .null
        default:
            let start = index
            while index < scalars.count, "-+.eE0123456789".unicodeScalars.contains(scalars[index]) { index += 1 }
            guard index > start else { throw TestJSONError(offset: index) }
            var literal = ""
            literal.unicodeScalars.append(contentsOf: scalars[start..<index])
            return .number(literal)
        }
    }

    mutating func parseString() throws -> String {
        try expect("\"")
        var result = ""
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\"": return result
            case "\\":
                let escaped = scalars[index]
                index += 1
                switch escaped {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "b": result.append("\u{8}")
                case "f": result.append("\u{c}")
                case "u":
                    var hex = ""
                    hex.unicodeScalars.append(contentsOf: scalars[index..<index + 4])
                    index += 4
                    result.unicodeScalars.append(Unicode.Scalar(UInt32(hex, radix: 16)!)!)
                default: result.unicodeScalars.append(escaped)
                }
            default: result.unicodeScalars.append(scalar)
            }
        }
        throw TestJSONError(offset: index)
    }
}
