import EtcdTestSupport
import Foundation
import Testing

@Suite struct CompletionCommandTests {
    @Test func bashScriptParsesAndCompletes() throws {
        let result = try ProcessRunner.run(TestEnvironment.ketcdPath, ["completion", "bash"])
        #expect(result.status == 0)
        #expect(result.output.contains("complete -o default -F _ketcd ketcd"))

        let script = try TestEnvironment.makeTemporaryDirectory().appendingPathComponent("ketcd.bash")
        try result.standardOutput.write(to: script)
        let syntax = try ProcessRunner.run("/bin/bash", ["-n", script.path])
        #expect(syntax.status == 0, "bash -n: \(syntax.errorOutput)")

        // Ask the function for the words after "ketcd ver" and after "ketcd get --end".
        let probe = """
        source \(script.path)
        COMP_WORDS=(ketcd ver); COMP_CWORD=1; _ketcd; echo "${COMPREPLY[*]}"
        COMP_WORDS=(ketcd get --end); COMP_CWORD=2; _ketcd; echo "${COMPREPLY[*]}"
        """
        let completed = try ProcessRunner.run("/bin/bash", ["-c", probe])
        #expect(completed.output == "version\n--endpoints\n")
    }

    @Test func fishAndZshScriptsNameCommands() throws {
        for shell in ["fish", "zsh"] {
            let result = try ProcessRunner.run(TestEnvironment.ketcdPath, ["completion", shell])
            #expect(result.status == 0)
            #expect(result.output.contains("version"), "\(shell) script lists commands")
        }
    }

    @Test func unknownShellRejected() throws {
        let result = try ProcessRunner.run(TestEnvironment.ketcdPath, ["completion", "powershell"])
        #expect(result.status == 128)
        #expect(result.errorOutput == "Error: unsupported shell \"powershell\": use bash, zsh or fish\n")
    }
}
