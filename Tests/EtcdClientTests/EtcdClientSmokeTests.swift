import Testing
@testable import EtcdClient

@Suite struct EtcdClientSmokeTests {
    @Test func grpcCoreLinked() {
        #expect(grpcCoreVersion().hasPrefix("29."))
    }
}

/// Durations in messages print as Go's time.Duration.String prints them,
/// because users type them in etcdctl's flag syntax.
@Suite struct GoDurationTextTests {
    @Test(arguments: [
        (Duration.zero, "0s"), (.nanoseconds(1), "1ns"), (.nanoseconds(1_500), "1.5µs"),
        (.milliseconds(500), "500ms"), (.microseconds(1_250), "1.25ms"), (.seconds(2), "2s"),
        (.milliseconds(2_500), "2.5s"), (.seconds(90), "1m30s"), (.seconds(3_600), "1h0m0s"),
        (.seconds(-1), "-1s"), (.nanoseconds(-3), "-3ns"),
    ])
    func goDescription(duration: Duration, text: String) {
        #expect(duration.goDescription == text)
    }
}
