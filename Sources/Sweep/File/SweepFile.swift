import Analysis
import Dynamics
import Foundation
import TOMLKit

/// Reads and validates sweep files (TOML).
///
/// Validation collects every problem rather than stopping at the first, and places each on its
/// line: a wrong type, an unknown key, a value out of range or a missing required field. The schema
/// and every default are in the README's "Sweep files" section.
public enum SweepFile {
    /// Reads, parses and validates the sweep file at `path`.
    ///
    /// - Throws: ``SweepFileError`` listing every problem, or the file-reading error.
    public static func load(path: String) throws -> LoadedSweep {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SweepFileError(issues: [SweepIssue(file: path, line: nil, field: "", message: "cannot read the file: \(error.localizedDescription)")])
        }
        let definition = try parse(text: text, path: path)
        return LoadedSweep(path: path, text: text, definition: definition)
    }

    /// Parses and validates sweep text.
    ///
    /// - Parameters:
    ///   - text: The TOML document.
    ///   - path: The file name used in messages and to resolve a relative dataset path; its stem is the default name.
    /// - Throws: ``SweepFileError`` listing every problem.
    public static func parse(text: String, path: String) throws -> SweepDefinition {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SweepFileError(issues: [
                SweepIssue(file: path, line: error.source.begin.line, field: "", message: "TOML syntax: \(error.description)")
            ])
        }
        var reader = SweepFileReader(root: table, locator: SourceLocator(text: text), file: path)
        let definition = reader.readDefinition()
        if !reader.issues.isEmpty {
            throw SweepFileError(issues: reader.issues.sorted { ($0.line ?? Int.max) < ($1.line ?? Int.max) })
        }
        return definition!
    }
}

/// A sweep file as read from disk: its path, its exact text, and what it means.
public struct LoadedSweep: Sendable {
    /// The path it was read from.
    public var path: String
    /// The file's text, kept verbatim for provenance and resume checks.
    public var text: String
    /// The validated definition.
    public var definition: SweepDefinition

    /// Creates a loaded sweep.
    public init(path: String, text: String, definition: SweepDefinition) {
        self.path = path
        self.text = text
        self.definition = definition
    }

    /// The directory relative dataset paths are resolved against.
    public var directory: String {
        (path as NSString).deletingLastPathComponent
    }
}
