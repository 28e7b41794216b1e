internal import CGRPCCore
import Glibc

/// The security of a channel's connection, with the PEM text already read from files.
enum TransportSecurity: Sendable, Equatable {
    case plaintext
    case tls(TLSMaterial)
}

/// PEM text and verification choice for a TLS channel.
struct TLSMaterial: Sendable, Equatable {
    /// Trusted CA certificates; nil uses the system's bundle.
    var trustedCertificates: String?
    /// The client certificate chain and its key, for mutual TLS.
    var certificateChain: String?
    var privateKey: String?
    /// False accepts any server certificate (etcdctl's `--insecure-skip-tls-verify`).
    var verifyServer: Bool
}

/// One gRPC channel setting (`grpc_arg`).
enum ChannelArgument: Sendable {
    case integer(String, Int32)
    case string(String, String)
}

/// A gRPC channel (`grpc_channel`) to one target, destroyed in `deinit`.
///
/// `@unchecked Sendable` is safe: the pointer never changes, and the C-core
/// channel functions used here (create call, check and watch connectivity,
/// destroy) are thread-safe.
final class GRPCChannel: @unchecked Sendable {
    let pointer: OpaquePointer
    let queue: CompletionQueue
    /// The C-core target string, such as `127.0.0.1:2379` or `unix:/run/etcd.sock`.
    let target: String

    init(target: String, security: TransportSecurity, arguments: [ChannelArgument], queue: CompletionQueue) throws(EtcdClientError) {
        GRPCLibrary.initialize()
        self.target = target
        self.queue = queue

        let credentials = try Self.makeCredentials(security, target: target)
        defer { grpc_channel_credentials_release(credentials) }

        let channel = Self.withChannelArguments(arguments) { channelArguments in
            grpc_channel_create(target, credentials, channelArguments)
        }
        // grpc_channel_create returns a "lame" channel instead of NULL on bad
        // input, so NULL means the library is out of memory.
        guard let channel else {
            throw EtcdClientError(code: .internal, message: "grpc_channel_create failed for \(target)")
        }
        self.pointer = channel
    }

    deinit {
        grpc_channel_destroy(pointer)
    }

    /// Returns the channel's connectivity state. `tryToConnect` starts connecting an idle channel.
    func connectivityState(tryToConnect: Bool) -> grpc_connectivity_state {
        grpc_channel_check_connectivity_state(pointer, tryToConnect ? 1 : 0)
    }

    /// Calls `onChange` once, on the completion queue's thread, when the state
    /// differs from `state` (with true) or when `deadline` passes first (with
    /// false). C-core cannot cancel such a watch, so `onChange` must stay
    /// harmless when it runs after its caller stopped waiting.
    func watchStateChange(from state: grpc_connectivity_state, deadline: gpr_timespec, _ onChange: @escaping @Sendable (Bool) -> Void) {
        let tag = queue.makeTag(onChange)
        grpc_channel_watch_connectivity_state(pointer, state, deadline, queue.pointer, tag)
    }

    /// Creates a call of `path` (such as `/etcdserverpb.KV/Range`) that must end by `deadline`.
    func makeCall(path: String, deadline: gpr_timespec) throws(EtcdClientError) -> GRPCCall {
        let method = grpc_slice_from_copied_string(path)
        defer { grpc_slice_unref(method) }
        let call = grpc_channel_create_call(
            pointer, nil, ketcd_grpc_propagate_defaults(), queue.pointer, method, nil, deadline, nil)
        guard let call else {
            throw EtcdClientError(code: .internal, message: "grpc_channel_create_call failed for \(path) on \(target)")
        }
        return GRPCCall(pointer: call, channel: self)
    }

    // MARK: - Setup

    private static func makeCredentials(_ security: TransportSecurity, target: String) throws(EtcdClientError) -> OpaquePointer {
        let credentials: OpaquePointer?
        switch security {
        case .plaintext:
            credentials = grpc_insecure_credentials_create()
        case .tls(let material) where material.verifyServer:
            credentials = makeVerifyingCredentials(material)
        case .tls(let material):
            credentials = makeNonVerifyingCredentials(material)
        }
        guard let credentials else {
            throw EtcdClientError(code: .internal, message: "gRPC rejected the TLS settings for \(target)")
        }
        return credentials
    }

