/// One questioned signature against one baseline, with what it is worth as evidence: what a case report holds.
public struct CalibratedComparison: Codable, Equatable, Sendable {
    /// Distances, baseline variation and score.
    public var comparison: BaselineComparison
    /// LR, verbal conclusion, limitations, decision.
    public var evidence: Evidence
}

extension Calibration {
    /// The scorer this calibration was fitted for (same method and constants); the writer-dependent method also
    /// needs the same background population.
    public func scorer(background: BackgroundPopulation? = nil) throws -> BaselineScorer {
        try checkBackground(background)
        return try BaselineScorer(method: method, options: options, background: background)
    }

    /// Scores `questioned` against a baseline prepared by `scorer(background:)` and calibrates the score.
    public func compare(_ questioned: [Float], against baseline: PreparedBaseline) throws -> CalibratedComparison {
        guard baseline.method == method else {
            throw ScoringError.invalidParameter(name: "baseline method", value: baseline.method.rawValue,
                                                reason: "this calibration is for \(method.rawValue) scores")
        }
        let comparison = try baseline.compare(questioned)
        return CalibratedComparison(comparison: comparison,
                                    evidence: try evidence(score: comparison.score, referenceCount: baseline.references.count))
    }
}
