import Foundation
import TOMLKit

/// A class of finding already reported (fuzz/findings/), which a run can step over to look for others.
///
/// `LYAPSWEEP_FUZZ_SKIP` is a comma-separated list of raw values; an input of a listed class is not run.
enum KnownFinding: String, CaseIterable, Sendable {
    /// A sweep file that trips an assertion in toml++ (inside TOMLKit), which aborts the process: a table header
    /// whose name starts with a character that is neither a bare-key character (A–Z, a–z, 0–9, `_`, `-`) nor a
    /// quote nor `]` (`[é]`, `[[,]]`, `[` then a line break), a `}` where an array expects a value
    /// (`a = [}1]`, `a = [1, }]`), or a date whose time part starts with a non-digit (`a = 1979-05-27T-7:32:00Z`).
    case sweepTOMLAssertion = "sweep-toml-assertion"
    /// A sweep file's log-spaced range `{ from, to, count }` with a count above 1,000,000: the reader
    /// materialises every value (8 bytes each) before any limit is checked.
    case sweepRangeCount = "sweep-range-count"
    /// A CSV dataset whose largest label is 9223372036854775807 (`Int.max`): the class count, largest label + 1,
    /// overflows and the process traps.
    case csvLabelOverflow = "csv-label-overflow"

    /// The classes named by `LYAPSWEEP_FUZZ_SKIP`, in declaration order (an earlier class's check must not
    /// run into a later one: the range check parses TOML); exits with status 2 on an unknown name.
    static func fromEnvironment() -> [KnownFinding] {
        let list = ProcessInfo.processInfo.environment["LYAPSWEEP_FUZZ_SKIP"] ?? ""
        let named = list.split(separator: ",").map { name in
            guard let finding = KnownFinding(rawValue: String(name)) else {
                let names = allCases.map(\.rawValue).joined(separator: ", ")
                FileHandle.standardError.write(Data("LYAPSWEEP_FUZZ_SKIP names \"\(name)\"; allowed: \(names)\n".utf8))
                exit(2)
            }
            return finding
        }
        return allCases.filter(named.contains)
    }

    /// Whether `bytes`, as an input of `target`, belongs to this class.
    func matches(_ bytes: [UInt8], target: FuzzTarget) -> Bool {
        switch self {
        case .sweepRangeCount:
            guard target == .sweep, let table = try? TOMLTable(string: String(decoding: bytes, as: UTF8.self)) else { return false }
            return Self.hasCount(above: 1_000_000, in: table)
        case .csvLabelOverflow:
            guard target == .csv else { return false }
            return String(decoding: bytes, as: UTF8.self).unicodeScalars.split(separator: "\n").contains { line in
                let label = line.split(separator: ",", omittingEmptySubsequences: false).last ?? line[...]
                return Int(Substring(label).trimmingCharacters(in: .init(charactersIn: " \t\r\""))) == .max
            }
        case .sweepTOMLAssertion:
            guard target == .sweep else { return false }
            let text = String(decoding: bytes, as: UTF8.self).unicodeScalars
            let lines = text.split(separator: "\n")
            return lines.contains(where: Self.startsBadHeader) || lines.contains(where: Self.hasBadTime)
                || Self.hasBraceAsArrayValue(text)
        }
    }

    /// Whether a line is a table header (`[` or `[[`) whose name starts with a character toml++ asserts on.
    private static func startsBadHeader(_ line: Substring.UnicodeScalarView) -> Bool {
        var rest = line.drop { $0 == " " || $0 == "\t" }
        guard rest.popFirst() == "[" else { return false }
        if rest.first == "[" { rest.removeFirst() }
        guard let first = rest.first(where: { $0 != " " && $0 != "\t" }) else { return true }
        return !(first.isASCII && first.properties.isAlphabetic || "0123456789_-\"']".unicodeScalars.contains(first))
    }

    /// Whether a line has a date `dddd-dd-dd` followed by `T`, `t` or a space, then a non-digit, then a `:`.
    private static func hasBadTime(_ line: Substring.UnicodeScalarView) -> Bool {
        let scalars = Array(line)
        let digit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        guard scalars.count > 12 else { return false }
        for start in 0...(scalars.count - 12) {
            let date = scalars[start..<(start + 10)]
            guard date.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 ? $0.element == "-" : digit($0.element) }),
                  "Tt ".unicodeScalars.contains(scalars[start + 10]), !digit(scalars[start + 11]) else { continue }
            if scalars[(start + 11)...].contains(":") { return true }
        }
        return false
    }

    /// Whether a `[` or `,` is followed, after blanks and line breaks, by `}` (approximate: ignores strings and comments).
    private static func hasBraceAsArrayValue(_ text: String.UnicodeScalarView) -> Bool {
        var afterOpener = false
        for scalar in text {
            switch scalar {
            case "[", ",": afterOpener = true
            case " ", "\t", "\r", "\n": continue
            case "}" where afterOpener: return true
            default: afterOpener = false
            }
        }
        return false
    }

    /// Whether a table, at any depth, has a `count` key whose integer value is above `limit`.
    private static func hasCount(above limit: Int, in table: TOMLTable) -> Bool {
        table.contains { key, value in
            if key == "count", let count = value.int, count > limit { return true }
            return value.table.map { hasCount(above: limit, in: $0) } ?? false
        }
    }
}
