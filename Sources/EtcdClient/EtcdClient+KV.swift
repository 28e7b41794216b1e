import EtcdAPI

extension EtcdClient {
    /// Reads a key or range (`KV/Range`).
    ///
    /// A revision that etcd has compacted away or not reached yet throws
    /// `KeyRangeSourceError`, as the offline store does; other failures throw
    /// `EtcdClientError`. The compaction and current revisions in those
    /// errors are 0, because etcd's error does not carry them.
    public func range(_ request: RangeRequest) async throws -> RangeResponse {
        do {
            return try await unary("/etcdserverpb.KV/Range", request, retry: .repeatable)
        } catch where error.message == EtcdClientError.compactedMessage {
            throw KeyRangeSourceError.compacted(requested: request.revision, compactRevision: 0)
        } catch where error.message == EtcdClientError.futureRevisionMessage {
            throw KeyRangeSourceError.futureRevision(requested: request.revision, currentRevision: 0)
        }
    }

    /// Reads a key or range, reporting every failure as `EtcdClientError`.
    func rangeReportingClientErrors(_ request: RangeRequest) async throws(EtcdClientError) -> RangeResponse {
        try await unary("/etcdserverpb.KV/Range", request, retry: .repeatable)
    }

    /// Writes a key (`KV/Put`).
    public func put(_ request: PutRequest) async throws(EtcdClientError) -> PutResponse {
        try await unary("/etcdserverpb.KV/Put", request, retry: .mutation)
    }

    /// Deletes a key or range (`KV/DeleteRange`).
    public func deleteRange(_ request: DeleteRangeRequest) async throws(EtcdClientError) -> DeleteRangeResponse {
        try await unary("/etcdserverpb.KV/DeleteRange", request, retry: .mutation)
    }

    /// Runs a transaction (`KV/Txn`).
    public func txn(_ request: TxnRequest) async throws(EtcdClientError) -> TxnResponse {
        try await unary("/etcdserverpb.KV/Txn", request, retry: .mutation)
    }

    /// Compacts the history below a revision (`KV/Compact`).
    public func compact(_ request: CompactionRequest) async throws(EtcdClientError) -> CompactionResponse {
        try await unary("/etcdserverpb.KV/Compact", request, retry: .mutation)
    }
}

extension EtcdClient {
    /// Opens a watch stream (`Watch/Watch`); send `WatchRequest.create` to start watching.
    ///
    /// The stream carries the `hasleader` metadata, as etcdctl's does, so a
    /// member cut off from the leader ends the stream instead of going silent.
    public func watch() async throws(EtcdClientError) -> WatchStream {
        try await openStream("/etcdserverpb.Watch/Watch", extraMetadata: [(key: "hasleader", value: "true")])
    }
}

extension EtcdClient {
    /// Creates a lease (`Lease/LeaseGrant`).
    public func leaseGrant(_ request: LeaseGrantRequest) async throws(EtcdClientError) -> LeaseGrantResponse {
        try await unary("/etcdserverpb.Lease/LeaseGrant", request, retry: .mutation)
    }

    /// Revokes a lease and deletes its keys (`Lease/LeaseRevoke`).
    public func leaseRevoke(_ request: LeaseRevokeRequest) async throws(EtcdClientError) -> LeaseRevokeResponse {
        try await unary("/etcdserverpb.Lease/LeaseRevoke", request, retry: .repeatable)
    }

    /// Returns a lease's remaining time (`Lease/LeaseTimeToLive`).
    public func leaseTimeToLive(_ request: LeaseTimeToLiveRequest) async throws(EtcdClientError) -> LeaseTimeToLiveResponse {
        try await unary("/etcdserverpb.Lease/LeaseTimeToLive", request, retry: .repeatable)
    }

    /// Lists every lease (`Lease/LeaseLeases`).
    public func leaseLeases() async throws(EtcdClientError) -> LeaseLeasesResponse {
        try await unary("/etcdserverpb.Lease/LeaseLeases", LeaseLeasesRequest(), retry: .repeatable)
    }

    /// Opens a keep-alive stream (`Lease/LeaseKeepAlive`); each request renews one lease.
    public func leaseKeepAlive() async throws(EtcdClientError) -> LeaseKeepAliveStream {
        try await openStream("/etcdserverpb.Lease/LeaseKeepAlive")
    }

