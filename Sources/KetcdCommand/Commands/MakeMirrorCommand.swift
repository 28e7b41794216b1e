import EtcdAPI
import EtcdClient

extension Command {
    /// `ketcd make-mirror`: etcdctl's mirror of a key range into another
    /// cluster, with etcdctl 3.6's `--rev` and `--max-txn-ops`.
    static let makeMirror = Command(
        ["make-mirror"], summary: "Makes a mirror at the destination etcd cluster",
        arguments: "[options] <destination>",
        description: """
            Copies every key under the prefix as of one revision, then applies each later change in a transaction per revision, until interrupted. Every 30 seconds it prints the number of keys mirrored so far.
            """,
        flags: [
            .string("dest-cacert", usage: "Verify certificates of TLS enabled secure servers using this CA bundle"),
            .string("dest-cert", usage: "Identify secure client using this TLS certificate file for the destination cluster"),
            .bool("dest-insecure-transport", default: true, usage: "Disable transport security for client connections"),
            .string("dest-key", usage: "Identify secure client using this TLS key file"),
            .string("dest-password", usage: "Destination password for authentication (if this option is used, --user option shouldn't include password)"),
            .string("dest-prefix", usage: "destination prefix to mirror a prefix to a different prefix in the destination cluster"),
            .string("dest-user", usage: "Destination username[:password] for authentication (prompt if password is not supplied)"),
            .uint("max-txn-ops", default: 128, usage: "Maximum number of operations permitted in a transaction during syncing updates."),
            .bool("no-dest-prefix", usage: "mirror key-values to the root of the destination cluster"),
            .string("prefix", usage: "Key-value prefix to mirror"),
            .int("rev", usage: "Specify the kv revision to start to mirror"),
        ]
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("make-mirror takes one destination argument")
        }
        let flags = context.flags
        if flags.bool("no-dest-prefix") && !flags.string("dest-prefix").isEmpty {
            throw CommandError.badArguments("`--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one")
        }
        guard flags.uint("max-txn-ops") > 0 else {
            throw CommandError.badArguments("--max-txn-ops must be greater than 0")
        }
        guard flags.int("rev") >= 0 else {
            throw CommandError.badArguments("--rev must not be negative")
        }
        var mirror = Mirror(
            source: try context.client(),
            destination: try EtcdClient(configuration: try context.destinationConfiguration(endpoint: context.arguments[0])),
            prefix: flags.string("prefix"),
            destinationPrefix: flags.bool("no-dest-prefix") ? "" : (flags.string("dest-prefix").isEmpty ? flags.string("prefix") : flags.string("dest-prefix")),
            maxTxnOperations: Int(clamping: flags.uint("max-txn-ops")))

        let output = context.output
        let counter = Task { @MainActor [mirror] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(30))
                if Task.isCancelled { break }
                output.writeLine(String(mirror.progress.total))
                output.flush()
            }
        }
        defer { counter.cancel() }
        try await mirror.run(startRevision: flags.int("rev"))
    }
}

extension CommandContext {
    /// Builds the destination client configuration: the `--dest-*` TLS and login
    /// flags, with the global timeouts, as etcdctl builds it.
    fileprivate func destinationConfiguration(endpoint: String) throws -> EtcdClientConfiguration {
        let caFile = flags.string("dest-cacert"), certFile = flags.string("dest-cert"), keyFile = flags.string("dest-key")
        var tls: EtcdClientConfiguration.TLS?
        if !caFile.isEmpty || !certFile.isEmpty || !keyFile.isEmpty {
            tls = EtcdClientConfiguration.TLS(caFile: caFile.nonEmpty, certFile: certFile.nonEmpty, keyFile: keyFile.nonEmpty)
        }
        var user = flags.string("dest-user")
        var password = flags.string("dest-password")
        if let colon = user.firstIndex(of: ":") {
            password = String(user[user.index(after: colon)...])
            user = String(user[..<colon])
        } else if !user.isEmpty && password.isEmpty {
            password = try PasswordPrompt.read()
        }
        return EtcdClientConfiguration(
            endpoints: [endpoint],
            tls: tls,
            insecureTransport: flags.bool("dest-insecure-transport"),
            user: user.nonEmpty,
            password: user.isEmpty ? nil : password,
            dialTimeout: global.dialTimeout,
            commandTimeout: global.commandTimeout > .zero ? global.commandTimeout : nil,
            keepAliveTime: global.keepaliveTime,
            keepAliveTimeout: global.keepaliveTimeout
        )
    }
}

