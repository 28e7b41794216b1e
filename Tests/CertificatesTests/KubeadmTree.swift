import Foundation

/// A healthy kubeadm control plane node under a `TestPKI` root: every
/// certificate of `kubeadm certs check-expiration`, the kubeconfigs, the
/// kubelet's rotated client certificate and the etcd static pod manifest.
/// Tests replace single files to make one thing wrong.
struct KubeadmTree {
    let pki: TestPKI
    let ca: TestPKI.Issued
    let etcdCA: TestPKI.Issued
    let frontProxyCA: TestPKI.Issued

    /// Every certificate row the scan reports for the healthy tree.
    static let certificateNames: Set<String> = [
        "apiserver", "apiserver-kubelet-client", "apiserver-etcd-client", "front-proxy-client",
        "etcd-server", "etcd-peer", "etcd-healthcheck-client",
        "admin.conf", "super-admin.conf", "controller-manager.conf", "scheduler.conf", "kubelet.conf",
        "kubelet-client-current", "kubelet",
    ]

    static let etcdAddresses = "DNS:localhost,DNS:master-0,IP:127.0.0.1,IP:10.0.0.1"

    init(_ pki: TestPKI) throws {
        self.pki = pki
        let p = "/etc/kubernetes/pki"
        ca = try pki.makeCA("\(p)/ca.crt", commonName: "kubernetes", keyType: .rsa)
        etcdCA = try pki.makeCA("\(p)/etcd/ca.crt", commonName: "etcd-ca")
        frontProxyCA = try pki.makeCA("\(p)/front-proxy-ca.crt", commonName: "front-proxy-ca")

        try pki.makeLeaf("\(p)/apiserver.crt", subject: "/CN=kube-apiserver", issuer: ca,
                         keyType: .rsa, keyFormat: .traditional, usage: "serverAuth",
                         alternativeNames: "DNS:kubernetes,DNS:kubernetes.default,IP:10.96.0.1,IP:10.0.0.1")
        try pki.makeLeaf("\(p)/apiserver-kubelet-client.crt", subject: "/O=kubeadm:cluster-admins/CN=kube-apiserver-kubelet-client",
                         issuer: ca, keyType: .ecdsa, keyFormat: .traditional, usage: "clientAuth")
        try pki.makeLeaf("\(p)/apiserver-etcd-client.crt", subject: "/CN=kube-apiserver-etcd-client",
                         issuer: etcdCA, keyType: .ed25519, keyFormat: .pkcs8, usage: "clientAuth")
        try pki.makeLeaf("\(p)/front-proxy-client.crt", subject: "/CN=front-proxy-client", issuer: frontProxyCA, usage: "clientAuth")
        try pki.makeLeaf("\(p)/etcd/server.crt", subject: "/CN=master-0", issuer: etcdCA, alternativeNames: Self.etcdAddresses)
        try pki.makeLeaf("\(p)/etcd/peer.crt", subject: "/CN=master-0", issuer: etcdCA, alternativeNames: Self.etcdAddresses)
        try pki.makeLeaf("\(p)/etcd/healthcheck-client.crt", subject: "/CN=kube-etcd-healthcheck-client", issuer: etcdCA, usage: "clientAuth")
        // The service account key pair has no certificate and must not be reported.
        try pki.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", pki.path("\(p)/sa.key")])

        for (file, user) in [("admin.conf", "kubernetes-admin"), ("super-admin.conf", "kubernetes-super-admin"),
                             ("controller-manager.conf", "system:kube-controller-manager"),
                             ("scheduler.conf", "system:kube-scheduler")] {
            try writeEmbeddedKubeconfig(file, user: user)
        }
        try writeKubeletFiles()

        try pki.write("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: etcd
              namespace: kube-system
            spec:
              containers:
              - command:
                - etcd
                - --advertise-client-urls=https://10.0.0.1:2379
                - --initial-advertise-peer-urls=https://10.0.0.1:2380
                - --listen-client-urls=https://127.0.0.1:2379,https://10.0.0.1:2379
                - --name=master-0
                image: registry.k8s.io/etcd:3.5.16-0
                name: etcd

            """, to: "/etc/kubernetes/manifests/etcd.yaml")
    }

    /// Writes a kubeconfig with the cluster CA and a client certificate and
    /// key embedded as base64, as `kubeadm init` writes admin.conf.
    func writeEmbeddedKubeconfig(_ file: String, user: String, issuer: TestPKI.Issued? = nil, validity: TestPKI.Validity = .valid) throws {
        let client = try pki.makeLeaf("/tmp-client/\(file).crt", subject: "/O=system:masters/CN=\(user)",
                                      issuer: issuer ?? ca, validity: validity, usage: "clientAuth")
        let certificate = try base64(client.certificate)
        let key = try base64(client.key)
        try FileManager.default.removeItem(atPath: pki.path("/tmp-client"))
        try pki.write("""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: \(try base64(ca.certificate))
                server: https://10.0.0.1:6443
              name: kubernetes
            contexts:
            - context:
                cluster: kubernetes
                user: \(user)
              name: \(user)@kubernetes
            current-context: \(user)@kubernetes
            users:
            - name: \(user)
              user:
                client-certificate-data: \(certificate)
                client-key-data: \(key)

            """, to: "/etc/kubernetes/\(file)")
    }

    /// Writes the kubelet's files: kubelet.conf referencing the rotated client
    /// certificate by path, the `-current.pem` link to it, an old rotated
    /// certificate that expired, and the self-signed serving pair.
    private func writeKubeletFiles() throws {
        let directory = "/var/lib/kubelet/pki"
        let rotated = "\(directory)/kubelet-client-2026-01-01-00-00-00.pem"
        let client = try pki.makeLeaf("\(directory)/new-client.crt", subject: "/O=system:nodes/CN=system:node:master-0",
                                      issuer: ca, usage: "clientAuth")
        try pki.write(try pki.read("\(directory)/new-client.crt") + pki.read("\(directory)/new-client.key"), to: rotated)
        try FileManager.default.removeItem(atPath: client.certificate)
        try FileManager.default.removeItem(atPath: client.key)
        try FileManager.default.createSymbolicLink(
            atPath: pki.path("\(directory)/kubelet-client-current.pem"), withDestinationPath: pki.path(rotated))

        let old = try pki.makeLeaf("\(directory)/old.crt", subject: "/O=system:nodes/CN=system:node:master-0",
                                   issuer: ca, validity: .expired, usage: "clientAuth")
        try pki.write(try pki.read("\(directory)/old.crt") + pki.read("\(directory)/old.key"),
                      to: "\(directory)/kubelet-client-2020-01-01-00-00-00.pem")
        try FileManager.default.removeItem(atPath: old.certificate)
        try FileManager.default.removeItem(atPath: old.key)

        let servingCA = try pki.makeCA("/tmp-kubelet/ca.crt", commonName: "master-0-ca@1700000000")
        try pki.makeLeaf("\(directory)/kubelet.crt", subject: "/CN=master-0@1700000000", issuer: servingCA,
                         usage: "serverAuth", alternativeNames: "DNS:master-0")
        // kubelet.crt carries its CA after the leaf, as the kubelet writes it.
        try pki.write(try pki.read("\(directory)/kubelet.crt") + String(contentsOfFile: servingCA.certificate, encoding: .utf8),
                      to: "\(directory)/kubelet.crt")
        try FileManager.default.removeItem(atPath: pki.path("/tmp-kubelet"))

        try pki.write("""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: \(try base64(ca.certificate))
                server: https://10.0.0.1:6443
              name: default-cluster
            users:
            - name: default-auth
              user:
                client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem
                client-key: /var/lib/kubelet/pki/kubelet-client-current.pem

            """, to: "/etc/kubernetes/kubelet.conf")
    }

    private func base64(_ file: String) throws -> String {
        try Data(contentsOf: URL(fileURLWithPath: file)).base64EncodedString()
    }
}
