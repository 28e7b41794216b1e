/// Text forms of Go values that Kubernetes JSON carries: RFC 3339 times,
/// time.Duration strings and float64 numbers, written and read exactly as
/// Go writes and reads them.
enum GoFormats {
    // MARK: - Times

    /// `seconds` since the Unix epoch as RFC 3339 in UTC, with exactly
    /// `fractionDigits` digits of `nanos` (0 for metav1.Time, 6 for MicroTime).
    static func rfc3339(seconds: Int64, nanos: Int32, fractionDigits: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        var text = ""
        text.reserveCapacity(32)
        appendPadded(&text, year, 4)
        text.append("-")
        appendPadded(&text, month, 2)
        text.append("-")
        appendPadded(&text, day, 2)
        text.append("T")
        appendPadded(&text, secondOfDay / 3600, 2)
        text.append(":")
        appendPadded(&text, secondOfDay / 60 % 60, 2)
        text.append(":")
        appendPadded(&text, secondOfDay % 60, 2)
        if fractionDigits > 0 {
            text.append(".")
            var divisor: Int64 = 1
            for _ in 0..<(9 - fractionDigits) { divisor *= 10 }
            appendPadded(&text, Int64(max(0, nanos)) / divisor, fractionDigits)
        }
        text.append("Z")
        return text
    }

    private static func appendPadded(_ text: inout String, _ value: Int64, _ width: Int) {
        let digits = String(value)
        if digits.count < width {
            text.append(String(repeating: "0", count: width - digits.count))
        }
        text.append(digits)
    }

