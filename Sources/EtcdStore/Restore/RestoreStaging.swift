import Foundation

/// The directories a restore writes into, and the renames that put them in
/// place once every file is complete and synced.
///
/// A restore writes its files under hidden staging directories next to
/// their final place, so a failure or an interrupt leaves no partial data
/// directory behind.
/// - When the data directory does not exist, the staging directory is a
///   sibling `.<name>.ketcd-restore-<random>` that is renamed to it.
/// - When it exists and is empty (a mount point, say), the staging directory
///   is created inside it and its entries are renamed one level up.
/// - A `--wal-dir` outside the data directory gets a staging sibling of its
///   own, renamed just before the data directory's.
///
/// NOTE: a SIGKILL or power loss during the restore leaves the staging
/// directories (and parent directories the restore created) behind. The
/// hidden names make them easy to find, and they never look like a data
/// directory to etcd.
final class RestoreStaging: @unchecked Sendable {
    // Safe to share: `cancel` may run on a signal handler's queue while
    // `run` works, so every mutable property is guarded by `lock`.

    /// Final paths, absolute and normalized.
    let dataDirectory: String
    let walDirectory: String
    /// Staging paths of the data directory, its `member/snap` directory and
    /// the WAL directory.
    let stagedDataDirectory: String
    let stagedSnapDirectory: String
    let stagedWALDirectory: String

    private let dataDirectoryExists: Bool
    /// The staging sibling of a WAL directory outside the data directory.
    private let separateWALStaging: String?
    /// Parent directories that did not exist, outermost first.
    private let missingParents: [String]

    private let lock = NSLock()
    private var created = false
    /// The parent directories `create` made, outermost first.
    private var createdParents: [String] = []
    private var walPublished = false
    /// True once `publish` or `discard` ran; `published` is true after `publish`.
    private var finished = false
    private var published = false

    /// Checks that the target directories can be used, without creating
    /// anything yet.
    ///
    /// etcd's rules: the data directory must not exist or be empty, and a
    /// separate WAL directory must not exist.
    init(dataDirectory rawDataDirectory: String, walDirectory rawWALDirectory: String) throws(SnapshotRestoreError) {
        dataDirectory = RestoreStaging.absolute(rawDataDirectory)
        dataDirectoryExists = try RestoreStaging.checkDataDirectory(dataDirectory, shownAs: rawDataDirectory)

        let suffix = ".ketcd-restore-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let dataURL = URL(fileURLWithPath: dataDirectory)
        if dataDirectoryExists {
            stagedDataDirectory = dataURL.appendingPathComponent(suffix).path
        } else {
            stagedDataDirectory = dataURL.deletingLastPathComponent().appendingPathComponent("." + dataURL.lastPathComponent + suffix).path
        }
        stagedSnapDirectory = stagedDataDirectory + "/member/snap"

        var parents = RestoreStaging.missingAncestors(of: dataDirectory)
        if rawWALDirectory.isEmpty {
            walDirectory = dataDirectory + "/member/wal"
            stagedWALDirectory = stagedDataDirectory + "/member/wal"
            separateWALStaging = nil
        } else {
            walDirectory = RestoreStaging.absolute(rawWALDirectory)
            let suggestion = "pass a directory that does not exist yet, such as \(dataDirectory)/wal"
            guard walDirectory != dataDirectory else {
                throw SnapshotRestoreError(.invalidOptions, "--wal-dir \(rawWALDirectory.debugDescription) is the data directory itself; \(suggestion)")
            }
            // The restore creates these two itself, so etcdutl finds them not empty.
            for created in ["member", "member/snap"] where walDirectory == dataDirectory + "/" + created {
                throw SnapshotRestoreError(
                    .invalidOptions, "--wal-dir \(rawWALDirectory.debugDescription) is the data directory's \(created) directory; \(suggestion)")
            }
            guard !dataDirectory.hasPrefix(walDirectory + "/") else {
                throw SnapshotRestoreError(
                    .invalidOptions, "--data-dir \(rawDataDirectory.debugDescription) lies inside --wal-dir \(rawWALDirectory.debugDescription); pass a --wal-dir that does not contain the data directory")
            }
            // lstat, so that a symbolic link to a missing directory counts as existing.
            var status = stat()
            if lstat(walDirectory, &status) == 0 {
                throw SnapshotRestoreError(
                    .directoryInUse, "WAL directory \(rawWALDirectory.debugDescription) already exists; remove it or pass a --wal-dir that does not exist yet")
            }
            if walDirectory.hasPrefix(dataDirectory + "/") {
                stagedWALDirectory = stagedDataDirectory + walDirectory.dropFirst(dataDirectory.count)
                separateWALStaging = nil
            } else {
                let walURL = URL(fileURLWithPath: walDirectory)
                let staging = walURL.deletingLastPathComponent().appendingPathComponent("." + walURL.lastPathComponent + suffix).path
                stagedWALDirectory = staging
                separateWALStaging = staging
                for parent in RestoreStaging.missingAncestors(of: walDirectory) where !parents.contains(parent) {
                    parents.append(parent)
                }
            }
        }
        missingParents = parents.sorted { $0.count < $1.count }
    }

