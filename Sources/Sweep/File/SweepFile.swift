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
    /// - Throws: ``SweepFileError`` listing every problem, or saying why the file cannot be read (a file
    ///   larger than ``SweepLimits/maxFileBytes`` is not read at all).
    public static func load(path: String) throws(SweepFileError) -> LoadedSweep {
        let text: String
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= SweepLimits.maxFileBytes else {
                throw SweepFileError(issues: [SweepIssue(file: path, line: nil, field: "", message: """
                    the file is \(size) bytes; allowed: a sweep file of at most \(SweepLimits.maxFileBytes) bytes (docs/sweep-limits.md)
                    """)])
            }
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch let error as SweepFileError {
            throw error
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
    public static func parse(text: String, path: String) throws(SweepFileError) -> SweepDefinition {
        try parse(text: text, path: path, overrides: SweepOverrides())
    }

    /// Parses and validates sweep text with some values given in place of the file's (command-line overrides),
    /// checked exactly as if they were written in the file.
    static func parse(text: String, path: String, overrides: SweepOverrides) throws(SweepFileError) -> SweepDefinition {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SweepFileError(issues: [
                SweepIssue(file: path, line: error.source.begin.line, field: "", message: "TOML syntax: \(error.description)")
            ])
        } catch {
            throw SweepFileError(issues: [SweepIssue(file: path, line: nil, field: "", message: "TOML syntax: \(error)")])
        }
        var reader = SweepFileReader(root: table, locator: SourceLocator(text: text), file: path, overrides: overrides)
        let definition = reader.readDefinition()
        guard let definition, reader.issues.isEmpty else {
            throw SweepFileError(issues: reader.issues.sorted { ($0.line ?? Int.max) < ($1.line ?? Int.max) })
        }
        return definition
    }
}


/// A sweep file as read from disk: its path, its exact text, and what it means.
public struct LoadedSweep: Sendable {
    /// The path it was read from.
    public var path: String
    /// The file's text, kept verbatim for provenance and resume checks.
    public var text: String
    /// The validated definition (with ``overrides`` applied).
    public var definition: SweepDefinition
    /// The command-line values that replace the file's (none for a sweep computed as written).
    public var overrides: SweepOverrides

    /// Creates a loaded sweep.
    public init(path: String, text: String, definition: SweepDefinition, overrides: SweepOverrides = SweepOverrides()) {
        self.path = path
        self.text = text
        self.definition = definition
        self.overrides = overrides
    }

    /// This sweep with `ics` initial conditions per η in place of the file's `ensemble.ics` (`--ics`), checked
    /// against every rule the file's own value must meet (``SweepLimits``).
    ///
    /// - Throws: ``SweepFileError`` whose issues name the field `--ics` and say what is allowed.
    public func overriding(ics: Int) throws(SweepFileError) -> LoadedSweep {
        var overrides = self.overrides
        overrides.ics = ics
        let definition = try SweepFile.parse(text: text, path: path, overrides: overrides)
        return LoadedSweep(path: path, text: text, definition: definition, overrides: overrides)
    }

    /// The sweep text this run computes: the file's text when nothing is overridden; otherwise the file's text with
    /// every overridden value written in its place and a first comment line naming the overrides, so that running
    /// the text as a sweep file computes exactly ``definition``. (A value written in a form this cannot rewrite,
    /// e.g. inside an inline table, is left as the file wrote it; the first comment line still names the override.)
    public var effectiveText: String {
        guard !overrides.isEmpty else { return text }
        let header = "# computed with \(overrides.arguments.joined(separator: " ")) in place of the file's values (\(path))\n"
        if let rewritten = overrides.rewrite(text),
           (try? SweepFile.parse(text: rewritten, path: path)) == definition {
            return header + rewritten
        }
        return header + text
    }

    /// The directory relative dataset paths are resolved against.
    public var directory: String {
        (path as NSString).deletingLastPathComponent
    }
}
