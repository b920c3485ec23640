/// The evaluation of the writer-independent protocol: error rates, AUC, Cllr and its split.
public enum Evaluation {
    /// Runs the protocol on `writers` (who must not have been used to train the encoder).
    ///
    /// LRs come from `calibration` when one is given (its method and options are used, and the writers must not
    /// be the ones it was fitted on); otherwise from a writer-disjoint 2-fold cross-calibration on `writers`
    /// (see `CrossCalibration`). The threshold for FAR/FRR is, in order: `thresholdLog10LR`, the calibration's
    /// decision threshold, log10 LR = 0 (LR = 1, the Bayes decision at even prior odds).
    public static func run(writers: [WriterEmbeddings], settings: CalibrationSettings,
                           background: BackgroundPopulation? = nil, calibration: Calibration? = nil,
                           thresholdLog10LR: Double? = nil) throws -> EvaluationReport {
        let k = settings.referenceCount
        var pooled = PooledLRs()
        let source: String
        var alternative = settings.alternative
        if let calibration {
            try calibration.checkBackground(background)
            let scorer = try BaselineScorer(method: calibration.method, options: calibration.options, background: background)
            let scores = try VerificationProtocol.scores(writers: writers, referenceCount: k, seed: settings.seed,
                                                         scorer: scorer, randomPerWriter: settings.randomPerWriter)
            pooled.append(scores, calibration, referenceCount: k)
            source = "supplied calibration (\(calibration.method.rawValue)\(calibration.options.deviationWeights == nil ? "" : " with its forgery direction"), K = \(calibration.referenceCount), \(calibration.data.writers) writers)"
                + (calibration.referenceCount == k ? "" : "; WARNING: fitted with K = \(calibration.referenceCount), evaluated with K = \(k)")
            alternative = calibration.alternative
        } else {
            pooled = try CrossCalibration.pooled(writers: writers, settings: settings, background: background)
            source = "writer-disjoint 2-fold cross-calibration (\(settings.method.rawValue)\(settings.forgeryDirectionL2.map { ", forgery direction fitted on each fold, L2 \($0)" } ?? ""), K = \(k))"
        }
        let threshold = thresholdLog10LR ?? calibration?.decisionThreshold?.log10LR ?? 0
        let skilledRates = VerificationMetrics.errorRates(genuine: pooled.genuine.reported, forgery: pooled.skilled.reported, threshold: threshold)
        let randomRates = VerificationMetrics.errorRates(genuine: pooled.genuine.reported, forgery: pooled.random.reported, threshold: threshold)
        let cllr = pooled.cllr(alternative: alternative)
        let figures = EvaluationFigures(
            referenceCount: k, seed: settings.seed,
            method: calibration?.method ?? settings.method, alternative: alternative, lrSource: source,
            writers: pooled.writers.count, skippedWriters: pooled.skippedWriters,
            genuineComparisons: pooled.genuine.reported.count, skilledComparisons: pooled.skilled.reported.count,
            randomComparisons: pooled.random.reported.count,
            eerSkilled: pooled.skilledEqualErrorRate.rate,
            eerRandom: VerificationMetrics.equalErrorRate(genuine: pooled.genuine.unbounded, forgery: pooled.random.unbounded).rate,
            aucSkilled: VerificationMetrics.areaUnderROC(genuine: pooled.genuine.unbounded, forgery: pooled.skilled.unbounded),
            aucRandom: VerificationMetrics.areaUnderROC(genuine: pooled.genuine.unbounded, forgery: pooled.random.unbounded),
            cllr: cllr.cllr, cllrMin: cllr.cllrMin, cllrCal: cllr.cllrCal,
            cllrRandom: LogLikelihoodRatioCost.cllr(sameLog10LR: pooled.genuine.reported, differentLog10LR: pooled.random.reported),
            thresholdLog10LR: threshold, frr: skilledRates.falseRejectionRate,
            farSkilled: skilledRates.falseAcceptanceRate, farRandom: randomRates.falseAcceptanceRate)
        return EvaluationReport(figures: figures, lrs: pooled)
    }
}

