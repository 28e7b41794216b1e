import EtcdAPI
import EtcdClient
import Foundation
import Synchronization

extension CommandGroup {
    static let check = CommandGroup("check", summary: "commands for checking properties of the etcd cluster")
}

extension Command {
    /// `ketcd check perf`: etcdctl's write benchmark with its load levels
    /// and PASS/FAIL thresholds.
    static let checkPerf = Command(
        ["check", "perf"], summary: "Check the performance of the etcd cluster",
        arguments: "[options]",
        flags: [
            .bool("auto-compact", usage: "Compact storage with last revision after test is finished."),
            .bool("auto-defrag", usage: "Defragment storage after test is finished."),
            .string("load", default: "s", usage: "The performance check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)"),
            .string("prefix", default: "/etcdctl-check-perf/", usage: "The prefix for writing the performance check's keys."),
            Flag("duration", kind: .duration, default: "60s", usage: "How long the check writes (etcdctl always writes for 60s)", isHidden: true),
        ]
    ) { context in
        try await CheckRun(context: context).runPerf()
    }

    /// `ketcd check datascale`: etcdctl's memory check, which writes a load
    /// level's keys and reports the growth of the first endpoint's resident memory.
    static let checkDatascale = Command(
        ["check", "datascale"], summary: "Check the memory usage of holding data for different workloads on a given server endpoint.",
        arguments: "[options]",
        description: "If no endpoint is provided, localhost will be used. If multiple endpoints are provided, first endpoint will be used.",
        flags: [
            .bool("auto-compact", usage: "Compact storage with last revision after test is finished."),
            .bool("auto-defrag", usage: "Defragment storage after test is finished."),
            .string("load", default: "s", usage: "The datascale check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)"),
            .string("prefix", default: "/etcdctl-check-datascale/", usage: "The prefix for writing the datascale check's keys."),
            Flag("key-count", kind: .int, default: "0", usage: "Number of keys to write in place of the load level's (0: the level's)", isHidden: true),
        ]
    ) { context in
        try await CheckRun(context: context).runDatascale()
    }
}

/// The load levels of etcdctl 3.5's check commands.
enum CheckLoad {
    /// `check perf`: writes per second and concurrent clients, for 60 seconds.
    static let perf: [String: (rate: Int, clients: Int)] = [
        "s": (150, 50), "m": (1000, 200), "l": (8000, 500), "xl": (15000, 1000),
    ]
    /// `check datascale`: keys written and concurrent clients.
    static let datascale: [String: (keys: Int, clients: Int)] = [
        "s": (10_000, 50), "m": (100_000, 200), "l": (1_000_000, 500), "xl": (3_000_000, 1000),
    ]
    static let aliases = ["s": "s", "small": "s", "m": "m", "medium": "m", "l": "l", "large": "l", "xl": "xl", "xLarge": "xl"]
}

/// Latencies and errors of a load run: etcd's `report.Stats`, in seconds.
struct LoadStatistics {
    var latencies: [Double] = []
    var errors: [String: Int] = [:]
    var elapsed: Double = 0

    var requestsPerSecond: Double { elapsed > 0 ? Double(latencies.count) / elapsed : 0 }
    var slowest: Double { latencies.max() ?? 0 }

    var standardDeviation: Double {
        guard !latencies.isEmpty else { return 0 }
        let average = latencies.reduce(0, +) / Double(latencies.count)
        let variance = latencies.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(latencies.count)
        return variance.squareRoot()
    }
}

@MainActor
struct CheckRun {
    let context: CommandContext

    private func level() throws(CommandError) -> String {
        let load = context.flags.string("load")
        guard let level = CheckLoad.aliases[load] else {
            throw CommandError.badFeature("unknown load option \(load)")
        }
        return level
    }

    /// Fails when the prefix already contains keys, as etcdctl does, so the check never deletes data it did not write.
    private func requireEmptyPrefix(_ client: EtcdClient, prefix: String, quote: Bool) async throws {
        let prefixBytes = Array(prefix.utf8)
        let existing = try await client.range(RangeRequest(key: prefixBytes, rangeEnd: prefixBytes.prefixRangeEnd, limit: 1))
        if !existing.kvs.isEmpty {
            let command = quote ? "'etcdctl del --prefix \(prefix)'" : "etcdctl del --prefix \(prefix)"
            throw CommandError(.invalidInput, "prefix \(goQuoted(prefix)) has keys. Delete with \(command) first")
        }
    }

