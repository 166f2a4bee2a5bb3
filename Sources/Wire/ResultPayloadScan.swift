/// A pre-scan of a RESULT payload that bounds how many sub-messages decoding would create.
///
/// A protobuf sub-message costs 2 bytes on the wire (tag, length 0) but a struct of tens of bytes once
/// decoded, so a 64 MiB RESULT made of empty curves would make SwiftProtobuf allocate gigabytes before
/// validation could refuse it. This walk reads only the wire format along the paths
/// `ResultReport.result → TaskResult.ensemble → EnsembleResult.curves[] → DivergenceCurve.member_distances
/// → MemberDistances.members[]` and `ResultReport.fits[]`, skips everything else in O(1) per field (packed
/// arrays included), and counts curves, member series and fits.
enum ResultPayloadScan {
    /// The most curves plus member series plus fits a RESULT may hold (ε count × members is far below this).
    static let maxElements = 1_000_000

    /// A length-delimited field followed by the walk: its number, whether its occurrences are counted, and
    /// the fields followed inside it.
    private struct Field {
        let number: UInt64
        let counted: Bool
        let inside: [Field]
    }

    /// The fields followed at the top level of a `ResultReport`.
    private static let followed = [
        Field(number: 2, counted: false, inside: [  // ResultReport.result
            Field(number: 3, counted: false, inside: [  // TaskResult.ensemble
                Field(number: 3, counted: true, inside: [  // EnsembleResult.curves[]
                    Field(number: 3, counted: false, inside: [  // DivergenceCurve.member_distances
                        Field(number: 1, counted: true, inside: []),  // MemberDistances.members[]
                    ]),
                ]),
            ]),
        ]),
        Field(number: 5, counted: true, inside: []),  // ResultReport.fits[]
    ]

    /// Throws `inconsistent` if the payload holds more than ``maxElements`` curves, member series and fits,
    /// and `malformedPayload` if its wire format breaks on the way (groups, which this protocol never uses,
    /// included). Everything else is left to the protobuf decoder.
    static func check(_ payload: [UInt8]) throws(WireError) {
        var count = 0
        try walk(payload[...], following: followed, count: &count)
    }

    private static func walk(_ bytes: ArraySlice<UInt8>, following fields: [Field], count: inout Int) throws(WireError) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let key = try varint(bytes, &index)
            switch key & 7 {
            case 0: _ = try varint(bytes, &index)
            case 1: try skip(8, bytes, &index)
            case 5: try skip(4, bytes, &index)
            case 2:
                let length = try varint(bytes, &index)
                let start = index
                try skip(length, bytes, &index)
                guard let field = fields.first(where: { $0.number == key >> 3 }) else { continue }
                if field.counted {
                    count += 1
                    guard count <= maxElements else {
                        throw WireError(
                            .inconsistent,
                            "RESULT holds more than \(maxElements) curves, member series and fits; refused before decoding")
                    }
                }
                if !field.inside.isEmpty {
                    try walk(bytes[start..<index], following: field.inside, count: &count)
                }
            default:
                throw malformed("wire type \(key & 7) (groups are not used by this protocol)")
            }
        }
    }

    /// Reads a base-128 varint of at most 10 bytes.
    private static func varint(_ bytes: ArraySlice<UInt8>, _ index: inout Int) throws(WireError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.endIndex, shift < 64 {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        throw malformed("a varint is cut off or longer than 10 bytes")
    }

    /// Advances past `length` bytes, which must be there.
    private static func skip(_ length: UInt64, _ bytes: ArraySlice<UInt8>, _ index: inout Int) throws(WireError) {
        guard length <= UInt64(bytes.endIndex - index) else { throw malformed("a field runs past the end of its message") }
        index += Int(length)
    }

    private static func malformed(_ text: String) -> WireError {
        WireError(.malformedPayload, "RESULT payload is not valid protobuf: \(text)")
    }
}
