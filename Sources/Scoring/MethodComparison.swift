/// Score methods side by side for several K (the comparison of plain distance and the writer-dependent
/// classifier for K = 3, 5 and 10).
public enum MethodComparison {
    /// One row of the comparison.
    public struct Row: Codable, Equatable, Sendable {
        /// K.
        public var referenceCount: Int
        /// The method.
        public var method: ScoringMethod
        /// Its evaluation figures.
        public var figures: EvaluationFigures
    }

    /// Evaluates every method (those needing a background only when one is given) for every K.
    public static func run(writers: [WriterEmbeddings], settings: CalibrationSettings, background: BackgroundPopulation?,
                           referenceCounts: [Int] = [3, 5, 10], methods: [ScoringMethod] = ScoringMethod.allCases) throws -> [Row] {
        var rows: [Row] = []
        for k in referenceCounts {
            for method in methods where !method.needsBackground || background != nil {
                var s = settings
                s.referenceCount = k
                s.method = method
                let report = try Evaluation.run(writers: writers, settings: s, background: method.needsBackground ? background : nil)
                rows.append(Row(referenceCount: k, method: method, figures: report.figures))
            }
        }
        return rows
    }

    /// A fixed-width text table of the rows.
    public static func table(_ rows: [Row]) -> [String] {
        var lines = ["K   method               EER_skilled EER_random AUC_skilled Cllr   Cllr_min"]
        for r in rows {
            let k = String(r.referenceCount).padding(toLength: 4, withPad: " ", startingAt: 0)
            let m = r.method.rawValue.padding(toLength: 21, withPad: " ", startingAt: 0)
            let f = r.figures
            lines.append(k + m + [f.eerSkilled, f.eerRandom, f.aucSkilled, f.cllr, f.cllrMin]
                .map { fixed($0, decimals: 4).padding(toLength: 11, withPad: " ", startingAt: 0) }.joined(separator: " ")
                .trimmingTrailingSpaces())
        }
        return lines
    }
}

extension String {
    /// The string without trailing spaces.
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
