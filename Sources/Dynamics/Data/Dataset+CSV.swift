/// An error in a dataset file: where it is and what is wrong.
public struct DatasetError: Error, CustomStringConvertible, Sendable {
    /// The file (or bundled resource) name.
    public var source: String
    /// The 1-based line, if the error is on one line.
    public var line: Int?
    /// What is wrong and what is allowed.
    public var message: String

    /// Creates an error at a place in a dataset file.
    public init(source: String, line: Int?, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    /// `source:line: message`.
    public var description: String {
        if let line { return "\(source):\(line): \(message)" }
        return "\(source): \(message)"
    }
}

extension Dataset {
    /// Parses a CSV of `feature, feature, …, label` rows.
    ///
    /// A first line that does not parse as numbers is taken as a header. Blank lines and lines
    /// starting with `#` are skipped. Labels may be integers (used as class indices, so they must be
    /// ≥ 0) or names (mapped to indices in sorted order of the names). Every row must have the same
    /// number of columns, at least two.
    ///
    /// - Parameters:
    ///   - text: The CSV text.
    ///   - name: The dataset's name for reports.
    ///   - source: The file name used in error messages.
    /// - Throws: ``DatasetError`` naming the line and the problem.
    public init(csv text: String, name: String, source: String) throws {
        var rows: [(line: Int, features: [Double], label: Substring)] = []
        var columnCount: Int?
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmingCharacters(in: " \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: " \t\"") }
            let numbers = cells.dropLast().map { Double($0) }
            if numbers.contains(where: { $0 == nil }) {
                if rows.isEmpty && columnCount == nil {
                    columnCount = cells.count  // header
                    continue
                }
                let bad = cells.dropLast().first { Double($0) == nil } ?? ""
                throw DatasetError(source: source, line: lineNumber, message: "feature '\(bad)' is not a number")
            }
            guard cells.count >= 2 else {
                throw DatasetError(source: source, line: lineNumber, message: "a row needs at least one feature and a label")
            }
            if let columnCount, columnCount != cells.count {
                throw DatasetError(
                    source: source, line: lineNumber,
                    message: "row has \(cells.count) columns, expected \(columnCount)")
            }
            columnCount = cells.count
            let features = numbers.map { $0! }
            if let bad = features.first(where: { !$0.isFinite }) {
                throw DatasetError(source: source, line: lineNumber, message: "feature \(bad) is not finite")
            }
            rows.append((lineNumber, features, Substring(cells[cells.count - 1])))
        }
        guard let first = rows.first else {
            throw DatasetError(source: source, line: nil, message: "no data rows")
        }
        let labels: [Int]
        if rows.allSatisfy({ Int($0.label) != nil }) {
            labels = rows.map { Int($0.label)! }
            if let bad = rows.first(where: { Int($0.label)! < 0 }) {
                throw DatasetError(source: source, line: bad.line, message: "label \(bad.label) is negative; labels are class indices 0, 1, …")
            }
            if let bad = rows.first(where: { Int($0.label)! >= Dataset.maxClassCount }) {
                throw DatasetError(
                    source: source, line: bad.line,
                    message: "label \(bad.label) is too large; labels are class indices 0…\(Dataset.maxClassCount - 1)")
            }
        } else {
            let names = Array(Set(rows.map(\.label))).sorted()
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            labels = rows.map { index[$0.label]! }
        }
        self.init(
            name: name, featureCount: first.features.count, classCount: (labels.max() ?? 0) + 1,
            features: rows.flatMap(\.features), labels: labels)
    }
}

extension Dataset {
    /// The most classes a dataset may have (labels 0…9,999): the output layer has one unit per class.
    public static let maxClassCount = 10_000
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let c = slice.first, set.contains(c) { slice.removeFirst() }
        while let c = slice.last, set.contains(c) { slice.removeLast() }
        return String(slice)
    }
}
