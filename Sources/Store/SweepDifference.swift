import Foundation
import Sweep

/// Names what differs between two sweep definitions, field by field, for the resume check.
enum SweepDifference {
    /// Lines like `ensemble.ics: 100 → 200`, one per differing field.
    static func describe(stored: String, current: String) -> [String] {
        let old = flatten(parse(stored)), new = flatten(parse(current))
        let keys = Set(old.keys).union(new.keys).sorted()
        let lines = keys.compactMap { key -> String? in
            let before = old[key] ?? "(absent)", after = new[key] ?? "(absent)"
            return before == after ? nil : "\(key): \(before) → \(after)"
        }
        return lines.isEmpty ? ["(the definitions differ in encoding only)"] : lines
    }

    private static func parse(_ json: String) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) ?? [:]
    }

    private static func flatten(_ value: Any, prefix: String = "") -> [String: String] {
        if let dictionary = value as? [String: Any] {
            return dictionary.reduce(into: [:]) { result, entry in
                result.merge(flatten(entry.value, prefix: prefix.isEmpty ? entry.key : "\(prefix).\(entry.key)")) { a, _ in a }
            }
        }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]),
           let text = String(data: data, encoding: .utf8) {
            return [prefix: text]
        }
        return [prefix: "\(value)"]
    }
}

extension ResultStore {
    /// The definition as JSON with sorted keys: equal definitions give equal text.
    static func canonicalJSON(_ definition: SweepDefinition) throws -> String {
        try sortedJSON(definition)
    }
}

/// A short content hash (64-bit FNV-1a, hex) identifying a sweep definition in provenance and logs.
public enum SweepHash {
    /// The hash of a text.
    public static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16, uppercase: false).leftPadded(to: 16)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
