#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered output to a file descriptor.
///
/// Bytes collect in memory and go out in `write(2)` calls of at least
/// `capacity` bytes, so printing 100,000 keys costs a few hundred system
/// calls, not one per line. The framework flushes standard output before the
/// process exits; commands call `flush()` only before blocking for a long
/// time (a watch) so that what they printed so far is visible.
public final class OutputWriter {
    private let fileDescriptor: Int32
    private let capacity: Int
    /// Bytes not yet written; internal so printers can append in place.
    var buffer: [UInt8]

    public init(fileDescriptor: Int32, capacity: Int = 1 << 16) {
        self.fileDescriptor = fileDescriptor
        self.capacity = capacity
        buffer = []
        buffer.reserveCapacity(min(capacity, 1 << 16))
    }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        flushIfFull()
    }

    /// Appends `bytes`, or writes them straight to the file descriptor
    /// after the buffered bytes when they alone fill the buffer, which
    /// saves copying the pages of large listings.
    public func write(_ bytes: [UInt8]) {
        guard bytes.count < capacity else {
            flush()
            bytes.withUnsafeBytes { writeAll($0) }
            return
        }
        buffer.append(contentsOf: bytes)
        flushIfFull()
    }

    public func write(_ bytes: ArraySlice<UInt8>) {
        buffer.append(contentsOf: bytes)
        flushIfFull()
    }

    public func writeLine(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        buffer.append(0x0a)
        flushIfFull()
    }

    public func writeLine(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0a)
        flushIfFull()
    }

    /// Appends through a closure that writes straight into the buffer, for
    /// printers that build output byte by byte.
    func append(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        flushIfFull()
    }

    @inline(__always)
    private func flushIfFull() {
        if buffer.count >= capacity { flush() }
    }

    /// Writes every buffered byte. A closed pipe ends the process through
    /// SIGPIPE, as it does for etcdctl; other write errors drop the output
    /// because there is nowhere left to report them.
    public func flush() {
        buffer.withUnsafeBytes { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ raw: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < raw.count {
            let written = systemWrite(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}

/// `write(2)`, under a name that does not clash with `OutputWriter.write`.
private func systemWrite(_ fileDescriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fileDescriptor, bytes, count)
    #else
    return Darwin.write(fileDescriptor, bytes, count)
    #endif
}
