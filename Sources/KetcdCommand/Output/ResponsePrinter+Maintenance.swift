import EtcdAPI
import Protobuf

extension ResponsePrinter {
    /// Prints alarms. `hasHeader` is false for `alarm disarm`, whose
    /// response etcdctl assembles without a header.
    func printAlarms(_ response: AlarmResponse, hasHeader: Bool = true) throws(CommandError) {
        switch format {
        case .simple:
            for alarm in response.alarms {
                output.writeLine(Self.alarmText(alarm))
            }
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                var separator = false
                if hasHeader {
                    appendJSONHeaderMember(response.header, to: &buffer)
                    separator = true
                }
                if !response.alarms.isEmpty {
                    if separator { buffer.append(UInt8(ascii: ",")) }
                    GoJSON.appendRaw("\"alarms\":[", to: &buffer)
                    for (index, alarm) in response.alarms.enumerated() {
                        if index > 0 { buffer.append(UInt8(ascii: ",")) }
                        buffer.append(UInt8(ascii: "{"))
                        var members: [String] = []
                        if alarm.memberID != 0 { members.append("\"memberID\":\(alarm.memberID)") }
                        if alarm.alarm.rawValue != 0 { members.append("\"alarm\":\(alarm.alarm.rawValue)") }
                        buffer.append(contentsOf: members.joined(separator: ",").utf8)
                        buffer.append(UInt8(ascii: "}"))
                    }
                    buffer.append(UInt8(ascii: "]"))
                }
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .fields:
            output.append { buffer in
                // NOTE: etcdctl 3.5.16 crashes on `alarm disarm -w fields`
                // (its response has no header); ketcd prints the alarms only.
                if hasHeader { appendFieldsHeader(response.header, to: &buffer) }
                for alarm in response.alarms {
                    buffer.append(contentsOf: "\"MemberID\" : \(alarm.memberID)\n\"AlarmType\" : \(Self.alarmName(alarm.alarm))\n\n".utf8)
                }
            }
        case .protobuf:
            if hasHeader {
                output.write(response.serializedBytes())
            } else {
                // AlarmResponse field 2: the alarms, with no header field.
                var writer = ProtobufWriter()
                for alarm in response.alarms {
                    writer.writeMessageField(2, alarm)
                }
                output.write(writer.bytes)
            }
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    /// An alarm in gogo-protobuf's compact text form, trailing space included,
    /// as etcdctl's `%+v` prints it: `memberID:4089598808042306297 alarm:NOSPACE `.
    static func alarmText(_ alarm: AlarmMember) -> String {
        var text = ""
        if alarm.memberID != 0 { text += "memberID:\(alarm.memberID) " }
        if alarm.alarm.rawValue != 0 { text += "alarm:\(alarmName(alarm.alarm)) " }
        return text
    }

    static func alarmName(_ type: AlarmType) -> String {
        AlarmType.names[type.rawValue] ?? String(type.rawValue)
    }

    /// Prints a move-leader result. etcd's response to a transfer carries no
    /// header, so JSON and protobuf show an empty message, and etcdctl has no
    /// fields layout for it.
    func printMoveLeader(from leader: UInt64, to target: UInt64, _ response: MoveLeaderResponse) throws(CommandError) {
        let hasHeader = response.header != ResponseHeader()
        switch format {
        case .simple:
            output.writeLine("Leadership transferred from \(String(leader, radix: 16)) to \(String(target, radix: 16))")
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                if hasHeader { appendJSONHeaderMember(response.header, to: &buffer) }
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .fields:
            throw CommandError.badFeature("fields not supported as output format")
        case .protobuf:
            if hasHeader { output.write(response.serializedBytes()) }
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }
}