    /// SSL credentials that verify the server's chain and host name (`grpc_ssl_credentials_create_ex`).
    private static func makeVerifyingCredentials(_ material: TLSMaterial) -> OpaquePointer? {
        let roots = material.trustedCertificates ?? systemTrustedCertificates()
        return withOptionalCString(roots) { rootsPointer in
            withOptionalCString(material.privateKey) { keyPointer in
                withOptionalCString(material.certificateChain) { chainPointer in
                    if let keyPointer, let chainPointer {
                        var pair = grpc_ssl_pem_key_cert_pair(private_key: keyPointer, cert_chain: chainPointer)
                        return grpc_ssl_credentials_create_ex(rootsPointer, &pair, nil, nil)
                    }
                    return grpc_ssl_credentials_create_ex(rootsPointer, nil, nil, nil)
                }
            }
        }
    }

    /// TLS credentials that accept any server certificate: the experimental
    /// `grpc_tls_credentials_options` API of C-core 1.51 with server
    /// verification off and a no-op verifier, because the SSL credentials
    /// API always checks the chain.
    private static func makeNonVerifyingCredentials(_ material: TLSMaterial) -> OpaquePointer? {
        guard let options = grpc_tls_credentials_options_create() else { return nil }

        var identityPairs: OpaquePointer?
        if let key = material.privateKey, let chain = material.certificateChain {
            identityPairs = grpc_tls_identity_pairs_create()
            grpc_tls_identity_pairs_add_pair(identityPairs, key, chain)
        }
        // The provider takes ownership of identityPairs.
        let provider = withOptionalCString(material.trustedCertificates) { roots in
            grpc_tls_certificate_provider_static_data_create(roots, identityPairs)
        }
        grpc_tls_credentials_options_set_certificate_provider(options, provider)
        if identityPairs != nil {
            grpc_tls_credentials_options_watch_identity_key_cert_pairs(options)
        }
        if material.trustedCertificates != nil {
            grpc_tls_credentials_options_watch_root_certs(options)
        }
        grpc_tls_credentials_options_set_verify_server_cert(options, 0)
        grpc_tls_credentials_options_set_check_call_host(options, 0)
        let verifier = grpc_tls_certificate_verifier_no_op_create()
        grpc_tls_credentials_options_set_certificate_verifier(options, verifier)

        // The options hold their own references to the provider and verifier,
        // and the credentials take ownership of the options.
        let credentials = grpc_tls_credentials_create(options)
        grpc_tls_certificate_provider_release(provider)
        grpc_tls_certificate_verifier_release(verifier)
        return credentials
    }

    /// Reads the Debian/Ubuntu or Red Hat system CA bundle, for https endpoints
    /// without `--cacert`. Returns nil, so C-core uses its own default, when neither exists.
    private static func systemTrustedCertificates() -> String? {
        let bundles = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"]
        for path in bundles {
            if let text = try? PEMFile.read(path) {
                return text
            }
        }
        return nil
    }

    private static func withOptionalCString<Result>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> Result) -> Result {
        guard let string else { return body(nil) }
        return string.withCString { body($0) }
    }

    /// Builds a `grpc_channel_args` whose keys and string values live for the duration of `body`.
    private static func withChannelArguments<Result>(_ arguments: [ChannelArgument], _ body: (UnsafePointer<grpc_channel_args>) -> Result) -> Result {
        var strings: [UnsafeMutablePointer<CChar>] = []
        defer {
            for string in strings { free(string) }
        }
        func copy(_ string: String) -> UnsafeMutablePointer<CChar> {
            let copied = strdup(string)!
            strings.append(copied)
            return copied
        }

        var cArguments: [grpc_arg] = []
        for argument in arguments {
            var cArgument = grpc_arg()
            switch argument {
            case .integer(let key, let value):
                cArgument.type = GRPC_ARG_INTEGER
                cArgument.key = copy(key)
                cArgument.value.integer = value
            case .string(let key, let value):
                cArgument.type = GRPC_ARG_STRING
                cArgument.key = copy(key)
                cArgument.value.string = copy(value)
            }
            cArguments.append(cArgument)
        }

        return cArguments.withUnsafeMutableBufferPointer { buffer in
            var channelArguments = grpc_channel_args(num_args: buffer.count, args: buffer.baseAddress)
            return body(&channelArguments)
        }
    }
}