    /// Renews a lease once and returns the server's response (etcdctl's `lease keep-alive --once`).
    public func leaseKeepAliveOnce(id: Int64) async throws(EtcdClientError) -> LeaseKeepAliveResponse {
        let stream = try await leaseKeepAlive()
        defer { stream.cancel() }
        try await stream.send(LeaseKeepAliveRequest(id: id), closeAfter: true)
        guard let response = try await stream.receive() else {
            throw EtcdClientError(
                code: .unavailable, message: "\(stream.endpoint) closed the keep-alive stream without a response",
                endpoint: stream.endpoint)
        }
        return response
    }
}

extension EtcdClient {
    /// Adds a member (`Cluster/MemberAdd`).
    public func memberAdd(_ request: MemberAddRequest) async throws(EtcdClientError) -> MemberAddResponse {
        try await unary("/etcdserverpb.Cluster/MemberAdd", request, retry: .mutation)
    }

    /// Removes a member (`Cluster/MemberRemove`).
    public func memberRemove(_ request: MemberRemoveRequest) async throws(EtcdClientError) -> MemberRemoveResponse {
        try await unary("/etcdserverpb.Cluster/MemberRemove", request, retry: .mutation)
    }

    /// Changes a member's peer URLs (`Cluster/MemberUpdate`).
    public func memberUpdate(_ request: MemberUpdateRequest) async throws(EtcdClientError) -> MemberUpdateResponse {
        try await unary("/etcdserverpb.Cluster/MemberUpdate", request, retry: .mutation)
    }

    /// Lists the members (`Cluster/MemberList`).
    public func memberList(_ request: MemberListRequest = MemberListRequest()) async throws(EtcdClientError) -> MemberListResponse {
        try await unary("/etcdserverpb.Cluster/MemberList", request, retry: .repeatable)
    }

    /// Promotes a learner to a voting member (`Cluster/MemberPromote`).
    public func memberPromote(_ request: MemberPromoteRequest) async throws(EtcdClientError) -> MemberPromoteResponse {
        try await unary("/etcdserverpb.Cluster/MemberPromote", request, retry: .mutation)
    }
}

extension EtcdClient {
    /// Lists, raises or clears alarms (`Maintenance/Alarm`).
    public func alarm(_ request: AlarmRequest) async throws(EtcdClientError) -> AlarmResponse {
        try await unary("/etcdserverpb.Maintenance/Alarm", request, retry: request.action == .get ? .repeatable : .mutation)
    }

    /// Returns the status of the member that serves the request (`Maintenance/Status`).
    public func status() async throws(EtcdClientError) -> StatusResponse {
        try await unary("/etcdserverpb.Maintenance/Status", StatusRequest(), retry: .repeatable)
    }

    /// Defragments the serving member's database (`Maintenance/Defragment`).
    public func defragment() async throws(EtcdClientError) -> DefragmentResponse {
        try await unary("/etcdserverpb.Maintenance/Defragment", DefragmentRequest(), retry: .mutation)
    }

    /// Hashes the serving member's whole backend (`Maintenance/Hash`).
    public func hash() async throws(EtcdClientError) -> HashResponse {
        try await unary("/etcdserverpb.Maintenance/Hash", HashRequest(), retry: .repeatable)
    }

    /// Hashes the serving member's key-value history (`Maintenance/HashKV`).
    public func hashKV(_ request: HashKVRequest = HashKVRequest()) async throws(EtcdClientError) -> HashKVResponse {
        try await unary("/etcdserverpb.Maintenance/HashKV", request, retry: .repeatable)
    }

    /// Streams a snapshot of the serving member's database (`Maintenance/Snapshot`).
    public func snapshot() async throws(EtcdClientError) -> SnapshotStream {
        let stream: SnapshotStream = try await openStream("/etcdserverpb.Maintenance/Snapshot")
        try await stream.send(SnapshotRequest(), closeAfter: true)
        return stream
    }

    /// Hands leadership to another member (`Maintenance/MoveLeader`); send it to the current leader.
    public func moveLeader(_ request: MoveLeaderRequest) async throws(EtcdClientError) -> MoveLeaderResponse {
        try await unary("/etcdserverpb.Maintenance/MoveLeader", request, retry: .mutation)
    }

