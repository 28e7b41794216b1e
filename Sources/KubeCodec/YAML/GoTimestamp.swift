/// The timestamp forms go-yaml v2 recognises in plain scalars: Go's
/// `time.Parse` with the layouts `2006-1-2T15:4:5.999999999Z07:00`, the same
/// with a lower-case `t`, `2006-1-2 15:4:5.999999999` and `2006-1-2`.
///
/// Matching them decides whether kubectl's YAML quotes a string such as
/// `"2008-01-01T01:01:01Z"`, so this follows `time.Parse` closely: one- or
/// two-digit month, day, hour, minute and second, range checks including the
/// days of the month, an optional fraction after `.` or `,`, and a zone of `Z`
/// or `±hh:mm`.
enum GoTimestamp {
    static func isTimestamp(_ bytes: [UInt8]) -> Bool {
        var cursor = Cursor(bytes: bytes)
        return cursor.matchTimestamp()
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        func peek(_ offset: Int = 0) -> UInt8? {
            index + offset < bytes.count ? bytes[index + offset] : nil
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            index += 1
            return true
        }

        /// Go's `getnum` without the fixed-width flag: one digit, or two when
        /// a second digit follows.
        mutating func readNumber() -> Int? {
            guard let first = peek(), first.isASCIIDigit else { return nil }
            index += 1
            guard let second = peek(), second.isASCIIDigit else { return Int(first - 48) }
            index += 1
            return Int(first - 48) * 10 + Int(second - 48)
        }

        mutating func readTwoDigits() -> Int? {
            guard let first = peek(), first.isASCIIDigit, let second = peek(1), second.isASCIIDigit else {
                return nil
            }
            index += 2
            return Int(first - 48) * 10 + Int(second - 48)
        }

        mutating func matchTimestamp() -> Bool {
            // Every layout starts with a four-digit year and a dash.
            guard bytes.count > 4, bytes[0..<4].allSatisfy(\.isASCIIDigit), bytes[4] == UInt8(ascii: "-") else {
                return false
            }
            let year = bytes[0..<4].reduce(0) { $0 * 10 + Int($1 - 48) }
            index = 5
            guard let month = readNumber(), (1...12).contains(month), consume(UInt8(ascii: "-")),
                let day = readNumber()
            else { return false }
            guard day >= 1, day <= Cursor.daysIn(month: month, year: year) else { return false }

            if isAtEnd { return true }
            let separator = bytes[index]
            index += 1
            let hasZone: Bool
            switch separator {
            case UInt8(ascii: "T"), UInt8(ascii: "t"):
                hasZone = true
            case UInt8(ascii: " "):
                // A space in a Go layout matches a run of spaces.
                while peek() == UInt8(ascii: " ") { index += 1 }
                hasZone = false
            default:
                return false
            }

            guard let hour = readNumber(), hour < 24, consume(UInt8(ascii: ":")),
                let minute = readNumber(), minute < 60, consume(UInt8(ascii: ":")),
                let second = readNumber(), second < 60
            else { return false }
            if let mark = peek(), mark == UInt8(ascii: ".") || mark == UInt8(ascii: ","),
                let digit = peek(1), digit.isASCIIDigit
            {
                index += 1
                while let next = peek(), next.isASCIIDigit { index += 1 }
            }
            if hasZone, !matchZone() { return false }
            return isAtEnd
        }

        mutating func matchZone() -> Bool {
            if consume(UInt8(ascii: "Z")) { return true }
            guard let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
                bytes.count - index >= 6, bytes[index + 3] == UInt8(ascii: ":")
            else { return false }
            index += 1
            guard let hours = readTwoDigits(), consume(UInt8(ascii: ":")), let minutes = readTwoDigits() else {
                return false
            }
            // Go accepts offsets up to 24 hours and 60 minutes inclusive.
            return hours <= 24 && minutes <= 60
        }

        static func daysIn(month: Int, year: Int) -> Int {
            switch month {
            case 2:
                let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
                return leap ? 29 : 28
            case 4, 6, 9, 11:
                return 30
            default:
                return 31
            }
        }
    }
}
