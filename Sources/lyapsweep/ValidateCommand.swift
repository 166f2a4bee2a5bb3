import ArgumentParser
import Runtime
import Sweep

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
        var failed = false
        for file in files {
            do {
                let sweep = try SweepFile.load(path: file)
                _ = try SweepContext(sweep)
                print("\(file): ok — \(sweep.definition.summary)")
            } catch let error as SweepFileError {
                failed = true
                printError(error.description)
            }
        }
        if failed { throw ExitStatus.dataError.exitCode }
    }
}
