import Testing
@testable import KubeResources

@Suite struct ResourceCatalogTests {
    let catalog = ResourceCatalog()

    @Test(arguments: [
        ("pods", "pods"), ("pod", "pods"), ("po", "pods"), ("Pod", "pods"),
        ("svc", "services"), ("deploy", "deployments.apps"), ("deployments.apps", "deployments.apps"),
        ("deploy.apps", "deployments.apps"), ("deployments.v1.apps", "deployments.apps"),
        ("no", "nodes"), ("ns", "namespaces"), ("ing", "ingresses.networking.k8s.io"),
        ("crd", "customresourcedefinitions.apiextensions.k8s.io"), ("ev", "events"),
        ("events.events.k8s.io", "events.events.k8s.io"), ("hpa", "horizontalpodautoscalers.autoscaling"),
        ("pods.v1", "pods"), ("cm", "configmaps"), ("psp", "podsecuritypolicies.policy"),
    ])
    func resolveName(name: String, expected: String) throws {
        #expect(try catalog.resolve(name).qualifiedPlural == expected)
    }

    @Test func resolveUnknownNameFails() {
        #expect(throws: ResourceResolutionError(name: "foos")) { try catalog.resolve("foos") }
        #expect(ResourceResolutionError(name: "foos").description == "the server doesn't have a resource type \"foos\"")
    }

    @Test(arguments: [
        ("nodes", nil, "web", "/registry/minions/web"),
        ("services", "default", "kubernetes", "/registry/services/specs/default/kubernetes"),
        ("endpoints", "default", "kubernetes", "/registry/services/endpoints/default/kubernetes"),
        ("rc", "kube-system", "old", "/registry/controllers/kube-system/old"),
        ("ingresses", "web", "front", "/registry/ingress/web/front"),
        ("psp", nil, "restricted", "/registry/podsecuritypolicy/restricted"),
        ("hpa", "web", "api", "/registry/horizontalpodautoscalers/web/api"),
        ("apiservices", nil, "v1.apps", "/registry/apiregistration.k8s.io/apiservices/v1.apps"),
        ("crd", nil, "foos.example.com", "/registry/apiextensions.k8s.io/customresourcedefinitions/foos.example.com"),
        ("leases", "kube-node-lease", "node-1", "/registry/leases/kube-node-lease/node-1"),
        ("namespaces", "ignored", "default", "/registry/namespaces/default"),
        ("routes", "web", "front", "/openshift.io/routes/web/front"),
    ] as [(String, String?, String, String)])
    func keyOfObject(resource: String, namespace: String?, name: String, expected: String) throws {
        let type = try catalog.resolve(resource)
        #expect(KeyLayout().key(for: type, namespace: namespace, name: name) == expected)
    }

    @Test func openShiftLayoutUsesKubernetesIORoot() throws {
        let layout = KeyLayout(kubernetesRoot: "kubernetes.io/")
        #expect(layout.kubernetesRoot == "/kubernetes.io")
        #expect(layout.prefix(for: try catalog.resolve("pods"), namespace: "default") == "/kubernetes.io/pods/default/")
    }

    @Test func keyMapsBackToResource() throws {
        let layout = KeyLayout()
        #expect(catalog.resource(forKey: "/registry/services/endpoints/default/kubernetes", layout: layout)?.plural == "endpoints")
        #expect(catalog.resource(forKey: "/registry/services/specs/default/kubernetes", layout: layout)?.plural == "services")
        #expect(catalog.resource(forKey: "/registry/minions/node-1", layout: layout)?.plural == "nodes")
        #expect(catalog.resource(forKey: "/registry/masterleases/10.0.0.1", layout: layout) == nil)
        let pods = try catalog.resolve("pods")
        let reference = layout.objectReference(inKey: "/registry/pods/kube-system/etcd-0", of: pods)
        #expect(reference?.namespace == "kube-system")
        #expect(reference?.name == "etcd-0")
        #expect(layout.objectReference(inKey: "/registry/pods/kube-system", of: pods) == nil)
    }

    @Test func customResourceFromDefinition() throws {
        let definition = try parseTestJSON("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
             "metadata":{"name":"gateways.gateway.networking.k8s.io"},
             "spec":{"group":"gateway.networking.k8s.io","scope":"Namespaced",
                     "names":{"plural":"gateways","singular":"gateway","kind":"Gateway","shortNames":["gtw"]},
                     "versions":[{"name":"v1beta1","storage":false},{"name":"v1","storage":true}]}}
            """)
        let snapshot = try parseTestJSON("""
            {"spec":{"group":"snapshot.storage.k8s.io","scope":"Namespaced",
                     "names":{"plural":"volumesnapshots","kind":"VolumeSnapshot","shortNames":["vs"]},
                     "versions":[{"name":"v1","storage":true}]}}
            """)
        let clusterScoped = try parseTestJSON("""
            {"spec":{"group":"config.openshift.io","scope":"Cluster",
                     "names":{"plural":"clusterversions","kind":"ClusterVersion"},"version":"v1"}}
            """)
        let catalog = ResourceCatalog(customResourceDefinitions: [definition, snapshot, clusterScoped, .object(.init())])
        let layout = KeyLayout()

        let gateway = try catalog.resolve("gtw")
        #expect(gateway.version == "v1")
        #expect(gateway.namespaced)
        #expect(layout.key(for: gateway, namespace: "infra", name: "edge") == "/registry/gateway.networking.k8s.io/gateways/infra/edge")

        let volumeSnapshot = try catalog.resolve("volumesnapshots.snapshot.storage.k8s.io")
        #expect(volumeSnapshot.singular == "volumesnapshot")
        #expect(layout.prefix(for: volumeSnapshot, namespace: "db") == "/registry/snapshot.storage.k8s.io/volumesnapshots/db/")

        let version = try catalog.resolve("clusterversion")
        #expect(!version.namespaced)
        #expect(version.version == "v1")
        #expect(KeyLayout(kubernetesRoot: "/kubernetes.io").key(for: version, namespace: nil, name: "version")
            == "/kubernetes.io/config.openshift.io/clusterversions/version")
        #expect(catalog.resources.count == ResourceType.builtins.count + 3)
    }
}
