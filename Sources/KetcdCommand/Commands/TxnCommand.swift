import EtcdAPI
import EtcdClient
import Foundation

extension Command {
    /// `ketcd txn`: reads a transaction from standard input in etcdctl's
    /// syntax: compare lines, an empty line, success requests, an empty line,
    /// failure requests, an empty line. A compare reads
    /// `mod("key") > "5"` (targets `ver`/`version`, `c`/`create`, `m`/`mod`,
    /// `val`/`value`, `lease`; operators `=`, `!=`, `<`, `>`), and a request
    /// is a `get`, `put` or `del` command line with its flags.
    static let txn = Command(
        ["txn"], summary: "Txn processes all the requests in one transaction", arguments: "[options]",
        flags: [.bool("interactive", shorthand: "i", usage: "Input transaction in interactive mode")]
    ) { context in
        guard context.arguments.isEmpty else {
            throw CommandError.badArguments("txn command does not accept argument")
        }
        let interactive = context.flags.bool("interactive")

        let output = context.output
        func prompt(_ text: String) {
            guard interactive else { return }
            output.writeLine(text)
            output.flush()
        }
        prompt("compares:")
        var request = TxnRequest(compare: try TxnParser.readSection { try TxnParser.parseCompare($0) })
        prompt("success requests (get, put, del):")
        request.success = try TxnParser.readSection { try TxnParser.parseRequest($0) }
        prompt("failure requests (get, put, del):")
        request.failure = try TxnParser.readSection { try TxnParser.parseRequest($0) }

        let response = try await context.client().txn(request)
        try context.printer.printTxn(response)
    }
}

/// etcdctl's txn input syntax.
enum TxnParser {
    /// Reads lines of standard input up to the next empty one. The end of
    /// input before that empty line is an error, as in etcdctl (`Error: EOF`, exit 3).
    static func readSection<Element>(parse: (String) throws -> Element) throws -> [Element] {
        var elements: [Element] = []
        while true {
            guard let line = readLine(strippingNewline: true) else {
                throw CommandError(.invalidInput, "EOF")
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return elements }
            elements.append(try parse(trimmed))
        }
    }

    static func parseCompare(_ line: String) throws(CommandError) -> Compare {
        let malformed = CommandError(.invalidInput, "malformed comparison: \(line)")
        guard let open = line.firstIndex(of: "(") else { throw malformed }
        let target = String(line[..<open])
        var rest = Substring(line[line.index(after: open)...])
        guard let key = readQuoted(&rest) else { throw malformed }
        guard rest.hasPrefix(")") else { throw malformed }
        rest = rest.dropFirst().drop { $0 == " " }
        let operatorText = String(rest.prefix { $0 != " " })
        rest = rest.dropFirst(operatorText.count).drop { $0 == " " }
        guard let value = readQuoted(&rest), !operatorText.isEmpty else { throw malformed }

        let result: Compare.Result
        switch operatorText {
        case "=": result = .equal
        case "!=": result = .notEqual
        case "<": result = .less
        case ">": result = .greater
        default: throw CommandError(.invalidInput, "malformed comparison: \(line) (unknown operator \(operatorText))")
        }
        let invalid = CommandError(.invalidInput, "invalid txn compare request: \(line)")
        let operand: Compare.Operand
        switch target {
        case "ver", "version":
            guard let number = Int64(value) else { throw invalid }
            operand = .version(number)
        case "c", "create":
            guard let number = Int64(value) else { throw invalid }
            operand = .createRevision(number)
        case "m", "mod":
            guard let number = Int64(value) else { throw invalid }
            operand = .modRevision(number)
        case "val", "value":
            operand = .value(Array(value.utf8))
        case "lease":
            guard let number = Int64(value, radix: 16) else { throw invalid }
            operand = .lease(number)
        default:
            throw CommandError(.invalidInput, "malformed comparison: \(line) (unknown target \(target))")
        }
        return Compare(key: Array(key.utf8), result: result, operand: operand)
    }

    /// Parses a `get`, `put` or `del` line with the flags those commands take.
    static func parseRequest(_ line: String) throws(CommandError) -> RequestOp {
        let invalid = CommandError(.invalidInput, "invalid txn request: \(line)")
        let words = splitArguments(line)
        guard words.count >= 2 else {
            throw CommandError(.invalidInput, "invalid txn compare request: \(line)")
        }
        let command: Command
        switch words[0] {
        case "get": command = .get
        case "put": command = .put
        case "del": command = .del
        default: throw invalid
        }
        let parser = CommandLineParser(registry: CommandRegistry(globalFlags: []))
        do {
            let (flags, arguments) = try parser.parseFlags(Array(words.dropFirst()), definitions: command.flags + [CommandLineParser.helpFlag(for: words[0])])
            switch words[0] {
            case "get": return .range(try GetOptions.rangeRequest(arguments: arguments, flags: flags))
            case "put": return .put(try Command.putRequest(arguments: arguments, flags: flags) { [] })
            default: return .deleteRange(try Command.deleteRequest(arguments: arguments, flags: flags))
            }
        } catch {
            throw invalid
        }
    }

    /// Splits a request line into words as etcdctl does: `"..."` is a Go
    /// quoted string, `'...'` is taken literally, anything else splits at spaces.
    static func splitArguments(_ line: String) -> [String] {
        var words: [String] = []
        var rest = Substring(line)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let first = rest.first else { return words }
            if first == "\"", let quoted = readQuoted(&rest) {
                words.append(quoted)
            } else if first == "'", let close = rest.dropFirst().firstIndex(of: "'") {
                words.append(String(rest[rest.index(after: rest.startIndex)..<close]))
                rest = rest[rest.index(after: close)...]
            } else {
                let word = rest.prefix { $0 != " " && $0 != "\t" }
                words.append(String(word))
                rest = rest.dropFirst(word.count)
            }
        }
    }

    /// Reads a Go double-quoted string literal at the start of `text` and
    /// removes it; nil when there is none.
    static func readQuoted(_ text: inout Substring) -> String? {
        guard text.first == "\"" else { return nil }
        var bytes: [UInt8] = []
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" {
                text = text[text.index(after: index)...]
                return String(decoding: bytes, as: UTF8.self)
            }
            if character == "\\" {
                index = text.index(after: index)
                guard index < text.endIndex else { return nil }
                switch text[index] {
                case "n": bytes.append(0x0a)
                case "t": bytes.append(0x09)
                case "r": bytes.append(0x0d)
                case "\\": bytes.append(0x5c)
                case "\"": bytes.append(0x22)
                case "'": bytes.append(0x27)
                case "x":
                    let digits = text[text.index(after: index)...].prefix(2)
                    guard digits.count == 2, let byte = UInt8(digits, radix: 16) else { return nil }
                    bytes.append(byte)
                    index = text.index(index, offsetBy: 2)
                default: return nil
                }
            } else {
                bytes.append(contentsOf: String(character).utf8)
            }
            index = text.index(after: index)
        }
        return nil
    }
}
