import ArgumentParser
import Runtime

/// `lyapsweep validate`: checks sweep files without computing anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check sweep files: syntax, types, unknown keys, ranges, and that the network fits the dataset.",
        discussion: "Prints every problem as FILE:LINE: FIELD: MESSAGE and exits non-zero if any file has one."
    )

    @Argument(help: "Sweep files to check.", completion: .file(extensions: ["toml"]))
    var files: [String]

    func run() throws {
        if try !SweepValidation.check(files) { throw ExitStatus.dataError.exitCode }
    }
}
