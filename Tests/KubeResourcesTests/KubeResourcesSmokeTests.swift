import Testing
@testable import KubeResources

@Suite struct KubeResourcesSmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