/// Everything an evaluation measured, plus the LRs for plots.
public struct EvaluationReport: Sendable {
    /// The figures (what `--json` writes).
    public var figures: EvaluationFigures
    /// The LRs behind them.
    public var lrs: PooledLRs

    /// The human-readable lines, the last one machine-readable (`summaryLine`).
    public var lines: [String] {
        let f = figures
        var out = [
            "Writers: \(f.writers) (skipped \(f.skippedWriters.count)); references per writer K = \(f.referenceCount); seed \(f.seed)",
            "Comparisons: \(f.genuineComparisons) genuine, \(f.skilledComparisons) skilled forgeries, \(f.randomComparisons) random forgeries",
            "Score: \(f.method.rawValue); LRs: \(f.lrSource); alternative: \(f.alternative.rawValue)",
            "At log10 LR >= \(fixed(f.thresholdLog10LR, decimals: 2)): FRR=\(fixed(f.frr, decimals: 4)) FAR_skilled=\(fixed(f.farSkilled, decimals: 4)) FAR_random=\(fixed(f.farRandom, decimals: 4))",
            "AUC_skilled=\(fixed(f.aucSkilled, decimals: 4)) AUC_random=\(fixed(f.aucRandom, decimals: 4)) Cllr_cal=\(fixed(f.cllrCal, decimals: 4)) Cllr_random=\(fixed(f.cllrRandom, decimals: 4))",
        ]
        for skipped in f.skippedWriters { out.append("Skipped writer \(skipped)") }
        if let truth = f.truth { out += truth.lines }
        out.append(f.summaryLine)
        return out
    }
}

/// The figures of one evaluation; Codable for `--json`.
public struct EvaluationFigures: Codable, Equatable, Sendable {
    /// K.
    public var referenceCount: Int
    /// Seed of the reference choice.
    public var seed: UInt64
    /// Score method.
    public var method: ScoringMethod
    /// The different-writer proposition of the LRs (and of Cllr).
    public var alternative: AlternativeProposition
    /// Where the LRs came from.
    public var lrSource: String
    /// Writers evaluated.
    public var writers: Int
    /// Writers skipped, with reasons.
    public var skippedWriters: [String]
    /// Number of genuine comparisons.
    public var genuineComparisons: Int
    /// Number of skilled-forgery comparisons.
    public var skilledComparisons: Int
    /// Number of random-forgery comparisons.
    public var randomComparisons: Int
    /// EER, genuine against skilled forgeries.
    public var eerSkilled: Double
    /// EER, genuine against random forgeries.
    public var eerRandom: Double
    /// ROC AUC, genuine against skilled forgeries (the `AUC` of the summary line).
    public var aucSkilled: Double
    /// ROC AUC, genuine against random forgeries.
    public var aucRandom: Double
    /// Cllr of the reported LRs against the alternative.
    public var cllr: Double
    /// Cllr after PAV.
    public var cllrMin: Double
    /// Cllr − Cllr_min.
    public var cllrCal: Double
    /// Cllr of the reported LRs, genuine against random forgeries.
    public var cllrRandom: Double
    /// The decision threshold on log10 LR.
    public var thresholdLog10LR: Double
    /// FRR at the threshold.
    public var frr: Double
    /// FAR for skilled forgeries at the threshold.
    public var farSkilled: Double
    /// FAR for random forgeries at the threshold.
    public var farRandom: Double
    /// The errors by what a synthetic dataset's truth table says of its signatures (`DatasetTruth`).
    public var truth: TruthBreakdown?

    /// `EER_skilled=0.0312 EER_random=0.0051 AUC=0.9910 Cllr=0.2100 Cllr_min=0.1500` (fractions, four decimals).
    public var summaryLine: String {
        "EER_skilled=\(fixed(eerSkilled, decimals: 4)) EER_random=\(fixed(eerRandom, decimals: 4)) AUC=\(fixed(aucSkilled, decimals: 4)) Cllr=\(fixed(cllr, decimals: 4)) Cllr_min=\(fixed(cllrMin, decimals: 4))"
    }
}
