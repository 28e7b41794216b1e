import Foundation

/// Date and duration text of the certificate report.
public enum CertificateDateFormat {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats a date in the layout of `kubeadm certs check-expiration`: "Dec 30, 2027 23:36 UTC".
    /// Seconds are dropped, as kubeadm drops them.
    public static func display(_ date: Date) -> String {
        let parts = utcComponents(date)
        return months[parts.month - 1] + String(format: " %02d, %04d %02d:%02d UTC", parts.day, parts.year, parts.hour, parts.minute)
    }

    /// Formats a date as RFC 3339 in UTC with whole seconds: "2027-12-30T23:36:12Z".
    public static func rfc3339(_ date: Date) -> String {
        let parts = utcComponents(date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second)
    }

    /// Formats a duration in its largest whole unit, as kubeadm shows residual time:
    /// "45s", "59m", "23h", "364d", "9y". Negative durations are shown by magnitude.
    public static func duration(_ seconds: TimeInterval) -> String {
        let total = Int(abs(seconds).rounded(.down))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" }
        if total < 86_400 { return "\(total / 3600)h" }
        if total < 365 * 86_400 { return "\(total / 86_400)d" }
        return "\(total / (365 * 86_400))y"
    }

    /// Parses a duration such as "30d", "12h", "90m", "45s" or "1d12h" into
    /// seconds. A bare number is a number of days. Returns nil for anything else.
    public static func parseDuration(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if let days = Int(trimmed), days >= 0 { return TimeInterval(days) * 86_400 }

        let units: [Character: TimeInterval] = ["d": 86_400, "h": 3600, "m": 60, "s": 1]
        var total: TimeInterval = 0
        var digits = ""
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let unit = units[character], let value = Int(digits) {
                total += TimeInterval(value) * unit
                digits = ""
            } else {
                return nil
            }
        }
        return digits.isEmpty ? total : nil
    }

    private static func utcComponents(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (parts.year ?? 0, parts.month ?? 1, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
