import EtcdAPI
import EtcdClient
import Foundation

extension CommandGroup {
    static let auth = CommandGroup("auth", summary: "Enable or disable authentication")
    static let user = CommandGroup("user", summary: "User related commands")
    static let role = CommandGroup("role", summary: "Role related commands")
}

extension Command {
    static let authEnable = Command(["auth", "enable"], summary: "Enables authentication") { context in
        let response = try await context.client().authEnable()
        try context.printer.printAuthHeader(response.header, simple: "Authentication Enabled")
    }

    static let authDisable = Command(["auth", "disable"], summary: "Disables authentication") { context in
        let response = try await context.client().authDisable()
        try context.printer.printAuthHeader(response.header, simple: "Authentication Disabled")
    }

    static let authStatus = Command(["auth", "status"], summary: "Returns authentication status") { context in
        let response = try await context.client().authStatus()
        try context.printer.printAuthStatus(response)
    }

    /// `ketcd user add <name[:password]>`: without a password in the
    /// argument it prompts twice on the terminal, or with
    /// `--interactive=false` reads one line from standard input.
    static let userAdd = Command(
        ["user", "add"], summary: "Adds a new user", arguments: "<user name or user:password> [options]",
        flags: [
            .bool("interactive", default: true, usage: "Read password from stdin instead of interactive terminal"),
            .string("new-user-password", usage: "Supply password from the command line flag"),
            .bool("no-password", usage: "Create a user without password (CN based auth only)"),
        ]
    ) { context in
        guard context.arguments.count == 1 else {
            throw CommandError.badArguments("user add command requires user name as its argument")
        }
        let argument = context.arguments[0]
        var request = AuthUserAddRequest(name: argument)
        if context.flags.bool("no-password") {
            request.noPassword = true
        } else if let colon = argument.firstIndex(of: ":") {
            request.name = String(argument[..<colon])
            request.password = String(argument[argument.index(after: colon)...])
        } else if !context.flags.string("new-user-password").isEmpty {
            request.password = context.flags.string("new-user-password")
        } else {
            request.password = try readNewPassword(for: argument, interactive: context.flags.bool("interactive"), confirm: true)
        }
        let response = try await context.client().userAdd(request)
        try context.printer.printAuthHeader(response.header, simple: "User \(request.name) created")
    }

    static let userDelete = Command(["user", "delete"], summary: "Deletes a user", arguments: "<user name>") { context in
        let name = try singleName(context.arguments, "user delete command requires user name as its argument")
        let response = try await context.client().userDelete(AuthUserDeleteRequest(name: name))
        try context.printer.printAuthHeader(response.header, simple: "User \(name) deleted")
    }

    static let userGet = Command(
        ["user", "get"], summary: "Gets detailed information of a user", arguments: "<user name> [options]",
        flags: [.bool("detail", usage: "Show permissions of roles granted to the user")]
    ) { context in
        let name = try singleName(context.arguments, "user get command requires user name as its argument")
        let client = try context.client()
        let response = try await client.userGet(AuthUserGetRequest(name: name))
        if context.flags.bool("detail") {
            context.output.writeLine("User: \(name)")
            for role in response.roles {
                context.output.writeLine("")
                let roleResponse = try await client.roleGet(AuthRoleGetRequest(name: role))
                try context.printer.printRoleGet(role, roleResponse)
            }
        } else {
            try context.printer.printUserGet(name, response)
        }
    }

    static let userList = Command(["user", "list"], summary: "Lists all users") { context in
        let response = try await context.client().userList()
        try context.printer.printNames(response.header, names: response.users, jsonKey: "users")
    }

    static let userPasswd = Command(
        ["user", "passwd"], summary: "Changes password of user", arguments: "<user name> [options]",
        flags: [.bool("interactive", default: true, usage: "If true, read password from stdin instead of interactive terminal")]
    ) { context in
        let name = try singleName(context.arguments, "user passwd command requires user name as its argument")
        let password = try readNewPassword(for: name, interactive: context.flags.bool("interactive"), confirm: true)
        let response = try await context.client().userChangePassword(AuthUserChangePasswordRequest(name: name, password: password))
        try context.printer.printAuthHeader(response.header, simple: "Password updated")
    }

    static let userGrantRole = Command(["user", "grant-role"], summary: "Grants a role to a user", arguments: "<user name> <role name>") { context in
        guard context.arguments.count == 2 else {
            throw CommandError.badArguments("user grant command requires user name and role name as its argument")
        }
        let (user, role) = (context.arguments[0], context.arguments[1])
        let response = try await context.client().userGrantRole(AuthUserGrantRoleRequest(user: user, role: role))
        try context.printer.printAuthHeader(response.header, simple: "Role \(role) is granted to user \(user)")
    }

    static let userRevokeRole = Command(["user", "revoke-role"], summary: "Revokes a role from a user", arguments: "<user name> <role name>") { context in
        guard context.arguments.count == 2 else {
            throw CommandError.badArguments("user revoke-role requires user name and role name as its argument")
        }
        let (user, role) = (context.arguments[0], context.arguments[1])
        let response = try await context.client().userRevokeRole(AuthUserRevokeRoleRequest(user: user, role: role))
        try context.printer.printAuthHeader(response.header, simple: "Role \(role) is revoked from user \(user)")
    }