/// The mirror loop of etcdctl's make-mirror: a copy of the range at one
/// revision, then the watch's changes replayed in one transaction per
/// revision (split at `maxTxnOperations`).
struct Mirror {
    /// The number of keys put or deleted so far, which the 30-second report prints.
    @MainActor final class Progress {
        var total = 0
    }

    let source: EtcdClient
    let destination: EtcdClient
    let prefix: String
    let destinationPrefix: String
    let maxTxnOperations: Int
    let progress: Progress

    @MainActor
    init(source: EtcdClient, destination: EtcdClient, prefix: String, destinationPrefix: String, maxTxnOperations: Int) {
        self.source = source
        self.destination = destination
        self.prefix = prefix
        self.destinationPrefix = destinationPrefix
        self.maxTxnOperations = maxTxnOperations
        progress = Progress()
    }

    /// The range mirrored: the prefix, or every key when the prefix is empty.
    private var sourceRange: (key: [UInt8], end: [UInt8]) {
        prefix.isEmpty ? ([0], [0]) : (Array(prefix.utf8), Array(prefix.utf8).prefixRangeEnd)
    }

    /// Returns the destination key: the first occurrence of the prefix replaced, as
    /// Go's `strings.Replace(key, prefix, destPrefix, 1)` does (an empty
    /// prefix puts the destination prefix in front).
    func destinationKey(_ key: [UInt8]) -> [UInt8] {
        let prefixBytes = Array(prefix.utf8)
        guard !prefixBytes.isEmpty else { return Array(destinationPrefix.utf8) + key }
        guard let start = key.firstRange(of: prefixBytes) else { return key }
        var result = key
        result.replaceSubrange(start, with: Array(destinationPrefix.utf8))
        return result
    }

    /// Mirrors until the watch ends. `startRevision` 0 copies the range first;
    /// a later revision only replays changes from that revision on.
    @MainActor
    mutating func run(startRevision: Int64) async throws {
        var watchFrom = startRevision
        if startRevision == 0 {
            watchFrom = try await copyBase() + 1
        }
        let range = sourceRange
        let watch = source.watchEvents(WatchCreateRequest(key: range.key, rangeEnd: range.end, startRevision: watchFrom))
        for try await response in watch {
            if response.compactRevision != 0 {
                throw CommandError(.error, "etcdserver: mvcc: required revision has been compacted")
            }
            if response.canceled {
                throw CommandError(.error, WatchCommand.cancelReason(response))
            }
            try await replay(response.events)
        }
    }

    /// Copies every key of the range at the current revision, 1000 keys per
    /// read, and returns that revision.
    @MainActor
    private func copyBase() async throws -> Int64 {
        let range = sourceRange
        var request = RangeRequest(key: range.key, rangeEnd: range.end, limit: 1000)
        let first = try await source.range(request)
        request.revision = first.header.revision
        var page = first
        while true {
            for kv in page.kvs {
                _ = try await destination.put(PutRequest(key: destinationKey(kv.key), value: kv.value))
                progress.total += 1
            }
            guard page.more, let last = page.kvs.last else { break }
            request.key = last.key + [0]
            page = try await source.range(request)
        }
        return request.revision
    }

    /// Applies events in one transaction per revision, as etcdctl does, and
    /// starts a new transaction when one reaches `maxTxnOperations`.
    @MainActor
    private func replay(_ events: [Event]) async throws {
        var operations: [RequestOp] = []
        var lastRevision: Int64 = 0
        for event in events {
            guard let kv = event.kv else { continue }
            if (lastRevision != 0 && kv.modRevision > lastRevision) || operations.count >= maxTxnOperations {
                _ = try await destination.txn(TxnRequest(compare: [], success: operations))
                operations = []
            }
            lastRevision = kv.modRevision
            let key = destinationKey(kv.key)
            if event.type == .delete {
                operations.append(.deleteRange(DeleteRangeRequest(key: key)))
            } else {
                operations.append(.put(PutRequest(key: key, value: kv.value)))
            }
            progress.total += 1
        }
        if !operations.isEmpty {
            _ = try await destination.txn(TxnRequest(compare: [], success: operations))
        }
    }
}
