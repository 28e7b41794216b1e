import EtcdAPI

/// Auth, user and role responses in etcdctl 3.5's layouts.
extension ResponsePrinter {
    /// Prints a header-only response: `simple` in the simple format.
    func printAuthHeader(_ header: ResponseHeader, simple: String) throws(CommandError) {
        switch format {
        case .simple:
            output.writeLine(simple)
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendJSONHeaderMember(header, to: &buffer)
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .fields:
            output.append { appendFieldsHeader(header, to: &$0) }
        case .protobuf:
            output.write(HeaderOnlyResponse(header: header).serializedBytes())
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    func printAuthStatus(_ response: AuthStatusResponse) throws(CommandError) {
        switch format {
        case .simple:
            output.writeLine("Authentication Status: \(response.enabled)")
            output.writeLine("AuthRevision: \(response.authRevision)")
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendJSONHeaderMember(response.header, to: &buffer)
                if response.enabled { GoJSON.appendRaw(",\"enabled\":true", to: &buffer) }
                if response.authRevision != 0 { buffer.append(contentsOf: ",\"authRevision\":\(response.authRevision)".utf8) }
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .protobuf:
            output.write(response.serializedBytes())
        case .fields, .table:
            throw CommandError.badFeature("\(format.rawValue) not supported as output format")
        }
    }

    func printUserGet(_ name: String, _ response: AuthUserGetResponse) throws(CommandError) {
        switch format {
        case .simple:
            output.writeLine("User: \(name)")
            output.writeLine("Roles: \(response.roles.joined(separator: " "))")
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendJSONHeaderMember(response.header, to: &buffer)
                if !response.roles.isEmpty {
                    GoJSON.appendRaw(",\"roles\":", to: &buffer)
                    GoJSON.appendStringArray(response.roles, nilWhenEmpty: false, to: &buffer)
                }
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .protobuf:
            output.write(response.serializedBytes())
        case .fields, .table:
            throw CommandError.badFeature("\(format.rawValue) not supported as output format")
        }
    }

    /// Prints a user or role list: one name per line in the simple format.
    func printNames(_ header: ResponseHeader, names: [String], jsonKey: String) throws(CommandError) {
        switch format {
        case .simple:
            for name in names { output.writeLine(name) }
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendJSONHeaderMember(header, to: &buffer)
                if !names.isEmpty {
                    buffer.append(contentsOf: ",\"\(jsonKey)\":".utf8)
                    GoJSON.appendStringArray(names, nilWhenEmpty: false, to: &buffer)
                }
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .fields where jsonKey == "roles":
            output.append { buffer in
                appendFieldsHeader(header, to: &buffer)
                buffer.append(contentsOf: "\"Roles\" :".utf8)
                for name in names {
                    buffer.append(UInt8(ascii: " "))
                    GoQuote.append(Array(name.utf8), to: &buffer)
                }
                buffer.append(0x0a)
            }
        case .protobuf:
            // AuthUserListResponse and AuthRoleListResponse are the same on the
            // wire: the header, then the names as field 2.
            var response = AuthUserListResponse()
            response.header = header
            response.users = names
            output.write(response.serializedBytes())
        case .fields, .table:
            throw CommandError.badFeature("\(format.rawValue) not supported as output format")
        }
    }

    func printRoleGet(_ name: String, _ response: AuthRoleGetResponse) throws(CommandError) {
        switch format {
        case .simple:
            output.writeLine("Role \(name)")
            output.writeLine("KV Read:")
            for permission in response.perm where permission.permType == .read || permission.permType == .readWrite {
                output.writeLine(Self.permissionText(permission))
            }
            output.writeLine("KV Write:")
            for permission in response.perm where permission.permType == .write || permission.permType == .readWrite {
                output.writeLine(Self.permissionText(permission))
            }
        case .json:
            output.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                appendJSONHeaderMember(response.header, to: &buffer)
                if !response.perm.isEmpty {
                    GoJSON.appendRaw(",\"perm\":[", to: &buffer)
                    for (index, permission) in response.perm.enumerated() {
                        if index > 0 { buffer.append(UInt8(ascii: ",")) }
                        var members: [String] = []
                        if permission.permType.rawValue != 0 { members.append("\"permType\":\(permission.permType.rawValue)") }
                        var key: [UInt8] = []
                        if !permission.key.isEmpty {
                            GoJSON.appendBase64String(permission.key, to: &key)
                            members.append("\"key\":" + String(decoding: key, as: UTF8.self))
                        }
                        var rangeEnd: [UInt8] = []
                        if !permission.rangeEnd.isEmpty {
                            GoJSON.appendBase64String(permission.rangeEnd, to: &rangeEnd)
                            members.append("\"range_end\":" + String(decoding: rangeEnd, as: UTF8.self))
                        }
                        buffer.append(contentsOf: "{\(members.joined(separator: ","))}".utf8)
                    }
                    buffer.append(UInt8(ascii: "]"))
                }
                GoJSON.appendRaw("}\n", to: &buffer)
            }
        case .fields:
            output.append { buffer in
                appendFieldsHeader(response.header, to: &buffer)
                for permission in response.perm {
                    // etcdctl's Println puts a second space before the type name.
                    buffer.append(contentsOf: "\"PermType\" :  \(Permission.PermissionType.names[permission.permType.rawValue] ?? String(permission.permType.rawValue))\n\"Key\" : ".utf8)
                    GoQuote.append(permission.key, to: &buffer)
                    buffer.append(contentsOf: "\n\"RangeEnd\" : ".utf8)
                    GoQuote.append(permission.rangeEnd, to: &buffer)
                    buffer.append(0x0a)
                }
            }
        case .protobuf:
            output.write(response.serializedBytes())
        case .table:
            throw CommandError.badFeature("table not supported as output format")
        }
    }

    /// One permission line of `role get`: the key, or `[key, end)` with a
    /// prefix note when the range is exactly a prefix, or an open end for `\0`.
    static func permissionText(_ permission: Permission) -> String {
        let key = String(decoding: permission.key, as: UTF8.self)
        guard !permission.rangeEnd.isEmpty else { return "\t\(key)" }
        var text = permission.rangeEnd == [0]
            ? "\t[\(key), <open ended>"
            : "\t[\(key), \(String(decoding: permission.rangeEnd, as: UTF8.self)))"
        if !permission.key.isEmpty && permission.key.prefixRangeEnd == permission.rangeEnd {
            text += " (prefix \(key))"
        }
        return text
    }
}
