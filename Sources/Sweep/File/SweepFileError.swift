/// One problem found in a sweep file: where it is, which field, and what is allowed.
public struct SweepIssue: Hashable, Sendable, CustomStringConvertible {
    /// The sweep file's path as given.
    public var file: String
    /// The 1-based line of the offending key or table (nil if it cannot be placed, e.g. a missing table).
    public var line: Int?
    /// The dotted field name, e.g. `ensemble.epsilon`.
    public var field: String
    /// What is wrong and what is allowed.
    public var message: String

    /// Creates an issue.
    public init(file: String, line: Int?, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field: message`, the form compilers use, so editors can jump to it.
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return field.isEmpty ? "\(place): \(message)" : "\(place): \(field): \(message)"
    }
}

/// A sweep file that cannot be run, with every problem found in it.
public struct SweepFileError: Error, CustomStringConvertible, Sendable {
    /// The problems, in file order.
    public var issues: [SweepIssue]

    /// Creates the error from its issues.
    public init(issues: [SweepIssue]) {
        self.issues = issues
    }

    /// One line per issue.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}

extension SweepFileError {
    /// The same issues, each without a line placed on the line of its field in `text` (the sweep file's
    /// text), e.g. an issue found once the dataset is loaded; issues of other files are left as they are.
    public func located(in text: String) -> SweepFileError {
        let locator = SourceLocator(text: text)
        return SweepFileError(issues: issues.map { issue in
            guard issue.line == nil, !issue.field.isEmpty, !issue.field.hasPrefix("-") else { return issue }
            var located = issue
            let parts = issue.field.split(separator: ".", maxSplits: 1).map(String.init)
            located.line = parts.count == 2 ? locator.line(table: parts[0], key: parts[1]) : locator.line(table: "", key: parts[0])
            return located
        })
    }
}
