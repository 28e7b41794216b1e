internal import CGRPCCore

/// The gRPC C-core version this build links against.
public func grpcCoreVersion() -> String {
    String(cString: grpc_version_string())
}
