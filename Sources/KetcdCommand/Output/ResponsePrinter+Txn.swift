import EtcdAPI

extension ResponsePrinter {
    /// Prints a transaction result as etcdctl 3.5 does: SUCCESS or FAILURE,
    /// then each request's response in its own format, one blank line before each.
    func printTxn(_ response: TxnResponse) throws(CommandError) {
        switch format {
        case .simple:
            output.writeLine(response.succeeded ? "SUCCESS" : "FAILURE")
            for operation in response.responses {
                output.writeLine("")
                switch operation {
                case .range(let range): try printRange(range)
                case .put(let put): try printPut(put)
                case .deleteRange(let delete): try printDelete(delete)
                case .txn: output.writeLine("unexpected response \(operation)")
                }
            }
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendJSONHeaderMember(response.header, to: &buffer)
                if response.succeeded { GoJSON.appendRaw(",\"succeeded\":true", to: &buffer) }
                if !response.responses.isEmpty { GoJSON.appendRaw(",\"responses\":[", to: &buffer) }
            }
            for (index, operation) in response.responses.enumerated() {
                if index > 0 { output.write(",") }
                try printTxnOperationJSON(operation)
            }
            output.write(response.responses.isEmpty ? "}\n" : "]}\n")
        case .fields:
            output.append { appendFieldsHeader(response.header, to: &$0) }
            output.writeLine("\"Succeeded\" : \(response.succeeded)")
            for operation in response.responses {
                switch operation {
                case .range(let range): try printRange(range)
                case .put(let put): try printPut(put)
                case .deleteRange(let delete): try printDelete(delete)
                case .txn: output.writeLine("\"Unknown\" : \(GoQuote.quote(Array("\(operation)".utf8)))")
                }
            }
        case .protobuf:
            output.write(response.serializedBytes())
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    /// One `ResponseOp` as Go's encoding/json writes a oneof: the member is
    /// wrapped in `{"Response":{"response_range":...}}`.
    private func printTxnOperationJSON(_ operation: ResponseOp) throws(CommandError) {
        // The nested printers end their object with a newline, which the
        // wrapper must not contain, so they print into a scratch writer.
        let scratch = OutputWriter(fileDescriptor: -1, capacity: Int.max)
        let nested = ResponsePrinter(format: .json, hex: hex, output: scratch)
        let name: String
        switch operation {
        case .range(let range):
            name = "response_range"
            try nested.printRange(range)
        case .put(let put):
            name = "response_put"
            try nested.printPut(put)
        case .deleteRange(let delete):
            name = "response_delete_range"
            try nested.printDelete(delete)
        case .txn(let txn):
            name = "response_txn"
            try nested.printTxn(txn)
        }
        output.write("{\"Response\":{\"\(name)\":")
        output.write(scratch.buffer.dropLast())
        output.write("}}")
    }
}
