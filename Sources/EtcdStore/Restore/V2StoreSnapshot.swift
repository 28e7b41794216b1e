/// The etcd v2 store that a restored member's snap file carries, as JSON.
///
/// etcd 3.5 still keeps its membership in a v2 store next to the bbolt
/// database, and `snapshot restore` saves a fresh one. It contains the
/// directories `/0` (cluster) and `/1` (keys) at index 0. Then each member,
/// in ascending id order, gets a create event of the key
/// `/0/members/<hex id>/raftAttributes` with the value `{"peerURLs":[…]}`.
/// Member *i* (counting from 1) is created at index *i*, and the
/// `/0/members` directory at index 1.
///
/// The JSON is Go's `encoding/json` output for etcd's store types: struct
/// fields in declaration order, map keys sorted by their bytes, and the
/// watcher hub's event history as a ring of 1000 slots, unused ones `null`.
struct V2StoreSnapshot {
    /// In ascending id order, which is the order etcd creates them in.
    let members: [RestoredMember]

    /// Capacity of etcd's v2 event history ring.
    static let eventHistoryCapacity = 1000
    /// Go's zero `time.Time`, which a permanent node has as its expiry.
    private static let permanent = "0001-01-01T00:00:00Z"

    var json: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(6000 + 900 * members.count)
        raw("{\"Root\":", &output)
        appendRoot(&output)
        raw(",\"WatcherHub\":{\"EventHistory\":", &output)
        appendEventHistory(&output)
        raw("},\"CurrentIndex\":\(members.count),\"Stats\":", &output)
        appendStats(&output)
        raw(",\"CurrentVersion\":2}", &output)
        return output
    }

    // MARK: - Nodes

    /// A directory or a key: `{"Path","CreatedIndex","ModifiedIndex",
    /// "ExpireTime","Value","Children"}`, where a key's children are `null`.
    private enum Children {
        case key
        case directory((inout [UInt8]) -> Void)
    }

    private func appendNode(path: String, index: Int, value: [UInt8], children: Children, _ output: inout [UInt8]) {
        raw("{\"Path\":", &output)
        GoJSONString.append(path, to: &output)
        raw(",\"CreatedIndex\":\(index),\"ModifiedIndex\":\(index),\"ExpireTime\":\"\(V2StoreSnapshot.permanent)\",\"Value\":", &output)
        GoJSONString.append(String(decoding: value, as: UTF8.self), to: &output)
        raw(",\"Children\":", &output)
        switch children {
        case .key:
            raw("null", &output)
        case .directory(let appendChildren):
            output.append(UInt8(ascii: "{"))
            appendChildren(&output)
            output.append(UInt8(ascii: "}"))
        }
        output.append(UInt8(ascii: "}"))
    }

    private func appendRoot(_ output: inout [UInt8]) {
        appendNode(path: "/", index: 0, value: [], children: .directory { output in
            raw("\"0\":", &output)
            appendNode(path: "/0", index: 0, value: [], children: .directory { output in
                raw("\"members\":", &output)
                appendNode(path: "/0/members", index: 1, value: [], children: .directory(appendMemberDirectories), &output)
            }, &output)
            raw(",\"1\":", &output)
            appendNode(path: "/1", index: 0, value: [], children: .directory { _ in }, &output)
        }, &output)
    }

    /// Appends the member directories under `/0/members`, sorted by hex id as
    /// text (Go sorts map keys), each created at its member's position.
    private func appendMemberDirectories(_ output: inout [UInt8]) {
        let ordered = members.enumerated()
            .map { (index: $0.offset + 1, member: $0.element) }
            .sorted { $0.member.hexID.utf8.lexicographicallyPrecedes($1.member.hexID.utf8) }
        for (position, entry) in ordered.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            let directory = "/0/members/" + entry.member.hexID
            GoJSONString.append(entry.member.hexID, to: &output)
            output.append(UInt8(ascii: ":"))
            appendNode(path: directory, index: entry.index, value: [], children: .directory { output in
                raw("\"raftAttributes\":", &output)
                appendNode(path: directory + "/raftAttributes", index: entry.index, value: entry.member.raftAttributesJSON, children: .key, &output)
            }, &output)
        }
    }

    // MARK: - Event history

    /// `{"Queue":{"Events":[…],"Size","Front","Back","Capacity"},"StartIndex","LastIndex"}`,
    /// filled as etcd's ring fills: each create goes to slot `Back`, and once
    /// the ring is full the oldest event is dropped.
    private func appendEventHistory(_ output: inout [UInt8]) {
        let capacity = V2StoreSnapshot.eventHistoryCapacity
        var slots: [(index: Int, member: RestoredMember)?] = Array(repeating: nil, count: capacity)
        var front = 0
        var back = 0
        var size = 0
        for (offset, member) in members.enumerated() {
            slots[back] = (offset + 1, member)
            back = (back + 1) % capacity
            if size == capacity {
                front = (front + 1) % capacity
            } else {
                size += 1
            }
        }

        raw("{\"Queue\":{\"Events\":[", &output)
        for (position, slot) in slots.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            guard let slot else {
                raw("null", &output)
                continue
            }
            raw("{\"action\":\"create\",\"node\":{\"key\":", &output)
            GoJSONString.append("/0/members/\(slot.member.hexID)/raftAttributes", to: &output)
            raw(",\"value\":", &output)
            GoJSONString.append(String(decoding: slot.member.raftAttributesJSON, as: UTF8.self), to: &output)
            raw(",\"modifiedIndex\":\(slot.index),\"createdIndex\":\(slot.index)}}", &output)
        }
        let startIndex = slots[front]?.index ?? 0
        raw("],\"Size\":\(size),\"Front\":\(front),\"Back\":\(back),\"Capacity\":\(capacity)},", &output)
        raw("\"StartIndex\":\(startIndex),\"LastIndex\":\(members.count)}", &output)
    }

    /// Appends the store's operation counters: one successful create per member.
    private func appendStats(_ output: inout [UInt8]) {
        let counters: [(String, Int)] = [
            ("getsSuccess", 0), ("getsFail", 0), ("setsSuccess", 0), ("setsFail", 0),
            ("deleteSuccess", 0), ("deleteFail", 0), ("updateSuccess", 0), ("updateFail", 0),
            ("createSuccess", members.count), ("createFail", 0),
            ("compareAndSwapSuccess", 0), ("compareAndSwapFail", 0),
            ("compareAndDeleteSuccess", 0), ("compareAndDeleteFail", 0),
            ("expireCount", 0), ("watchers", 0),
        ]
        output.append(UInt8(ascii: "{"))
        for (position, counter) in counters.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            raw("\"\(counter.0)\":\(counter.1)", &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    private func raw(_ text: String, _ output: inout [UInt8]) {
        output.append(contentsOf: text.utf8)
    }
}
