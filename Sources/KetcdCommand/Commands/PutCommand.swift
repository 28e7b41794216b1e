import EtcdAPI

extension Command {
    /// `ketcd put`: etcdctl's put; the value comes from the second argument or standard input.
    static let put = Command(
        ["put"], summary: "Puts the given key into the store",
        arguments: "[options] <key> <value> (<value> can also be given from stdin)",
        description: """
            Puts the given key into the store.

            When <value> begins with '-', <value> is interpreted as a flag.
            Insert '--' for workaround:

            $ put <key> -- <value>
            $ put -- <key> <value>

            If <value> isn't given as a command line argument and '--ignore-value' is not specified,
            this command tries to read the value from standard input.

            If <lease> isn't given as a command line argument and '--ignore-lease' is not specified,
            this command tries to read the value from standard input.

            For example,
            $ cat file | put <key>
            will store the content of the file to <key>.
            """,
        flags: [
            .bool("ignore-lease", usage: "updates the key using its current lease"),
            .bool("ignore-value", usage: "updates the key using its current value"),
            .string("lease", default: "0", usage: "lease ID (in hexadecimal) to attach to the key"),
            .bool("prev-kv", usage: "return the previous key-value pair before modification"),
        ]
    ) { context in
        let request = try putRequest(arguments: context.arguments, flags: context.flags) {
            try context.readStandardInput()
        }
        let response = try await context.client().put(request)
        try context.printer.printPut(response)
    }

    /// Builds a put request with etcdctl's argument rules; `readValue`
    /// supplies the value when only the key is given.
    static func putRequest(arguments: [String], flags: ParsedFlags, readValue: () throws -> [UInt8]) throws -> PutRequest {
        guard let key = arguments.first else {
            throw CommandError.badArguments("put command needs 1 argument and input from stdin or 2 arguments")
        }
        let ignoreValue = flags.bool("ignore-value")
        if ignoreValue && arguments.count > 1 {
            throw CommandError.badArguments("put command needs only 1 argument when 'ignore-value' is set")
        }

        var request = PutRequest(key: Array(key.utf8))
        if !ignoreValue {
            if arguments.count > 1 {
                request.value = Array(arguments[1].utf8)
            } else {
                request.value = try readValue()
                if request.value.isEmpty {
                    throw CommandError.badArguments("put command needs 1 argument and input from stdin or 2 arguments")
                }
            }
        }
        request.lease = try parseLeaseID(flags.string("lease"))
        request.prevKV = flags.bool("prev-kv")
        request.ignoreValue = ignoreValue
        request.ignoreLease = flags.bool("ignore-lease")
        return request
    }

    /// Parses a lease ID written in hexadecimal, as etcdctl prints and reads them.
    static func parseLeaseID(_ text: String) throws(CommandError) -> Int64 {
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
        guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit), let magnitude = Int64(digits, radix: 16) else {
            let reason = !digits.isEmpty && digits.allSatisfy(\.isHexDigit) ? "value out of range" : "invalid syntax"
            throw CommandError.badArguments("bad lease ID (strconv.ParseInt: parsing \(goQuoted(text)): \(reason)), expecting ID in Hex")
        }
        return text.hasPrefix("-") ? -magnitude : magnitude
    }
}
