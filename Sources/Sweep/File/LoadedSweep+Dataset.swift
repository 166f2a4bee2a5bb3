import Dynamics
import Foundation

extension SweepDefinition.DataSection {
    /// The path of the user CSV dataset, resolved against `baseDirectory` (the sweep file's folder) if relative.
    ///
    /// Meaningful only when `dataset` is not a bundled name (``BundledDataset``).
    public func csvPath(relativeTo baseDirectory: String) -> String {
        dataset.hasPrefix("/") ? dataset : (baseDirectory as NSString).appendingPathComponent(dataset)
    }
}

extension LoadedSweep {
    /// The text of the sweep's user CSV dataset, read relative to the sweep file; for an IDX dataset, its kept
    /// samples (`data.subset`) as CSV (``Dataset/csvText``); nil for a bundled dataset or a file that cannot be read.
    ///
    /// The coordinator sends it to workers in WELCOME, so a worker never resolves the path against its own folder.
    public var datasetCSV: String? {
        let data = definition.data
        if data.idx != nil { return (try? data.loadIDX(relativeTo: directory))?.csvText }
        guard BundledDataset(rawValue: data.dataset) == nil else { return nil }
        return try? String(contentsOfFile: data.csvPath(relativeTo: directory), encoding: .utf8)
    }
}

extension SweepContext {
    /// The context of a sweep whose user dataset arrives as CSV text (a worker's case: WELCOME carries it).
    ///
    /// - Throws: ``SweepFileError`` if the text is not a valid dataset or the network does not fit it.
    public init(definition: SweepDefinition, datasetCSV: String, file: String) throws {
        let dataset: Dataset
        do {
            dataset = try Dataset(csv: datasetCSV, name: definition.data.dataset, source: definition.data.dataset)
        } catch let error as DatasetError {
            throw SweepFileError(issues: [SweepIssue(file: file, line: nil, field: "data.dataset", message: error.description)])
        }
        try self.init(definition: definition, dataset: dataset, file: file)
    }
}
