import Foundation

/// Finds the certificates of a control plane node in the places kubeadm,
/// OpenShift 3.x and OpenShift 4 keep them, below a root directory.
///
/// Paths in the report are the paths on the node: with root `/copy`, the
/// file `/copy/etc/kubernetes/pki/ca.crt` is reported as `/etc/kubernetes/pki/ca.crt`.
public struct CertificateDiscovery {
    /// The directory that stands for `/`: the node itself, or a copy of its files.
    public var root: String

    public init(root: String = "/") {
        let trimmed = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        self.root = trimmed.isEmpty ? "/" : trimmed
    }

    /// Scans every known location that exists below the root and returns the
    /// node paths of the locations that were found.
    @discardableResult
    public func scanKnownLocations(into inventory: CertificateInventory) -> [String] {
        var scan = Scan(discovery: self, inventory: inventory)
        var found: [String] = []
        for location in KnownLocations.all where FileReading.exists(hostPath(location.path)) {
            found.append(location.path)
            scan.scan(location)
        }
        readMemberAddresses(into: inventory)
        return found
    }

    /// Checks the given files: PEM or DER certificates, bundles and kubeconfigs.
    /// A private key beside a certificate (`name.key` for `name.crt`) is checked too.
    public func scanFiles(_ paths: [String], into inventory: CertificateInventory) {
        var scan = Scan(discovery: self, inventory: inventory)
        for path in paths {
            scan.scanFile(hostPath: path, displayPath: path, rule: nil, explicit: true)
        }
    }

    /// Returns the path below the root of a path on the node.
    func hostPath(_ nodePath: String) -> String {
        root == "/" ? nodePath : root + (nodePath.hasPrefix("/") ? nodePath : "/" + nodePath)
    }

    /// Returns the node path of a path below the root, or the path unchanged when it is
    /// outside the root.
    func nodePath(_ hostPath: String) -> String {
        guard root != "/" else { return hostPath }
        if hostPath == root { return "/" }
        if hostPath.hasPrefix(root + "/") { return String(hostPath.dropFirst(root.count)) }
        return hostPath
    }

    /// Reads the local etcd member's advertised URLs from kubeadm's static pod
    /// manifest and OpenShift 3's etcd.conf.
    private func readMemberAddresses(into inventory: CertificateInventory) {
        for source in ["/etc/kubernetes/manifests/etcd.yaml", "/etc/etcd/etcd.conf"] {
            guard let bytes = try? FileReading.read(hostPath(source)) else { continue }
            if let member = EtcdFlags.memberAddresses(in: String(decoding: bytes, as: UTF8.self), source: source) {
                inventory.addMember(member)
            }
        }
    }
}

/// The role of a scanned file, from its place in a known layout.
struct FileRule {
    /// The report's name: kubeadm's ("apiserver", "etcd-server").
    var name: String?
    var authorityName: String?
    var expectedAuthority: String?
    var etcdRole: EtcdCertificateRole?
}

/// One walk over files and directories, reading each file once.
private struct Scan {
    let discovery: CertificateDiscovery
    let inventory: CertificateInventory
    var visited = Set<String>()

    init(discovery: CertificateDiscovery, inventory: CertificateInventory) {
        self.discovery = discovery
        self.inventory = inventory
    }

    mutating func scan(_ location: KnownLocation) {
        let host = discovery.hostPath(location.path)
        switch location.kind {
        case .kubeconfig(let kubeadm):
            scanKubeconfig(hostPath: host, displayPath: location.path, kubeadm: kubeadm, followReferences: true)
        case .file:
            scanFile(hostPath: host, displayPath: location.path, rule: KnownLocations.rule(for: location.path), explicit: false)
        case .directory(let selection, let depth):
            scanDirectory(host, selection: selection, depth: depth)
        }
    }

    private mutating func scanDirectory(_ host: String, selection: FileSelection, depth: Int) {
        guard let names = FileReading.list(host) else {
            inventory.addError(location: discovery.nodePath(host), message: "cannot list the directory")
            return
        }
        let skipped = selection == .staticPodResources ? KnownLocations.olderRevisions(names) : []
        for name in names where !skipped.contains(name) {
            let path = host + "/" + name
            if FileReading.isDirectory(path) {
                if depth > 0 { scanDirectory(path, selection: selection, depth: depth - 1) }
                continue
            }
            let node = discovery.nodePath(path)
            if selection != .certificates, name.hasSuffix(".kubeconfig") {
                // Static pod kubeconfigs name files by their paths inside the pod, so only
                // their embedded certificates can be read on the node.
                scanKubeconfig(hostPath: path, displayPath: node, kubeadm: false,
                               followReferences: selection == .certificatesAndKubeconfigs)
                continue
            }
            guard FileSelection.isCertificateFileName(name) else { continue }
            scanFile(hostPath: path, displayPath: node, rule: KnownLocations.rule(for: node), explicit: false)
        }
    }

