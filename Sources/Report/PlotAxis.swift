import Foundation

/// One axis of an ``SVGPlot``: the data range, chosen to cover the values with round ends, its
/// mapping onto pixels and its ticks.
///
/// A linear axis has 1-2-5 ticks; a log axis spans whole decades with ticks labelled 10^k.
struct Axis {
    /// The scale.
    let scale: AxisScale
    /// The data value at the start of the axis.
    let lower: Double
    /// The data value at the end of the axis.
    let upper: Double
    private let from: Double
    private let to: Double
    private let step: Double

    /// An axis covering the finite values (positive ones on a log axis) from pixel `from` to pixel `to`.
    init(scale: AxisScale, values: [Double], from: Double, to: Double, includeZero: Bool = false) {
        self.scale = scale
        self.from = from
        self.to = to
        switch scale {
        case .log10:
            let logs = values.filter { $0 > 0 && $0.isFinite }.map { Foundation.log10($0) }
            var low = (logs.min() ?? 0).rounded(.down), high = (logs.max() ?? 1).rounded(.up)
            if high <= low { low -= 1; high += 1 }
            lower = Foundation.pow(10, low)
            upper = Foundation.pow(10, high)
            step = max(1, ((high - low) / 8).rounded(.up))
        case .linear:
            var finite = values.filter(\.isFinite)
            if includeZero { finite.append(0) }
            var low = finite.min() ?? 0, high = finite.max() ?? 1
            if high <= low {
                let pad = low == 0 ? 1 : abs(low) * 0.1
                low -= pad
                high += pad
            }
            let raw = (high - low) / 5
            let magnitude = Foundation.pow(10, Foundation.log10(raw).rounded(.down))
            let nice = [1.0, 2, 5, 10].first { $0 * magnitude >= raw } ?? 10
            step = nice * magnitude
            lower = (low / step).rounded(.down) * step
            upper = (high / step).rounded(.up) * step
        }
    }

    /// The pixel coordinate of a data value, or nil if it cannot be drawn (non-finite, or ≤ 0 on a log axis).
    func position(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let fraction: Double
        switch scale {
        case .log10:
            guard value > 0 else { return nil }
            fraction = (Foundation.log10(value) - Foundation.log10(lower)) / (Foundation.log10(upper) - Foundation.log10(lower))
        case .linear:
            fraction = (value - lower) / (upper - lower)
        }
        return from + fraction * (to - from)
    }

    /// Unlabelled minor ticks at 2…9 × 10^k on a log axis of at most four decades; none otherwise.
    var minorTicks: [Double] {
        guard scale == .log10, step == 1 else { return [] }
        let low = Int(Foundation.log10(lower).rounded()), high = Int(Foundation.log10(upper).rounded())
        guard high - low <= 4 else { return [] }
        return (low..<high).flatMap { k in (2...9).compactMap { position(Double($0) * Foundation.pow(10, Double(k))) } }
    }

    /// Tick positions and their labels (SVG text content; log ticks as 10 with a superscript exponent).
    var ticks: [(position: Double, label: String)] {
        switch scale {
        case .log10:
            let low = Int(Foundation.log10(lower).rounded()), high = Int(Foundation.log10(upper).rounded())
            return stride(from: low, through: high, by: Int(step)).compactMap { k in
                position(Foundation.pow(10, Double(k))).map { position in
                    let exponent = k < 0 ? "\u{2212}\(-k)" : "\(k)"
                    return (position, "10<tspan dy=\"-6\" font-size=\"9\">\(exponent)</tspan>")
                }
            }
        case .linear:
            let count = Int(((upper - lower) / step).rounded())
            return (0...count).compactMap { i in
                let value = lower + Double(i) * step
                let shown = abs(value) < step * 1e-9 ? 0 : value
                return position(value).map { ($0, String(format: "%g", shown).replacingOccurrences(of: "-", with: "\u{2212}")) }
            }
        }
    }
}