    /// Validates, enables or cancels a cluster downgrade (`Maintenance/Downgrade`).
    public func downgrade(_ request: DowngradeRequest) async throws(EtcdClientError) -> DowngradeResponse {
        try await unary("/etcdserverpb.Maintenance/Downgrade", request, retry: .mutation)
    }
}

extension EtcdClient {
    public func authEnable() async throws(EtcdClientError) -> AuthEnableResponse {
        try await unary("/etcdserverpb.Auth/AuthEnable", AuthEnableRequest(), retry: .mutation)
    }

    public func authDisable() async throws(EtcdClientError) -> AuthDisableResponse {
        try await unary("/etcdserverpb.Auth/AuthDisable", AuthDisableRequest(), retry: .mutation)
    }

    public func authStatus() async throws(EtcdClientError) -> AuthStatusResponse {
        try await unary("/etcdserverpb.Auth/AuthStatus", AuthStatusRequest(), retry: .repeatable)
    }

    /// Logs in (`Auth/Authenticate`). Requests made with a configured user log in by themselves.
    public func authenticate(_ request: AuthenticateRequest) async throws(EtcdClientError) -> AuthenticateResponse {
        try await unary("/etcdserverpb.Auth/Authenticate", request, retry: .repeatable)
    }

    public func userAdd(_ request: AuthUserAddRequest) async throws(EtcdClientError) -> AuthUserAddResponse {
        try await unary("/etcdserverpb.Auth/UserAdd", request, retry: .mutation)
    }

    public func userGet(_ request: AuthUserGetRequest) async throws(EtcdClientError) -> AuthUserGetResponse {
        try await unary("/etcdserverpb.Auth/UserGet", request, retry: .repeatable)
    }

    public func userList() async throws(EtcdClientError) -> AuthUserListResponse {
        try await unary("/etcdserverpb.Auth/UserList", AuthUserListRequest(), retry: .repeatable)
    }

    public func userDelete(_ request: AuthUserDeleteRequest) async throws(EtcdClientError) -> AuthUserDeleteResponse {
        try await unary("/etcdserverpb.Auth/UserDelete", request, retry: .mutation)
    }

    public func userChangePassword(_ request: AuthUserChangePasswordRequest) async throws(EtcdClientError) -> AuthUserChangePasswordResponse {
        try await unary("/etcdserverpb.Auth/UserChangePassword", request, retry: .mutation)
    }

    public func userGrantRole(_ request: AuthUserGrantRoleRequest) async throws(EtcdClientError) -> AuthUserGrantRoleResponse {
        try await unary("/etcdserverpb.Auth/UserGrantRole", request, retry: .mutation)
    }

    public func userRevokeRole(_ request: AuthUserRevokeRoleRequest) async throws(EtcdClientError) -> AuthUserRevokeRoleResponse {
        try await unary("/etcdserverpb.Auth/UserRevokeRole", request, retry: .mutation)
    }

    public func roleAdd(_ request: AuthRoleAddRequest) async throws(EtcdClientError) -> AuthRoleAddResponse {
        try await unary("/etcdserverpb.Auth/RoleAdd", request, retry: .mutation)
    }

    public func roleGet(_ request: AuthRoleGetRequest) async throws(EtcdClientError) -> AuthRoleGetResponse {
        try await unary("/etcdserverpb.Auth/RoleGet", request, retry: .repeatable)
    }

    public func roleList() async throws(EtcdClientError) -> AuthRoleListResponse {
        try await unary("/etcdserverpb.Auth/RoleList", AuthRoleListRequest(), retry: .repeatable)
    }

    public func roleDelete(_ request: AuthRoleDeleteRequest) async throws(EtcdClientError) -> AuthRoleDeleteResponse {
        try await unary("/etcdserverpb.Auth/RoleDelete", request, retry: .mutation)
    }

    public func roleGrantPermission(_ request: AuthRoleGrantPermissionRequest) async throws(EtcdClientError) -> AuthRoleGrantPermissionResponse {
        try await unary("/etcdserverpb.Auth/RoleGrantPermission", request, retry: .mutation)
    }

    public func roleRevokePermission(_ request: AuthRoleRevokePermissionRequest) async throws(EtcdClientError) -> AuthRoleRevokePermissionResponse {
        try await unary("/etcdserverpb.Auth/RoleRevokePermission", request, retry: .mutation)
    }
}
