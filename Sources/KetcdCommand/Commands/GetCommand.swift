import EtcdAPI

extension Command {
    /// `ketcd get`: etcdctl 3.5's get, plus etcdctl 3.6's revision filters.
    static let get = Command(
        ["get"], summary: "Gets the key or a range of keys",
        arguments: "[options] <key> [range_end]",
        flags: [
            .string("consistency", default: "l", usage: "Linearizable(l) or Serializable(s)"),
            .bool("count-only", usage: "Get only the count"),
            .bool("from-key", usage: "Get keys that are greater than or equal to the given key using byte compare"),
            .bool("keys-only", usage: "Get only the keys"),
            .int("limit", usage: "Maximum number of results"),
            .int("max-create-rev", usage: "Maximum create revision"),
            .int("max-mod-rev", usage: "Maximum modification revision"),
            .int("min-create-rev", usage: "Minimum create revision"),
            .int("min-mod-rev", usage: "Minimum modification revision"),
            .string("order", usage: "Order of results; ASCEND or DESCEND (ASCEND by default)"),
            .bool("prefix", usage: "Get keys with matching prefix"),
            .bool("print-value-only", usage: "Only write values when using the \"simple\" output format"),
            .int("rev", usage: "Specify the kv revision"),
            .string("sort-by", usage: "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION"),
        ] + KubeGet.flags
    ) { context in
        // `get pods -n x`, `get deploy/web -o yaml`, `get KEY -o json`: kubectl
        // style, decoded. etcdhelper's flags: its decoded `get KEY`.
        if EtcdhelperStyle.isRequested(context) {
            try await EtcdhelperGet.run(context)
            return
        }
        if await KubeGet.isRequested(context) {
            try await KubeGet.run(context)
            return
        }
        let request = try GetOptions.rangeRequest(arguments: context.arguments, flags: context.flags)
        let countOnly = context.flags.bool("count-only")
        if countOnly && context.global.outputFormat != .fields {
            throw CommandError.badArguments("--count-only is only for `--write-out=fields`")
        }
        let valueOnly = context.flags.bool("print-value-only")
        if valueOnly && context.global.outputFormat != .simple {
            throw CommandError.badArguments("print-value-only is only for `--write-out=simple`")
        }

        let source = try await context.keyRangeSource()
        let response = try await source.range(request)
        try context.printer.printRange(response, valueOnly: valueOnly)
        if response.count == 0, let word = KubeGet.resourceLikeKey(context) {
            // etcdctl prints nothing for a missing key; a kubectl user who
            // mistyped a type name gets kubectl's message as a hint.
            context.errorOutput.writeLine("Warning: key \(goQuoted(word)) not found, and the server doesn't have a resource type \(goQuoted(word))")
        }
    }
}

/// Turns `get`'s arguments and flags into a range request with etcdctl's rules and messages.
enum GetOptions {
    static func rangeRequest(arguments: [String], flags: ParsedFlags) throws(CommandError) -> RangeRequest {
        guard let keyArgument = arguments.first else {
            throw CommandError.badArguments("get command needs one argument as key and an optional argument as range_end")
        }
        let prefix = flags.bool("prefix")
        let fromKey = flags.bool("from-key")
        if prefix && fromKey {
            throw CommandError.badArguments("`--prefix` and `--from-key` cannot be set at the same time, choose one")
        }

        var request = RangeRequest(key: Array(keyArgument.utf8))
        switch flags.string("consistency") {
        case "s": request.serializable = true
        case "l": break
        case let other: throw CommandError.badFeature("unknown consistency flag \(goQuoted(other))")
        }
        if arguments.count > 1 {
            if prefix || fromKey {
                throw CommandError.badArguments("too many arguments, only accept one argument when `--prefix` or `--from-key` is set")
            }
            request.rangeEnd = Array(arguments[1].utf8)
        }
        request.limit = flags.int("limit")
        if flags.int("rev") > 0 { request.revision = flags.int("rev") }

        let order: RangeRequest.SortOrder
        switch flags.string("order").uppercased() {
        case "ASCEND": order = .ascend
        case "DESCEND": order = .descend
        case "": order = .none
        default: throw CommandError.badFeature("bad sort order \(flags.string("order"))")
        }
        let target: RangeRequest.SortTarget
        switch flags.string("sort-by").uppercased() {
        case "CREATE": target = .create
        case "KEY", "": target = .key
        case "MODIFY": target = .mod
        case "VALUE": target = .value
        case "VERSION": target = .version
        default: throw CommandError.badFeature("bad sort target \(flags.string("sort-by"))")
        }
        // etcd returns keys in ascending key order anyway, so clientv3 sends that combination as "no sort".
        request.sortOrder = target == .key && order == .ascend ? .none : order
        request.sortTarget = target

        applyRangeShape(to: &request, prefix: prefix, fromKey: fromKey)
        request.keysOnly = flags.bool("keys-only")
        request.countOnly = flags.bool("count-only")
        request.minModRevision = flags.int("min-mod-rev")
        request.maxModRevision = flags.int("max-mod-rev")
        request.minCreateRevision = flags.int("min-create-rev")
        request.maxCreateRevision = flags.int("max-create-rev")
        return request
    }

    /// Sets the range end for `--prefix` or `--from-key` as clientv3 does: an
    /// empty key means the whole keyspace, starting at `\0`.
    static func applyRangeShape(to request: inout RangeRequest, prefix: Bool, fromKey: Bool) {
        if prefix {
            if request.key.isEmpty {
                request.key = [0]
                request.rangeEnd = [0]
            } else {
                request.rangeEnd = request.key.prefixRangeEnd
            }
        }
        if fromKey {
            if request.key.isEmpty { request.key = [0] }
            request.rangeEnd = [0]
        }
    }
}
