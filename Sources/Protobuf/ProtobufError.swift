/// A malformed protobuf input: what was expected and the byte offset where
/// reading stopped.
public struct ProtobufError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Offset of the first byte that could not be read, from the start of the
    /// buffer the reader was created over.
    public var offset: Int

    /// What the reader expected to find there.
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        "invalid protobuf at byte \(offset): \(reason)"
    }
}
