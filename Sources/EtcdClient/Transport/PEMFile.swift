import Foundation

/// Reads the certificate and key files named in the configuration.
enum PEMFile {
    /// Returns the file's text, or throws an error naming the path and the reason.
    static func read(_ path: String) throws(EtcdClientError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw EtcdClientError(code: .invalidArgument, message: "cannot read \(path): \(reason)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
