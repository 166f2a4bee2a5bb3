extension SweepFileReader {
    /// Reads `data.dataset`: a string (`"iris"`, `"digits"` or a CSV path) or an IDX pair
    /// `{ idx = ["images", "labels"] }`.
    ///
    /// - Returns: The dataset's name (for an IDX pair, the image file's path) and the IDX paths, if any.
    mutating func readDataset() -> (name: String, idx: [String]?) {
        guard let raw = value("data", "dataset"), let table = raw.table else {
            return (string("data", "dataset", default: "iris"), nil)
        }
        let allowed = """
            allowed: "iris", "digits", a CSV path, or { idx = ["images-idx3-ubyte", "labels-idx1-ubyte"] } (two IDX \
            files, gzip or not, relative to the sweep file)
            """
        let keys = table.map(\.0)
        guard keys == ["idx"], let array = table["idx"]?.array else {
            report("data", "dataset", "is a table with keys [\(keys.joined(separator: ", "))]; \(allowed)")
            return ("iris", nil)
        }
        let paths = array.compactMap { $0.string }
        guard array.count == 2, paths.count == 2, paths.allSatisfy({ !$0.isEmpty }) else {
            report("data", "dataset", "idx has \(array.count) entries or a non-string or empty one; \(allowed)")
            return ("iris", nil)
        }
        return (paths[0], paths)
    }
}