    /// Year, month and day of the day `days` after 1970-01-01 (proleptic Gregorian).
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days from 1970-01-01 to the given date (proleptic Gregorian).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Parses an RFC 3339 time (Go's time.RFC3339 layout, which also accepts
    /// fractional seconds) into seconds since the epoch and nanoseconds.
    static func parseRFC3339(_ text: String) -> (seconds: Int64, nanos: Int32)? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), day >= 1, day <= 31, hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var nanos: Int64 = 0
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                if digits < 9 {
                    nanos = nanos * 10 + Int64(bytes[index] - 0x30)
                }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanos *= 10 }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds: Int64 = 0
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
            index += 1
        } else {
            guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
                  index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                  let offsetHours = number((index + 1)..<(index + 3)),
                  let offsetMinutes = number((index + 4)..<(index + 6))
            else { return nil }
            offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60
            if bytes[index] == UInt8(ascii: "-") { offsetSeconds = -offsetSeconds }
            index += 6
        }
        guard index == bytes.count else { return nil }
        let seconds = days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return (seconds, Int32(nanos))
    }

    // MARK: - Durations

    /// Go's time.Duration.String: "1h2m3.5s", "150ms", "0s".
    static func duration(_ nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        var text = ""
        if magnitude < 1_000_000_000 {
            // Below one second: ns, µs or ms with a fraction.
            let (unit, scale): (String, UInt64)
            if magnitude < 1_000 {
                (unit, scale) = ("ns", 1)
            } else if magnitude < 1_000_000 {
                (unit, scale) = ("µs", 1_000)
            } else {
                (unit, scale) = ("ms", 1_000_000)
            }
            text = fraction(magnitude, scale: scale) + unit
        } else {
            let totalSeconds = magnitude / 1_000_000_000
            let secondsPart = fraction(magnitude % 60_000_000_000, scale: 1_000_000_000) + "s"
            let minutes = totalSeconds / 60
            if minutes == 0 {
                text = secondsPart
            } else {
                let hours = minutes / 60
                text = (hours > 0 ? "\(hours)h" : "") + "\(minutes % 60)m" + secondsPart
            }
        }
        return negative ? "-" + text : text
    }

    /// `value / scale` with the fraction's trailing zeros removed.
    private static func fraction(_ value: UInt64, scale: UInt64) -> String {
        let whole = value / scale
        let remainder = value % scale
        if remainder == 0 { return String(whole) }
        var digits = 0
        var scaleDigits = scale
        while scaleDigits > 1 { scaleDigits /= 10; digits += 1 }
        var fractionText = String(remainder)
        fractionText = String(repeating: "0", count: digits - fractionText.count) + fractionText
        while fractionText.hasSuffix("0") { fractionText.removeLast() }
        return "\(whole).\(fractionText)"
    }

    /// Whether `text` parses as a resource.Quantity: an optionally signed
    /// decimal number, then nothing, a binary suffix (Ki to Ei), a decimal
    /// suffix (n, u, m, k, M, G, T, P, E) or an exponent (e3, E-2), as
    /// resource.ParseQuantity in k8s.io/apimachinery reads it.
    /// NOTE: a number without digits ("." or "-") is rejected here, while
    /// ParseQuantity takes some such forms as zero.
    static func isQuantity(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        let integerDigits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(integerDigits.count)
        var fractionDigits: Substring = ""
        if rest.first == "." {
            rest = rest.dropFirst()
            fractionDigits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(fractionDigits.count)
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return false }
        let suffixes: Set<Substring> = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E"]
        if suffixes.contains(rest) { return true }
        guard rest.first == "e" || rest.first == "E" else { return false }
        var exponent = rest.dropFirst()
        if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Go's time.ParseDuration: "1h2m", "1.5s", "-300ms", "0".
    static func parseDuration(_ text: String) -> Int64? {
        var scalars = Substring(text)
        var negative = false
        if scalars.first == "-" || scalars.first == "+" {
            negative = scalars.first == "-"
            scalars = scalars.dropFirst()
        }
        if scalars == "0" { return 0 }
        guard !scalars.isEmpty else { return nil }
        var total: Double = 0
        var exact: Int64 = 0
        var isExact = true
        while !scalars.isEmpty {
            let numberText = scalars.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !numberText.isEmpty else { return nil }
            scalars = scalars.dropFirst(numberText.count)
            let unitText = scalars.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            scalars = scalars.dropFirst(unitText.count)
            let unit: Int64
            switch unitText {
            case "ns": unit = 1
            case "us", "µs", "μs": unit = 1_000
            case "ms": unit = 1_000_000
            case "s": unit = 1_000_000_000
            case "m": unit = 60_000_000_000
            case "h": unit = 3_600_000_000_000
            default: return nil
            }
            if let whole = Int64(numberText) {
                let (product, overflow) = whole.multipliedReportingOverflow(by: unit)
                guard !overflow else { return nil }
                exact += product
            } else {
                guard let value = Double(numberText) else { return nil }
                isExact = false
                total += value * Double(unit)
            }
        }
        let result = isExact ? exact : exact + Int64(total.rounded(.towardZero))
        return negative ? -result : result
    }

    // MARK: - Floats

    /// Formats a float64 as Go's encoding/json writes it: the shortest digits
    /// that round-trip, in 'f' form unless the exponent is below -6 or at
    /// least 21.
    static func float(_ value: Double, bits: Int = 64) -> String {
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let shortest = bits == 32 ? Float(value).description : value.description
        // Split Swift's shortest form into sign, digits and decimal exponent.
        var text = Substring(shortest)
        var negative = false
        if text.first == "-" { negative = true; text = text.dropFirst() }
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = mantissa.replacingOccurrences(".")
        var pointPosition = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count) + exponent
        while digits.count > 1 && digits.first == "0" { digits.removeFirst(); pointPosition -= 1 }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        let decimalExponent = pointPosition - 1
        var result = negative ? "-" : ""
        if decimalExponent < -6 || decimalExponent >= 21 {
            result += String(digits.first!)
            if digits.count > 1 { result += "." + digits.dropFirst() }
            result += "e" + (decimalExponent < 0 ? "-" : "+")
            // Go trims "e-07" to "e-7"; positive exponents here are >= 21.
            result += String(abs(decimalExponent))
        } else if pointPosition <= 0 {
            result += "0." + String(repeating: "0", count: -pointPosition) + digits
        } else if pointPosition >= digits.count {
            result += digits + String(repeating: "0", count: pointPosition - digits.count)
        } else {
            let index = digits.index(digits.startIndex, offsetBy: pointPosition)
            result += digits[..<index] + "." + digits[index...]
        }
        return result
    }
}

extension Substring {
    fileprivate func replacingOccurrences(_ character: Character) -> String {
        String(filter { $0 != character })
    }
}
