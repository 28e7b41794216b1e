extension Command {
    /// `ketcd version`: the tool's version and the etcd API version it speaks,
    /// in etcdctl's two-line layout.
    static let version = Command(
        ["version"], summary: "Prints the version of ketcd", usesGlobalOptions: false
    ) { context in
        context.output.writeLine("ketcd version: \(HelpPrinter.version)")
        context.output.writeLine("API version: \(HelpPrinter.apiVersion)")
    }
}
