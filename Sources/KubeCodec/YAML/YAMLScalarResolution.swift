/// The type a plain (unquoted, untagged) YAML scalar resolves to under the
/// YAML 1.1 rules of go-yaml v2, the library behind sigs.k8s.io/yaml and so
/// behind kubectl's YAML input and output.
///
/// The parser uses it to type plain scalars, and the emitter uses it to decide
/// which strings need double quotes to read back as strings.
enum YAMLPlainScalar: Equatable {
    case null
    case bool(Bool)
    /// An integer that fits Int64 or UInt64, as its decimal text.
    case integer(String)
    case float(Double)
    /// A date or date-time. go-yaml v2 keeps these as their text when the target
    /// is untyped, but the text must be quoted on output to stay a string.
    case timestamp
    case string

    /// Resolves `text` as go-yaml v2's `resolve` does for an untagged plain scalar.
    ///
    /// The rules, in order: exact spellings of null, booleans (including YAML
    /// 1.1's y/n/yes/no/on/off), infinities and NaN; for text starting with a
    /// digit or sign, a timestamp, then an integer in Go's `ParseInt`/`ParseUint`
    /// base-0 syntax after removing underscores (0x, 0o, 0b prefixes and leading-zero
    /// octal), then a float of the form `[-+]?(\.d+|d+(\.d*)?)([eE][-+]?d+)?`; for
    /// text starting with `.`, a float such as `.5`. Everything else is a string.
    /// Out-of-range numbers are strings, as in go-yaml v2.
    init(resolving text: String) {
        self = YAMLPlainScalar.resolve(Array(text.utf8))
    }

    private static func resolve(_ bytes: [UInt8]) -> YAMLPlainScalar {
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
            return resolveKeyword(bytes) ?? .string
        case UInt8(ascii: "."):
            if let keyword = resolveKeyword(bytes) { return keyword }
            if let value = parseLeadingDotFloat(bytes) { return .float(value) }
            return .string
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let keyword = resolveKeyword(bytes) { return keyword }
            if GoTimestamp.isTimestamp(bytes) { return .timestamp }
            let plain = bytes.filter { $0 != UInt8(ascii: "_") }
            if let integer = parseGoInteger(plain) { return .integer(integer) }
            if let value = parseYAMLStyleFloat(plain) { return .float(value) }
            return .string
        default:
            return .string
        }
    }

    private static func resolveKeyword(_ bytes: [UInt8]) -> YAMLPlainScalar? {
        // The longest keywords ("false", "-.inf") have five bytes.
        guard bytes.count <= 5 else { return nil }
        switch String(decoding: bytes, as: UTF8.self) {
        case "~", "null", "Null", "NULL":
            return .null
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
            return .bool(true)
        case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
            return .bool(false)
        case ".nan", ".NaN", ".NAN":
            return .float(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
            return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF":
            return .float(-.infinity)
        default:
            return nil
        }
    }

    /// True when go-yaml v2 resolves `text` as something other than a string,
    /// or when it is a YAML 1.1 sexagesimal number such as `1:30`, which go-yaml
    /// v2 reads as a string but still quotes on output for other parsers.
    static func needsQuotes(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return true }
        switch first {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let bytes = Array(text.utf8)
            return resolve(bytes) != .string || isSexagesimal(bytes)
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"), UInt8(ascii: "."):
            return resolve(Array(text.utf8)) != .string
        default:
            return false
        }
    }

    /// Matches `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?`, YAML 1.1's base 60 form.
    private static func isSexagesimal(_ bytes: [UInt8]) -> Bool {
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            index += 1
        }
        guard index < bytes.count, bytes[index].isASCIIDigit else { return false }
        index += 1
        while index < bytes.count, bytes[index].isASCIIDigit || bytes[index] == UInt8(ascii: "_") {
            index += 1
        }
        var groups = 0
        while index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            index += 1
            // One digit 0-5 followed by a digit, or a single digit.
            guard index < bytes.count, bytes[index].isASCIIDigit else { return false }
            if bytes[index] <= UInt8(ascii: "5"), index + 1 < bytes.count, bytes[index + 1].isASCIIDigit {
                index += 2
            } else {
                index += 1
            }
            groups += 1
        }
        guard groups > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index].isASCIIDigit || bytes[index] == UInt8(ascii: "_") {
                index += 1
            }
        }
        return index == bytes.count
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}

