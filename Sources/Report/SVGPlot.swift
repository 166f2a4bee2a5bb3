import Foundation

/// How values map onto an axis.
public enum AxisScale: Sendable {
    /// Proportional to the value.
    case linear
    /// Proportional to log₁₀ of the value; non-positive values are not drawn. Ticks at 10^k.
    case log10
}

/// One data series of a plot.
public struct PlotSeries: Sendable {
    /// How a series is drawn.
    public enum Style: Sendable {
        /// Points joined by a line (broken where a value is missing).
        case line
        /// Points joined by a line, with a marker at each point.
        case lineAndMarkers
        /// A marker at each point, no line (a scatter plot).
        case markers
        /// Bars from y = 0: `x` of point i is the left edge, `barEnds[i]` the right edge.
        case bars(barEnds: [Double])
    }

    /// The legend entry (series with an empty name are not listed).
    public var name: String
    /// The points, in drawing order; a non-finite coordinate breaks the line there.
    public var points: [(x: Double, y: Double)]
    /// Symmetric error bars (± value in y units), one per point, or nil.
    public var errors: [Double?]?
    /// How it is drawn.
    public var style: Style
    /// Shaded x ranges drawn in the series' colour behind the data (e.g. fit windows).
    public var bands: [ClosedRange<Double>]
    /// A dashed line drawn over the data in the series' colour (e.g. a fitted straight line), or empty.
    public var overlay: [(x: Double, y: Double)]
    /// The colour of series `index` of `count` in the plot (see ``SVGPlot/color(_:of:)``) to draw this one in
    /// instead of its own, so that e.g. individual ICs share the colour of their η's mean; nil: its own.
    public var colorOf: (index: Int, count: Int)?
    /// Opacity of lines and markers, in (0, 1]; below 1 draws the series faint behind the others.
    public var opacity: Double

    /// Whether the series is drawn as markers only.
    var isScatter: Bool {
        if case .markers = style { return true }
        return false
    }

    /// Creates a series; see the properties for meanings.
    public init(name: String, points: [(x: Double, y: Double)], errors: [Double?]? = nil, style: Style = .lineAndMarkers,
                bands: [ClosedRange<Double>] = [], overlay: [(x: Double, y: Double)] = [],
                colorOf: (index: Int, count: Int)? = nil, opacity: Double = 1) {
        self.name = name
        self.points = points
        self.errors = errors
        self.style = style
        self.bands = bands
        self.overlay = overlay
        self.colorOf = colorOf
        self.opacity = opacity
    }
}

/// A 2-D chart drawn as SVG: axes with labels and ticks (10^k on log axes), series, error bars, shaded
/// bands and a legend. Written by the project so reports need no plotting library.
public struct SVGPlot: Sendable {
    /// Title above the plot area.
    public var title: String
    /// The x axis label, with units.
    public var xLabel: String
    /// The y axis label, with units.
    public var yLabel: String
    /// The x scale.
    public var xScale: AxisScale
    /// The y scale.
    public var yScale: AxisScale
    /// The series, drawn in order with colours from ``color(_:of:)``.
    public var series: [PlotSeries]
    /// Horizontal reference line (e.g. the Λ threshold), if any.
    public var referenceY: Double?

    /// Creates a plot; see the properties for meanings.
    public init(title: String, xLabel: String, yLabel: String, xScale: AxisScale = .linear, yScale: AxisScale = .linear,
                series: [PlotSeries], referenceY: Double? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.series = series
        self.referenceY = referenceY
    }

    /// A stand-alone SVG document of the plot, `width` × `height` pixels.
    public func document(width: Double = 720, height: Double = 440) -> String {
        SVGPlot.wrap(width: width, height: height, body: render(x: 0, y: 0, width: width, height: height))
    }

    /// Several plots in a grid of `columns` columns, each `cellWidth` × `cellHeight`, as one SVG document.
    public static func grid(_ plots: [SVGPlot], columns: Int, cellWidth: Double = 320, cellHeight: Double = 240) -> String {
        let rows = (plots.count + columns - 1) / max(columns, 1)
        let body = plots.enumerated().map { index, plot in
            plot.render(x: Double(index % columns) * cellWidth, y: Double(index / columns) * cellHeight,
                        width: cellWidth, height: cellHeight)
        }.joined()
        return wrap(width: Double(columns) * cellWidth, height: Double(max(rows, 1)) * cellHeight, body: body)
    }

