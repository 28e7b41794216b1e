import EtcdAPI

extension Command {
    /// `ketcd del`: etcdctl's del, printing the number of deleted keys.
    static let del = Command(
        ["del"], summary: "Removes the specified key or range of keys [key, range_end)",
        arguments: "[options] <key> [range_end]",
        flags: [
            .bool("from-key", usage: "delete keys that are greater than or equal to the given key using byte compare"),
            .bool("prefix", usage: "delete keys with matching prefix"),
            .bool("prev-kv", usage: "return deleted key-value pairs"),
            .bool("range", usage: "delete range of keys"),
        ]
    ) { context in
        let request = try deleteRequest(arguments: context.arguments, flags: context.flags)
        let response = try await context.client().deleteRange(request)
        try context.printer.printDelete(response)
    }

    /// Builds a delete request with etcdctl's argument rules and messages.
    static func deleteRequest(arguments: [String], flags: ParsedFlags) throws(CommandError) -> DeleteRangeRequest {
        guard !arguments.isEmpty, arguments.count <= 2 else {
            throw CommandError.badArguments("del command needs one argument as key and an optional argument as range_end")
        }
        let prefix = flags.bool("prefix")
        let fromKey = flags.bool("from-key")
        if prefix && fromKey {
            throw CommandError.badArguments("`--prefix` and `--from-key` cannot be set at the same time, choose one")
        }

        var range = RangeRequest(key: Array(arguments[0].utf8))
        if arguments.count > 1 {
            if prefix || fromKey {
                throw CommandError.badArguments("too many arguments, only accept one argument when `--prefix` or `--from-key` is set")
            }
            range.rangeEnd = Array(arguments[1].utf8)
        }
        GetOptions.applyRangeShape(to: &range, prefix: prefix, fromKey: fromKey)
        return DeleteRangeRequest(key: range.key, rangeEnd: range.rangeEnd, prevKV: flags.bool("prev-kv"))
    }
}
