import Testing
@testable import KubeResources

@Suite struct LabelSelectorTests {
    let labels = ["app": "web", "tier": "frontend", "env": "prod", "replicas": "3"]

    @Test(arguments: [
        ("app=web", true), ("app==web", true), ("app!=web", false), ("app=db", false),
        ("app!=db", true), ("missing!=x", true), ("env in (prod, staging)", true),
        ("env notin (prod)", false), ("env notin (dev)", true), ("missing notin (dev)", true),
        ("missing in (dev)", false), ("app", true), ("missing", false), ("!missing", true),
        ("!app", false), ("app=web,tier=frontend", true), ("app=web, tier=backend", false),
        ("replicas>2", true), ("replicas<2", false), ("missing>1", false), ("", true),
        ("  app = web  ", true), ("app=", false), ("missing=", false),
    ])
    func selectorMatches(selector: String, expected: Bool) throws {
        let parsed = try LabelSelector(parsing: selector)
        #expect(parsed.matches(labels) == expected)
    }

    @Test(arguments: [
        ("app in web", "unable to parse requirement: found 'web', expected: '(' after 'app'"),
        ("app=web=x", "found '=', expected: ',' or 'end of string'"),
        ("=web", "unable to parse requirement: found '=', expected: identifier"),
        ("app=web,", "unable to parse requirement: found '', expected: identifier after ','"),
        ("replicas>x", "unable to parse requirement: for 'gt', 'lt' operators, the value must be an integer, not \"x\""),
        ("-app=web", "unable to parse requirement: invalid label key \"-app\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"),
        ("app=-web", "unable to parse requirement: invalid label value \"-web\" for key \"app\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"),
        ("Example.com/app=web", "unable to parse requirement: invalid label key \"Example.com/app\": prefix part must be a lowercase RFC 1123 subdomain of at most 253 characters (e.g. 'example.com')"),
    ])
    func invalidSelectorMessage(selector: String, message: String) {
        #expect(throws: SelectorError(message)) { try LabelSelector(parsing: selector) }
    }

    @Test func prefixedKeyAndValueSetParse() throws {
        let selector = try LabelSelector(parsing: "app.kubernetes.io/name in (web,api),!node-role.kubernetes.io/master")
        #expect(selector.requirements.count == 2)
        #expect(selector.requirements[0].values == ["api", "web"])
        #expect(selector.requirements[1].operator == .doesNotExist)
        #expect(selector.matches(["app.kubernetes.io/name": "api"]))
        #expect(!selector.matches(["app.kubernetes.io/name": "api", "node-role.kubernetes.io/master": ""]))
    }

    @Test func selectorReadsObjectLabels() throws {
        let object = try parseTestJSON(#"{"metadata":{"name":"x","labels":{"app":"web"}}}"#)
        #expect(try LabelSelector(parsing: "app=web").matches(object: object))
        #expect(try !LabelSelector(parsing: "app=db").matches(object: object))
        #expect(try LabelSelector(parsing: "!app").matches(object: parseTestJSON(#"{"metadata":{"name":"y"}}"#)))
    }
}

@Suite struct FieldSelectorTests {
    let object = try! parseTestJSON(#"{"metadata":{"name":"web-1","namespace":"shop"},"spec":{"nodeName":"node-a"},"status":{"phase":"Running"}}"#)

    @Test(arguments: [
        ("metadata.name=web-1", true), ("metadata.name==web-1", true), ("metadata.name!=web-1", false),
        ("metadata.namespace=shop,metadata.name=web-1", true), ("metadata.namespace=other", false),
        ("spec.nodeName=node-a", true), ("status.phase!=Running", false), ("spec.nodeName=", false),
    ])
    func fieldSelectorMatches(selector: String, expected: Bool) throws {
        #expect(try FieldSelector(parsing: selector).matches(object: object) == expected)
    }

    @Test func invalidFieldSelectorMessage() {
        #expect(throws: SelectorError("invalid selector: 'metadata.name'; can't understand 'metadata.name'")) {
            try FieldSelector(parsing: "metadata.name")
        }
    }

    @Test func unsupportedFieldRejected() throws {
        let catalog = ResourceCatalog()
        let selector = try FieldSelector(parsing: "spec.nodeName=node-a")
        #expect(throws: Never.self) { try selector.validate(for: catalog.resolve("pods")) }
        #expect(throws: SelectorError("\"spec.nodeName\" is not a known field selector for configmaps: only \"metadata.name\", \"metadata.namespace\"")) {
            try selector.validate(for: catalog.resolve("configmaps"))
        }
    }

    @Test func escapedCommaInValue() throws {
        let selector = try FieldSelector(parsing: #"metadata.name=a\,b"#)
        #expect(selector.terms == [.init(field: "metadata.name", value: "a,b", negated: false)])
    }
}