    /// Creates the staging directories with mode 0700, and any missing parent
    /// directories of the targets.
    func create() throws(SnapshotRestoreError) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else {
            throw SnapshotRestoreError(.fileSystem, "the restore was cancelled before it wrote anything")
        }
        created = true
        for parent in missingParents {
            try makeDirectory(parent)
            createdParents.append(parent)
        }
        try makeDirectory(stagedDataDirectory)
        try makeDirectory(stagedDataDirectory + "/member")
        try makeDirectory(stagedSnapDirectory)
        if let separateWALStaging {
            try makeDirectory(separateWALStaging)
        } else {
            // The WAL directory lies inside the data directory: create the
            // levels between them.
            var path = stagedDataDirectory
            for component in stagedWALDirectory.dropFirst(stagedDataDirectory.count + 1).split(separator: "/") {
                path += "/" + component
                if !FileManager.default.fileExists(atPath: path) {
                    try makeDirectory(path)
                }
            }
        }
    }

    /// Syncs the staging directories, renames them into place and syncs the
    /// directories that received them. Throws when `discard` ran first.
    func publish() throws(SnapshotRestoreError) {
        lock.lock()
        defer { lock.unlock() }
        guard created, !finished else {
            throw SnapshotRestoreError(.fileSystem, "the restore was cancelled before its files were put in place")
        }
        try syncTree(stagedDataDirectory)
        if let separateWALStaging {
            try syncTree(separateWALStaging)
            try rename(separateWALStaging, to: walDirectory)
            walPublished = true
            try syncDirectory(URL(fileURLWithPath: walDirectory).deletingLastPathComponent().path)
        }
        if dataDirectoryExists {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: stagedDataDirectory)) ?? []
            for entry in entries {
                try rename(stagedDataDirectory + "/" + entry, to: dataDirectory + "/" + entry)
            }
            guard rmdir(stagedDataDirectory) == 0 else {
                throw failure("remove the staging directory \(stagedDataDirectory)")
            }
            try syncDirectory(dataDirectory)
        } else {
            try rename(stagedDataDirectory, to: dataDirectory)
            try syncDirectory(URL(fileURLWithPath: dataDirectory).deletingLastPathComponent().path)
        }
        finished = true
        published = true
    }

    /// Removes the staging directories, a WAL directory already renamed into
    /// place, and the parent directories `create` made; called before
    /// `create`, it makes `create` fail. Does nothing and returns false once
    /// `publish` has succeeded. Safe to call from any thread, more than once.
    @discardableResult
    func discard() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return !published }
        finished = true
        guard created else { return true }
        try? FileManager.default.removeItem(atPath: stagedDataDirectory)
        if let separateWALStaging {
            try? FileManager.default.removeItem(atPath: separateWALStaging)
            if walPublished {
                try? FileManager.default.removeItem(atPath: walDirectory)
            }
        }
        for parent in createdParents.reversed() {
            rmdir(parent)
        }
        return true
    }

    // MARK: - Checks

    /// Returns whether the data directory exists; throws unless it is missing
    /// or an empty directory.
    private static func checkDataDirectory(_ path: String, shownAs name: String) throws(SnapshotRestoreError) -> Bool {
        // stat follows a symbolic link to a directory, as etcd does.
        var status = stat()
        guard stat(path, &status) == 0 else {
            let number = errno
            if number == ENOENT, let target = symbolicLinkTarget(path) {
                throw SnapshotRestoreError(
                    .directoryInUse,
                    "data directory \(name.debugDescription) is a symbolic link to \(target), which does not exist; create that directory or pass another --data-dir")
            }
            if number == ENOENT { return false }
            throw SnapshotRestoreError(.directoryInUse, "cannot read data directory \(name.debugDescription): \(String(cString: strerror(number)))")
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw SnapshotRestoreError(.directoryInUse, "data directory \(name.debugDescription) exists and is not a directory; pass a new or empty directory as --data-dir")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw SnapshotRestoreError(.directoryInUse, "cannot read data directory \(name.debugDescription): \(error.localizedDescription)")
        }
        guard entries.isEmpty else {
            throw SnapshotRestoreError(
                .directoryInUse,
                "data directory \(name.debugDescription) is not empty (it contains \(entries.sorted().prefix(3).joined(separator: ", "))); "
                    + "restore into a new or empty directory, and never over a member's data"
            )
        }
        return true
    }

    /// Returns the target of `path` when it is a symbolic link, else nil.
    private static func symbolicLinkTarget(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    /// Returns `path` as an absolute path resolved as the kernel (and etcd)
    /// resolve it. The longest existing prefix goes through realpath, so a
    /// `..` after a symbolic link leaves the link's target. The missing
    /// components after that prefix are joined with `.` and `..` applied.
    private static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let components = full.split(separator: "/").map(String.init)
        var existingCount = components.count
        var resolved: [String] = []
        while existingCount > 0 {
            if let real = realpath("/" + components[..<existingCount].joined(separator: "/"), nil) {
                resolved = String(cString: real).split(separator: "/").map(String.init)
                free(real)
                break
            }
            existingCount -= 1
        }
        for component in components[existingCount...] {
            switch component {
            case ".": continue
            case "..": _ = resolved.popLast()
            default: resolved.append(component)
            }
        }
        return "/" + resolved.joined(separator: "/")
    }

    /// Returns the ancestors of `path` that do not exist, outermost first.
    private static func missingAncestors(of path: String) -> [String] {
        var missing: [String] = []
        var url = URL(fileURLWithPath: path).deletingLastPathComponent()
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.path) {
            missing.insert(url.path, at: 0)
            url = url.deletingLastPathComponent()
        }
        return missing
    }

    // MARK: - File system calls

    private func makeDirectory(_ path: String) throws(SnapshotRestoreError) {
        guard mkdir(path, 0o700) == 0 else {
            throw failure("create directory \(path)")
        }
    }

    private func rename(_ source: String, to destination: String) throws(SnapshotRestoreError) {
        guard Foundation.rename(source, destination) == 0 else {
            throw failure("rename \(source) to \(destination)")
        }
    }

    private func syncTree(_ path: String) throws(SnapshotRestoreError) {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            throw SnapshotRestoreError(.fileSystem, "cannot list \(path) to sync it")
        }
        while let relative = enumerator.nextObject() as? String {
            let child = path + "/" + relative
            var status = stat()
            if lstat(child, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
                try syncDirectory(child)
            }
        }
        try syncDirectory(path)
    }

    private func syncDirectory(_ path: String) throws(SnapshotRestoreError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw failure("open directory \(path) to sync it")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw failure("sync directory \(path)")
        }
    }

    private func failure(_ action: String) -> SnapshotRestoreError {
        SnapshotRestoreError(.fileSystem, "cannot \(action): \(String(cString: strerror(errno)))")
    }
}
