/// Converts flag text to typed values with the rules, and the error texts,
/// of the Go functions pflag calls (strconv.ParseBool, strconv.ParseInt,
/// strconv.ParseUint, time.ParseDuration), so a malformed value reads the
/// same as in etcdctl.
enum FlagValueParser {
    static func parse(_ text: String, for flag: Flag) throws(FlagValueError) -> FlagValue {
        switch flag.kind {
        case .bool: return .bool(try parseBool(text))
        case .string: return .string(text)
        case .int: return .int(try parseInt(text))
        case .uint: return .uint(try parseUInt(text))
        case .duration: return .duration(try parseDuration(text))
        case .stringList: return .stringList(text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        }
    }

    static func parseDefault(_ flag: Flag) throws -> FlagValue {
        do {
            return try parse(flag.defaultText, for: flag)
        } catch {
            preconditionFailure("default \"\(flag.defaultText)\" of flag --\(flag.name) is invalid: \(error.message)")
        }
    }

    static func parseBool(_ text: String) throws(FlagValueError) -> Bool {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: throw FlagValueError("strconv.ParseBool: parsing \(goQuoted(text)): invalid syntax")
        }
    }

    static func parseInt(_ text: String) throws(FlagValueError) -> Int64 {
        if let value = Int64(text) { return value }
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) {
            throw FlagValueError("strconv.ParseInt: parsing \(goQuoted(text)): value out of range")
        }
        throw FlagValueError("strconv.ParseInt: parsing \(goQuoted(text)): invalid syntax")
    }

    static func parseUInt(_ text: String) throws(FlagValueError) -> UInt64 {
        if !text.hasPrefix("+"), let value = UInt64(text) { return value }
        if !text.isEmpty, text.allSatisfy(\.isASCIIDigit) {
            throw FlagValueError("strconv.ParseUint: parsing \(goQuoted(text)): value out of range")
        }
        throw FlagValueError("strconv.ParseUint: parsing \(goQuoted(text)): invalid syntax")
    }

    /// Parses a Go duration: an optional sign, then one or more decimal
    /// numbers each followed by a unit (ns, us, µs, ms, s, m, h); `0` alone is allowed.
    static func parseDuration(_ text: String) throws(FlagValueError) -> Duration {
        let invalid = FlagValueError("time: invalid duration \(goQuoted(text))")
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return .zero }
        if rest.isEmpty { throw invalid }

        var totalNanoseconds: Double = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCIIDigit || $0 == "." }
            guard !number.isEmpty, number != ".", let value = Double(number.hasPrefix(".") ? "0" + number : String(number)) else { throw invalid }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !$0.isASCIIDigit && $0 != "." }
            if unit.isEmpty { throw FlagValueError("time: missing unit in duration \(goQuoted(text))") }
            rest = rest.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: throw FlagValueError("time: unknown unit \(goQuoted(String(unit))) in duration \(goQuoted(text))")
            }
            totalNanoseconds += value * scale
        }
        guard totalNanoseconds <= Double(Int64.max) else { throw invalid }
        let nanoseconds = Int64(totalNanoseconds)
        return .nanoseconds(negative ? -nanoseconds : nanoseconds)
    }
}

/// The reason a flag value did not parse, worded as Go's parsers word it.
struct FlagValueError: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// Quotes a string for a message the way Go's %q does for printable text.
func goQuoted(_ text: String) -> String {
    GoQuote.quote(Array(text.utf8))
}
