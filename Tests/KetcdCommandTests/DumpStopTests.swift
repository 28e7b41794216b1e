import EtcdAPI
import EtcdClient
import EtcdTestSupport
import Foundation
import KubeCodec
import Testing

/// `ketcd dump` when etcd compacts its revision: the output of a dump that
/// stops cannot pass for a whole dump, and a dump that continues says in
/// its output that it spans two revisions.
@Suite struct DumpStopTests {
    static let keyCount = 400

    /// Starts a member holding `keyCount` values of 1000 bytes under `/blobs/`,
    /// about 550 kB of dump output: far more than a pipe and ketcd's output
    /// buffer take, so a dump whose output is not read blocks part way.
    func startServer() async throws -> (EtcdServer, EtcdClient) {
        let server = try EtcdServer.start()
        let client = try KubernetesFixtures.client(for: server)
        let value = [UInt8](repeating: UInt8(ascii: "x"), count: 1000)
        for index in 0..<Self.keyCount {
            _ = try await client.put(PutRequest(key: Array(String(format: "/blobs/%04d", index).utf8), value: value))
        }
        return (server, client)
    }

    struct DumpRun {
        var status: Int32
        var output: Data
        var errorOutput: String
    }

    /// Runs `ketcd dump`, reads the first byte of its output (so its revision
    /// is pinned and it is blocked on the full pipe), runs `meanwhile`, then
    /// reads the rest.
    func dumpWhile(_ server: EtcdServer, _ arguments: [String], meanwhile: () async throws -> Void) async throws -> DumpRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.ketcdPath)
        process.arguments = server.clientArguments + ["dump", "--page-size", "1"] + arguments
        let output = Pipe()
        let errorOutput = Pipe()
        process.standardOutput = output
        process.standardError = errorOutput
        try process.run()

        var collected = try output.fileHandleForReading.read(upToCount: 1) ?? Data()
        try await meanwhile()
        collected += try output.fileHandleForReading.readToEnd() ?? Data()
        let errors = try errorOutput.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        return DumpRun(status: process.terminationStatus, output: collected, errorOutput: String(decoding: errors, as: UTF8.self))
    }

    /// Writes a key outside the dump and compacts at its revision; returns that revision.
    func compactPastDump(_ client: EtcdClient) async throws -> Int64 {
        let put = try await client.put(PutRequest(key: Array("/other".utf8), value: [1]))
        _ = try await client.compact(CompactionRequest(revision: put.header.revision))
        return put.header.revision
    }

    @Test(arguments: ["json", "jsonl"])
    func stoppedDumpIsMarkedIncomplete(format: String) async throws {
        let (server, client) = try await startServer()
        defer { server.stop() }

        let run = try await dumpWhile(server, ["-o", format, "/blobs/"]) {
            _ = try await compactPastDump(client)
        }
        #expect(run.status == 1)
        #expect(run.errorOutput.contains("so its output is incomplete and must not be used as a dump"))
        #expect(run.errorOutput.contains("etcd compacted revision"))

        // The partial output is not a dump that save would take.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ketcd-dump-\(UUID().uuidString)").path
        try run.output.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let save = try server.ketcd(["save", "--dry-run", path])
        #expect(save.status == 1)
        #expect(save.output == "")
        if format == "json" {
            #expect(throws: (any Error).self) { try JSONParser.parse(Array(run.output)) }
        } else {
            let lastLine = String(decoding: run.output, as: UTF8.self).split(separator: "\n").last ?? ""
            #expect(lastLine.hasPrefix("{\"incomplete\":{\"keys_written\":"))
            #expect(save.errorOutput.contains("the dump is incomplete: it stopped after"))
        }
    }

    @Test func newerRevisionMarkedInOutput() async throws {
        let (server, client) = try await startServer()
        defer { server.stop() }

        var compactedAt: Int64 = 0
        let run = try await dumpWhile(server, ["--allow-newer-revision", "/blobs/"]) {
            compactedAt = try await compactPastDump(client)
        }
        #expect(run.status == 0)
        let elements = try JSONParser.parse(Array(run.output)).arrayValue ?? []
        #expect(elements.filter { $0["key"] != nil }.count == Self.keyCount)
        let headers = elements.compactMap { $0["header"] }
        #expect(headers.count == 1)
        let spans = headers.first?["spans_revisions"]?.arrayValue ?? []
        #expect(spans.count == 2)
        #expect(spans.last == .number(String(compactedAt)))

        // save skips the marker: every key is as the dump has it.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ketcd-dump-\(UUID().uuidString)").path
        try run.output.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let save = try server.ketcd(["save", "--dry-run", path])
        #expect(save.status == 0)
        #expect(save.output == "save: 0 would be created, 0 would be updated, \(Self.keyCount) unchanged\n")
    }

    @Test func compactedRevisionNamedBeforeDump() async throws {
        let (server, client) = try await startServer()
        defer { server.stop() }
        _ = try await compactPastDump(client)

        let dump = try server.ketcd(["dump", "--rev", "2", "/blobs/"])
        #expect(dump.status == 1)
        #expect(dump.errorOutput == "Error: dump of /blobs/ failed: etcd has compacted revision 2, so it can no longer be read; choose a newer --rev, or 0 for the current revision\n")
        #expect(!dump.errorOutput.contains("while it was being read"))
    }
}
