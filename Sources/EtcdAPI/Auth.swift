import Protobuf

// Messages of etcd's Auth service, and authpb.Permission.

/// A key-range permission granted to a role: `authpb.Permission`.
// Fields: 1 permType (Type), 2 key (bytes), 3 range_end (bytes).
public struct Permission: EtcdMessage {
    /// `authpb.Permission.Type`.
    public struct PermissionType: EtcdEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let read = PermissionType(rawValue: 0)
        public static let write = PermissionType(rawValue: 1)
        public static let readWrite = PermissionType(rawValue: 2)
        public static let names: [Int32: String] = [0: "READ", 1: "WRITE", 2: "READWRITE"]
    }

    public var permType: PermissionType
    public var key: [UInt8]
    /// End of the key range, exclusive. Empty grants only `key`, and `[0]` grants every key from `key` on.
    public var rangeEnd: [UInt8]

    public init() {
        self.init(permType: .read, key: [])
    }

    public init(permType: PermissionType, key: [UInt8], rangeEnd: [UInt8] = []) {
        self.permType = permType
        self.key = key
        self.rangeEnd = rangeEnd
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .varint): permType = PermissionType(rawValue: try reader.readInt32())
            case (2, .lengthDelimited): key = Array(try reader.readBytes())
            case (3, .lengthDelimited): rangeEnd = Array(try reader.readBytes())
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonZeroEnumField(1, permType.rawValue)
        writer.writeNonEmptyBytesField(2, key)
        writer.writeNonEmptyBytesField(3, rangeEnd)
    }
}

/// Requests without fields: `etcdserverpb.AuthEnableRequest`, `AuthDisableRequest`,
/// `AuthStatusRequest`, `AuthUserListRequest` and `AuthRoleListRequest`.
public typealias AuthEnableRequest = EmptyRequest
public typealias AuthDisableRequest = EmptyRequest
public typealias AuthStatusRequest = EmptyRequest
public typealias AuthUserListRequest = EmptyRequest
public typealias AuthRoleListRequest = EmptyRequest

/// Responses that carry only the header.
public typealias AuthEnableResponse = HeaderOnlyResponse
public typealias AuthDisableResponse = HeaderOnlyResponse
public typealias AuthUserAddResponse = HeaderOnlyResponse
public typealias AuthUserDeleteResponse = HeaderOnlyResponse
public typealias AuthUserChangePasswordResponse = HeaderOnlyResponse
public typealias AuthUserGrantRoleResponse = HeaderOnlyResponse
public typealias AuthUserRevokeRoleResponse = HeaderOnlyResponse
public typealias AuthRoleAddResponse = HeaderOnlyResponse
public typealias AuthRoleDeleteResponse = HeaderOnlyResponse
public typealias AuthRoleGrantPermissionResponse = HeaderOnlyResponse
public typealias AuthRoleRevokePermissionResponse = HeaderOnlyResponse

/// The response to an `AuthStatusRequest`: `etcdserverpb.AuthStatusResponse`.
// Fields: 1 header (ResponseHeader), 2 enabled (bool), 3 authRevision (uint64).
public struct AuthStatusResponse: EtcdMessage {
    public var header: ResponseHeader
    public var enabled: Bool
    /// Counter of changes to users, roles and permissions.
    public var authRevision: UInt64

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, enabled: Bool = false, authRevision: UInt64 = 0) {
        self.header = header
        self.enabled = enabled
        self.authRevision = authRevision
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .varint): enabled = try reader.readBool()
            case (3, .varint): authRevision = try reader.readVarint()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeTrueBoolField(2, enabled)
        writer.writeNonZeroUInt64Field(3, authRevision)
    }
}

/// A login with user name and password: `etcdserverpb.AuthenticateRequest`.
// Fields: 1 name (string), 2 password (string).
public struct AuthenticateRequest: EtcdMessage {
    public var name: String
    public var password: String

    public init() {
        self.init(name: "", password: "")
    }

    public init(name: String, password: String) {
        self.name = name
        self.password = password
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (2, .lengthDelimited): password = try reader.readString()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonEmptyStringField(1, name)
        writer.writeNonEmptyStringField(2, password)
    }
}

