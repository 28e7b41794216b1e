/// CBOR (RFC 8949) as kube-apiserver stores custom resources when the
/// CBORServingAndStorage feature gate is on: the self-described CBOR tag
/// (55799, bytes `d9 d9 f7`) followed by the object.
///
/// The encoder writes what k8s.io/apimachinery's CBOR serializer writes for an
/// unstructured object (its `modes.Encode` options): map keys sorted bytewise
/// by their encoded form (RFC 8949 core deterministic order), integers and
/// lengths in their shortest form, floats in the shortest of half, single and
/// double precision that keeps the value, strings as byte strings (major type
/// 2), definite lengths only, and NaN and infinities rejected.
///
/// The decoder reads any well-formed CBOR of that data model into the JSON the
/// API server serves for it: object keys sorted as Go's encoding/json sorts
/// map keys, integers in int64 range, floats as encoding/json prints them.
public enum CBOR {
    /// Tag 55799 (self-described CBOR), written in front of every stored object.
    public static let selfDescribedPrefix: [UInt8] = [0xD9, 0xD9, 0xF7]

    /// Decodes a stored CBOR value, with or without the self-described tag.
    public static func decode(_ bytes: [UInt8]) throws(CBORError) -> JSONValue {
        var reader = CBORReader(bytes: bytes)
        let value = try reader.readValue(depth: 0)
        guard reader.index == bytes.count else {
            throw CBORError(offset: reader.index, reason: "expected the end of the value, found \(bytes.count - reader.index) more bytes")
        }
        return value
    }

    /// Encodes `value` as kube-apiserver stores it, self-described tag first.
    public static func encode(_ value: JSONValue) throws(CBORError) -> [UInt8] {
        var writer = CBORWriter()
        writer.output = selfDescribedPrefix
        try writer.write(value, path: "")
        return writer.output
    }
}

/// Invalid CBOR input, or a JSON value that has no CBOR form in Kubernetes.
public struct CBORError: Error, CustomStringConvertible, Equatable {
    /// Byte offset of the problem in the input; nil for encoding errors.
    public var offset: Int?
    public var reason: String

    public init(offset: Int?, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        guard let offset else { return "cannot encode CBOR: \(reason)" }
        return "invalid CBOR at byte \(offset): \(reason)"
    }
}