    func runPerf() async throws {
        let load = CheckLoad.perf[try level()]!
        let prefix = context.flags.string("prefix")
        let duration = context.flags.duration("duration")
        let client = try context.client()
        try await requireEmptyPrefix(client, prefix: prefix, quote: true)

        let seconds = Int(duration.components.seconds)
        let bar = ProgressBar(total: max(seconds, 1), output: context.output)
        let started = ContinuousClock.now
        let ticker = Task { @MainActor in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                if Task.isCancelled { break }
                bar.update(Int((ContinuousClock.now - started).components.seconds))
            }
        }
        let statistics = await LoadGenerator.run(
            client: client, prefix: prefix, keySize: 256, valueSize: 1024, clients: load.clients,
            rate: load.rate, duration: duration, count: nil)
        ticker.cancel()
        bar.finish()

        try await cleanUp(client, prefix: prefix)
        try await printVerdict(perf: statistics, rate: load.rate)
    }

    /// Deletes the check's keys, then compacts and defragments when asked.
    private func cleanUp(_ client: EtcdClient, prefix: String) async throws {
        let prefixBytes = Array(prefix.utf8)
        let deleted: DeleteRangeResponse
        do {
            deleted = try await client.deleteRange(DeleteRangeRequest(key: prefixBytes, rangeEnd: prefixBytes.prefixRangeEnd))
        } catch {
            context.output.writeLine("FAIL: Cleanup failed during key deletion: ERROR(\(error.message))")
            return
        }
        if context.flags.bool("auto-compact") {
            let revision = deleted.header.revision
            context.output.writeLine("Compacting with revision \(revision)")
            _ = try await client.compact(CompactionRequest(revision: revision, physical: true))
            context.output.writeLine("Compacted with revision \(revision)")
        }
        if context.flags.bool("auto-defrag") {
            for member in client.endpointClients() {
                let endpoint = member.endpoints[0].original
                context.output.writeLine("Defragmenting \(goQuoted(endpoint))")
                _ = try await member.defragment()
                context.output.writeLine("Defragmented \(goQuoted(endpoint))")
            }
        }
    }

    private func printErrors(_ statistics: LoadStatistics) -> Bool {
        guard !statistics.errors.isEmpty else { return true }
        context.output.writeLine("FAIL: too many errors")
        for (message, count) in statistics.errors.sorted(by: { $0.key < $1.key }) {
            context.output.writeLine("FAIL: ERROR(\(message)) -> \(count)")
        }
        return false
    }

    /// Prints etcdctl's verdict: throughput above 90 % of the rate, slowest
    /// request under 500 ms, and a standard deviation under 100 ms.
    private func printVerdict(perf statistics: LoadStatistics, rate: Int) async throws {
        var passed = printErrors(statistics)
        let throughput = Int(statistics.requestsPerSecond) + 1
        if statistics.requestsPerSecond / Double(rate) <= 0.9 {
            context.output.writeLine("FAIL: Throughput too low: \(throughput) writes/s")
            passed = false
        } else {
            context.output.writeLine("PASS: Throughput is \(throughput) writes/s")
        }
        if statistics.slowest > 0.5 {
            context.output.writeLine("Slowest request took too long: \(String(format: "%f", statistics.slowest))s")
            passed = false
        } else {
            context.output.writeLine("PASS: Slowest request took \(String(format: "%f", statistics.slowest))s")
        }
        if statistics.standardDeviation > 0.1 {
            context.output.writeLine("Stddev too high: \(String(format: "%f", statistics.standardDeviation))s")
            passed = false
        } else {
            context.output.writeLine("PASS: Stddev is \(String(format: "%f", statistics.standardDeviation))s")
        }
        if passed {
            context.output.writeLine("PASS")
        } else {
            context.output.writeLine("FAIL")
            throw CommandError.silent(.error)
        }
    }

    func runDatascale() async throws {
        let load = CheckLoad.datascale[try level()]!
        let keyCount = context.flags.int("key-count") > 0 ? Int(context.flags.int("key-count")) : load.keys
        let prefix = context.flags.string("prefix")
        let client = try context.client()
        let endpoint = context.global.endpoints.first ?? "127.0.0.1:2379"
        try await requireEmptyPrefix(client, prefix: prefix, quote: false)

        let metrics = MetricsReader(endpoint: endpoint, global: context.global)
        let before = metrics.residentMemoryBytes(output: context.output)
        guard before > 0 else {
            context.output.writeLine("FAIL: Could not read process_resident_memory_bytes before the put operations.")
            throw CommandError.silent(.error)
        }
        context.output.writeLine("Start data scale check for work load [\(load.keys) key-value pairs, \(load.keys == 3_000_000 ? 1000 : 1024) bytes per key-value, \(load.clients) concurrent clients].")
        context.output.flush()

        let bar = ProgressBar(total: keyCount, output: context.output)
        let statistics = await LoadGenerator.run(
            client: client, prefix: prefix, keySize: 512, valueSize: 512, clients: load.clients,
            rate: nil, duration: nil, count: keyCount) { done in
                Task { @MainActor in bar.update(done) }
            }
        bar.finish()

        let after = metrics.residentMemoryBytes(output: context.output)
        guard after > 0 else {
            context.output.writeLine("FAIL: Could not read process_resident_memory_bytes after the put operations.")
            throw CommandError.silent(.error)
        }
        let prefixBytes = Array(prefix.utf8)
        let deleted = try await client.deleteRange(DeleteRangeRequest(key: prefixBytes, rangeEnd: prefixBytes.prefixRangeEnd))
        if context.flags.bool("auto-compact") {
            let revision = deleted.header.revision
            context.output.writeLine("Compacting with revision \(revision)")
            _ = try await client.compact(CompactionRequest(revision: revision, physical: true))
            context.output.writeLine("Compacted with revision \(revision)")
        }
        if context.flags.bool("auto-defrag") {
            for member in client.endpointClients() {
                let endpoint = member.endpoints[0].original
                context.output.writeLine("Defragmenting \(goQuoted(endpoint))")
                _ = try await member.defragment()
                context.output.writeLine("Defragmented \(goQuoted(endpoint))")
            }
        }
        guard printErrors(statistics) else {
            context.output.writeLine("FAIL")
            throw CommandError.silent(.error)
        }
        let megabytes = (after - before) / Double(1024 * 1024)
        context.output.writeLine("PASS: Approximate system memory used : \(String(format: "%.2f", megabytes)) MB.")
    }
}

