import Foundation

/// A real etcd member started for a test on loopback, with free ports and
/// its own temporary data directory.
///
/// Call `stop()` when the test is done; deinit kills the process and removes
/// the data directory as a last resort.
public final class EtcdServer: @unchecked Sendable {
    // Safe: `process` is only touched while holding `lock`; everything else is immutable.

    /// How the member serves clients.
    public enum Security: Sendable {
        /// Plain HTTP/2 on the client port.
        case plaintext
        /// TLS with client certificate authentication, certificates from `pki`.
        case mutualTLS(KubeadmPKI)
    }

    public let name: String
    public let security: Security
    public let clientPort: Int
    public let peerPort: Int
    public let dataDirectory: URL
    /// etcd's log, for reading after a failure.
    public let logFile: URL
    let launchArguments: [String]

    private let lock = NSLock()
    private var process: Process?

    public var scheme: String {
        if case .mutualTLS = security { return "https" }
        return "http"
    }

    /// The client URL, for example `https://127.0.0.1:41234`.
    public var endpoint: String { "\(scheme)://127.0.0.1:\(clientPort)" }
    public var peerURL: String { "\(scheme)://127.0.0.1:\(peerPort)" }

    /// The member's bbolt database.
    public var databasePath: String { dataDirectory.appendingPathComponent("member/snap/db").path }

    /// The TLS flags etcdctl and ketcd need to reach this member as kube-apiserver
    /// does: `--cacert`, `--cert` and `--key`. Empty for plaintext.
    public var clientTLSArguments: [String] {
        guard case .mutualTLS(let pki) = security else { return [] }
        return [
            "--cacert=\(pki.etcdCACertificate)",
            "--cert=\(pki.apiserverClientCertificate)",
            "--key=\(pki.apiserverClientKey)",
        ]
    }

    /// `--endpoints` plus the TLS flags.
    public var clientArguments: [String] { ["--endpoints=\(endpoint)"] + clientTLSArguments }

    init(name: String, security: Security, clientPort: Int, peerPort: Int, dataDirectory: URL, initialCluster: String, clusterState: String) {
        self.name = name
        self.security = security
        self.clientPort = clientPort
        self.peerPort = peerPort
        self.dataDirectory = dataDirectory
        self.logFile = dataDirectory.deletingLastPathComponent().appendingPathComponent("\(name).log")

        let scheme: String
        if case .mutualTLS = security { scheme = "https" } else { scheme = "http" }
        var arguments = [
            "--name=\(name)",
            "--data-dir=\(dataDirectory.path)",
            "--listen-client-urls=\(scheme)://127.0.0.1:\(clientPort)",
            "--advertise-client-urls=\(scheme)://127.0.0.1:\(clientPort)",
            "--listen-peer-urls=\(scheme)://127.0.0.1:\(peerPort)",
            "--initial-advertise-peer-urls=\(scheme)://127.0.0.1:\(peerPort)",
            "--initial-cluster=\(initialCluster)",
            "--initial-cluster-state=\(clusterState)",
            "--initial-cluster-token=ketcd-test",
            "--log-level=warn",
        ]
        if case .mutualTLS(let pki) = security {
            arguments += [
                "--cert-file=\(pki.serverCertificate)",
                "--key-file=\(pki.serverKey)",
                "--trusted-ca-file=\(pki.etcdCACertificate)",
                "--client-cert-auth=true",
                "--peer-cert-file=\(pki.peerCertificate)",
                "--peer-key-file=\(pki.peerKey)",
                "--peer-trusted-ca-file=\(pki.etcdCACertificate)",
                "--peer-client-cert-auth=true",
            ]
        }
        self.launchArguments = arguments
    }

    /// Starts a single-member cluster and waits until it serves requests.
    ///
    /// `extraClientURLs` are served besides the TCP endpoint, for example
    /// `unix:///tmp/x/etcd.sock`.
    public static func start(security: Security = .plaintext, extraArguments: [String] = [], extraClientURLs: [String] = []) throws -> EtcdServer {
        let root = try TestEnvironment.makeTemporaryDirectory(prefix: "ketcd-etcd")
        let clientPort = try PortAllocator.freePort()
        let peerPort = try PortAllocator.freePort()
        let scheme: String
        if case .mutualTLS = security { scheme = "https" } else { scheme = "http" }

        let server = EtcdServer(
            name: "default", security: security, clientPort: clientPort, peerPort: peerPort,
            dataDirectory: root.appendingPathComponent("default.etcd"),
            initialCluster: "default=\(scheme)://127.0.0.1:\(peerPort)", clusterState: "new"
        )
        var arguments = extraArguments
        if !extraClientURLs.isEmpty {
            // etcd keeps the last --listen-client-urls, so this one repeats the TCP URL.
            let urls = ["\(scheme)://127.0.0.1:\(clientPort)"] + extraClientURLs
            arguments.append("--listen-client-urls=\(urls.joined(separator: ","))")
        }
        try server.launch(extraArguments: arguments)
        try server.waitUntilHealthy()
        return server
    }

