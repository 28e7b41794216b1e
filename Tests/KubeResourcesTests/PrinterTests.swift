import Foundation
import KubeCodec
import Testing
@testable import KubeResources

@Suite struct HumanDurationTests {
    @Test(arguments: [
        (-5, "<invalid>"), (-1, "0s"), (0, "0s"), (59, "59s"), (119, "119s"), (120, "2m"), (150, "2m30s"),
        (599, "9m59s"), (600, "10m"), (179 * 60, "179m"), (3 * 3600, "3h"), (3 * 3600 + 120, "3h2m"),
        (8 * 3600, "8h"), (47 * 3600, "47h"), (48 * 3600, "2d"), (5 * 86400 + 3 * 3600, "5d3h"),
        (8 * 86400, "8d"), (729 * 86400, "729d"), (730 * 86400, "2y"), (731 * 86400, "2y1d"),
        (8 * 365 * 86400, "8y"),
    ] as [(Int64, String)])
    func formatSeconds(seconds: Int64, expected: String) {
        #expect(HumanDuration.format(seconds: seconds) == expected)
    }

    @Test func ageOfTimestamp() {
        let now = HumanDuration.parseTimestamp("2023-02-07T16:53:04Z")!
        #expect(HumanDuration.age(of: "2023-02-02T13:53:04Z", now: now) == "5d3h")
        #expect(HumanDuration.age(of: nil, now: now) == "<unknown>")
        #expect(HumanDuration.age(of: "2023-02-07T16:52:04.123456Z", now: now) == "59s")
    }
}

