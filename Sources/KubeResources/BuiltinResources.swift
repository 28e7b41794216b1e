// The resources kube-apiserver and openshift-apiserver persist, with the
// key paths they really write. Most resources live at `<root>/<plural>`; the
// exceptions are historical names the API server keeps for compatibility
// (nodes under `minions`, services under `services/specs`, endpoints under
// `services/endpoints`, replication controllers under `controllers`,
// ingresses under `ingress`, pod security policies under `podsecuritypolicy`)
// and the aggregated or extension API servers' group-qualified paths.
// Source: the expected etcd paths in Kubernetes' test/integration/etcd/data.go
// (v1.36 development branch), and the OpenShift 3.11 key layout.

extension ResourceType {
    /// Every built-in resource, core group first, in the order `ketcd
    /// api-resources` lists them.
    public static let builtins: [ResourceType] = core + apps + batchAndAutoscaling + networking
        + security + storage + scheduling + controlPlane + extensionAPIs + openShift

    private static let core: [ResourceType] = [
        ResourceType(group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", shortNames: ["cm"], namespaced: true),
        ResourceType(group: "", version: "v1", kind: "Endpoints", plural: "endpoints", singular: "endpoints", shortNames: ["ep"], namespaced: true, keyPath: "services/endpoints"),
        ResourceType(group: "", version: "v1", kind: "Event", plural: "events", shortNames: ["ev"], namespaced: true),
        ResourceType(group: "", version: "v1", kind: "LimitRange", plural: "limitranges", shortNames: ["limits"], namespaced: true),
        ResourceType(group: "", version: "v1", kind: "Namespace", plural: "namespaces", shortNames: ["ns"], namespaced: false),
        ResourceType(group: "", version: "v1", kind: "Node", plural: "nodes", shortNames: ["no"], namespaced: false, keyPath: "minions"),
        ResourceType(group: "", version: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", shortNames: ["pvc"], namespaced: true),
        ResourceType(group: "", version: "v1", kind: "PersistentVolume", plural: "persistentvolumes", shortNames: ["pv"], namespaced: false),
        ResourceType(group: "", version: "v1", kind: "Pod", plural: "pods", shortNames: ["po"], namespaced: true),
        ResourceType(group: "", version: "v1", kind: "PodTemplate", plural: "podtemplates", namespaced: true),
        ResourceType(group: "", version: "v1", kind: "ReplicationController", plural: "replicationcontrollers", shortNames: ["rc"], namespaced: true, keyPath: "controllers"),
        ResourceType(group: "", version: "v1", kind: "ResourceQuota", plural: "resourcequotas", shortNames: ["quota"], namespaced: true),
        ResourceType(group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true),
        ResourceType(group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", shortNames: ["sa"], namespaced: true),
        ResourceType(group: "", version: "v1", kind: "Service", plural: "services", shortNames: ["svc"], namespaced: true, keyPath: "services/specs"),
        // The service IP and node port allocators' bitmaps: one RangeAllocation
        // each, at ranges/serviceips and ranges/servicenodeports.
        ResourceType(group: "", version: "v1", kind: "RangeAllocation", plural: "rangeallocations", namespaced: false, keyPath: "ranges"),
    ]

    private static let apps: [ResourceType] = [
        ResourceType(group: "apps", version: "v1", kind: "ControllerRevision", plural: "controllerrevisions", namespaced: true),
        ResourceType(group: "apps", version: "v1", kind: "DaemonSet", plural: "daemonsets", shortNames: ["ds"], namespaced: true),
        ResourceType(group: "apps", version: "v1", kind: "Deployment", plural: "deployments", shortNames: ["deploy"], namespaced: true),
        ResourceType(group: "apps", version: "v1", kind: "ReplicaSet", plural: "replicasets", shortNames: ["rs"], namespaced: true),
        ResourceType(group: "apps", version: "v1", kind: "StatefulSet", plural: "statefulsets", shortNames: ["sts"], namespaced: true),
    ]

    private static let batchAndAutoscaling: [ResourceType] = [
        ResourceType(group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler", plural: "horizontalpodautoscalers", shortNames: ["hpa"], namespaced: true),
        ResourceType(group: "batch", version: "v1", kind: "CronJob", plural: "cronjobs", shortNames: ["cj"], namespaced: true),
        ResourceType(group: "batch", version: "v1", kind: "Job", plural: "jobs", namespaced: true),
    ]

    private static let networking: [ResourceType] = [
        ResourceType(group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice", plural: "endpointslices", namespaced: true),
        ResourceType(group: "networking.k8s.io", version: "v1", kind: "IngressClass", plural: "ingressclasses", namespaced: false),
        ResourceType(group: "networking.k8s.io", version: "v1", kind: "Ingress", plural: "ingresses", shortNames: ["ing"], namespaced: true, keyPath: "ingress"),
        ResourceType(group: "networking.k8s.io", version: "v1", kind: "IPAddress", plural: "ipaddresses", shortNames: ["ip"], namespaced: false),
        ResourceType(group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy", plural: "networkpolicies", shortNames: ["netpol"], namespaced: true),
        ResourceType(group: "networking.k8s.io", version: "v1", kind: "ServiceCIDR", plural: "servicecidrs", namespaced: false),
    ]

    private static let security: [ResourceType] = [
        ResourceType(group: "certificates.k8s.io", version: "v1", kind: "CertificateSigningRequest", plural: "certificatesigningrequests", shortNames: ["csr"], namespaced: false),
        ResourceType(group: "certificates.k8s.io", version: "v1beta1", kind: "ClusterTrustBundle", plural: "clustertrustbundles", namespaced: false),
        ResourceType(group: "certificates.k8s.io", version: "v1beta1", kind: "PodCertificateRequest", plural: "podcertificaterequests", namespaced: true),
        ResourceType(group: "policy", version: "v1", kind: "PodDisruptionBudget", plural: "poddisruptionbudgets", shortNames: ["pdb"], namespaced: true),
        // Removed in Kubernetes 1.25; older clusters still hold them.
        ResourceType(group: "policy", version: "v1beta1", kind: "PodSecurityPolicy", plural: "podsecuritypolicies", shortNames: ["psp"], namespaced: false, keyPath: "podsecuritypolicy"),
        ResourceType(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings", namespaced: false),
        ResourceType(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", namespaced: false),
        ResourceType(group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", namespaced: true),
        ResourceType(group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", namespaced: true),
    ]

    private static let storage: [ResourceType] = [
        ResourceType(group: "storage.k8s.io", version: "v1", kind: "CSIDriver", plural: "csidrivers", namespaced: false),
        ResourceType(group: "storage.k8s.io", version: "v1", kind: "CSINode", plural: "csinodes", namespaced: false),
        ResourceType(group: "storage.k8s.io", version: "v1", kind: "CSIStorageCapacity", plural: "csistoragecapacities", namespaced: true),
        ResourceType(group: "storage.k8s.io", version: "v1", kind: "StorageClass", plural: "storageclasses", shortNames: ["sc"], namespaced: false),
        ResourceType(group: "storage.k8s.io", version: "v1", kind: "VolumeAttachment", plural: "volumeattachments", namespaced: false),
        ResourceType(group: "storage.k8s.io", version: "v1", kind: "VolumeAttributesClass", plural: "volumeattributesclasses", shortNames: ["vac"], namespaced: false),
        ResourceType(group: "storagemigration.k8s.io", version: "v1beta1", kind: "StorageVersionMigration", plural: "storageversionmigrations", namespaced: false),
    ]

    private static let scheduling: [ResourceType] = [
        ResourceType(group: "node.k8s.io", version: "v1", kind: "RuntimeClass", plural: "runtimeclasses", namespaced: false),
        ResourceType(group: "resource.k8s.io", version: "v1", kind: "DeviceClass", plural: "deviceclasses", namespaced: false),
        ResourceType(group: "resource.k8s.io", version: "v1alpha3", kind: "DeviceTaintRule", plural: "devicetaintrules", namespaced: false),
        ResourceType(group: "resource.k8s.io", version: "v1", kind: "ResourceClaim", plural: "resourceclaims", namespaced: true),
        ResourceType(group: "resource.k8s.io", version: "v1", kind: "ResourceClaimTemplate", plural: "resourceclaimtemplates", namespaced: true),
        ResourceType(group: "resource.k8s.io", version: "v1", kind: "ResourceSlice", plural: "resourceslices", namespaced: false),
        ResourceType(group: "scheduling.k8s.io", version: "v1", kind: "PriorityClass", plural: "priorityclasses", shortNames: ["pc"], namespaced: false),
        ResourceType(group: "scheduling.k8s.io", version: "v1alpha2", kind: "PodGroup", plural: "podgroups", namespaced: true),
        ResourceType(group: "scheduling.k8s.io", version: "v1alpha2", kind: "Workload", plural: "workloads", namespaced: true),
    ]

    private static let controlPlane: [ResourceType] = [
        ResourceType(group: "admissionregistration.k8s.io", version: "v1", kind: "MutatingAdmissionPolicy", plural: "mutatingadmissionpolicies", namespaced: false),
        ResourceType(group: "admissionregistration.k8s.io", version: "v1", kind: "MutatingAdmissionPolicyBinding", plural: "mutatingadmissionpolicybindings", namespaced: false),
        ResourceType(group: "admissionregistration.k8s.io", version: "v1", kind: "MutatingWebhookConfiguration", plural: "mutatingwebhookconfigurations", namespaced: false),
        ResourceType(group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingAdmissionPolicy", plural: "validatingadmissionpolicies", namespaced: false),
        ResourceType(group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingAdmissionPolicyBinding", plural: "validatingadmissionpolicybindings", namespaced: false),
        ResourceType(group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingWebhookConfiguration", plural: "validatingwebhookconfigurations", namespaced: false),
        // events.k8s.io/v1 serves the same objects as core v1 events, from the same keys.
        ResourceType(group: "events.k8s.io", version: "v1", kind: "Event", plural: "events", shortNames: ["ev"], namespaced: true),
        ResourceType(group: "coordination.k8s.io", version: "v1beta1", kind: "LeaseCandidate", plural: "leasecandidates", namespaced: true),
        ResourceType(group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", namespaced: true),
        ResourceType(group: "flowcontrol.apiserver.k8s.io", version: "v1", kind: "FlowSchema", plural: "flowschemas", namespaced: false),
        ResourceType(group: "flowcontrol.apiserver.k8s.io", version: "v1", kind: "PriorityLevelConfiguration", plural: "prioritylevelconfigurations", namespaced: false),
        ResourceType(group: "internal.apiserver.k8s.io", version: "v1alpha1", kind: "StorageVersion", plural: "storageversions", namespaced: false),
    ]

    private static let extensionAPIs: [ResourceType] = [
        ResourceType(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition", plural: "customresourcedefinitions", shortNames: ["crd", "crds"], namespaced: false, keyPath: "apiextensions.k8s.io/customresourcedefinitions"),
        ResourceType(group: "apiregistration.k8s.io", version: "v1", kind: "APIService", plural: "apiservices", namespaced: false, keyPath: "apiregistration.k8s.io/apiservices"),
    ]

    // NOTE: OpenShift 4 serves most of its own types as custom resources,
    // which the CRDs in etcd describe. These are the types openshift-apiserver
    // itself stores under /openshift.io, as listed for OpenShift 3.11.
    private static let openShift: [ResourceType] = [
        ResourceType(group: "apps.openshift.io", version: "v1", kind: "DeploymentConfig", plural: "deploymentconfigs", shortNames: ["dc"], namespaced: true, root: .openShift),
        ResourceType(group: "build.openshift.io", version: "v1", kind: "BuildConfig", plural: "buildconfigs", shortNames: ["bc"], namespaced: true, root: .openShift),
        ResourceType(group: "build.openshift.io", version: "v1", kind: "Build", plural: "builds", namespaced: true, root: .openShift),
        ResourceType(group: "image.openshift.io", version: "v1", kind: "ImageStream", plural: "imagestreams", shortNames: ["is"], namespaced: true, root: .openShift),
        ResourceType(group: "image.openshift.io", version: "v1", kind: "Image", plural: "images", namespaced: false, root: .openShift),
        ResourceType(group: "route.openshift.io", version: "v1", kind: "Route", plural: "routes", namespaced: true, root: .openShift),
        ResourceType(group: "template.openshift.io", version: "v1", kind: "Template", plural: "templates", namespaced: true, root: .openShift),
        ResourceType(group: "template.openshift.io", version: "v1", kind: "TemplateInstance", plural: "templateinstances", namespaced: true, root: .openShift),
        ResourceType(group: "user.openshift.io", version: "v1", kind: "Group", plural: "groups", namespaced: false, root: .openShift),
        ResourceType(group: "user.openshift.io", version: "v1", kind: "Identity", plural: "identities", namespaced: false, keyPath: "useridentities", root: .openShift),
        ResourceType(group: "user.openshift.io", version: "v1", kind: "User", plural: "users", namespaced: false, root: .openShift),
        ResourceType(group: "oauth.openshift.io", version: "v1", kind: "OAuthAccessToken", plural: "oauthaccesstokens", namespaced: false, keyPath: "oauth/accesstokens", root: .openShift),
        ResourceType(group: "oauth.openshift.io", version: "v1", kind: "OAuthAuthorizeToken", plural: "oauthauthorizetokens", namespaced: false, keyPath: "oauth/authorizetokens", root: .openShift),
        ResourceType(group: "oauth.openshift.io", version: "v1", kind: "OAuthClientAuthorization", plural: "oauthclientauthorizations", namespaced: false, keyPath: "oauth/clientauthorizations", root: .openShift),
        ResourceType(group: "oauth.openshift.io", version: "v1", kind: "OAuthClient", plural: "oauthclients", namespaced: false, keyPath: "oauth/clients", root: .openShift),
    ]
}
