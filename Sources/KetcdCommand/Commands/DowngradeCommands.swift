import EtcdAPI
import EtcdClient

extension CommandGroup {
    static let downgrade = CommandGroup("downgrade", summary: "Downgrade related commands")
}

extension Command {
    /// `ketcd downgrade validate`: etcdctl 3.6's check that the cluster can downgrade to a version.
    static let downgradeValidate = downgradeCommand(
        "validate", summary: "Validate downgrade capability before starting downgrade", action: .validate)
    /// `ketcd downgrade enable`: etcdctl 3.6's start of a cluster downgrade.
    static let downgradeEnable = downgradeCommand(
        "enable", summary: "Start a downgrade action to cluster", action: .enable)
    /// `ketcd downgrade cancel`: etcdctl 3.6's cancel of an ongoing downgrade.
    static let downgradeCancel = downgradeCommand(
        "cancel", summary: "Cancel the ongoing downgrade action to cluster", action: .cancel)

    private static func downgradeCommand(_ name: String, summary: String, action: DowngradeRequest.Action) -> Command {
        Command(
            ["downgrade", name], summary: summary,
            arguments: action == .cancel ? "" : "<TARGET_VERSION>"
        ) { context in
            var version = ""
            if action != .cancel {
                guard let target = context.arguments.first else {
                    throw CommandError.badArguments("TARGET_VERSION not provided")
                }
                if context.arguments.count > 1 {
                    throw CommandError.badArguments("too many arguments")
                }
                if target.isEmpty {
                    throw CommandError.badArguments("target version not provided")
                }
                version = target
            }
            let response: DowngradeResponse
            do {
                response = try await context.client().downgrade(DowngradeRequest(action: action, version: version))
            } catch let error as EtcdClientError where error.code == .unimplemented {
                throw CommandError(.error, "the server does not implement downgrade (\(error.message)); downgrade needs etcd 3.5 or later on every member")
            }
            try context.printer.printDowngrade(response, action: name)
        }
    }
}

extension ResponsePrinter {
    /// Prints a downgrade response as etcdctl 3.6 does; `action` is `validate`, `enable` or `cancel`.
    func printDowngrade(_ response: DowngradeResponse, action: String) throws(CommandError) {
        switch format {
        case .simple:
            output.write("Downgrade \(action) success, cluster version \(response.version)\n")
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendJSONHeaderMember(response.header, to: &buffer)
                if !response.version.isEmpty {
                    GoJSON.appendRaw(",\"version\":", to: &buffer)
                    GoJSON.appendString(response.version, to: &buffer)
                }
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .fields:
            // NOTE: written like the other fields printers (%q for strings);
            // not compared with etcdctl 3.6, which is not installed here.
            output.append { buffer in
                appendFieldsHeader(response.header, to: &buffer)
                buffer.append(contentsOf: "\"Version\" : ".utf8)
                GoQuote.append(Array(response.version.utf8), to: &buffer)
                buffer.append(0x0a)
            }
        case .protobuf:
            output.write(response.serializedBytes())
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }
}