/// Parses Go's `strconv.ParseInt(text, 0, 64)`, falling back to
/// `strconv.ParseUint(text, 0, 64)`, and returns the value's decimal text.
/// Underscores must already be removed.
func parseGoInteger(_ bytes: [UInt8]) -> String? {
    guard !bytes.isEmpty else { return nil }
    var digits = bytes[...]
    var negative = false
    var signed = false
    if digits.first == UInt8(ascii: "+") || digits.first == UInt8(ascii: "-") {
        negative = digits.first == UInt8(ascii: "-")
        signed = true
        digits = digits.dropFirst()
        guard !digits.isEmpty else { return nil }
    }

    var radix: UInt64 = 10
    if digits.first == UInt8(ascii: "0") {
        let second = digits.count >= 3 ? digits[digits.startIndex + 1] | 0x20 : 0
        switch second {
        case UInt8(ascii: "b"): radix = 2; digits = digits.dropFirst(2)
        case UInt8(ascii: "o"): radix = 8; digits = digits.dropFirst(2)
        case UInt8(ascii: "x"): radix = 16; digits = digits.dropFirst(2)
        default: radix = 8; digits = digits.dropFirst()
        }
    }

    var magnitude: UInt64 = 0
    for byte in digits {
        let digit: UInt64
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
        guard digit < radix else { return nil }
        let (shifted, overflowShift) = magnitude.multipliedReportingOverflow(by: radix)
        let (sum, overflowAdd) = shifted.addingReportingOverflow(digit)
        guard !overflowShift, !overflowAdd else { return nil }
        magnitude = sum
    }

    // ParseUint takes no sign, so a signed value must fit Int64.
    if negative {
        guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
        return magnitude == 0 ? "0" : "-" + String(magnitude)
    }
    if signed, magnitude > UInt64(Int64.max) { return nil }
    return String(magnitude)
}

/// Parses a float matching `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`,
/// the pattern go-yaml v2 requires before it calls `strconv.ParseFloat`.
/// Returns nil for out-of-range values, which Go's ParseFloat rejects.
private func parseYAMLStyleFloat(_ bytes: [UInt8]) -> Double? {
    var index = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        index += 1
    }
    let integerStart = index
    while index < bytes.count, bytes[index].isASCIIDigit { index += 1 }
    let integerDigits = index - integerStart
    var fractionDigits = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
        index += 1
        let fractionStart = index
        while index < bytes.count, bytes[index].isASCIIDigit { index += 1 }
        fractionDigits = index - fractionStart
    }
    // Either digits before the point, or a leading point followed by digits.
    guard integerDigits > 0 || fractionDigits > 0 else { return nil }
    guard matchExponent(bytes, from: &index), index == bytes.count else { return nil }
    return finiteDouble(bytes)
}

/// Parses what Go's `strconv.ParseFloat` accepts for text starting with `.`:
/// `.digits` with an optional exponent.
private func parseLeadingDotFloat(_ bytes: [UInt8]) -> Double? {
    var index = 1
    let fractionStart = index
    while index < bytes.count, bytes[index].isASCIIDigit { index += 1 }
    guard index > fractionStart else { return nil }
    guard matchExponent(bytes, from: &index), index == bytes.count else { return nil }
    return finiteDouble(bytes)
}

/// Consumes an optional `[eE][-+]?[0-9]+`; returns false when an `e` has no digits.
private func matchExponent(_ bytes: [UInt8], from index: inout Int) -> Bool {
    guard index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") else { return true }
    index += 1
    if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        index += 1
    }
    let exponentStart = index
    while index < bytes.count, bytes[index].isASCIIDigit { index += 1 }
    return index > exponentStart
}

private func finiteDouble(_ bytes: [UInt8]) -> Double? {
    guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
    return value
}