/// Writes keys under a prefix from many concurrent workers, at a fixed rate
/// for a duration (`check perf`) or as fast as possible up to a count
/// (`check datascale`), and collects each request's latency or error.
enum LoadGenerator {
    /// At most this many gRPC channels; the workers share them.
    /// NOTE: etcdctl opens one connection per client (up to 1000); ketcd
    /// caps the connections, not the concurrency.
    static let maxConnections = 16

    static func run(
        client: EtcdClient, prefix: String, keySize: Int, valueSize: Int, clients: Int,
        rate: Int?, duration: Duration?, count: Int?, progress: (@Sendable (Int) -> Void)? = nil
    ) async -> LoadStatistics {
        var connections: [EtcdClient] = [client]
        for _ in 1..<min(clients, maxConnections) {
            if let extra = try? EtcdClient(configuration: client.configuration) { connections.append(extra) }
        }
        let shared = SharedLoad()
        let value = [UInt8](repeating: 0, count: valueSize)
        let prefixBytes = Array(prefix.utf8)
        let clock = ContinuousClock()
        let start = clock.now

        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<clients {
                let connection = connections[worker % connections.count]
                group.addTask {
                    while true {
                        let index = shared.tickets.withLock { ticket in
                            defer { ticket += 1 }
                            return ticket
                        }
                        if let count, index >= count { return }
                        if let rate, let duration {
                            // A token bucket of one: request `index` may start at index / rate seconds.
                            let scheduled = start + .seconds(Double(index) / Double(rate))
                            if scheduled - start >= duration { return }
                            try? await Task.sleep(until: scheduled, clock: clock)
                        }
                        let key = prefixBytes + randomKey(size: keySize)
                        let requestStart = clock.now
                        var failure: String?
                        do {
                            _ = try await connection.put(PutRequest(key: key, value: value))
                        } catch {
                            failure = (error as? EtcdClientError)?.message ?? "\(error)"
                        }
                        let latency = clock.now - requestStart
                        let done = shared.statistics.withLock { statistics in
                            if let failure {
                                statistics.errors[failure, default: 0] += 1
                            } else {
                                statistics.latencies.append(Double(latency.components.seconds) + Double(latency.components.attoseconds) / 1e18)
                            }
                            return statistics.latencies.count + statistics.errors.values.reduce(0, +)
                        }
                        progress?(done)
                    }
                }
            }
        }
        let elapsed = clock.now - start
        var statistics = shared.statistics.withLock { $0 }
        statistics.elapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return statistics
    }

    /// The next request number and the results so far, shared by the workers.
    private final class SharedLoad: Sendable {
        let tickets = Mutex(0)
        let statistics = Mutex(LoadStatistics())
    }

    /// Returns a key as etcdctl builds it: Go's `binary.PutVarint` of a random
    /// non-negative Int63 at the start of `size` zero bytes.
    static func randomKey(size: Int) -> [UInt8] {
        var key = [UInt8](repeating: 0, count: size)
        // Zigzag encoding of a non-negative value is the value shifted left by one.
        var remaining = UInt64(Int64.random(in: 0..<Int64.max)) << 1
        var index = 0
        while remaining >= 0x80 && index < size {
            key[index] = UInt8(remaining & 0x7f) | 0x80
            remaining >>= 7
            index += 1
        }
        if index < size { key[index] = UInt8(remaining) }
        return key
    }
}

