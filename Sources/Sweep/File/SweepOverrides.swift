import Foundation

/// Values given on the command line in place of a sweep file's (`run --ics N`); nil keeps the file's value.
///
/// A run records its overrides with its results (the database, `status`, `report`, the dashboard and the
/// `sweep.toml` written next to the tables show them), and a run with overrides keeps its results apart from the
/// file's own run by default (``folderSuffix``).
public struct SweepOverrides: Sendable, Codable, Hashable {
    /// `--ics`: initial conditions per η, in place of `ensemble.ics`.
    public var ics: Int?

    /// No override.
    public init(ics: Int? = nil) {
        self.ics = ics
    }

    /// Whether nothing is overridden.
    public var isEmpty: Bool { ics == nil }

    /// The command-line arguments that give these overrides, e.g. `["--ics", "10"]`; empty when none.
    public var arguments: [String] {
        ics.map { ["--ics", "\($0)"] } ?? []
    }

    /// The overrides as one line for people, e.g. `--ics 10`, or `none`.
    public var summary: String { isEmpty ? "none" : arguments.joined(separator: " ") }

    /// What a run with these overrides appends to its sweep's default results folder, e.g. `-ics10`
    /// (`results/quickstart-ics10/`); empty when nothing is overridden.
    public var folderSuffix: String {
        ics.map { "-ics\($0)" } ?? ""
    }

    /// `text` with every overridden value written in place of the file's, or nil if a value is not written as a
    /// plain `key = value` line this can rewrite (the caller checks the result by parsing it).
    func rewrite(_ text: String) -> String? {
        guard let ics else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let number = SourceLocator(text: text).keyLine(path: "ensemble.ics"), number <= lines.count else { return nil }
        let line = lines[number - 1]
        guard let equals = line.firstIndex(of: "="),
              line[..<equals].trimmingCharacters(in: .whitespaces) == "ics" else { return nil }
        let after = line[line.index(after: equals)...]
        let comment = after.firstIndex(of: "#").map { " " + after[$0...] } ?? ""
        lines[number - 1] = line[..<equals] + "= \(ics)" + comment
        return lines.joined(separator: "\n")
    }
}
