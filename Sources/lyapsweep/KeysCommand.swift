import ArgumentParser
import Foundation
import Runtime

/// `lyapsweep keys`: CURVE keys for coordinators and workers on a network.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the CURVE keys that encrypt and authenticate coordinator–worker traffic.",
        subcommands: [Generate.self]
    )

    /// `lyapsweep keys generate --out DIR [--workers N]`.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write a coordinator key pair and worker key pairs (Z85 text, files mode 0600).",
            discussion: KeyDirectory.help
        )

        @Option(help: "The folder to write the keys into (created with mode 0700).", completion: .directory)
        var out: String

        @Option(help: "Worker key pairs to generate.")
        var workers = 1

        func validate() throws {
            guard (1...10_000).contains(workers) else { throw ValidationError("--workers is \(workers); allowed: 1…10000 key pairs") }
        }

        func run() throws {
            do {
                let written = try KeyDirectory(path: out).generate(workers: workers)
                print("wrote \(written.count) key files to \(out):")
                for file in written { print("  " + file) }
            } catch {
                printError("lyapsweep keys generate: \(error)")
                throw ExitStatus.refused.exitCode
            }
        }
    }
}