/// The progress bar etcdctl draws with cheggaaa/pb's "Bom !" format:
/// `\r <done> / <total>  <percent>% <time left>`, redrawn on standard output.
@MainActor
final class ProgressBar {
    private let total: Int
    private let output: OutputWriter
    private let started = ContinuousClock.now
    private var current = 0
    private var finished = false

    init(total: Int, output: OutputWriter) {
        self.total = total
        self.output = output
        draw()
    }

    /// Redraws with `value` done; ignored after `finish()`.
    func update(_ value: Int) {
        guard !finished else { return }
        current = min(value, total)
        draw()
    }

    /// Draws the full bar with the elapsed time, as pb does when it finishes.
    func finish() {
        finished = true
        current = total
        // pb prints the elapsed time rounded to whole seconds.
        let seconds = Int((ContinuousClock.now - started + .milliseconds(500)).components.seconds)
        var elapsed = "\(seconds % 60)s"
        if seconds >= 60 { elapsed = "\(seconds / 60 % 60)m" + elapsed }
        if seconds >= 3600 { elapsed = "\(seconds / 3600)h" + elapsed }
        output.write("\r \(total) / \(total)  100.00% \(elapsed)\n")
        output.flush()
    }

    private func draw() {
        var line = "\r \(current) / \(total)  " + String(format: "%6.2f%%", Double(current) * 100 / Double(max(total, 1)))
        if current > 0 && current < total {
            let elapsed = ContinuousClock.now - started
            let left = elapsed / current * (total - current)
            let seconds = Int(left.components.seconds)
            line += String(format: " %02dm%02ds", seconds / 60, seconds % 60)
        }
        output.write(line)
        output.flush()
    }
}

/// Reads `process_resident_memory_bytes` from an endpoint's `/metrics`, as
/// etcdctl's datascale check does, over plain HTTP or TLS with the client
/// certificate (server certificate not verified).
struct MetricsReader {
    let endpoint: String
    let global: GlobalOptions

    /// Returns the value, or 0 after printing etcdctl's fetch error line.
    func residentMemoryBytes(output: OutputWriter) -> Double {
        var url = endpoint
        if !url.hasPrefix("http://") && !url.hasPrefix("https://") {
            url = "http://" + url
        }
        url += "/metrics"
        let body: String
        do {
            body = try HTTPGet.fetch(url, certificateFile: global.certificateFile, keyFile: global.keyFile)
        } catch {
            output.writeLine("fetch error: \(error)")
            return 0
        }
        let name = "process_resident_memory_bytes"
        guard let line = body.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else {
            output.writeLine("could not find: \(name)")
            return 0
        }
        let text = line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        guard let value = Double(text) else {
            output.writeLine("parse error: \(text)")
            return 0
        }
        return value
    }
}
