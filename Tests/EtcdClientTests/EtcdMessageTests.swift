import EtcdAPI
import Protobuf
import Testing

@Suite struct EtcdMessageTests {
    @Test func compareWritesZeroOperand() {
        let compare = Compare(key: Array("k".utf8), result: .equal, operand: .version(0))
        // key (field 3) then version (field 4) = 0, which proto3 writes because it is a oneof member.
        #expect(compare.serializedBytes() == [0x1a, 0x01, 0x6b, 0x20, 0x00])
    }

    @Test func requestOpWritesEmptyRequest() {
        #expect(RequestOp.range(RangeRequest()).serializedBytes() == [0x0a, 0x00])
    }

    @Test func txnRequestRoundTrip() throws {
        let request = TxnRequest(
            compare: [
                Compare(key: Array("a".utf8), rangeEnd: [0], result: .greater, operand: .modRevision(7)),
                Compare(key: Array("b".utf8), result: .notEqual, operand: .value(Array("x".utf8))),
            ],
            success: [
                .put(PutRequest(key: Array("a".utf8), value: Array("1".utf8), lease: 99, prevKV: true)),
                .txn(TxnRequest(compare: [], success: [.deleteRange(DeleteRangeRequest(key: Array("c".utf8)))])),
            ],
            failure: [.range(RangeRequest(key: Array("a".utf8), limit: 3))]
        )
        let decoded = try TxnRequest(serializedBytes: request.serializedBytes())
        #expect(decoded == request)
    }

    @Test func watchMessagesRoundTrip() throws {
        let create = WatchRequest.create(WatchCreateRequest(
            key: Array("/registry/".utf8), rangeEnd: Array("/registry0".utf8), startRevision: 12,
            progressNotify: true, filters: [.noDelete], prevKV: true))
        #expect(try WatchRequest(serializedBytes: create.serializedBytes()) == create)
        #expect(try WatchRequest(serializedBytes: WatchRequest.progress.serializedBytes()) == .progress)

        let response = WatchResponse(
            header: ResponseHeader(clusterID: 1, memberID: 2, revision: 30, raftTerm: 4),
            watchID: 5, events: [
                Event(type: .put, kv: KeyValue(key: Array("k".utf8), createRevision: 3, modRevision: 30, version: 2, value: [1, 2])),
                Event(type: .delete, kv: KeyValue(key: Array("k".utf8), modRevision: 31), prevKV: KeyValue(key: Array("k".utf8), version: 2)),
            ])
        let decoded = try WatchResponse(serializedBytes: response.serializedBytes())
        #expect(decoded == response)
        #expect(decoded.events[1].type.description == "DELETE")
        #expect(!decoded.isProgressNotify)
    }

    @Test func packedAndUnpackedFiltersDecode() throws {
        // filters (field 5) packed as [0, 1], then once more unpacked as 1.
        let bytes: [UInt8] = [0x2a, 0x02, 0x00, 0x01, 0x28, 0x01]
        let request = try WatchCreateRequest(serializedBytes: bytes)
        #expect(request.filters == [.noPut, .noDelete, .noDelete])
    }

    @Test func statusResponseSkipsUnknownFields() throws {
        var writer = ProtobufWriter()
        writer.writeStringField(2, "3.5.16")
        writer.writeVarintField(99, 7)
        writer.writeInt64Field(3, 20480)
        writer.writeStringField(8, "memberID:1 alarm:NOSPACE")
        let status = try StatusResponse(serializedBytes: writer.bytes)
        #expect(status.version == "3.5.16")
        #expect(status.dbSize == 20480)
        #expect(status.errors == ["memberID:1 alarm:NOSPACE"])
    }

    @Test func unknownEnumValueSurvives() throws {
        let alarm = AlarmMember(memberID: 9, alarm: AlarmType(rawValue: 7))
        let decoded = try AlarmMember(serializedBytes: alarm.serializedBytes())
        #expect(decoded.alarm.rawValue == 7)
        #expect(decoded.alarm.description == "7")
        #expect(AlarmType.noSpace.description == "NOSPACE")
    }

    @Test func truncatedMessageFails() {
        let bytes = PutResponse(header: ResponseHeader(revision: 5), prevKV: KeyValue(key: [1])).serializedBytes()
        #expect(bytes == [0x0a, 0x02, 0x18, 0x05, 0x12, 0x03, 0x0a, 0x01, 0x01])
        // A cut after byte 4 ends between the two fields, which is a valid message.
        for length in [1, 2, 3, 5, 6, 7, 8] {
            #expect(throws: ProtobufError.self) {
                _ = try PutResponse(serializedBytes: Array(bytes[0..<length]))
            }
        }
    }
}
