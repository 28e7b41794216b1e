import Foundation

/// Connection settings of an `EtcdClient`, mirroring etcdctl's global flags.
public struct EtcdClientConfiguration: Sendable, Equatable {
    /// TLS files and verification, as etcdctl's `--cacert`, `--cert`, `--key`
    /// and `--insecure-skip-tls-verify` set them.
    public struct TLS: Sendable, Equatable {
        /// PEM file of the CAs that sign the server certificates; nil uses the system's bundle.
        public var caFile: String?
        /// PEM file of the client certificate, for mutual TLS.
        public var certFile: String?
        /// PEM file of the client certificate's private key.
        public var keyFile: String?
        /// Accept any server certificate, without checking its chain or host name.
        public var insecureSkipVerify: Bool

        public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, insecureSkipVerify: Bool = false) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.insecureSkipVerify = insecureSkipVerify
        }
    }

    /// Endpoints in etcdctl's forms: `host:port`, `http://host:port`,
    /// `https://host:port`, `unix://path` or `unixs://path`.
    public var endpoints: [String]
    /// TLS settings for endpoints that use TLS. `https://` and `unixs://`
    /// endpoints always use TLS, `http://` and `unix://` never do, and
    /// endpoints without a scheme use it when this is set or
    /// `insecureTransport` is false, as etcd's Go client decides.
    public var tls: TLS?
    /// Allow plaintext to endpoints without a scheme when `tls` is nil (etcdctl's `--insecure-transport`).
    public var insecureTransport: Bool
    /// User name for etcd's auth; with `password`, the client logs in and
    /// sends the token with every request.
    public var user: String?
    public var password: String?
    /// Time allowed to connect to one endpoint (etcdctl's `--dial-timeout`).
    public var dialTimeout: Duration
    /// Time allowed for one unary request, nil for none (etcdctl's
    /// `--command-timeout`). Zero or negative fails every request without
    /// sending it, as etcdctl does.
    public var commandTimeout: Duration?
    /// Interval of HTTP/2 keepalive pings on an idle connection (etcdctl's `--keepalive-time`).
    public var keepAliveTime: Duration
    /// Time to wait for a ping's acknowledgement before closing the connection (etcdctl's `--keepalive-timeout`).
    public var keepAliveTimeout: Duration
    /// Largest response message accepted, in bytes; nil for no limit (etcdctl's `--max-recv-bytes`).
    public var maxReceiveMessageBytes: Int?
    /// Largest request message sent, in bytes; nil for no limit (etcdctl's `--max-request-bytes`).
    public var maxSendMessageBytes: Int?

    /// Creates a configuration with etcdctl 3.5's defaults: 2 s dial timeout,
    /// 5 s command timeout, 2 s keepalive time, 6 s keepalive timeout, no
    /// receive limit and the Go client's 2 MiB send limit.
    public init(
        endpoints: [String] = ["127.0.0.1:2379"],
        tls: TLS? = nil,
        insecureTransport: Bool = true,
        user: String? = nil,
        password: String? = nil,
        dialTimeout: Duration = .seconds(2),
        commandTimeout: Duration? = .seconds(5),
        keepAliveTime: Duration = .seconds(2),
        keepAliveTimeout: Duration = .seconds(6),
        maxReceiveMessageBytes: Int? = nil,
        maxSendMessageBytes: Int? = 2 * 1024 * 1024
    ) {
        self.endpoints = endpoints
        self.tls = tls
        self.insecureTransport = insecureTransport
        self.user = user
        self.password = password
        self.dialTimeout = dialTimeout
        self.commandTimeout = commandTimeout
        self.keepAliveTime = keepAliveTime
        self.keepAliveTimeout = keepAliveTimeout
        self.maxReceiveMessageBytes = maxReceiveMessageBytes
        self.maxSendMessageBytes = maxSendMessageBytes
    }
}

/// One endpoint from the configuration, parsed.
public struct EtcdEndpoint: Sendable, Hashable, CustomStringConvertible {
    public enum Scheme: String, Sendable {
        case none = "", http, https, unix, unixs
    }

    /// The endpoint as the user wrote it.
    public let original: String
    public let scheme: Scheme
    /// The address after the scheme: `host:port`, or the socket path for unix endpoints.
    public let address: String

    /// Parses `host:port`, `http://host:port`, `https://host:port`,
    /// `unix://path` or `unixs://path`; a trailing `/` is ignored.
    public init(_ text: String) throws(EtcdClientError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        original = trimmed
        var rest = Substring(trimmed)
        var parsedScheme = Scheme.none
        if let separator = rest.range(of: "://") {
            let name = rest[rest.startIndex..<separator.lowerBound].lowercased()
            guard let known = Scheme(rawValue: name), known != .none else {
                throw EtcdClientError(
                    code: .invalidArgument,
                    message: "invalid endpoint \"\(text)\": unknown scheme \"\(name)\"; use http, https, unix or unixs")
            }
            parsedScheme = known
            rest = rest[separator.upperBound...]
        }
        while rest.hasSuffix("/") && parsedScheme != .unix && parsedScheme != .unixs {
            rest = rest.dropLast()
        }
        guard !rest.isEmpty else {
            throw EtcdClientError(code: .invalidArgument, message: "invalid endpoint \"\(text)\": missing address")
        }
        scheme = parsedScheme
        address = String(rest)
    }

    /// The target string for gRPC C-core.
    var grpcTarget: String {
        switch scheme {
        case .unix, .unixs:
            return "unix:\(address)"
        case .none, .http, .https:
            return address
        }
    }

    public var description: String { original }
}
