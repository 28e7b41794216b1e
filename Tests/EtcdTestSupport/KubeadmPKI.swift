import Foundation

/// A certificate tree laid out like kubeadm's, made by the openssl command:
/// `etc/kubernetes/pki/etcd/{ca,server,peer,healthcheck-client}` and
/// `etc/kubernetes/pki/apiserver-etcd-client`, RSA 2048 as kubeadm makes them.
/// Serving and peer certificates name localhost, 127.0.0.1 and ::1.
///
/// A second, unrelated CA (`untrusted/`) signs a client certificate that
/// etcd must reject, for the tests of rejected client certificates.
public struct KubeadmPKI: Sendable {
    /// The fake node root; certificates are under `etc/kubernetes/pki`.
    public let root: URL

    public var pkiDirectory: URL { root.appendingPathComponent("etc/kubernetes/pki") }
    public var etcdDirectory: URL { pkiDirectory.appendingPathComponent("etcd") }

    public var etcdCACertificate: String { etcdDirectory.appendingPathComponent("ca.crt").path }
    public var etcdCAKey: String { etcdDirectory.appendingPathComponent("ca.key").path }
    public var serverCertificate: String { etcdDirectory.appendingPathComponent("server.crt").path }
    public var serverKey: String { etcdDirectory.appendingPathComponent("server.key").path }
    public var peerCertificate: String { etcdDirectory.appendingPathComponent("peer.crt").path }
    public var peerKey: String { etcdDirectory.appendingPathComponent("peer.key").path }
    public var healthcheckClientCertificate: String { etcdDirectory.appendingPathComponent("healthcheck-client.crt").path }
    public var healthcheckClientKey: String { etcdDirectory.appendingPathComponent("healthcheck-client.key").path }
    public var apiserverClientCertificate: String { pkiDirectory.appendingPathComponent("apiserver-etcd-client.crt").path }
    public var apiserverClientKey: String { pkiDirectory.appendingPathComponent("apiserver-etcd-client.key").path }

    public var untrustedCACertificate: String { root.appendingPathComponent("untrusted/ca.crt").path }
    public var untrustedClientCertificate: String { root.appendingPathComponent("untrusted/client.crt").path }
    public var untrustedClientKey: String { root.appendingPathComponent("untrusted/client.key").path }

    /// Generates the tree under a new temporary root.
    public static func generate() throws -> KubeadmPKI {
        let pki = KubeadmPKI(root: try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-pki"))
        try pki.generateFiles()
        return pki
    }

    /// One tree shared by every test in the process, generated on first use.
    public static func shared() throws -> KubeadmPKI {
        try SharedPKI.instance.get()
    }

    private func generateFiles() throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: etcdDirectory, withIntermediateDirectories: true)
        try fileManager.createDirectory(at: root.appendingPathComponent("untrusted"), withIntermediateDirectories: true)

        try Self.makeCA(certificate: etcdCACertificate, key: etcdCAKey, commonName: "etcd-ca")

        let hostNames = "DNS:localhost,IP:127.0.0.1,IP:0:0:0:0:0:0:0:1"
        let serverAndClient = "serverAuth,clientAuth"
        try Self.makeLeaf(certificate: serverCertificate, key: serverKey, subject: "/CN=localhost",
                          usage: serverAndClient, alternativeNames: hostNames, caCertificate: etcdCACertificate, caKey: etcdCAKey)
        try Self.makeLeaf(certificate: peerCertificate, key: peerKey, subject: "/CN=localhost",
                          usage: serverAndClient, alternativeNames: hostNames, caCertificate: etcdCACertificate, caKey: etcdCAKey)
        try Self.makeLeaf(certificate: healthcheckClientCertificate, key: healthcheckClientKey,
                          subject: "/O=system:masters/CN=kube-etcd-healthcheck-client",
                          usage: "clientAuth", alternativeNames: nil, caCertificate: etcdCACertificate, caKey: etcdCAKey)
        try Self.makeLeaf(certificate: apiserverClientCertificate, key: apiserverClientKey,
                          subject: "/O=system:masters/CN=kube-apiserver-etcd-client",
                          usage: "clientAuth", alternativeNames: nil, caCertificate: etcdCACertificate, caKey: etcdCAKey)

        let untrustedCAKey = root.appendingPathComponent("untrusted/ca.key").path
        try Self.makeCA(certificate: untrustedCACertificate, key: untrustedCAKey, commonName: "untrusted-ca")
        try Self.makeLeaf(certificate: untrustedClientCertificate, key: untrustedClientKey,
                          subject: "/CN=untrusted-client", usage: "clientAuth", alternativeNames: nil,
                          caCertificate: untrustedCACertificate, caKey: untrustedCAKey)
    }

    private static func makeCA(certificate: String, key: String, commonName: String) throws {
        try openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
            "-days", "3650", "-subj", "/CN=\(commonName)",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
        ])
    }

    private static func makeLeaf(
        certificate: String, key: String, subject: String, usage: String,
        alternativeNames: String?, caCertificate: String, caKey: String
    ) throws {
        let request = certificate + ".csr"
        let extensions = certificate + ".ext"
        var extensionText = "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=\(usage)\n"
        if let alternativeNames {
            extensionText += "subjectAltName=\(alternativeNames)\n"
        }
        try extensionText.write(toFile: extensions, atomically: true, encoding: .utf8)

        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request, "-subj", subject])
        try openssl([
            "x509", "-req", "-in", request, "-CA", caCertificate, "-CAkey", caKey, "-CAcreateserial",
            "-out", certificate, "-days", "365", "-extfile", extensions,
        ])
        try? FileManager.default.removeItem(atPath: request)
        try? FileManager.default.removeItem(atPath: extensions)
    }

    private static func openssl(_ arguments: [String]) throws {
        let result = try ProcessRunner.run("/usr/bin/openssl", arguments)
        guard result.status == 0 else {
            throw TestSupportError("openssl \(arguments.first ?? "") failed: \(result.errorOutput)")
        }
    }
}

/// The process-wide PKI, made once.
private final class SharedPKI: @unchecked Sendable {
    // Safe: `cached` is only touched while holding `lock`.
    static let instance = SharedPKI()
    private let lock = NSLock()
    private var cached: KubeadmPKI?

    func get() throws -> KubeadmPKI {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let pki = try KubeadmPKI.generate()
        cached = pki
        return pki
    }
}

/// A failure of the test environment itself (a tool missing, a server that
/// did not start), as opposed to a failed expectation.
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
