import Testing
@testable import Certificates

@Suite struct CertificatesSmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
