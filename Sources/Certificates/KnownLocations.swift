import Foundation

/// A place where a control plane keeps certificates.
struct KnownLocation {
    enum Kind {
        /// A kubeconfig; `kubeadm` marks kubeadm's, whose client certificates
        /// must be signed by the cluster CA "ca".
        case kubeconfig(kubeadm: Bool)
        case file
        /// A directory whose certificate files are read, `depth` levels of
        /// subdirectories deep.
        case directory(FileSelection, depth: Int)
    }

    var path: String
    var kind: Kind
}

/// The selection of files read in a scanned directory.
enum FileSelection: Equatable {
    case certificates
    /// Certificates and `*.kubeconfig` files (OpenShift 3's /etc/origin).
    case certificatesAndKubeconfigs
    /// Certificates, reading only the newest revision of each
    /// `<component>-pod-<revision>` directory, because older revisions keep
    /// certificates that were replaced long ago.
    case staticPodResources

    private static let extensions: Set<String> = ["crt", "pem", "cer", "cert", "der"]

    /// True for names of certificate files. Key files (`.key`, `-key.pem`)
    /// are read with their certificate, and the kubelet's rotated
    /// certificates (`kubelet-client-2024-01-01-00-00-00.pem`) are skipped
    /// in favour of the `-current.pem` link.
    static func isCertificateFileName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        guard let dot = lowered.lastIndex(of: "."), extensions.contains(String(lowered[lowered.index(after: dot)...])) else {
            return false
        }
        if lowered.hasSuffix("-key.pem") || lowered.hasSuffix(".key.pem") { return false }
        for prefix in ["kubelet-client-", "kubelet-server-"] where lowered.hasPrefix(prefix) {
            let rest = lowered.dropFirst(prefix.count)
            if rest.first?.isNumber == true { return false }
        }
        return true
    }
}

enum KnownLocations {
    /// Every location `ketcd certs` scans, kubeadm first, then OpenShift 3.x and 4.
    static let all: [KnownLocation] = [
        // kubeadm
        KnownLocation(path: "/etc/kubernetes/pki", kind: .directory(.certificates, depth: 2)),
        KnownLocation(path: "/etc/kubernetes/admin.conf", kind: .kubeconfig(kubeadm: true)),
        KnownLocation(path: "/etc/kubernetes/super-admin.conf", kind: .kubeconfig(kubeadm: true)),
        KnownLocation(path: "/etc/kubernetes/controller-manager.conf", kind: .kubeconfig(kubeadm: true)),
        KnownLocation(path: "/etc/kubernetes/scheduler.conf", kind: .kubeconfig(kubeadm: true)),
        KnownLocation(path: "/etc/kubernetes/kubelet.conf", kind: .kubeconfig(kubeadm: true)),
        KnownLocation(path: "/var/lib/kubelet/pki", kind: .directory(.certificates, depth: 0)),
        // OpenShift 3.x
        KnownLocation(path: "/etc/origin/master", kind: .directory(.certificatesAndKubeconfigs, depth: 1)),
        KnownLocation(path: "/etc/origin/node", kind: .directory(.certificatesAndKubeconfigs, depth: 1)),
        KnownLocation(path: "/etc/etcd", kind: .directory(.certificates, depth: 1)),
        // OpenShift 4
        KnownLocation(path: "/etc/kubernetes/static-pod-resources", kind: .directory(.staticPodResources, depth: 5)),
        KnownLocation(path: "/etc/kubernetes/kubelet-ca.crt", kind: .file),
        KnownLocation(path: "/etc/kubernetes/kubeconfig", kind: .kubeconfig(kubeadm: false)),
        KnownLocation(path: "/var/lib/kubelet/kubeconfig", kind: .kubeconfig(kubeadm: false)),
    ]

