import Foundation

/// Locations of test inputs: the package root, Kubernetes' API sources and
/// the shared fixture directory.
enum TestPaths {
    static let packageRoot: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The k8s.io source tree: KETCD_K8S_SOURCE_DIR, else the one
    /// scripts/install-deps.sh unpacks under .deps.
    static var kubernetesSources: URL {
        if let directory = ProcessInfo.processInfo.environment["KETCD_K8S_SOURCE_DIR"], !directory.isEmpty {
            return URL(fileURLWithPath: directory)
        }
        return packageRoot.appendingPathComponent(".deps/trixie/usr/share/gocode/src/k8s.io")
    }

    /// The shared test-data directory: KETCD_SHARED_DIR, else the first
    /// `shared` directory beside the package root or one of its ancestors.
    static var shared: URL? {
        if let directory = ProcessInfo.processInfo.environment["KETCD_SHARED_DIR"], !directory.isEmpty {
            return URL(fileURLWithPath: directory)
        }
        var directory = packageRoot
        while directory.path != "/" {
            let candidate = directory.deletingLastPathComponent().appendingPathComponent("shared")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("fixtures").path) {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    static func read(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}
