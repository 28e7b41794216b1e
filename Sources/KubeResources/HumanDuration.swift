import Foundation

/// Ages as kubectl prints them in its AGE column: two significant units at
/// most, coarser as the age grows (`45s`, `5m30s`, `3h12m`, `5d3h`, `2y`).
public enum HumanDuration {
    /// Formats `seconds` with kubectl's rules (apimachinery's
    /// `duration.HumanDuration`). A clock up to one second behind counts as
    /// `0s`; anything earlier is `<invalid>`.
    public static func format(seconds: Int64) -> String {
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 * 2 { return "\(seconds)s" }

        let minutes = seconds / 60
        if minutes < 10 {
            let rest = seconds % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 60 * 3 { return "\(minutes)m" }

        let hours = seconds / 3600
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// The AGE of an RFC 3339 timestamp at `now`; `<unknown>` when the
    /// timestamp is missing or unreadable, as kubectl prints for a zero time.
    public static func age(of timestamp: String?, now: Date) -> String {
        guard let timestamp, let date = parseTimestamp(timestamp) else { return "<unknown>" }
        return format(seconds: Int64(now.timeIntervalSince(date).rounded(.down)))
    }

    /// Parses the API's RFC 3339 times, with or without fractional seconds.
    public static func parseTimestamp(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