    /// kubeadm's certificates by node path: the name `kubeadm certs
    /// check-expiration` shows, the CA that signs each, and the etcd role.
    private static let kubeadm: [String: FileRule] = [
        "/etc/kubernetes/pki/ca.crt": FileRule(name: "ca", authorityName: "ca"),
        "/etc/kubernetes/pki/apiserver.crt": FileRule(name: "apiserver", expectedAuthority: "ca"),
        "/etc/kubernetes/pki/apiserver-kubelet-client.crt": FileRule(name: "apiserver-kubelet-client", expectedAuthority: "ca"),
        "/etc/kubernetes/pki/apiserver-etcd-client.crt": FileRule(name: "apiserver-etcd-client", expectedAuthority: "etcd-ca"),
        "/etc/kubernetes/pki/front-proxy-ca.crt": FileRule(name: "front-proxy-ca", authorityName: "front-proxy-ca"),
        "/etc/kubernetes/pki/front-proxy-client.crt": FileRule(name: "front-proxy-client", expectedAuthority: "front-proxy-ca"),
        "/etc/kubernetes/pki/etcd/ca.crt": FileRule(name: "etcd-ca", authorityName: "etcd-ca"),
        "/etc/kubernetes/pki/etcd/server.crt": FileRule(
            name: "etcd-server", expectedAuthority: "etcd-ca", etcdRole: EtcdCertificateRole(member: nil, kind: .server)),
        "/etc/kubernetes/pki/etcd/peer.crt": FileRule(
            name: "etcd-peer", expectedAuthority: "etcd-ca", etcdRole: EtcdCertificateRole(member: nil, kind: .peer)),
        "/etc/kubernetes/pki/etcd/healthcheck-client.crt": FileRule(name: "etcd-healthcheck-client", expectedAuthority: "etcd-ca"),
        // OpenShift 3.x keeps the local etcd member's certificates in /etc/etcd.
        "/etc/etcd/server.crt": FileRule(name: "etcd/server", etcdRole: EtcdCertificateRole(member: nil, kind: .server)),
        "/etc/etcd/peer.crt": FileRule(name: "etcd/peer", etcdRole: EtcdCertificateRole(member: nil, kind: .peer)),
    ]

    static func rule(for nodePath: String) -> FileRule? {
        kubeadm[nodePath]
    }

    /// Returns the `<component>-pod-<revision>` entries of a static-pod-resources
    /// directory that a newer revision of the same component replaces.
    static func olderRevisions(_ names: [String]) -> Set<String> {
        var newest: [String: Int] = [:]
        var revisions: [(name: String, component: String, revision: Int)] = []
        for name in names {
            guard let range = name.range(of: "-pod-", options: .backwards),
                let revision = Int(name[range.upperBound...])
            else { continue }
            let component = String(name[..<range.lowerBound])
            revisions.append((name, component, revision))
            newest[component] = max(newest[component] ?? revision, revision)
        }
        return Set(revisions.filter { $0.revision < newest[$0.component]! }.map(\.name))
    }
}

extension FileRule {
    init(name: String, authorityName: String? = nil, expectedAuthority: String? = nil, etcdRole: EtcdCertificateRole? = nil) {
        self.name = name
        self.authorityName = authorityName
        self.expectedAuthority = expectedAuthority
        self.etcdRole = etcdRole
    }
}

/// The advertised URLs in etcd's own configuration: command-line flags in a
/// static pod manifest, or `ETCD_*` variables in an environment file.
enum EtcdFlags {
    static func memberAddresses(in text: String, source: String) -> EtcdMemberAddresses? {
        let client = values(in: text, flag: "--advertise-client-urls=", variable: "ETCD_ADVERTISE_CLIENT_URLS=")
        let peer = values(in: text, flag: "--initial-advertise-peer-urls=", variable: "ETCD_INITIAL_ADVERTISE_PEER_URLS=")
        guard !client.isEmpty || !peer.isEmpty else { return nil }
        return EtcdMemberAddresses(name: nil, clientURLs: client, peerURLs: peer, source: source)
    }

    /// Returns the comma-separated URLs after the first occurrence of the flag or
    /// variable. Values with shell variables (`${NODE_IP}`) are skipped,
    /// because they are only known when the pod starts.
    private static func values(in text: String, flag: String, variable: String) -> [String] {
        for marker in [flag, variable] {
            guard let range = text.range(of: marker) else { continue }
            let rest = text[range.upperBound...].drop { $0 == "\"" || $0 == "'" }
            let value = rest.prefix { !$0.isWhitespace && $0 != "\"" && $0 != "'" }
            let urls = value.split(separator: ",").map(String.init).filter { !$0.isEmpty && !$0.contains("$") }
            if !urls.isEmpty { return urls }
        }
        return []
    }
}
