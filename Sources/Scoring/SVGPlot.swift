/// A minimal plot writer: axes, ticks, polylines and a legend as plain SVG text (deterministic bytes).
struct SVGPlot {
    let width = 640.0, height = 480.0
    let left = 70.0, right = 20.0, top = 40.0, bottom = 60.0
    let xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
    private var body: [String] = []

    init(title: String, xLabel: String, yLabel: String, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.xRange = xRange
        self.yRange = yRange
        body.append(#"<rect x="0" y="0" width="640" height="480" fill="white"/>"#)
        body.append(#"<text x="\#(n(width / 2))" y="24" text-anchor="middle" font-size="16">\#(escape(title))</text>"#)
        body.append(#"<text x="\#(n(left + (width - left - right) / 2))" y="\#(n(height - 14))" text-anchor="middle" font-size="13">\#(escape(xLabel))</text>"#)
        body.append(#"<text x="18" y="\#(n(top + (height - top - bottom) / 2))" text-anchor="middle" font-size="13" transform="rotate(-90 18 \#(n(top + (height - top - bottom) / 2)))">\#(escape(yLabel))</text>"#)
        body.append(#"<rect x="\#(n(left))" y="\#(n(top))" width="\#(n(width - left - right))" height="\#(n(height - top - bottom))" fill="none" stroke="black"/>"#)
    }

    /// Pixel x of a data x (clamped to the axis).
    func px(_ x: Double) -> Double {
        let t = (min(max(x, xRange.lowerBound), xRange.upperBound) - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
        return left + t * (width - left - right)
    }

    /// Pixel y of a data y (clamped; up is larger).
    func py(_ y: Double) -> Double {
        let t = (min(max(y, yRange.lowerBound), yRange.upperBound) - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)
        return height - bottom - t * (height - top - bottom)
    }

    /// A tick with grid line on the x axis at data value `x`.
    mutating func xTick(_ x: Double, label: String) {
        let p = px(x)
        body.append(#"<line x1="\#(n(p))" y1="\#(n(top))" x2="\#(n(p))" y2="\#(n(height - bottom))" stroke="rgb(221,221,221)"/>"#)
        body.append(#"<text x="\#(n(p))" y="\#(n(height - bottom + 16))" text-anchor="middle" font-size="11">\#(escape(label))</text>"#)
    }

    /// A tick with grid line on the y axis at data value `y`.
    mutating func yTick(_ y: Double, label: String) {
        let p = py(y)
        body.append(#"<line x1="\#(n(left))" y1="\#(n(p))" x2="\#(n(width - right))" y2="\#(n(p))" stroke="rgb(221,221,221)"/>"#)
        body.append(#"<text x="\#(n(left - 6))" y="\#(n(p + 4))" text-anchor="end" font-size="11">\#(escape(label))</text>"#)
    }

    /// A polyline through data points; points closer than half a pixel to the last kept one are dropped.
    mutating func line(_ points: [(Double, Double)], color: String, dash: String? = nil) {
        var kept: [(Double, Double)] = []
        for (x, y) in points {
            let p = (px(x), py(y))
            if let last = kept.last, abs(last.0 - p.0) < 0.5 && abs(last.1 - p.1) < 0.5 { continue }
            kept.append(p)
        }
        if let last = points.last { kept.append((px(last.0), py(last.1))) }
        let coordinates = kept.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        let dashAttribute = dash.map { #" stroke-dasharray="\#($0)""# } ?? ""
        body.append(#"<polyline points="\#(coordinates)" fill="none" stroke="\#(color)" stroke-width="1.6"\#(dashAttribute)/>"#)
    }

    /// Legend entries, top right.
    mutating func legend(_ entries: [(String, String, String?)]) {
        for (i, entry) in entries.enumerated() {
            let y = top + 16 + 18 * Double(i)
            let x = width - right - 230
            let dashAttribute = entry.2.map { #" stroke-dasharray="\#($0)""# } ?? ""
            body.append(#"<line x1="\#(n(x))" y1="\#(n(y))" x2="\#(n(x + 24))" y2="\#(n(y))" stroke="\#(entry.1)" stroke-width="1.6"\#(dashAttribute)/>"#)
            body.append(#"<text x="\#(n(x + 30))" y="\#(n(y + 4))" font-size="12">\#(escape(entry.0))</text>"#)
        }
    }

    /// The finished document.
    var svg: String {
        (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
          #"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" viewBox="0 0 640 480" font-family="sans-serif">"#]
            + body + ["</svg>", ""]).joined(separator: "\n")
    }

    private func n(_ x: Double) -> String { fixed(x, decimals: 1) }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
