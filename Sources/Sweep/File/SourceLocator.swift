/// Finds the line on which a table or key of a TOML document is written.
///
/// TOMLKit reports positions for syntax errors only, so validation errors about values are placed by
/// scanning the text: `[table]` headers open a table, `key = …` lines define a key in it. Dotted and
/// quoted keys are matched by their first segment, which is all the sweep schema uses.
struct SourceLocator {
    private var keyLines: [String: Int] = [:]
    private var tableLines: [String: Int] = [:]
    /// The number of lines in the document.
    let lineCount: Int

    init(text: String) {
        var table = ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lineCount = lines.count
        for (offset, raw) in lines.enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[") {
                let name = line.dropFirst().prefix { $0 != "]" }.filter { $0 != " " }
                table = String(name)
                if tableLines[table] == nil { tableLines[table] = offset + 1 }
            } else if let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = line[..<equals].trimmingCharacters(in: " \t\"'")
                let path = table.isEmpty ? key : "\(table).\(key)"
                if keyLines[path] == nil { keyLines[path] = offset + 1 }
            }
        }
    }

    /// The line of `table.key` (or of the table itself when the key is absent), if written.
    func line(table: String, key: String?) -> Int? {
        if let key, let line = keyLines[table.isEmpty ? key : "\(table).\(key)"] { return line }
        return tableLines[table]
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = self
        while let c = slice.first, set.contains(c) { slice.removeFirst() }
        while let c = slice.last, set.contains(c) { slice.removeLast() }
        return String(slice)
    }
}
