import EtcdAPI

/// The status of one endpoint, as `endpoint status` prints it.
struct EndpointStatus {
    var endpoint: String
    var status: StatusResponse
}

/// The result of probing one endpoint, as `endpoint health` prints it.
struct EndpointHealth {
    var endpoint: String
    var isHealthy: Bool
    /// The probe's duration in Go's `time.Duration` notation, such as `1.2ms`.
    var took: String
    /// The reason the endpoint is unhealthy, empty when it is healthy.
    var error: String
}

/// The key-value history hash of one endpoint, as `endpoint hashkv` prints it.
struct EndpointHash {
    var endpoint: String
    var response: HashKVResponse
}