    static func wrap(width: Double, height: Double, body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" \
        font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        \(body)</svg>

        """
    }

    /// The plot as an SVG group placed at (x, y) with the given size.
    func render(x originX: Double, y originY: Double, width: Double, height: Double) -> String {
        let named = series.filter { !$0.name.isEmpty }
        let longest = named.map(\.name.count).max() ?? 0
        let legendWidth = named.isEmpty ? 0.0 : min(Double(longest) * 6.3 + 40, width * 0.4)
        let small = width < 400
        let area = (left: originX + (small ? 52 : 70), top: originY + 28, right: originX + width - legendWidth - 12,
                    bottom: originY + height - (small ? 40 : 48))
        let xAxis = Axis(scale: xScale, values: series.flatMap { s in s.points.map(\.x) + barEnds(s) + s.bands.flatMap { [$0.lowerBound, $0.upperBound] } },
                         from: area.left, to: area.right)
        let yAxis = Axis(scale: yScale, values: series.flatMap { yValues($0) + $0.overlay.map(\.y) } + (referenceY.map { [$0] } ?? []),
                         from: area.bottom, to: area.top, includeZero: series.contains { if case .bars = $0.style { true } else { false } })
        var out = "<g class=\"plot\">\n"
        out += "<text class=\"title\" x=\"\(n((area.left + area.right) / 2))\" y=\"\(n(originY + 18))\" text-anchor=\"middle\" font-size=\"\(small ? 12 : 14)\" font-weight=\"bold\">\(escape(title))</text>\n"
        out += "<rect x=\"\(n(area.left))\" y=\"\(n(area.top))\" width=\"\(n(area.right - area.left))\" height=\"\(n(area.bottom - area.top))\" fill=\"none\" stroke=\"#333\"/>\n"
        for (index, s) in series.enumerated() {
            for band in s.bands {
                guard let a = xAxis.position(band.lowerBound), let b = xAxis.position(band.upperBound) else { continue }
                out += "<rect class=\"band\" x=\"\(n(min(a, b)))\" y=\"\(n(area.top))\" width=\"\(n(abs(b - a)))\" height=\"\(n(area.bottom - area.top))\" fill=\"\(seriesColor(index))\" fill-opacity=\"0.12\"/>\n"
            }
        }
        out += xAxis.ticks.map { tick in
            "<line x1=\"\(n(tick.position))\" y1=\"\(n(area.bottom))\" x2=\"\(n(tick.position))\" y2=\"\(n(area.bottom + 5))\" stroke=\"#333\"/>"
                + "<text class=\"tick\" x=\"\(n(tick.position))\" y=\"\(n(area.bottom + 18))\" text-anchor=\"middle\">\(tick.label)</text>\n"
        }.joined()
        out += xAxis.minorTicks.map {
            "<line x1=\"\(n($0))\" y1=\"\(n(area.bottom))\" x2=\"\(n($0))\" y2=\"\(n(area.bottom + 3))\" stroke=\"#333\"/>\n"
        }.joined()
        out += yAxis.minorTicks.map {
            "<line x1=\"\(n(area.left - 3))\" y1=\"\(n($0))\" x2=\"\(n(area.left))\" y2=\"\(n($0))\" stroke=\"#333\"/>\n"
        }.joined()
        out += yAxis.ticks.map { tick in
            "<line x1=\"\(n(area.left - 5))\" y1=\"\(n(tick.position))\" x2=\"\(n(area.left))\" y2=\"\(n(tick.position))\" stroke=\"#333\"/>"
                + "<line x1=\"\(n(area.left))\" y1=\"\(n(tick.position))\" x2=\"\(n(area.right))\" y2=\"\(n(tick.position))\" stroke=\"#ddd\"/>"
                + "<text class=\"tick\" x=\"\(n(area.left - 8))\" y=\"\(n(tick.position + 4))\" text-anchor=\"end\">\(tick.label)</text>\n"
        }.joined()
        out += "<text class=\"xlabel\" x=\"\(n((area.left + area.right) / 2))\" y=\"\(n(area.bottom + (small ? 34 : 40)))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        let yMid = (area.top + area.bottom) / 2, yLabelX = originX + 14
        out += "<text class=\"ylabel\" x=\"\(n(yLabelX))\" y=\"\(n(yMid))\" text-anchor=\"middle\" transform=\"rotate(-90 \(n(yLabelX)) \(n(yMid)))\">\(escape(yLabel))</text>\n"
        if let referenceY, let y = yAxis.position(referenceY) {
            out += "<line class=\"reference\" x1=\"\(n(area.left))\" y1=\"\(n(y))\" x2=\"\(n(area.right))\" y2=\"\(n(y))\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"
        }
        for (index, s) in series.enumerated() {
            out += draw(s, color: seriesColor(index), xAxis: xAxis, yAxis: yAxis)
        }
        if series.allSatisfy({ $0.points.isEmpty }) {
            out += "<text x=\"\(n((area.left + area.right) / 2))\" y=\"\(n(yMid))\" text-anchor=\"middle\" fill=\"#888\">no data</text>\n"
        }
        for (row, s) in named.enumerated() {
            let index = series.firstIndex { $0.name == s.name } ?? row
            let y = area.top + 8 + Double(row) * 16, x = area.right + 12
            out += "<g class=\"legend\"><line x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(x + 18))\" y2=\"\(n(y))\" stroke=\"\(seriesColor(index))\" stroke-width=\"3\"/>"
                + "<text x=\"\(n(x + 24))\" y=\"\(n(y + 4))\" font-size=\"11\">\(escape(s.name))</text></g>\n"
        }
        return out + "</g>\n"
    }

    /// The colour series `index` is drawn in: its ``PlotSeries/colorOf`` if set, else its own.
    private func seriesColor(_ index: Int) -> String {
        let chosen = series[index].colorOf ?? (index, series.count)
        return Self.color(chosen.index, of: chosen.count)
    }

    private func draw(_ s: PlotSeries, color: String, xAxis: Axis, yAxis: Axis) -> String {
        let opacity = s.opacity < 1 ? " opacity=\"\(n(s.opacity))\"" : ""
        var out = "<g class=\"series\" data-name=\"\(escape(s.name))\"\(opacity)>\n"
        if case .bars(let ends) = s.style {
            for (i, point) in s.points.enumerated() where i < ends.count {
                guard let a = xAxis.position(point.x), let b = xAxis.position(ends[i]), let top = yAxis.position(point.y),
                      let base = yAxis.position(yScale == .log10 ? yAxis.lower : 0) else { continue }
                out += "<rect x=\"\(n(a))\" y=\"\(n(min(top, base)))\" width=\"\(n(max(b - a - 1, 0.5)))\" height=\"\(n(abs(base - top)))\" fill=\"\(color)\" fill-opacity=\"0.8\"/>\n"
            }
            return out + "</g>\n"
        }
        var segments: [[String]] = [[]]
        for point in s.points {
            if let x = xAxis.position(point.x), let y = yAxis.position(point.y) {
                segments[segments.count - 1].append("\(n(x)),\(n(y))")
            } else if !segments[segments.count - 1].isEmpty {
                segments.append([])
            }
        }
        for segment in segments where segment.count > 1 && !s.isScatter {
            out += "<polyline points=\"\(segment.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\"/>\n"
        }
        let overlay = s.overlay.compactMap { point in
            xAxis.position(point.x).flatMap { x in yAxis.position(point.y).map { "\(n(x)),\(n($0))" } }
        }
        if overlay.count > 1 {
            out += "<polyline class=\"overlay\" points=\"\(overlay.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"3\" stroke-dasharray=\"6 3\" stroke-opacity=\"0.8\"/>\n"
        }
        for (i, point) in s.points.enumerated() {
            guard let x = xAxis.position(point.x), let y = yAxis.position(point.y) else { continue }
            if let error = s.errors?[i] ?? nil, error.isFinite,
               let low = yAxis.position(point.y - error) ?? yAxis.position(yAxis.lower), let high = yAxis.position(point.y + error) {
                out += "<path class=\"errorbar\" d=\"M\(n(x)) \(n(low))V\(n(high))M\(n(x - 3)) \(n(low))h6M\(n(x - 3)) \(n(high))h6\" stroke=\"\(color)\" fill=\"none\"/>\n"
            }
            switch s.style {
            case .lineAndMarkers: out += "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3\" fill=\"\(color)\"/>\n"
            case .markers: out += "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"2.5\" fill=\"\(color)\" fill-opacity=\"0.7\"/>\n"
            case .line, .bars: break
            }
        }
        return out + "</g>\n"
    }

    private func barEnds(_ s: PlotSeries) -> [Double] {
        if case .bars(let ends) = s.style { return ends }
        return []
    }

    private func yValues(_ s: PlotSeries) -> [Double] {
        s.points.enumerated().flatMap { i, point -> [Double] in
            guard let error = s.errors?[i] ?? nil, error.isFinite else { return [point.y] }
            return [point.y - error, point.y, point.y + error]
        }
    }

    /// The colour of series `index` of `count`: a ten-colour qualitative palette, or an evenly spaced
    /// hue sweep (an ordered scale, e.g. for η) when there are more than ten series.
    public static func color(_ index: Int, of count: Int) -> String {
        let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
        if count <= palette.count { return palette[index % palette.count] }
        let hue = 260.0 * Double(index) / Double(max(count - 1, 1))
        return "hsl(\(Int(hue)), 75%, 42%)"
    }
}

/// A number for SVG attributes: two decimals at most.
func n(_ value: Double) -> String {
    String(format: "%.2f", value).replacingOccurrences(of: ".00", with: "")
}

/// Text escaped for XML content and attributes.
func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
