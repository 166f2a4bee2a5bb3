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
    /// The lines that write a NUL character as an escape (`\u0000`, `\U00000000`), with the dotted key
    /// written on them ("" if none): TOMLKit passes strings through C strings, which end at a NUL, so
    /// the value read would silently be cut there.
    private(set) var nulEscapes: [(line: Int, path: String)] = []

    init(text: String) {
        var table = ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lineCount = lines.count
        for (offset, raw) in lines.enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if !line.hasPrefix("#"), Self.hasNulEscape(line) {
                let key = line.firstIndex(of: "=").map { line[..<$0].trimmingCharacters(in: " \t\"'") } ?? ""
                nulEscapes.append((offset + 1, key.isEmpty ? table : table.isEmpty ? key : "\(table).\(key)"))
            }
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

    /// The line of `table.key`, if written; else of the table it names or is in.
    ///
    /// In order: the key (`key = …` in `[table]`, or `table.key = …` dotted); a table header `[table.key]`
    /// (a top-level key written as a table, e.g. an unknown `[trainng]`); the header `[table]`; and
    /// `table = { … }`, a table written inline. Nil only for a table that is not in the text at all.
    func line(table: String, key: String?) -> Int? {
        let path = key.map { table.isEmpty ? $0 : "\(table).\($0)" } ?? table
        return keyLines[path] ?? tableLines[path] ?? tableLines[table] ?? (table.isEmpty ? nil : keyLines[table])
    }

    /// The line on which the dotted key `path` (e.g. `ensemble.ics`) is written as `key = …`, if it is.
    func keyLine(path: String) -> Int? { keyLines[path] }
}

extension SourceLocator {
    /// Whether `line` holds `\u0000` or `\U00000000` after an odd number of backslashes (an escape, not
    /// an escaped backslash followed by text).
    static func hasNulEscape(_ line: Substring) -> Bool {
        let characters = Array(line.unicodeScalars)
        for (index, scalar) in characters.enumerated() where scalar == "\\" {
            var backslashes = 1
            var before = index - 1
            while before >= 0, characters[before] == "\\" {
                backslashes += 1
                before -= 1
            }
            guard backslashes % 2 == 1 else { continue }
            let rest = String(String.UnicodeScalarView(characters[(index + 1)...].prefix(9)))
            if rest.hasPrefix("u0000") || rest.hasPrefix("U00000000") { return true }
        }
        return false
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
