#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a password from the terminal without echo, for `--user name`
/// given without a password, as etcdctl prompts for it.
enum PasswordPrompt {
    static func read(prompt: String = "Password: ") throws(CommandError) -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandError(.error, "--user has no password and standard input is not a terminal to prompt for one; pass --user name:password or --password")
        }
        guard let line = getpass(prompt) else {
            throw CommandError(.error, "failed to read the password from the terminal")
        }
        return String(cString: line)
    }
}
