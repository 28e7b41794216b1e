/// Float formatting as Go's `strconv.FormatFloat` prints it in the `'g'`
/// format, which go-yaml uses, so numbers in YAML output read as kubectl
/// prints them. `GoFormats.float` covers `encoding/json`'s format.
enum GoFloatFormat {
    /// Shortest round-trip decimal digits and the decimal point position, in
    /// Go's form: the value is `0.digits × 10^pointPosition`.
    struct Decimal {
        var negative: Bool
        var digits: [UInt8]
        var pointPosition: Int
    }

    /// Formats like `strconv.FormatFloat(value, 'g', -1, 64)`, which go-yaml v2
    /// uses for floats: exponent form when the decimal exponent is below -4 or
    /// at least 6, because Go fixes the precision at 6 for that decision in
    /// shortest mode.
    static func formatG(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        return formatG(decimal(of: value.description))
    }

    /// Formats like `strconv.FormatFloat(value, 'g', -1, 32)`: the shortest
    /// digits that round-trip through a 32-bit float.
    static func formatGFloat32(_ value: Double) -> String {
        let single = Float(value)
        if single.isNaN { return "NaN" }
        if single.isInfinite { return single < 0 ? "-Inf" : "+Inf" }
        return formatG(decimal(of: single.description))
    }

    private static func formatG(_ decimal: Decimal) -> String {
        let exponent = decimal.pointPosition - 1
        if exponent < -4 || exponent >= 6 {
            return formatE(decimal)
        }
        return formatF(decimal)
    }

    /// `%e` with as many fraction digits as the shortest form has, and at least
    /// two exponent digits.
    private static func formatE(_ decimal: Decimal) -> String {
        var text = decimal.negative ? "-" : ""
        let digits = decimal.digits.isEmpty ? [UInt8(ascii: "0")] : decimal.digits
        text.append(Character(Unicode.Scalar(digits[0])))
        if digits.count > 1 {
            text.append(".")
            text.append(String(decoding: digits[1...], as: UTF8.self))
        }
        let exponent = decimal.digits.isEmpty ? 0 : decimal.pointPosition - 1
        text.append(exponent < 0 ? "e-" : "e+")
        let magnitude = abs(exponent)
        if magnitude < 10 { text.append("0") }
        text.append(String(magnitude))
        return text
    }

    /// `%f` with exactly the fraction digits the shortest form needs.
    private static func formatF(_ decimal: Decimal) -> String {
        var text = decimal.negative ? "-" : ""
        let digits = decimal.digits
        let point = decimal.pointPosition
        if point <= 0 {
            text.append("0")
        } else {
            for position in 0..<point {
                text.append(position < digits.count ? Character(Unicode.Scalar(digits[position])) : "0")
            }
        }
        if digits.count > max(point, 0) {
            text.append(".")
            if point < 0 { text.append(String(repeating: "0", count: -point)) }
            text.append(String(decoding: digits[max(point, 0)...], as: UTF8.self))
        }
        return text
    }

    /// Reads Swift's shortest round-trip `description` (`1e-05`, `123.0`,
    /// `1.5e+20`) into digits and a point position.
    static func decimal(of description: String) -> Decimal {
        var bytes = Array(description.utf8)[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }

        var exponent = 0
        if let marker = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            exponent = Int(String(decoding: bytes[(marker + 1)...], as: UTF8.self)) ?? 0
            bytes = bytes[..<marker]
        }

        var digits: [UInt8] = []
        var pointPosition = 0
        var seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            digits.append(byte)
            if !seenPoint { pointPosition += 1 }
        }
        while let first = digits.first, first == UInt8(ascii: "0") {
            digits.removeFirst()
            pointPosition -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0") {
            digits.removeLast()
        }
        if digits.isEmpty { pointPosition = 0 }
        return Decimal(negative: negative, digits: digits, pointPosition: pointPosition + (digits.isEmpty ? 0 : exponent))
    }
}
