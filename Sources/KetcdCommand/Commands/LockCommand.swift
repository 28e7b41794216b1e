import EtcdAPI
import EtcdClient
import Foundation

extension Command {
    /// `ketcd lock`: etcdctl's lock, interoperable with it because both use
    /// etcd's mutex recipe on the same keys.
    static let lock = Command(
        ["lock"], summary: "Acquires a named lock",
        arguments: "<lockname> [exec-command arg1 arg2 ...]",
        description: """
            Once the lock is acquired, prints the holder key (<lockname>/<lease ID in hex>) and holds the lock until interrupted, then releases it.
            With a command, runs it while holding the lock, with ETCD_LOCK_KEY and ETCD_LOCK_REV set, releases the lock when it exits and exits with its status.
            """,
        flags: [
            .int("ttl", default: 10, usage: "timeout for session"),
        ]
    ) { context in
        guard let name = context.arguments.first else {
            throw CommandError.badArguments("lock takes a lock name argument and an optional command to execute")
        }
        let client = try context.clientWithoutCommandTimeout()
        let signals = InterruptSignals()
        let session = try await EtcdSession(client: client, ttl: context.flags.int("ttl"))
        let mutex = EtcdLock(session: session, name: name)

        let ownership: LockOwnership
        do {
            ownership = try await signals.cancellable { try await mutex.lock() }
        } catch {
            try? await session.close()
            throw error
        }

        let command = Array(context.arguments.dropFirst())
        if !command.isEmpty {
            context.output.flush()
            var commandError: CommandError?
            do {
                try ExternalCommand.run(command, extraEnvironment: [
                    "ETCD_LOCK_KEY": ownership.key,
                    "ETCD_LOCK_REV": String(ownership.header.revision),
                ])
            } catch let error as CommandError {
                commandError = error
            }
            try await mutex.unlock()
            try? await session.close()
            guard let commandError else { return }
            // etcdctl 3.5 exits with the command's own exit status.
            if let status = ExternalCommand.exitStatus(in: commandError), status > 0 {
                context.output.flush()
                context.errorOutput.writeLine("Error: \(commandError.message)")
                context.errorOutput.flush()
                exit(status)
            }
            throw commandError
        }

        let holder = try await client.range(RangeRequest(key: Array(ownership.key.utf8)))
        guard !holder.kvs.isEmpty else {
            throw CommandError(.error, "lock lost on init")
        }
        try context.printer.printRange(holder)
        context.output.flush()

        switch await signals.wait(orExpiryOf: session) {
        case .interrupted:
            try await mutex.unlock()
            try? await session.close()
        case .sessionExpired:
            throw CommandError(.error, "session expired")
        }
    }
}
