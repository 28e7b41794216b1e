import EtcdAPI
import Foundation
import Testing
@testable import KetcdCommand

/// Formatting helpers checked against what Go (and so etcdctl 3.5.16) prints
/// for the same values.
@Suite struct OutputFormatTests {
    @Test(arguments: [
        ("a", "\"a\""),
        ("héllo \"q\" \\x01", "\"héllo \\\"q\\\" \\\\x01\""),
        ("\u{7f}\t\n", "\"\\x7f\\t\\n\""),
        ("\u{2028}<&>\u{a0}", "\"\\u2028<&>\\u00a0\""),
        ("日本", "\"日本\""),
        ("\u{1F600}", "\"\u{1F600}\""),
        ("\u{E000}", "\"\\ue000\""),
    ])
    func goQuote(text: String, expected: String) {
        #expect(GoQuote.quote(Array(text.utf8)) == expected)
    }

    @Test func goQuoteInvalidUTF8() {
        #expect(GoQuote.quote([0x76, 0x01, 0xff, 0xe2, 0x80, 0xa8, 0x0a]) == "\"v\\x01\\xff\\u2028\\n\"")
        #expect(GoQuote.quote([0xc0, 0x80]) == "\"\\xc0\\x80\"")
        #expect(GoQuote.quote([0xed, 0xa0, 0x80]) == "\"\\xed\\xa0\\x80\"")
        #expect(GoQuote.quote([0xe2, 0x80]) == "\"\\xe2\\x80\"")
    }

    @Test(arguments: [
        (Duration.zero, "0s"), (.nanoseconds(850), "850ns"), (.nanoseconds(1_500), "1.5µs"),
        (.nanoseconds(1_682_163), "1.682163ms"), (.milliseconds(2), "2ms"), (.milliseconds(2_500), "2.5s"),
        (.seconds(90), "1m30s"), (.seconds(3600), "1h0m0s"), (.seconds(120), "2m0s"),
    ])
    func goDurationString(duration: Duration, expected: String) {
        #expect(GoFormat.durationString(duration) == expected)
    }

    @Test(arguments: [
        (UInt64(0), "0 B"), (9, "9 B"), (20_480, "20 kB"), (24_576, "25 kB"), (49_152, "49 kB"),
        (4_200_000, "4.2 MB"), (1_000_000, "1.0 MB"), (568_000_000, "568 MB"),
    ])
    func humanizeBytes(size: UInt64, expected: String) {
        #expect(GoFormat.humanizeBytes(size) == expected)
    }

    @Test func base64MatchesFoundation() {
        for length in 0..<8 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 77 &+ 200) }
            var output: [UInt8] = []
            GoJSON.appendBase64(bytes, to: &output)
            #expect(String(decoding: output, as: UTF8.self) == Data(bytes).base64EncodedString(), "length \(length)")
        }
    }

    @Test func jsonStringEscapesLikeGo() {
        var output: [UInt8] = []
        GoJSON.appendString("a\"b\\<&>\u{01}\n\u{2028}é", to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "\"a\\\"b\\\\\\u003c\\u0026\\u003e\\u0001\\n\\u2028é\"")
    }

    /// etcdctl 3.5.16's `member list -w table` for a one-member cluster.
    @Test func memberTableLayout() {
        let table = TableWriter.render(
            header: ["ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER"],
            rows: [["bdae9bbc11dd390d", "started", "n1", "http://127.0.0.1:23801", "http://127.0.0.1:23791", "false"]]
        )
        #expect(table == """
            +------------------+---------+------+------------------------+------------------------+------------+
            |        ID        | STATUS  | NAME |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |
            +------------------+---------+------+------------------------+------------------------+------------+
            | bdae9bbc11dd390d | started |   n1 | http://127.0.0.1:23801 | http://127.0.0.1:23791 |      false |
            +------------------+---------+------+------------------------+------------------------+------------+

            """)
    }

    @Test func tableWrapsLongCellsAtSpaces() {
        let (lines, width) = TableWriter.wrap("etcdserver: mvcc: database space exceeded on member one")
        #expect(width == 30)
        #expect(lines.allSatisfy { $0.count <= 30 })
        #expect(lines.joined(separator: " ") == "etcdserver: mvcc: database space exceeded on member one")
        #expect(lines.count == 2)
    }
}