    /// Starts etcd on an existing data directory, such as one that
    /// `snapshot restore` wrote for member `name` of `initialCluster`.
    /// It does not wait, because a member of a new multi-member cluster only
    /// serves once a quorum runs: call `waitUntilHealthy()` after launching
    /// them all. Plaintext only. `stop()` keeps the directory, and deinit
    /// removes the directory's parent, so give each member its own.
    public static func launch(
        existingDataDirectory: URL, name: String, clientPort: Int, peerPort: Int, initialCluster: String
    ) throws -> EtcdServer {
        let server = EtcdServer(
            name: name, security: .plaintext, clientPort: clientPort, peerPort: peerPort,
            dataDirectory: existingDataDirectory, initialCluster: initialCluster, clusterState: "new"
        )
        try server.launch()
        return server
    }

    /// Starts the etcd process without waiting for it.
    func launch(extraArguments: [String] = []) throws {
        lock.lock()
        defer { lock.unlock() }
        guard process == nil else { return }

        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logFile)
        log.seekToEndOfFile()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.etcdPath)
        process.arguments = launchArguments + extraArguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ETCD") }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    /// Restarts a stopped member on the same ports and data directory.
    public func restart() throws {
        try launch()
        try waitUntilHealthy()
    }

    /// Polls `etcdctl endpoint health` until the member answers, for up to `timeout` seconds.
    public func waitUntilHealthy(timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            guard isRunning else {
                throw TestSupportError("etcd \(name) exited during startup; log: \(logTail())")
            }
            let result = try etcdctl(["endpoint", "health", "--dial-timeout=1s", "--command-timeout=2s"])
            if result.status == 0 { return }
            // With auth enabled, etcdctl without a user gets this rejection,
            // which still shows the member is up and serving.
            if result.errorOutput.contains("etcdserver: user name is empty") { return }
            last = result.errorOutput
            usleep(100_000)
        }
        throw TestSupportError("etcd \(name) at \(endpoint) not healthy after \(timeout) s: \(last); log: \(logTail())")
    }

    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return process?.isRunning ?? false
    }

    /// Stops the member with SIGTERM and waits for it to exit. The data
    /// directory stays, so its database can be read or the member restarted.
    public func stop() {
        signal(SIGTERM)
    }

    /// Kills the member with SIGKILL, as a crash would.
    public func kill() {
        signal(SIGKILL)
    }

    private func signal(_ number: Int32) {
        lock.lock()
        let current = process
        process = nil
        lock.unlock()

        guard let current, current.isRunning else { return }
        Foundation.kill(current.processIdentifier, number)
        current.waitUntilExit()
    }

    /// Runs Debian's etcdctl against this member.
    public func etcdctl(_ arguments: [String], input: Data = Data(), environment: [String: String?] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(TestEnvironment.etcdctlPath, clientArguments + arguments, input: input, environment: environment)
    }

    /// Runs the ketcd binary under test against this member.
    public func ketcd(_ arguments: [String], input: Data = Data(), environment: [String: String?] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(TestEnvironment.ketcdPath, clientArguments + arguments, input: input, environment: environment)
    }

    func logTail() -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return String(text.suffix(2000))
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: dataDirectory.deletingLastPathComponent())
    }
}

/// Finds free TCP ports on 127.0.0.1.
public enum PortAllocator {
    /// Returns a port that was free a moment ago: the kernel picks it for a
    /// socket bound to port 0, which is then closed. Another process could
    /// take it before etcd binds it; the tests accept that small race.
    public static func freePort() throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw TestSupportError("socket() failed: errno \(errno)") }
        defer { close(socketDescriptor) }

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)

        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, length) }
        }
        guard bound == 0 else { throw TestSupportError("bind() to 127.0.0.1:0 failed: errno \(errno)") }

        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
        }
        guard named == 0 else { throw TestSupportError("getsockname() failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