/// The response to an `AuthenticateRequest`: `etcdserverpb.AuthenticateResponse`.
// Fields: 1 header (ResponseHeader), 2 token (string).
public struct AuthenticateResponse: EtcdMessage {
    public var header: ResponseHeader
    /// The token later requests send in their `token` metadata.
    public var token: String

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, token: String = "") {
        self.header = header
        self.token = token
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .lengthDelimited): token = try reader.readString()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeNonEmptyStringField(2, token)
    }
}

/// A request to create a user: `etcdserverpb.AuthUserAddRequest`.
// Fields: 1 name (string), 2 password (string), 3 options (authpb.UserAddOptions,
// whose field 1 is no_password (bool)), 4 hashedPassword (string).
public struct AuthUserAddRequest: EtcdMessage {
    public var name: String
    public var password: String
    /// Create the user without a password, so it can only log in with a
    /// client certificate (etcdctl's `--no-password`). Encoded as `options`.
    public var noPassword: Bool
    /// A bcrypt hash to store in place of `password`.
    public var hashedPassword: String

    public init() {
        self.init(name: "")
    }

    public init(name: String, password: String = "", noPassword: Bool = false, hashedPassword: String = "") {
        self.name = name
        self.password = password
        self.noPassword = noPassword
        self.hashedPassword = hashedPassword
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (2, .lengthDelimited): password = try reader.readString()
            case (3, .lengthDelimited):
                var options = try reader.readMessage()
                while let optionTag = try options.readTag() {
                    switch (optionTag.fieldNumber, optionTag.wireType) {
                    case (1, .varint): noPassword = try options.readBool()
                    default: try options.skipField(optionTag)
                    }
                }
            case (4, .lengthDelimited): hashedPassword = try reader.readString()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonEmptyStringField(1, name)
        writer.writeNonEmptyStringField(2, password)
        // etcdctl always sends the options message, empty when no_password is false.
        writer.writeMessageField(3) { options in
            options.writeTrueBoolField(1, noPassword)
        }
        writer.writeNonEmptyStringField(4, hashedPassword)
    }
}

/// A request that names one user or role: `etcdserverpb.AuthUserGetRequest`,
/// `AuthUserDeleteRequest`, `AuthRoleAddRequest` (field 1 `name`) and
/// `AuthRoleGetRequest`, `AuthRoleDeleteRequest` (field 1 `role`), all the same on the wire.
// Fields: 1 name or role (string).
public struct AuthNameRequest: EtcdMessage {
    public var name: String

    public init() {
        self.init(name: "")
    }

    public init(name: String) {
        self.name = name
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonEmptyStringField(1, name)
    }
}

public typealias AuthUserGetRequest = AuthNameRequest
public typealias AuthUserDeleteRequest = AuthNameRequest
public typealias AuthRoleAddRequest = AuthNameRequest
public typealias AuthRoleGetRequest = AuthNameRequest
public typealias AuthRoleDeleteRequest = AuthNameRequest

/// A request to set a user's password: `etcdserverpb.AuthUserChangePasswordRequest`.
// Fields: 1 name (string), 2 password (string), 3 hashedPassword (string).
public struct AuthUserChangePasswordRequest: EtcdMessage {
    public var name: String
    public var password: String
    public var hashedPassword: String

    public init() {
        self.init(name: "", password: "")
    }

    public init(name: String, password: String, hashedPassword: String = "") {
        self.name = name
        self.password = password
        self.hashedPassword = hashedPassword
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (2, .lengthDelimited): password = try reader.readString()
            case (3, .lengthDelimited): hashedPassword = try reader.readString()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonEmptyStringField(1, name)
        writer.writeNonEmptyStringField(2, password)
        writer.writeNonEmptyStringField(3, hashedPassword)
    }
}

/// A request to grant a role to a user or revoke it: `etcdserverpb.AuthUserGrantRoleRequest`
/// (field 1 `user`) and `AuthUserRevokeRoleRequest` (field 1 `name`), the same on the wire.
// Fields: 1 user or name (string), 2 role (string).
public struct AuthUserRoleRequest: EtcdMessage {
    public var user: String
    public var role: String

