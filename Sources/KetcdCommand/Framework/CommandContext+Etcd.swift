import EtcdAPI
import EtcdClient
import Foundation

extension CommandContext {
    /// A client for the endpoints and credentials in the global options.
    /// Later calls return the same client, so a command may call this freely.
    public func client() throws -> EtcdClient {
        if let cachedClient { return cachedClient }
        if !global.databaseFile.isEmpty || !global.dataDirectory.isEmpty {
            throw CommandError(.error, "\(command.name) needs a live cluster, but --db and --data-dir only serve reads; drop them and pass --endpoints")
        }
        let client: EtcdClient
        do {
            client = try EtcdClient(configuration: try clientConfiguration())
        } catch let error as EtcdClientError where error.code == .invalidArgument {
            // etcdctl exits 128 when its TLS files or endpoints cannot be used.
            throw CommandError.badArguments(error.message)
        }
        cachedClient = client
        return client
    }

    /// A new client whose unary requests have no command timeout, for lock
    /// and elect. etcdctl 3.5 sends their session and lock requests without
    /// --command-timeout, so they work even with --command-timeout=0s.
    public func clientWithoutCommandTimeout() throws -> EtcdClient {
        if !global.databaseFile.isEmpty || !global.dataDirectory.isEmpty {
            throw CommandError(.error, "\(command.name) needs a live cluster, but --db and --data-dir only serve reads; drop them and pass --endpoints")
        }
        var configuration = try clientConfiguration()
        configuration.commandTimeout = nil
        return try EtcdClient(configuration: configuration)
    }

    /// The revisioned key source that read commands use: the database file
    /// named by `--db` or `--data-dir`, else the live cluster.
    public func keyRangeSource() async throws -> any KeyRangeSource {
        if let store = try offlineStore() { return store }
        return try client()
    }

    /// The client configuration for the global options: TLS when any TLS
    /// file is given (or verification is skipped for `https://` endpoints),
    /// the login, and the timeouts. With no endpoint or TLS flag or
    /// `ETCDCTL_*` variable, the endpoints and TLS files come from the
    /// control-plane node's API server configuration when one is found.
    func clientConfiguration() throws -> EtcdClientConfiguration {
        let global = self.global
        var tls: EtcdClientConfiguration.TLS?
        let anyTLSFile = !global.caCertificateFile.isEmpty || !global.certificateFile.isEmpty || !global.keyFile.isEmpty
        if anyTLSFile || global.insecureSkipTLSVerify {
            tls = EtcdClientConfiguration.TLS(
                caFile: global.caCertificateFile.nonEmpty,
                certFile: global.certificateFile.nonEmpty,
                keyFile: global.keyFile.nonEmpty,
                insecureSkipVerify: global.insecureSkipTLSVerify
            )
        }
        var password = global.password
        if !global.user.isEmpty && password.isEmpty {
            password = try PasswordPrompt.read()
        }
        var endpoints = global.endpoints
        if let found = try discoveredConnection() {
            endpoints = found.endpoints
            if found.caFile != nil || found.certFile != nil || found.keyFile != nil {
                tls = EtcdClientConfiguration.TLS(
                    caFile: found.caFile, certFile: found.certFile, keyFile: found.keyFile,
                    insecureSkipVerify: global.insecureSkipTLSVerify)
            }
        }
        return EtcdClientConfiguration(
            endpoints: endpoints,
            tls: tls,
            insecureTransport: global.insecureTransport,
            user: global.user.nonEmpty,
            password: global.user.isEmpty ? nil : password,
            dialTimeout: global.dialTimeout,
            // Zero or negative fails every request at once, as in etcdctl.
            commandTimeout: global.commandTimeout,
            keepAliveTime: global.keepaliveTime,
            keepAliveTimeout: global.keepaliveTimeout
        )
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
