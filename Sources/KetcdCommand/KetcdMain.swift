import Foundation

/// Entry point of the `ketcd` executable.
public enum KetcdMain {
    public static func run() async {
        FileHandle.standardError.write(Data("Error: no command is implemented yet\n".utf8))
        exit(1)
    }
}
