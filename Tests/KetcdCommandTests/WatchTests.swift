import EtcdTestSupport
import Foundation
import Testing

/// `ketcd watch` against etcdctl 3.5 on the same server, and across member failures.
@Suite(.serialized) struct WatchTests {
    /// Writes a fixed history under `/w/` and returns the revision of its first write.
    private func writeHistory(_ server: EtcdServer) throws -> Int64 {
        let first = try server.etcdctl(["put", "/w/a", "1", "-w", "json"])
        try #require(first.status == 0)
        let revision = try #require(Self.headerRevision(first.output))
        for arguments in [["put", "/w/b", "two words"], ["del", "/w/a"], ["put", "/w/b", "\u{1}bin\u{ff}"], ["put", "/other", "x"], ["put", "/w/end", "marker"]] {
            try #require(try server.etcdctl(arguments).status == 0)
        }
        return revision
    }

    static func headerRevision(_ json: String) -> Int64? {
        guard let range = json.range(of: "\"revision\":") else { return nil }
        return Int64(json[range.upperBound...].prefix { $0.isNumber })
    }

    @Test func formatsMatchEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let revision = try writeHistory(server)
        // The marker key as each format prints it.
        let markers = ["simple": "/w/end", "json": Data("/w/end".utf8).base64EncodedString(), "fields": "\"/w/end\"", "protobuf": "/w/end"]