    static let roleAdd = Command(["role", "add"], summary: "Adds a new role", arguments: "<role name>") { context in
        let name = try singleName(context.arguments, "role add command requires role name as its argument")
        let response = try await context.client().roleAdd(AuthRoleAddRequest(name: name))
        try context.printer.printAuthHeader(response.header, simple: "Role \(name) created")
    }

    static let roleDelete = Command(["role", "delete"], summary: "Deletes a role", arguments: "<role name>") { context in
        let name = try singleName(context.arguments, "role delete command requires role name as its argument")
        let response = try await context.client().roleDelete(AuthRoleDeleteRequest(name: name))
        try context.printer.printAuthHeader(response.header, simple: "Role \(name) deleted")
    }

    static let roleGet = Command(["role", "get"], summary: "Gets detailed information of a role", arguments: "<role name>") { context in
        let name = try singleName(context.arguments, "role get command requires role name as its argument")
        let response = try await context.client().roleGet(AuthRoleGetRequest(name: name))
        try context.printer.printRoleGet(name, response)
    }

    static let roleList = Command(["role", "list"], summary: "Lists all roles") { context in
        let response = try await context.client().roleList()
        try context.printer.printNames(response.header, names: response.roles, jsonKey: "roles")
    }

    static let roleGrantPermission = Command(
        ["role", "grant-permission"], summary: "Grants a key to a role",
        arguments: "[options] <role name> <permission type> <key> [endkey]",
        flags: [
            .bool("from-key", usage: "grant a permission of keys that are greater than or equal to the given key using byte compare"),
            .bool("prefix", usage: "grant a prefix permission"),
        ]
    ) { context in
        let arguments = context.arguments
        guard arguments.count >= 3 else {
            throw CommandError.badArguments("role grant command requires role name, permission type, and key [endkey] as its argument")
        }
        let type: Permission.PermissionType
        switch arguments[1].lowercased() {
        case "read": type = .read
        case "write": type = .write
        case "readwrite": type = .readWrite
        default: throw CommandError.badArguments("invalid permission type: \(arguments[1])")
        }
        let (key, rangeEnd) = try permissionRange(arguments, flags: context.flags)
        let request = AuthRoleGrantPermissionRequest(name: arguments[0], perm: Permission(permType: type, key: key, rangeEnd: rangeEnd))
        let response = try await context.client().roleGrantPermission(request)
        try context.printer.printAuthHeader(response.header, simple: "Role \(arguments[0]) updated")
    }

    static let roleRevokePermission = Command(
        ["role", "revoke-permission"], summary: "Revokes a key from a role", arguments: "<role name> <key> [endkey]",
        flags: [
            .bool("from-key", usage: "revoke a permission of keys that are greater than or equal to the given key using byte compare"),
            .bool("prefix", usage: "revoke a prefix permission"),
        ]
    ) { context in
        let arguments = context.arguments
        guard arguments.count >= 2 else {
            throw CommandError.badArguments("role revoke-permission command requires role name and key [endkey] as its argument")
        }
        // The key starts one position earlier than in grant-permission.
        let (key, rangeEnd) = try permissionRange([arguments[0], ""] + arguments.dropFirst(), flags: context.flags)
        let response = try await context.client().roleRevokePermission(AuthRoleRevokePermissionRequest(role: arguments[0], key: key, rangeEnd: rangeEnd))
        let keyText = String(decoding: key, as: UTF8.self)
        let simple = rangeEnd.isEmpty
            ? "Permission of key \(keyText) is revoked from role \(arguments[0])"
            : "Permission of range [\(keyText), \(String(decoding: rangeEnd, as: UTF8.self))) is revoked from role \(arguments[0])"
        try context.printer.printAuthHeader(response.header, simple: simple)
    }

    /// The key and range end from `<role> <type> <key> [endkey]` with `--prefix` or `--from-key`.
    private static func permissionRange(_ arguments: [String], flags: ParsedFlags) throws(CommandError) -> ([UInt8], [UInt8]) {
        let key = Array(arguments[2].utf8)
        let prefix = flags.bool("prefix")
        let fromKey = flags.bool("from-key")
        if arguments.count > 3 {
            if prefix || fromKey {
                throw CommandError.badArguments("too many arguments, only accept one argument when `--prefix` or `--from-key` is set")
            }
            return (key, Array(arguments[3].utf8))
        }
        if prefix && fromKey {
            throw CommandError.badArguments("--from-key and --prefix flags are mutually exclusive")
        }
        if prefix { return (key.isEmpty ? [0] : key, key.isEmpty ? [0] : key.prefixRangeEnd) }
        if fromKey { return (key.isEmpty ? [0] : key, [0]) }
        return (key, [])
    }

    private static func singleName(_ arguments: [String], _ message: String) throws(CommandError) -> String {
        guard arguments.count == 1 else { throw CommandError.badArguments(message) }
        return arguments[0]
    }

    /// Reads a new password: twice from the terminal, or with `interactive`
    /// false one line from standard input.
    private static func readNewPassword(for name: String, interactive: Bool, confirm: Bool) throws(CommandError) -> String {
        guard interactive else {
            guard let line = readLine(strippingNewline: true) else {
                throw CommandError(.error, "failed to read password from standard input: no input")
            }
            return line
        }
        let password = try PasswordPrompt.read(prompt: "Password of \(name): ")
        if confirm {
            let again = try PasswordPrompt.read(prompt: "Type password of \(name) again for confirmation: ")
            guard again == password else {
                throw CommandError.badArguments("given passwords are different")
            }
        }
        return password
    }
}
