import Certificates
import EtcdAPI
import EtcdStore
import Foundation
import KubeCodec

extension Command {
    /// `ketcd certs`: the expiry, chain, key and SAN check of a control
    /// plane's certificates, on the node or in etcd.
    static let certs = Command(
        ["certs"], summary: "Checks the expiry, chain and keys of the cluster's certificates",
        arguments: "[options] [file...]",
        description: """
            Without files, scans the places kubeadm (/etc/kubernetes/pki, the kubeconfigs in /etc/kubernetes, /var/lib/kubelet/pki), OpenShift 3.x (/etc/origin/master, /etc/origin/node, /etc/etcd) and OpenShift 4 (/etc/kubernetes/static-pod-resources) keep certificates, below --root.
            With files, checks those: PEM bundles, DER certificates and kubeconfigs. A private key beside a certificate (name.key for name.crt) is checked to match it.
            --from-etcd reads the certificates in Secrets (type kubernetes.io/tls, and tls.crt, ca.crt and other .crt entries) and ConfigMaps (CA bundles) from the cluster at --endpoints, or from the file named by the global --db or --data-dir. With --root as well, the node's files are scanned too.
            Each certificate is checked against the CAs found with it. The SANs of etcd's serving and peer certificates are checked against the member's advertised URLs from the static pod manifest or the member list.
            Exit status: 0 when every certificate is valid beyond the --warn window, 1 when one expires within it, 2 when one has expired, is not yet valid, fails a chain, key or SAN check, or could not be read. Invalid flags and arguments exit with 128 and etcd connection failures with etcdctl's status.
            """,
        flags: [
            .string("root", default: "/", usage: "directory that stands for the node's / (a copy of its files)"),
            .string("warn", default: "30d", usage: "warning window: certificates that expire within it make the exit status 1 (units d, h, m, s)"),
            .string("output", shorthand: "o", usage: "output format: table (default), wide or json"),
            .bool("from-etcd", usage: "read the certificates stored in Secrets and ConfigMaps from etcd (--endpoints, or --db / --data-dir offline)"),
            .string("prefix", default: "/registry", usage: "the API server's --etcd-prefix"),
            .string("encryption-config", usage: "kube-apiserver EncryptionConfiguration file used to decrypt Secrets encrypted at rest"),
        ]
    ) { context in
        try await CertsCommand(context: context).run()
    }
}

/// The steps of `ketcd certs`, with the flags it reads.
@MainActor
private struct CertsCommand {
    let context: CommandContext

    enum Format {
        case table, wide, json
    }

    func run() async throws {
        let flags = context.flags
        guard let warningWindow = CertificateDateFormat.parseDuration(flags.string("warn")) else {
            throw CommandError.badArguments(
                "invalid --warn \(goQuoted(flags.string("warn"))): expected a duration such as 30d, 72h or 90m")
        }
        let format = try outputFormat()
        let root = flags.string("root")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError.badArguments("--root \(goQuoted(root)) is not a directory")
        }

        let inventory = CertificateInventory()
        let discovery = CertificateDiscovery(root: root)
        let fromEtcd = flags.bool("from-etcd") || !context.global.databaseFile.isEmpty || !context.global.dataDirectory.isEmpty
        if !context.arguments.isEmpty {
            discovery.scanFiles(context.arguments, into: inventory)
        } else if !fromEtcd || flags.isSet("root") {
            let found = discovery.scanKnownLocations(into: inventory)
            if found.isEmpty && !fromEtcd {
                throw CommandError.badArguments("no certificate location found below \(root): none of /etc/kubernetes, /var/lib/kubelet/pki, /etc/origin or /etc/etcd exist there; pass --root, files, or --from-etcd")
            }
        }
        if fromEtcd {
            try await readEtcd(into: inventory)
        }

        let result = inventory.check(now: Date(), warningWindow: warningWindow)
        switch format {
        case .table: context.output.write(CertificateReport.table(result, wide: false))
        case .wide: context.output.write(CertificateReport.table(result, wide: true))
        case .json: context.output.write(CertificateReport.json(result))
        }
        // The report already printed the reason; only the status remains.
        if result.exitCode != 0, let code = ExitCode(rawValue: result.exitCode) {
            throw CommandError.silent(code)
        }
    }

    /// `-o table|wide|json`; `-w json` (etcdctl's global flag) also selects JSON.
    private func outputFormat() throws -> Format {
        let output = context.flags.string("output")
        switch output {
        case "", "table":
            if output.isEmpty, context.flags.isSet("write-out"), context.flags.string("write-out") == "json" { return .json }
            return .table
        case "wide": return .wide
        case "json": return .json
        default:
            throw CommandError.badFeature("unknown output format \(goQuoted(output)): use table, wide or json")
        }
    }

    private func readEtcd(into inventory: CertificateInventory) async throws {
        let flags = context.flags
        var encryption: EncryptionConfiguration?
        let encryptionFile = flags.string("encryption-config")
        if !encryptionFile.isEmpty {
            encryption = try EncryptionConfiguration(contentsOfFile: encryptionFile)
        }
        let source = EtcdCertificateSource(prefix: flags.string("prefix"), encryption: encryption)

        if let store = try context.offlineStore() {
            let (objects, errors) = try await source.read(from: store)
            inventory.add(objects)
            inventory.addErrors(errors)
            // etcd 3.5 stores each member's name and peer URLs in the database, not its client URLs.
            inventory.addMembers(
                store.identity.members.map { ($0.name, $0.clientURLs, $0.peerURLs) }, source: "members bucket of \(store.database.path)")
            return
        }

        let client = try context.client()
        let (objects, errors) = try await source.read(from: client)
        inventory.add(objects)
        inventory.addErrors(errors)
        let members = try await client.memberList().members
        inventory.addMembers(members.map { ($0.name, $0.clientURLs, $0.peerURLs) }, source: "etcd member list")
    }
}
