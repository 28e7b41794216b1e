import Testing
@testable import Protobuf

@Suite struct ProtobufReaderTests {
    @Test func varintRoundTrip() throws {
        let values: [UInt64] = [0, 1, 127, 128, 300, 16_383, 16_384, UInt64(UInt32.max), UInt64.max]
        for value in values {
            var writer = ProtobufWriter()
            writer.writeVarint(value)
            #expect(writer.bytes.count == ProtobufWriter.varintSize(value))

            var reader = ProtobufReader(writer.bytes)
            #expect(try reader.readVarint() == value)
            #expect(reader.isAtEnd)
        }
    }

    @Test func varint300Bytes() {
        var writer = ProtobufWriter()
        writer.writeVarint(300)
        #expect(writer.bytes == [0xac, 0x02])
    }

    @Test func truncatedVarintNamesOffset() {
        var reader = ProtobufReader([0x08, 0x96])
        #expect(throws: ProtobufError(offset: 1, reason: "truncated varint")) {
            _ = try reader.readTag()
            _ = try reader.readVarint()
        }
    }

    @Test func overlongVarintRejected() {
        var reader = ProtobufReader(Array(repeating: 0xff, count: 11))
        #expect(throws: ProtobufError.self) { _ = try reader.readVarint() }
        #expect(reader.offset == 0)
    }

    @Test func lengthPastEndRejected() {
        var reader = ProtobufReader([0x0a, 0x05, 0x61])
        _ = try? reader.readTag()
        #expect(throws: ProtobufError(offset: 1, reason: "length 5 runs past the end of the input (1 bytes left)")) {
            _ = try reader.readLengthDelimited()
        }
    }

    @Test func nestedMessageLengthBackpatched() throws {
        let body = [UInt8](repeating: 0x41, count: 300)
        var writer = ProtobufWriter()
        writer.writeMessageField(2) { $0.writeBytesField(1, body) }
        writer.writeVarintField(3, 7)

        var reader = ProtobufReader(writer.bytes)
        #expect(try reader.readTag() == FieldTag(fieldNumber: 2, wireType: .lengthDelimited))
        var nested = try reader.readMessage()
        #expect(try nested.readTag() == FieldTag(fieldNumber: 1, wireType: .lengthDelimited))
        #expect(Array(try nested.readBytes()) == body)
        #expect(nested.isAtEnd)
        #expect(try reader.readTag() == FieldTag(fieldNumber: 3, wireType: .varint))
        #expect(try reader.readVarint() == 7)
    }

    @Test func zigzagAndFixedRoundTrip() throws {
        var writer = ProtobufWriter()
        writer.writeSInt64Field(1, -3)
        writer.writeFixed32Field(2, 0xdead_beef)
        writer.writeDoubleField(3, 2.5)

        var reader = ProtobufReader(writer.bytes)
        _ = try reader.readTag()
        #expect(try reader.readSInt64() == -3)
        _ = try reader.readTag()
        #expect(try reader.readFixed32() == 0xdead_beef)
        _ = try reader.readTag()
        #expect(try reader.readDouble() == 2.5)
    }

    @Test func skipGroupToEndTag() throws {
        // Field 1 group containing varint field 2, then varint field 3.
        var reader = ProtobufReader([0x0b, 0x10, 0x01, 0x0c, 0x18, 0x05])
        let group = try #require(try reader.readTag())
        try reader.skipField(group)
        #expect(try reader.readTag() == FieldTag(fieldNumber: 3, wireType: .varint))
        #expect(try reader.readVarint() == 5)
    }

    @Test func everyPrefixFailsCleanly() throws {
        var writer = ProtobufWriter()
        writer.writeStringField(1, "namespace")
        writer.writeMessageField(2) { $0.writeVarintField(1, 1_000_000) }
        let full = writer.bytes

        for length in 0..<full.count {
            var reader = ProtobufReader(Array(full[0..<length]))
            var failed = false
            do {
                while let tag = try reader.readTag() { try reader.skipField(tag) }
            } catch {
                failed = true
            }
            // A prefix either ends between fields or fails; it never crashes.
            let endsAtFieldBoundary = [0, 11].contains(length)
            #expect(failed != endsAtFieldBoundary, "prefix of \(length) bytes")
        }
    }
}
