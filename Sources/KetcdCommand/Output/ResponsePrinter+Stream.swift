import EtcdAPI

extension ResponsePrinter {
    /// Prints one watch response as etcdctl 3.5's `watch` prints it.
    ///
    /// JSON is Go's encoding of clientv3's `WatchResponse` struct, whose
    /// field names have no JSON tags (`"Header"`, `"Events"`); protobuf is
    /// `etcdserverpb.WatchResponse` without the watch ID.
    func printWatch(_ response: WatchResponse) throws(CommandError) {
        switch format {
        case .simple:
            for event in response.events {
                output.append { buffer in
                    buffer.append(contentsOf: Self.eventTypeName(event.type).utf8)
                    buffer.append(0x0a)
                    if let previous = event.prevKV {
                        appendSimple(previous, valueOnly: false, to: &buffer)
                    }
                    appendSimple(event.kv ?? KeyValue(), valueOnly: false, to: &buffer)
                }
            }
        case .json:
            output.append { buffer in
                GoJSON.appendRaw("{\"Header\":", to: &buffer)
                appendJSONHeaderObject(response.header, to: &buffer)
                // clientv3 always allocates the slice, so no events print as [] and never null.
                GoJSON.appendRaw(",\"Events\":[", to: &buffer)
                for (index, event) in response.events.enumerated() {
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    appendJSON(event, to: &buffer)
                }
                buffer.append(UInt8(ascii: "]"))
                GoJSON.appendRaw(",\"CompactRevision\":", to: &buffer)
                GoJSON.appendInteger(response.compactRevision, to: &buffer)
                buffer.append(contentsOf: ",\"Canceled\":\(response.canceled),\"Created\":\(response.created)}\n".utf8)
            }
        case .fields:
            output.append { buffer in
                appendFieldsHeader(response.header, to: &buffer)
                for event in response.events {
                    buffer.append(contentsOf: "\"Type\" : \(Self.eventTypeName(event.type))\n".utf8)
                    if let previous = event.prevKV {
                        appendFields(previous, prefix: "Prev", to: &buffer)
                    }
                    appendFields(event.kv ?? KeyValue(), prefix: "", to: &buffer)
                }
            }
        case .protobuf:
            let message = WatchResponse(
                header: response.header, created: response.created, canceled: response.canceled,
                compactRevision: response.compactRevision, events: response.events)
            output.write(message.serializedBytes())
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    /// `mvccpb.Event_EventType`'s name: `PUT` or `DELETE`.
    static func eventTypeName(_ type: Event.EventType) -> String {
        Event.EventType.names[type.rawValue] ?? String(type.rawValue)
    }

    /// Appends the header object with Go's `omitempty` rules, without a member name.
    func appendJSONHeaderObject(_ header: ResponseHeader, to buffer: inout [UInt8]) {
        var member: [UInt8] = []
        appendJSONHeaderMember(header, to: &member)
        // `appendJSONHeaderMember` writes `"header":{...}`; keep the object.
        buffer.append(contentsOf: member.dropFirst("\"header\":".utf8.count))
    }

    /// Appends one `mvccpb.Event`: `type` only for DELETE (PUT is the zero
    /// value that `omitempty` drops), then `kv` and `prev_kv`.
    private func appendJSON(_ event: Event, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "{"))
        var separator = false
        if event.type != .put {
            GoJSON.appendRaw("\"type\":", to: &buffer)
            GoJSON.appendInteger(event.type.rawValue, to: &buffer)
            separator = true
        }
        if let kv = event.kv {
            if separator { buffer.append(UInt8(ascii: ",")) }
            GoJSON.appendRaw("\"kv\":", to: &buffer)
            appendJSON(kv, to: &buffer)
            separator = true
        }
        if let previous = event.prevKV {
            if separator { buffer.append(UInt8(ascii: ",")) }
            GoJSON.appendRaw("\"prev_kv\":", to: &buffer)
            appendJSON(previous, to: &buffer)
        }
        buffer.append(UInt8(ascii: "}"))
    }
}
