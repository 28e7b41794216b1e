import Foundation

/// Locations of test inputs outside the package: the shared fixtures and
/// Kubernetes' API sources unpacked by scripts/install-deps.sh.
enum TestData {
    /// The package root, three levels above this file.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// KETCD_SHARED_DIR, or the nearest `shared` directory beside the package
    /// root or one of its ancestors.
    static let sharedDirectory: URL? = {
        if let path = ProcessInfo.processInfo.environment["KETCD_SHARED_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
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
    }()

    /// KETCD_K8S_SOURCE_DIR, or the Debian 13 sources under .deps.
    static let kubernetesSourceDirectory: URL = {
        if let path = ProcessInfo.processInfo.environment["KETCD_K8S_SOURCE_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.appendingPathComponent(".deps/trixie/usr/share/gocode/src/k8s.io")
    }()

    /// Every file under `directory` whose name ends in `suffix`, sorted by path.
    static func files(under directory: URL, suffix: String) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        var found: [URL] = []
        for case let url as URL in enumerator where url.lastPathComponent.hasSuffix(suffix) {
            found.append(url)
        }
        return found.sorted { $0.path < $1.path }
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}