        for (format, marker) in markers.sorted(by: { $0.key < $1.key }) {
            for extra in [[], ["--prev-kv"], ["--hex"]] {
                let arguments = server.clientArguments + ["watch", "--prefix", "/w/", "--rev", String(revision), "-w", format] + extra
                let etcdctl = try BackgroundProcess.etcdctl(arguments)
                let ketcd = try BackgroundProcess.ketcd(arguments)
                // --hex changes only the simple format's keys and values.
                let expected = format == "simple" && extra == ["--hex"] ? "\\x2f\\x77\\x2f\\x65\\x6e\\x64" : marker
                #expect(etcdctl.waitFor(expected), "etcdctl \(format) \(extra)")
                #expect(ketcd.waitFor(expected), "ketcd \(format) \(extra)")
                etcdctl.stop()
                ketcd.stop()
                #expect(ketcd.output == etcdctl.output, "format \(format) \(extra): \(ketcd.text) vs \(etcdctl.text)")
            }
        }
    }

    @Test func rangeEndMatchesEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let revision = try writeHistory(server)
        let arguments = server.clientArguments + ["watch", "/w/a", "/w/c", "--rev", String(revision)]
        let etcdctl = try BackgroundProcess.etcdctl(arguments)
        let ketcd = try BackgroundProcess.ketcd(arguments)
        #expect(etcdctl.waitFor("bin"))
        #expect(ketcd.waitFor("bin"))
        etcdctl.stop()
        ketcd.stop()
        #expect(ketcd.text == etcdctl.text)
        #expect(ketcd.text.hasPrefix("PUT\n/w/a\n1\nPUT\n/w/b\ntwo words\nDELETE\n/w/a\n\n"))
    }

    @Test func execCommandEnvironmentMatchesEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let revision = try writeHistory(server)
        let script = "echo \"$ETCD_WATCH_REVISION $ETCD_WATCH_EVENT_TYPE $ETCD_WATCH_KEY $ETCD_WATCH_VALUE\""
        let arguments = server.clientArguments + ["watch", "--prefix", "/w/", "--rev", String(revision), "--", "sh", "-c", script]
        let etcdctl = try BackgroundProcess.etcdctl(arguments)
        let ketcd = try BackgroundProcess.ketcd(arguments)
        #expect(etcdctl.waitFor("\"/w/end\" \"marker\""))
        #expect(ketcd.waitFor("\"/w/end\" \"marker\""))
        etcdctl.stop()
        ketcd.stop()
        #expect(ketcd.text == etcdctl.text)
        #expect(ketcd.text.contains("\"DELETE\" \"/w/a\" \"\""))
        #expect(ketcd.text.contains("\"PUT\" \"/w/b\" \"\\x01binÿ\""))
    }

    @Test func environmentKeyMatchesEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let revision = try writeHistory(server)
        let arguments = server.clientArguments + ["watch", "--rev", String(revision)]
        let environment = ["ETCDCTL_WATCH_KEY": "/w/b", "ETCDCTL_WATCH_RANGE_END": "/w/f"]
        let etcdctl = try BackgroundProcess.etcdctl(arguments, environment: environment)
        let ketcd = try BackgroundProcess.ketcd(arguments, environment: environment)
        #expect(etcdctl.waitFor("marker"))
        #expect(ketcd.waitFor("marker"))
        etcdctl.stop()
        ketcd.stop()
        #expect(ketcd.text == etcdctl.text)
    }

    @Test func argumentErrorsMatchEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let cases: [(arguments: [String], environment: [String: String?])] = [
            (["watch"], [:]),
            (["watch", "a", "--"], [:]),
            (["watch", "a", "b", "--prefix"], [:]),
            (["watch", "a"], ["ETCDCTL_WATCH_KEY": "k"]),
            (["watch", "a", "--", "echo"], ["ETCDCTL_WATCH_KEY": "k"]),
            (["watch", "a"], ["ETCDCTL_WATCH_RANGE_END": "z"]),
        ]
        for testCase in cases {
            let etcdctl = try server.etcdctl(testCase.arguments, environment: testCase.environment)
            let ketcd = try server.ketcd(testCase.arguments, environment: testCase.environment)
            #expect(ketcd.status == etcdctl.status, "\(testCase.arguments) \(testCase.environment)")
            #expect(ketcd.errorOutput == etcdctl.errorOutput, "\(testCase.arguments) \(testCase.environment)")
        }
    }

    @Test func progressNotifyMatchesEtcdctl() throws {
        let server = try EtcdServer.start(extraArguments: ["--experimental-watch-progress-notify-interval=300ms"])
        defer { server.stop() }
        try #require(try server.etcdctl(["put", "/p/a", "1"]).status == 0)
        for format in ["simple", "json"] {
            let arguments = server.clientArguments + ["watch", "/p/", "--prefix", "--progress-notify", "-w", format]
            let etcdctl = try BackgroundProcess.etcdctl(arguments)
            let ketcd = try BackgroundProcess.ketcd(arguments)
            #expect(etcdctl.waitFor("progress notify: 2\n"))
            #expect(ketcd.waitFor("progress notify: 2\n"))
            etcdctl.stop()
            ketcd.stop()
            // Compare the first notification; how many arrive depends on timing.
            let first = { (text: String) in text.components(separatedBy: "progress notify: ").dropFirst().first ?? "" }
            #expect(first(ketcd.text) == first(etcdctl.text), "format \(format)")
            #expect(!first(ketcd.text).isEmpty)
        }
    }

    @Test func compactedRevisionEndsWatch() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let revision = try writeHistory(server)
        try #require(try server.etcdctl(["compact", String(revision + 2)]).status == 0)
        for format in ["simple", "json", "fields"] {
            let arguments = ["watch", "--prefix", "/w/", "--rev", String(revision), "-w", format]
            let etcdctl = try server.etcdctl(arguments)
            let ketcd = try server.ketcd(arguments)
            #expect(ketcd.status == 5)
            #expect(ketcd.status == etcdctl.status)
            #expect(ketcd.output == etcdctl.output, "format \(format)")
            #expect(ketcd.errorOutput == etcdctl.errorOutput)
            #expect(ketcd.errorOutput.contains("required revision has been compacted"))
        }
    }

    @Test func interactiveWatchAndProgress() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let revision = try writeHistory(server)
        let ketcd = try BackgroundProcess.ketcd(server.clientArguments + ["watch", "-i"])
        ketcd.send("watch --rev \(revision) --prefix /w/ -- sh -c 'echo exec $ETCD_WATCH_KEY'")
        #expect(ketcd.waitFor("exec \"/w/end\""))
        ketcd.send("bogus")
        #expect(ketcd.waitFor("Invalid command bogus (only support watch)"))
        ketcd.send("progress")
        #expect(ketcd.waitFor("progress notify: \(revision + 5)"))
        try #require(try server.etcdctl(["put", "/w/live", "v"]).status == 0)
        #expect(ketcd.waitFor("exec \"/w/live\""))
        ketcd.stop()
        #expect(ketcd.text.contains("PUT\n/w/live\nv\n"))
    }

    @Test func interactiveMatchesEtcdctl() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let revision = try writeHistory(server)
        let arguments = server.clientArguments + ["watch", "-i", "-w", "json"]
        let etcdctl = try BackgroundProcess.etcdctl(arguments)
        let ketcd = try BackgroundProcess.ketcd(arguments)
        for process in [etcdctl, ketcd] {
            process.send("watch /w/b /w/z --rev \(revision) --prev-kv")
        }
        let marker = Data("/w/end".utf8).base64EncodedString()
        #expect(etcdctl.waitFor(marker))
        #expect(ketcd.waitFor(marker))
        for process in [etcdctl, ketcd] {
            process.send("progress")
        }
        #expect(etcdctl.waitFor("progress notify: \(revision + 5)"))
        #expect(ketcd.waitFor("progress notify: \(revision + 5)"))
        etcdctl.stop()
        ketcd.stop()
        #expect(ketcd.text == etcdctl.text)
    }

    @Test func kubernetesYAMLEvents() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let key = "/registry/namespaces/demo"
        let value = #"{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"demo","uid":"7c4a0b5e-1111-2222-3333-444455556666","labels":{"team":"a"}},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}"#
        let put = try server.etcdctl(["put", key, value, "-w", "json"])
        let revision = try #require(Self.headerRevision(put.output))
        try #require(try server.etcdctl(["put", key, value.replacingOccurrences(of: "\"a\"", with: "\"b\"")]).status == 0)
        try #require(try server.etcdctl(["del", key]).status == 0)

        let ketcd = try BackgroundProcess.ketcd(server.clientArguments + ["watch", "/registry/namespaces/", "--prefix", "--rev", String(revision), "-o", "yaml"])
        #expect(ketcd.waitFor("type: DELETED"))
        ketcd.stop()
        let documents = ketcd.text.components(separatedBy: "---\n").filter { !$0.isEmpty }
        #expect(documents.count == 3)
        #expect(documents.first?.contains("type: ADDED") == true)
        #expect(documents.first?.contains("    name: demo\n") == true)
        #expect(documents.first?.contains("resourceVersion: \"\(revision)\"") == true)
        #expect(documents.dropFirst().first?.contains("type: MODIFIED") == true)
        #expect(documents.dropFirst().first?.contains("team: b") == true)
        #expect(documents.last?.contains("resourceVersion: \"\(revision + 2)\"") == true)
    }

    @Test func kubernetesJSONEvents() throws {
        let server = try EtcdServer.start()
        defer { server.stop() }
        let key = "/registry/namespaces/json-demo"
        let value = #"{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"json-demo"},"spec":{},"status":{"phase":"Active"}}"#
        let put = try server.etcdctl(["put", key, value, "-w", "json"])
        let revision = try #require(Self.headerRevision(put.output))
        try #require(try server.etcdctl(["put", "/registry/namespaces/not-kube", "plain text"]).status == 0)
        try #require(try server.etcdctl(["del", key]).status == 0)

        let ketcd = try BackgroundProcess.ketcd(server.clientArguments + ["watch", "/registry/namespaces/", "--prefix", "--rev", String(revision), "-o", "json"])
        #expect(ketcd.waitFor("\"DELETED\""))
        ketcd.stop()
        #expect(ketcd.text.contains("\"type\": \"ADDED\""))
        #expect(ketcd.text.contains("\"name\": \"json-demo\""))
        #expect(ketcd.text.contains("ketcd watch: /registry/namespaces/not-kube: ADDED at revision \(revision + 1), not a stored Kubernetes object"))
    }

    /// A watch on a 3-member cluster whose member is killed and restarted
    /// mid-stream prints every write exactly once, in order.
    @Test func watchSurvivesMemberRestart() throws {
        let cluster = try EtcdCluster.start()
        defer { cluster.stop() }
        let first = cluster.members[0]
        let others = cluster.members.dropFirst().map(\.endpoint).joined(separator: ",")
        func write(_ index: Int) throws {
            let key = String(format: "/seq/%04d", index)
            let etcdctl = TestEnvironment.etcdctlPath
            var result = try ProcessRunner.run(etcdctl, ["--endpoints=\(others)", "put", key, String(index)])

            // Right after the kill the survivors may still be electing a leader,
            // and etcd answers "request timed out, possibly due to previous
            // leader failure". The put may still have been applied, so it is
            // repeated only while the key is absent, for up to 10 s; writing it
            // twice would show up as a duplicate event.
            for _ in 0..<20 where result.status != 0 {
                usleep(500_000)
                let stored = try ProcessRunner.run(etcdctl, ["--endpoints=\(others)", "get", key, "--print-value-only"])
                if stored.status == 0 && stored.output == "\(index)\n" { return }
                if stored.status == 0 && stored.output.isEmpty {
                    result = try ProcessRunner.run(etcdctl, ["--endpoints=\(others)", "put", key, String(index)])
                }
            }
            try #require(result.status == 0, "put \(key): \(result.errorOutput)")
        }
        let start = try cluster.etcdctl(["put", "/seq/start", "0", "-w", "json"])
        let revision = try #require(Self.headerRevision(start.output))

        // The watch starts on the first endpoint, the member that is killed.
        let watch = try BackgroundProcess.ketcd(["--endpoints=\(cluster.endpoints)", "watch", "--prefix", "/seq/", "--rev", String(revision + 1)])
        for index in 1...20 { try write(index) }
        #expect(watch.waitFor("/seq/0020\n"))
        first.kill()
        for index in 21...40 { try write(index) }
        #expect(watch.waitFor("/seq/0040\n"))
        try first.restart()
        for index in 41...60 { try write(index) }
        #expect(watch.waitFor("/seq/0060\n"))
        watch.stop()

        let lines = watch.text.split(separator: "\n").map(String.init)
        let keys = lines.filter { $0.hasPrefix("/seq/") }
        #expect(keys == (1...60).map { String(format: "/seq/%04d", $0) })
        #expect(lines.filter { $0 == "PUT" }.count == 60)
    }
}
