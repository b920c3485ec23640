/// Tippett plots and DET curves of an evaluation, as SVG text.
public enum EvaluationPlots {
    /// Tippett plot: for each x, the proportion of comparisons with log10 LR > x, for same-source (genuine),
    /// skilled-forgery and random-forgery comparisons (the reported, bounded LRs).
    public static func tippett(_ lrs: PooledLRs, title: String = "Tippett plot") -> String {
        let finite = (lrs.genuine.reported + lrs.skilled.reported + lrs.random.reported).filter { $0.isFinite }
        let lowest = (finite.min() ?? -1).rounded(.down) - 0.5
        let highest = (finite.max() ?? 1).rounded(.up) + 0.5
        let range = max(-8, min(lowest, -1))...min(8, max(highest, 1))
        var plot = SVGPlot(title: title, xLabel: "log10 LR greater than", yLabel: "Proportion of comparisons",
                           xRange: range, yRange: 0...1)
        var tick = range.lowerBound.rounded(.up)
        while tick <= range.upperBound { plot.xTick(tick, label: fixed(tick, decimals: 0)); tick += 1 }
        for y in stride(from: 0.0, through: 1.0, by: 0.2) { plot.yTick(y, label: fixed(y, decimals: 1)) }
        let sets: [(String, [Double], String, String?)] = [
            ("Same writer (genuine)", lrs.genuine.reported, "#1f5fbf", nil),
            ("Skilled forgeries", lrs.skilled.reported, "#c0392b", "6 3"),
            ("Random forgeries", lrs.random.reported, "#7f8c8d", "2 3"),
        ]
        for (_, values, color, dash) in sets where !values.isEmpty {
            plot.line(tippettCurve(values, range: range), color: color, dash: dash)
        }
        plot.legend(sets.filter { !$0.1.isEmpty }.map { ($0.0 + " (n = \($0.1.count))", $0.2, $0.3) })
        return plot.svg
    }

    /// The step curve P(LR > x) on 801 points across the range.
    static func tippettCurve(_ values: [Double], range: ClosedRange<Double>) -> [(Double, Double)] {
        let sorted = values.sorted()
        let total = Double(sorted.count)
        return (0...800).map { i in
            let x = range.lowerBound + (range.upperBound - range.lowerBound) * Double(i) / 800
            return (x, Double(sorted.count - EmpiricalBounds.countAtOrBelow(sorted, x)) / total)
        }
    }

    /// DET curve: FRR against FAR on normal-deviate (probit) axes, skilled and random forgeries, from the
    /// unbounded LRs (every operating point, ties as single steps).
    public static func det(_ lrs: PooledLRs, title: String = "DET curve") -> String {
        let ticks: [Double] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6]
        let range = probit(0.0005)...probit(0.7)
        var plot = SVGPlot(title: title, xLabel: "False acceptance rate (%)", yLabel: "False rejection rate (%)",
                           xRange: range, yRange: range)
        for t in ticks {
            let label = t < 0.01 ? fixed(100 * t, decimals: 1) : fixed(100 * t, decimals: 0)
            plot.xTick(probit(t), label: label)
            plot.yTick(probit(t), label: label)
        }
        plot.line([(range.lowerBound, range.lowerBound), (range.upperBound, range.upperBound)], color: "#bbbbbb", dash: "4 4")
        let sets: [(String, [Double], String, String?)] = [
            ("Skilled forgeries", lrs.skilled.unbounded, "#c0392b", nil),
            ("Random forgeries", lrs.random.unbounded, "#7f8c8d", "6 3"),
        ]
        var legend: [(String, String, String?)] = []
        for (name, forgeries, color, dash) in sets where !forgeries.isEmpty && !lrs.genuine.unbounded.isEmpty {
            let points = VerificationMetrics.operatingPoints(genuine: lrs.genuine.unbounded, forgery: forgeries)
            // Points off the axes (rates below 0.05% or above 70%) are left out rather than drawn along the frame.
            let visible = points.map { (probit($0.falseAcceptanceRate), probit($0.falseRejectionRate)) }
                .filter { range.contains($0.0) && range.contains($0.1) }
            if !visible.isEmpty { plot.line(visible, color: color, dash: dash) }
            let eer = VerificationMetrics.equalErrorRate(genuine: lrs.genuine.unbounded, forgery: forgeries).rate
            legend.append(("\(name), EER \(fixed(100 * eer, decimals: 2))%", color, dash))
        }
        plot.legend(legend)
        return plot.svg
    }
}