    mutating func scanFile(hostPath: String, displayPath: String, rule: FileRule?, explicit: Bool) {
        guard visited.insert(FileReading.canonicalPath(hostPath)).inserted else { return }
        let bytes: [UInt8]
        do {
            bytes = try FileReading.read(hostPath)
        } catch {
            inventory.addError(location: displayPath, message: "\(error)")
            return
        }
        if explicit, Kubeconfig.looksLikeKubeconfig(bytes) {
            scanKubeconfig(bytes: bytes, hostPath: hostPath, displayPath: displayPath, kubeadm: false, followReferences: true)
            return
        }
        if !explicit, CertificateBundle.isKeyOnly(bytes) {
            // A key file with a certificate-like name: it is checked with its certificate.
            return
        }

        let name = rule?.name ?? Self.derivedName(displayPath)
        let key = findKey(beside: hostPath, displayPath: displayPath)
        inventory.addBundle(
            bytes, name: name, location: displayPath, key: key,
            expectedAuthority: rule?.expectedAuthority.map { .named($0) },
            etcdRole: rule?.etcdRole ?? EtcdCertificateRole(openShiftName: name),
            authorityName: rule?.authorityName
        )
    }

    /// Returns the report's name for a file without a well-known name: the secret's
    /// directory for OpenShift's secret files (`.../etcd-client/tls.crt` is
    /// "etcd-client"), else the file name without its extension.
    static func derivedName(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        if ["tls", "ca", "ca-bundle"].contains(stem) {
            let directory = url.deletingLastPathComponent().lastPathComponent
            if !directory.isEmpty, directory != "/" { return stem == "tls" ? directory : "\(directory)/\(stem)" }
        }
        return stem
    }

    /// Reads the private key stored beside a certificate file: `name.key`,
    /// `name-key.pem` (cfssl) or `name.key.pem`.
    private func findKey(beside hostPath: String, displayPath: String) -> (bytes: [UInt8], location: String)? {
        let url = URL(fileURLWithPath: hostPath)
        let stem = url.deletingPathExtension().lastPathComponent
        let directory = url.deletingLastPathComponent().path
        for candidate in ["\(stem).key", "\(stem)-key.pem", "\(stem).key.pem"] {
            let path = directory + "/" + candidate
            guard FileReading.exists(path) else { continue }
            let display = (URL(fileURLWithPath: displayPath).deletingLastPathComponent().path as NSString)
                .appendingPathComponent(candidate)
            do {
                return (try FileReading.read(path), display)
            } catch {
                inventory.addError(location: display, message: "\(error)")
                return nil
            }
        }
        return nil
    }

    private mutating func scanKubeconfig(hostPath: String, displayPath: String, kubeadm: Bool, followReferences: Bool) {
        guard visited.insert(FileReading.canonicalPath(hostPath)).inserted else { return }
        let bytes: [UInt8]
        do {
            bytes = try FileReading.read(hostPath)
        } catch {
            inventory.addError(location: displayPath, message: "\(error)")
            return
        }
        scanKubeconfig(bytes: bytes, hostPath: hostPath, displayPath: displayPath, kubeadm: kubeadm, followReferences: followReferences)
    }

    private func scanKubeconfig(bytes: [UInt8], hostPath: String, displayPath: String, kubeadm: Bool, followReferences: Bool) {
        let resolve = { (reference: String) -> (read: String, display: String) in
            // A relative reference is relative to the kubeconfig's directory,
            // and an absolute one is a node path, found below the root.
            if reference.hasPrefix("/") {
                return (discovery.hostPath(reference), reference)
            }
            let directory = (hostPath as NSString).deletingLastPathComponent
            let displayDirectory = (displayPath as NSString).deletingLastPathComponent
            return ((directory as NSString).appendingPathComponent(reference),
                    (displayDirectory as NSString).appendingPathComponent(reference))
        }
        Kubeconfig.scan(
            bytes, location: displayPath,
            fileName: (displayPath as NSString).lastPathComponent,
            fallbackAuthority: kubeadm ? "ca" : nil,
            resolve: followReferences ? resolve : nil,
            into: inventory
        )
    }
}
