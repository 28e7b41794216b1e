import Foundation

/// Number and duration formats of the Go libraries etcdctl prints with.
enum GoFormat {
    /// go-humanize's `Bytes`: SI units (1 kB = 1000 B), one decimal below 10,
    /// none from 10 up, such as `25 kB`, `4.2 MB` or `9 B`.
    static func humanizeBytes(_ size: UInt64) -> String {
        if size < 10 { return "\(size) B" }
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        let exponent = min(Int(floor(log(Double(size)) / log(1000))), units.count - 1)
        let scaled = Double(size) / pow(1000, Double(exponent))
        let value = floor(scaled * 10 + 0.5) / 10
        let format = value < 10 ? "%.1f %@" : "%.0f %@"
        return String(format: format, value, units[exponent])
    }

    /// Go's `time.Duration.String`: `0s`, `850ns`, `1.5µs`, `1.682163ms`,
    /// `2.5s`, `1m30s`, `1h0m0s`.
    static func durationString(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        let negative = total < 0
        var remaining = total.magnitude
        var text: String
        if remaining < 1_000_000_000 {
            switch remaining {
            case 0: return "0s"
            case ..<1_000: text = "\(remaining)ns"
            case ..<1_000_000: text = fraction(remaining, precision: 3) + "µs"
            default: text = fraction(remaining, precision: 6) + "ms"
            }
        } else {
            text = fraction(remaining % 60_000_000_000, precision: 9) + "s"
            remaining /= 60_000_000_000
            if remaining > 0 {
                text = "\(remaining % 60)m" + text
                remaining /= 60
                if remaining > 0 {
                    text = "\(remaining)h" + text
                }
            }
        }
        return negative ? "-" + text : text
    }

    /// `value / 10^precision` in decimal without trailing zeros, and without
    /// the point when the fraction is zero.
    private static func fraction(_ value: UInt64, precision: Int) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<precision { divisor *= 10 }
        let whole = value / divisor
        var digits = String(value % divisor)
        guard digits != "0" else { return "\(whole)" }
        digits = String(repeating: "0", count: precision - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}
