/// The order in which go-yaml v2 prints string map keys, and so the key order
/// of `kubectl get -o yaml`.
///
/// It is not byte order. Keys compare rune by rune until they differ; at the
/// first difference two letters compare by code point, a non-letter sorts
/// before a letter, and otherwise the runs of digits starting there compare by
/// numeric value (`a2` before `a10`), then by run length, then by code point.
/// A shorter key that is a prefix of a longer one sorts first.
///
/// NOTE: this comparison is not transitive for some key sets (`a1b` < `a2` <
/// `a10` < `a1b`). go-yaml then sorts by the order Go's randomised map
/// iteration gave it, so kubectl's output for such sets varies between runs
/// and may differ from the order printed here.
enum YAMLKeyOrder {
    static func areInIncreasingOrder(_ lhs: String, _ rhs: String) -> Bool {
        areInIncreasingOrder(Array(lhs.unicodeScalars), Array(rhs.unicodeScalars))
    }

    /// Sorts object members by key, decoding each key once.
    static func sorted(_ members: [(key: String, value: JSONValue)]) -> [(key: String, value: JSONValue)] {
        guard members.count > 1 else { return members }
        let keyed = members.map { (scalars: scalars(of: $0.key), member: $0) }
        return keyed.sorted { areInIncreasingOrder($0.scalars, $1.scalars) }.map(\.member)
    }

    /// The key's scalars; ASCII keys, the common case, are read from UTF-8 directly.
    private static func scalars(of key: String) -> [Unicode.Scalar] {
        var key = key
        let ascii: [Unicode.Scalar]? = key.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return bytes.map { Unicode.Scalar($0) }
        }
        return ascii ?? Array(key.unicodeScalars)
    }

    static func areInIncreasingOrder(_ left: [Unicode.Scalar], _ right: [Unicode.Scalar]) -> Bool {
        var index = 0
        while index < left.count, index < right.count {
            let a = left[index]
            let b = right[index]
            if a == b {
                index += 1
                continue
            }
            let aIsLetter = isLetter(a)
            let bIsLetter = isLetter(b)
            if aIsLetter && bIsLetter { return a.value < b.value }
            if aIsLetter || bIsLetter { return bIsLetter }
            return compareDigitRuns(left, right, at: index)
        }
        return left.count < right.count
    }

    /// Compares the digit runs that start at `index`, where the keys first differ
    /// and neither scalar is a letter.
    private static func compareDigitRuns(_ left: [Unicode.Scalar], _ right: [Unicode.Scalar], at index: Int) -> Bool {
        var leftNumber: Int64 = 0
        var rightNumber: Int64 = 0
        // When either differing scalar is a zero and the left key's digits just
        // before it include a non-zero digit, go-yaml starts both numbers at 1.
        if left[index] == "0" || right[index] == "0" {
            var back = index - 1
            while back >= 0, isDigit(left[back]) {
                if left[back] != "0" {
                    leftNumber = 1
                    rightNumber = 1
                    break
                }
                back -= 1
            }
        }
        var leftEnd = index
        while leftEnd < left.count, isDigit(left[leftEnd]) {
            leftNumber = leftNumber &* 10 &+ Int64(digitValue(left[leftEnd]))
            leftEnd += 1
        }
        var rightEnd = index
        while rightEnd < right.count, isDigit(right[rightEnd]) {
            rightNumber = rightNumber &* 10 &+ Int64(digitValue(right[rightEnd]))
            rightEnd += 1
        }
        if leftNumber != rightNumber { return leftNumber < rightNumber }
        if leftEnd != rightEnd { return leftEnd < rightEnd }
        return left[index].value < right[index].value
    }

    /// Go's `unicode.IsLetter`: general categories Lu, Ll, Lt, Lm and Lo.
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value | 0x20
            return value >= 0x61 && value <= 0x7A
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            return false
        }
    }

    /// Go's `unicode.IsDigit`: general category Nd.
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return scalar.properties.generalCategory == .decimalNumber
    }

    /// The digit's value as go-yaml computes it, `rune - '0'`, which is only a
    /// true digit value for ASCII digits.
    private static func digitValue(_ scalar: Unicode.Scalar) -> Int64 {
        Int64(scalar.value) - 0x30
    }
}
