import Testing
@testable import KubeCodec

@Suite struct KubeCodecSmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
