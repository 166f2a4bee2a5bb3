import Foundation

/// JSON with sorted keys: the one encoding of every JSON file, reply and canonical definition lyapsweep writes,
/// so equal values give equal bytes (hashes, `cmp` of result files, diffs).
///
/// - Parameters:
///   - value: What to encode.
///   - pretty: Indented, one key per line (files people read) instead of compact (wire, hashes).
/// - Returns: The UTF-8 bytes.
public func sortedJSONData(_ value: some Encodable, pretty: Bool = false) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
    return try encoder.encode(value)
}

/// ``sortedJSONData(_:pretty:)`` as a string.
public func sortedJSON(_ value: some Encodable, pretty: Bool = false) throws -> String {
    String(decoding: try sortedJSONData(value, pretty: pretty), as: UTF8.self)
}
