import Testing
@testable import EtcdClient

@Suite struct EtcdClientSmokeTests {
    @Test func grpcCoreLinked() {
        #expect(grpcCoreVersion().hasPrefix("29."))
    }
}
