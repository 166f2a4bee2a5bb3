import Dynamics
import Foundation

extension SweepDefinition.DataSection {
    /// The bounds of an IDX dataset, from ``SweepLimits``.
    static let idxLimits = IDXLimits(
        maxFileBytes: SweepLimits.maxDatasetBytes, maxSamples: SweepLimits.maxSamples,
        maxFeatures: SweepLimits.maxLayerWidth, maxFeatureBytes: SweepLimits.maxDatasetBytes)

    /// Reads the IDX dataset `idx` (paths resolved against `baseDirectory`, the sweep file's folder, if
    /// relative) and keeps `subset` samples of it (docs/METHOD.md §1.1).
    ///
    /// A file larger than ``SweepLimits/maxDatasetBytes`` is refused before it is read.
    ///
    /// - Precondition: `idx` is set.
    /// - Throws: ``DatasetError`` saying which file is wrong and how.
    public func loadIDX(relativeTo baseDirectory: String) throws -> Dataset {
        let paths = idx!.map { $0.hasPrefix("/") ? $0 : (baseDirectory as NSString).appendingPathComponent($0) }
        let contents = try paths.map(Self.read)
        return try Dataset(
            idxImageBytes: contents[0], imagesSource: paths[0], labelBytes: contents[1], labelsSource: paths[1],
            name: (dataset as NSString).lastPathComponent, subset: subset, subsetSeed: splitSeed, limits: Self.idxLimits)
    }

    /// The bytes of the file at `path`, if it is readable and within the size limit.
    private static func read(_ path: String) throws -> [UInt8] {
        let size: Int
        do {
            size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw DatasetError(source: path, line: nil, message: "cannot read the file: \(error.localizedDescription)")
        }
        guard size <= idxLimits.maxFileBytes else {
            throw DatasetError(source: path, line: nil, message: """
                is \(size) bytes; allowed: an IDX file of at most \(idxLimits.maxFileBytes) bytes (docs/sweep-limits.md)
                """)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(source: path, line: nil, message: "cannot read the file")
        }
        return [UInt8](data)
    }
}
