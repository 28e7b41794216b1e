import Testing
@testable import KetcdCommand

@Suite struct KetcdCommandSmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
