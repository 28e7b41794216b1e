import Foundation

/// Paths the tests need: the package root, etcd's binaries, the shared test
/// data and the built `ketcd` executable.
public enum TestEnvironment {
    /// The package root, found from this source file's location.
    public static let packageRoot: URL = {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // EtcdTestSupport
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
    }()

    /// Directory with etcd, etcdctl and etcdutl 3.5: `KETCD_ETCD_BIN_DIR`, or
    /// the copy that scripts/install-deps.sh unpacks under `.deps`.
    public static var etcdBinDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["KETCD_ETCD_BIN_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.appendingPathComponent(".deps/trixie/usr/bin")
    }

    public static var etcdPath: String { etcdBinDirectory.appendingPathComponent("etcd").path }
    public static var etcdctlPath: String { etcdBinDirectory.appendingPathComponent("etcdctl").path }
    public static var etcdutlPath: String { etcdBinDirectory.appendingPathComponent("etcdutl").path }

    /// Kubernetes' Go API sources (k8s.io/api, k8s.io/apimachinery):
    /// `KETCD_K8S_SOURCE_DIR`, or the copy under `.deps`. Nil when absent.
    public static var kubernetesSourceDirectory: URL? {
        let path = ProcessInfo.processInfo.environment["KETCD_K8S_SOURCE_DIR"]
            ?? packageRoot.appendingPathComponent(".deps/trixie/usr/share/gocode/src/k8s.io").path
        return FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
    }

    /// The shared test data directory: `KETCD_SHARED_DIR`, or the first
    /// directory named `shared` beside the package root or one of its parents.
    public static var sharedDirectory: URL? {
        if let path = ProcessInfo.processInfo.environment["KETCD_SHARED_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var directory = packageRoot
        while directory.path != "/" {
            let candidate = directory.deletingLastPathComponent().appendingPathComponent("shared")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("README.md").path) {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// The `ketcd` executable that `swift build` produced for this test run.
    public static var ketcdPath: String {
        if let path = ProcessInfo.processInfo.environment["KETCD_BINARY"], !path.isEmpty {
            return path
        }
        // The test runner sits in the same products directory as the executable.
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidate = runner.deletingLastPathComponent().appendingPathComponent("ketcd")
        if FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate.path
        }
        return packageRoot.appendingPathComponent(".build/debug/ketcd").path
    }

    /// A new empty directory under the system's temporary directory.
    public static func makeTemporaryDirectory(prefix: String = "ketcd-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
