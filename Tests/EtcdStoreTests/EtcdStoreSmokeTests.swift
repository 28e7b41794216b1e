import Testing
@testable import EtcdStore

@Suite struct EtcdStoreSmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
