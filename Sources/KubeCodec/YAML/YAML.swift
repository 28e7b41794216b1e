/// YAML input and output in the dialect kubectl uses: YAML 1.1 as go-yaml v2
/// and sigs.k8s.io/yaml read and print it, through Debian's libyaml.
public enum YAML {}

/// A YAML document that could not be read or written.
public struct YAMLError: Error, CustomStringConvertible, Equatable {
    /// What failed, without the position.
    public var message: String
    /// 1-based line of the problem in the input, when libyaml reports one.
    public var line: Int?
    /// 1-based column of the problem in the input, when libyaml reports one.
    public var column: Int?

    public init(message: String, line: Int?, column: Int?) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        guard let line else { return message }
        guard let column else { return "line \(line): \(message)" }
        return "line \(line), column \(column): \(message)"
    }
}