    public init() {
        self.init(user: "", role: "")
    }

    public init(user: String, role: String) {
        self.user = user
        self.role = role
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): user = try reader.readString()
            case (2, .lengthDelimited): role = try reader.readString()
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonEmptyStringField(1, user)
        writer.writeNonEmptyStringField(2, role)
    }
}

public typealias AuthUserGrantRoleRequest = AuthUserRoleRequest
public typealias AuthUserRevokeRoleRequest = AuthUserRoleRequest

/// A request to grant a key-range permission to a role: `etcdserverpb.AuthRoleGrantPermissionRequest`.
// Fields: 1 name (string), 2 perm (authpb.Permission).
public struct AuthRoleGrantPermissionRequest: EtcdMessage {
    /// The role's name.
    public var name: String
    public var perm: Permission?

    public init() {
        self.init(name: "")
    }

    public init(name: String, perm: Permission? = nil) {
        self.name = name
        self.perm = perm
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (2, .lengthDelimited): perm = try reader.readMessage(Permission.self)
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonEmptyStringField(1, name)
        writer.writeOptionalMessageField(2, perm)
    }
}

/// A request to revoke a key-range permission from a role: `etcdserverpb.AuthRoleRevokePermissionRequest`.
// Fields: 1 role (string), 2 key (bytes), 3 range_end (bytes).
public struct AuthRoleRevokePermissionRequest: EtcdMessage {
    public var role: String
    public var key: [UInt8]
    public var rangeEnd: [UInt8]

    public init() {
        self.init(role: "", key: [])
    }

    public init(role: String, key: [UInt8], rangeEnd: [UInt8] = []) {
        self.role = role
        self.key = key
        self.rangeEnd = rangeEnd
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): role = try reader.readString()
            case (2, .lengthDelimited): key = Array(try reader.readBytes())
            case (3, .lengthDelimited): rangeEnd = Array(try reader.readBytes())
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeNonEmptyStringField(1, role)
        writer.writeNonEmptyBytesField(2, key)
        writer.writeNonEmptyBytesField(3, rangeEnd)
    }
}

/// A response that lists role names: `etcdserverpb.AuthUserGetResponse` (the
/// user's roles) and `AuthRoleListResponse` (every role), the same on the wire.
// Fields: 1 header (ResponseHeader), 2 roles (repeated string).
public struct AuthRolesResponse: EtcdMessage {
    public var header: ResponseHeader
    public var roles: [String]

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, roles: [String] = []) {
        self.header = header
        self.roles = roles
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .lengthDelimited): roles.append(try reader.readString())
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeRepeatedStringField(2, roles)
    }
}

public typealias AuthUserGetResponse = AuthRolesResponse
public typealias AuthRoleListResponse = AuthRolesResponse

/// The list of users: `etcdserverpb.AuthUserListResponse`.
// Fields: 1 header (ResponseHeader), 2 users (repeated string).
public struct AuthUserListResponse: EtcdMessage {
    public var header: ResponseHeader
    public var users: [String]

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, users: [String] = []) {
        self.header = header
        self.users = users
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .lengthDelimited): users.append(try reader.readString())
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        writer.writeRepeatedStringField(2, users)
    }
}

/// A role's permissions: `etcdserverpb.AuthRoleGetResponse`.
// Fields: 1 header (ResponseHeader), 2 perm (repeated authpb.Permission).
public struct AuthRoleGetResponse: EtcdMessage {
    public var header: ResponseHeader
    public var perm: [Permission]

    public init() {
        self.init(header: ResponseHeader())
    }

    public init(header: ResponseHeader, perm: [Permission] = []) {
        self.header = header
        self.perm = perm
    }

    public init(from reader: inout ProtobufReader) throws {
        self.init()
        while let tag = try reader.readTag() {
            switch (tag.fieldNumber, tag.wireType) {
            case (1, .lengthDelimited): header = try reader.readMessage(ResponseHeader.self)
            case (2, .lengthDelimited): perm.append(try reader.readMessage(Permission.self))
            default: try reader.skipField(tag)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageField(1, header)
        for permission in perm {
            writer.writeMessageField(2, permission)
        }
    }
}
