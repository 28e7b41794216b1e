import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading certificate files with the operating system's reason on failure.
enum FileReading {
    /// Certificate, key and kubeconfig files are a few kilobytes; anything
    /// larger than this is not one and is not read into memory.
    static let maxFileSize = 16 << 20

    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads a whole file with open(2) and read(2), so the error names the
    /// failing call and errno's text ("Permission denied").
    static func read(_ path: String) throws -> [UInt8] {
        // O_NONBLOCK keeps open(2) from waiting for a writer when the path is a FIFO.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw ReadError(description: "cannot open: \(errnoText())") }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(description: "cannot stat: \(errnoText())") }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw ReadError(description: "is a directory, not a certificate file") }
        if (status.st_mode & S_IFMT) != S_IFREG { throw ReadError(description: "is not a regular file") }
        if Int(status.st_size) > maxFileSize {
            throw ReadError(description: "\(status.st_size) bytes is larger than the \(maxFileSize >> 20) MiB a certificate file can be")
        }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(description: "cannot read: \(errnoText())")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maxFileSize {
                throw ReadError(description: "larger than the \(maxFileSize >> 20) MiB a certificate file can be")
            }
        }
        return bytes
    }

    /// Returns the path with symbolic links resolved, used to read each file once.
    static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Returns whether something is at `path`, counting a dangling symbolic link.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Directory entries sorted by name, or nil when the directory cannot be listed.
    static func list(_ directory: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

/// read(2), outside `FileReading` whose own `read` would shadow it.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
    read(descriptor, buffer.baseAddress, buffer.count)
}