@Suite struct TableWriterTests {
    @Test func columnsPaddedLikeTabwriter() {
        let table = TableWriter(rows: [["NAME", "STATUS", "AGE"], ["default", "Active", "5d3h"], ["a", "b", "c"]])
        #expect(table.render() == """
            NAME      STATUS   AGE
            default   Active   5d3h
            a         b        c

            """)
    }
}

@Suite struct ObjectColumnsTests {
    let now = HumanDuration.parseTimestamp("2024-01-01T12:00:00Z")!

    @Test func runningPodRow() throws {
        let pod = try parseTestJSON("""
            {"metadata":{"name":"web-1","creationTimestamp":"2024-01-01T11:00:00Z"},
             "spec":{"nodeName":"node-a","containers":[{"name":"a"},{"name":"b"}]},
             "status":{"phase":"Running","podIPs":[{"ip":"10.0.0.5"}],
                       "conditions":[{"type":"Ready","status":"True"}],
                       "containerStatuses":[
                         {"name":"a","ready":true,"restartCount":2,"state":{"running":{}},
                          "lastState":{"terminated":{"finishedAt":"2024-01-01T11:55:00Z"}}},
                         {"name":"b","ready":false,"restartCount":0,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}
            """)
        let columns = ObjectColumns.forResource(try ResourceCatalog().resolve("pods"))
        #expect(columns.header(wide: true) == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"])
        #expect(columns.row(for: pod, name: "web-1", wide: true, now: now)
            == ["web-1", "1/2", "CrashLoopBackOff", "2 (5m ago)", "60m", "10.0.0.5", "node-a", "<none>", "<none>"])
    }

    @Test func pendingAndTerminatingPods() throws {
        let initPod = try parseTestJSON("""
            {"metadata":{"name":"p","creationTimestamp":"2024-01-01T11:59:00Z"},
             "spec":{"initContainers":[{"name":"i1"},{"name":"i2"}],"containers":[{"name":"c"}]},
             "status":{"phase":"Pending","initContainerStatuses":[
               {"name":"i1","state":{"terminated":{"exitCode":0}}},{"name":"i2","state":{"running":{}}}]}}
            """)
        let terminating = try parseTestJSON("""
            {"metadata":{"name":"t","deletionTimestamp":"2024-01-01T11:59:00Z"},
             "spec":{"containers":[{"name":"c"}]},"status":{"phase":"Running"}}
            """)
        let columns = ObjectColumns.pods
        #expect(columns.row(for: initPod, name: "p", wide: false, now: now) == ["p", "0/1", "Init:1/2", "0", "60s"])
        #expect(columns.row(for: terminating, name: "t", wide: false, now: now) == ["t", "0/1", "Terminating", "0", "<unknown>"])
    }

    @Test func serviceDeploymentNodeRows() throws {
        let service = try parseTestJSON("""
            {"metadata":{"name":"web","creationTimestamp":"2023-12-30T12:00:00Z"},
             "spec":{"type":"NodePort","clusterIP":"10.96.0.10","selector":{"tier":"web","app":"shop"},
                     "ports":[{"port":80,"protocol":"TCP","nodePort":30080},{"port":53,"protocol":"UDP"}]}}
            """)
        #expect(ObjectColumns.services.row(for: service, name: "web", wide: true, now: now)
            == ["web", "NodePort", "10.96.0.10", "<none>", "80:30080/TCP,53/UDP", "2d", "app=shop,tier=web"])

        let balancer = try parseTestJSON(#"{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIP":"10.0.0.1"}}"#)
        #expect(ObjectColumns.services.row(for: balancer, name: "lb", wide: false, now: now)[3] == "<pending>")

        let deployment = try parseTestJSON("""
            {"metadata":{"name":"web","creationTimestamp":"2024-01-01T09:30:00Z"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"},{"name":"log","image":"busybox"}]}}},
             "status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}
            """)
        #expect(ObjectColumns.deployments.row(for: deployment, name: "web", wide: true, now: now)
            == ["web", "2/3", "3", "2", "150m", "nginx,log", "nginx:1.25,busybox", "app=web"])

        let node = try parseTestJSON("""
            {"metadata":{"name":"cp-1","creationTimestamp":"2022-01-01T12:00:00Z",
                         "labels":{"node-role.kubernetes.io/control-plane":"","node-role.kubernetes.io/master":""}},
             "spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"Ready","status":"True"}],
                       "addresses":[{"type":"InternalIP","address":"192.168.1.10"}],
                       "nodeInfo":{"kubeletVersion":"v1.29.1","osImage":"Debian GNU/Linux 12","kernelVersion":"6.1.0","containerRuntimeVersion":"containerd://1.7.2"}}}
            """)
        #expect(ObjectColumns.nodes.row(for: node, name: "cp-1", wide: true, now: now)
            == ["cp-1", "Ready,SchedulingDisabled", "control-plane,master", "2y", "v1.29.1", "192.168.1.10", "<none>",
                "Debian GNU/Linux 12", "6.1.0", "containerd://1.7.2"])
    }
}

@Suite struct GoJSONTests {
    @Test func kubectlJSONSortsAndEscapes() throws {
        let value = try parseTestJSON(#"{"b":[1,{"y":"<a&b>","x":true}],"a":{},"c":[],"d":null}"#)
        #expect(GoJSON.kubectlJSON(value) == """
            {
                "a": {},
                "b": [
                    1,
                    {
                        "x": true,
                        "y": "\\u003ca\\u0026b\\u003e"
                    }
                ],
                "c": [],
                "d": null
            }
            """)
    }

    /// Reorders compact JSON as `appendKubectlJSON` prints the parsed tree.
    static func reordered(_ compact: String, level: Int = 0) -> String? {
        var output = Array("prefix".utf8)
        let bytes = Array(compact.utf8)
        let ordered = bytes.withUnsafeBufferPointer { GoJSON.appendKubectlJSON(compact: $0, level: level, to: &output) }
        guard ordered else {
            #expect(output == Array("prefix".utf8), "a rejected text must leave the output unchanged")
            return nil
        }
        return String(decoding: output.dropFirst(6), as: UTF8.self)
    }

    @Test(arguments: [
        #"{"b":[1,{"y":"\u003ca\u0026b\u003e","x":true}],"a":{},"c":[],"d":null}"#,
        #"{"ab":1,"a!":2,"a":3,"":4,"é":{"z":[[],[{}],[-1.5e3,"x"]],"b":false}}"#,
        #"[{"k":"v","j":["\n\t\\",0]},[],"s",7]"#,
        #""text""#, "12", "null", "{}", "[]",
    ])
    func compactReorderedAsTree(compact: String) throws {
        let tree = try parseTestJSON(compact)
        for level in [0, 2] {
            var expected: [UInt8] = []
            GoJSON.appendKubectlJSON(tree, level: level, to: &expected)
            #expect(Self.reordered(compact, level: level) == String(decoding: expected, as: UTF8.self))
        }
    }

    /// Text whose order or bytes could differ from the tree's is left to
    /// the tree: keys with escapes, and anything that is not compact JSON.
    @Test(arguments: [
        #"{"a\u003cb":1,"a":2}"#, #"{"a\"":1}"#, #"{"a":}"#, #"{"a":1"#, #"{"a" :1}"#, "[1,]", "[1 ,2]", #""open"#, "",
        #"{"a":1}x"#,
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ])
    func compactRejectedForTree(compact: String) {
        #expect(Self.reordered(compact) == nil)
    }

    @Test func controlCharactersEscaped() {
        #expect(GoJSON.quoted("a\u{1}\n\t\"\\\u{2028}") == #""a\u0001\n\t\"\\\u2028""#)
    }

    /// The escaper that dumps use on whole objects writes what the codec's
    /// string writer writes, for every ASCII character, U+2028, U+2029,
    /// other characters led by 0xE2, and bytes cut after 0xE2.
    @Test func escapedBytesMatchCodecStringWriter() {
        var texts = ["", "plain", "\u{2028}", "a\u{2029}b", "\u{2030}\u{20AC}", "\u{E2}", "x<y>&z", "\"\\", "é漢字🙂"]
        texts.append(String((0..<128).map { Character(Unicode.Scalar(UInt8($0))) }))
        texts.append(String(repeating: "{\"key\":\"value\\n\"},", count: 500))
        texts.append(String(repeating: "<\u{1}>", count: 300) + "\u{2028}x")
        texts.append("<" + String(repeating: "a", count: 40))
        for text in texts + texts.map({ $0 + "\u{2028}" }) {
            var expected: [UInt8] = []
            JSONSerializer.writeString(text, into: &expected)
            #expect(GoJSON.quoted(text) == String(decoding: expected, as: UTF8.self), "\(text.debugDescription)")
        }
        let cases: [(bytes: [UInt8], escaped: [UInt8])] = [
            ([0x61, 0xE2], [0x61, 0xE2]), ([0x61, 0xE2, 0x80], [0x61, 0xE2, 0x80]), ([0xE2, 0x80, 0xA8], Array("\\u2028".utf8)),
        ]
        for (bytes, escaped) in cases {
            var output: [UInt8] = []
            bytes.withUnsafeBufferPointer { GoJSON.appendEscaped(utf8: $0, to: &output) }
            #expect(output == escaped)
        }
    }
}

@Suite struct DumpFormatTests {
    @Test func etcdhelperArrayLayout() throws {
        var writer = EtcdhelperDumpWriter()
        var text = writer.record(DumpRecord(
            key: "/registry/namespaces/default", value: "{\"kind\":\"Namespace\"}\n",
            gvk: .init(group: "", version: "v1", kind: "Namespace"), createRevision: 197, modRevision: 197, version: 1))
        text += writer.record(DumpRecord(key: "/registry/masterleases/10.0.0.1", createRevision: 5, modRevision: 6, version: 2, lease: 7, rawValue: [0, 1]))
        text += writer.finish()
        #expect(text == """
            [
              {
                "key": "/registry/namespaces/default",
                "value": "{\\"kind\\":\\"Namespace\\"}\\n",
                "gkv": "{\\"Group\\":\\"\\",\\"Version\\":\\"v1\\",\\"Kind\\":\\"Namespace\\"}",
                "create_revision": 197,
                "mod_revision": 197,
                "version": 1
              },
              {
                "key": "/registry/masterleases/10.0.0.1",
                "value_base64": "AAE=",
                "create_revision": 5,
                "mod_revision": 6,
                "version": 2,
                "lease": 7
              }
            ]

            """)
        #expect(EtcdhelperDumpWriter().finish() == "[]\n")
    }

    @Test func recordsReadBack() throws {
        let array = try parseTestJSON("""
            [{"key":"/registry/namespaces/default","value":"{\\"kind\\":\\"Namespace\\"}\\n",
              "gkv":"{\\"Group\\":\\"\\",\\"Version\\":\\"v1\\",\\"Kind\\":\\"Namespace\\"}","create_revision":3,"mod_revision":4,"version":2},
             {"key":"/registry/x","value_base64":"AAE=","mod_revision":9}]
            """)
        let records = try array.arrayValue!.compactMap { try DumpReader.record(from: $0, parseJSON: parseTestJSON) }
        #expect(records.count == 2)
        #expect(records[0].gvk == .init(group: "", version: "v1", kind: "Namespace"))
        #expect(records[0].value == "{\"kind\":\"Namespace\"}\n")
        #expect(records[0].modRevision == 4)
        #expect(records[1].rawValue == [0, 1])

        let header = try parseTestJSON(JSONLinesDump.header(revision: 5, prefix: "/"))
        #expect(try DumpReader.record(from: header, parseJSON: parseTestJSON) == nil)
        #expect(throws: DumpFormatError("the record of /k has neither \"value\" nor \"value_base64\"")) {
            try DumpReader.record(from: parseTestJSON(#"{"key":"/k"}"#), parseJSON: parseTestJSON)
        }
    }
}
