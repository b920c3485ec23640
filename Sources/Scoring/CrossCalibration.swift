import Randomness

/// Log10 LRs of one kind of comparison: as the calibration map gives them and as reported (bounded, capped).
public struct LRSet: Sendable {
    /// Before bounds (a monotone map of the score within one calibration).
    public var unbounded: [Double] = []
    /// As reported.
    public var reported: [Double] = []
    /// The comparison behind each LR, in the same order.
    public var identities: [ComparisonIdentity] = []
}

/// LRs of every comparison of the protocol, each from a calibration fitted on other writers.
public struct PooledLRs: Sendable {
    /// Genuine against own baseline.
    public var genuine = LRSet()
    /// Skilled forgeries.
    public var skilled = LRSet()
    /// Random forgeries.
    public var random = LRSet()
    /// Writers scored.
    public var writers: [String] = []
    /// Writers skipped, with the reason.
    public var skippedWriters: [String] = []

    /// The EER of genuine comparisons against skilled forgeries on the unbounded LRs, and the threshold it is
    /// reached at (where "accepted" and "rejected" are counted in breakdowns of the errors).
    public var skilledEqualErrorRate: (rate: Double, threshold: Double) {
        VerificationMetrics.equalErrorRate(genuine: genuine.unbounded, forgery: skilled.unbounded)
    }

    /// Different-source LRs of one alternative.
    public func different(_ alternative: AlternativeProposition) -> LRSet {
        switch alternative {
        case .skilledForgery: return skilled
        case .randomForgery: return random
        case .anyForgery:
            return LRSet(unbounded: skilled.unbounded + random.unbounded, reported: skilled.reported + random.reported,
                         identities: skilled.identities + random.identities)
        }
    }

    /// Cllr of the reported LRs; Cllr_min by PAV on the unbounded LRs (which keep the whole order of the scores;
    /// the bounded ones tie at the bounds); Cllr_cal the difference.
    public func cllr(alternative: AlternativeProposition) -> CllrSummary {
        let different = different(alternative)
        let actual = LogLikelihoodRatioCost.cllr(sameLog10LR: genuine.reported, differentLog10LR: different.reported)
        let minimum = LogLikelihoodRatioCost.cllrMin(sameScores: genuine.unbounded, differentScores: different.unbounded)
        return CllrSummary(cllr: actual, cllrMin: minimum, cllrCal: actual - minimum)
    }

    /// Appends the LRs of `scores` under `calibration`.
    mutating func append(_ scores: ProtocolScores, _ calibration: Calibration, referenceCount k: Int) {
        func add(_ values: [Double], _ kind: VerificationProtocol.Comparison, to set: inout LRSet) {
            for s in values {
                set.unbounded.append(calibration.unboundedLog10LR(score: s))
                set.reported.append(calibration.reportedLog10LR(score: s, referenceCount: k))
            }
            set.identities += scores.identities[kind] ?? []
        }
        add(scores.genuine, .genuine, to: &genuine)
        add(scores.skilled, .skilled, to: &skilled)
        add(scores.random, .random, to: &random)
        writers += scores.writers
        skippedWriters += scores.skippedWriters
    }
}

/// Writer-disjoint 2-fold cross-calibration: the writers are split in two halves with the seed; each half is
/// scored and given LRs by a calibration fitted on the other half (its population statistics included), and the
/// LRs of both halves are pooled. No comparison is ever calibrated by a fit that saw its writer. Random forgeries
/// of a half come from writers of the same half.
enum CrossCalibration {
    /// The pooled LRs; needs at least 4 writers.
    static func pooled(writers: [WriterEmbeddings], settings: CalibrationSettings,
                       background: BackgroundPopulation?) throws -> PooledLRs {
        guard writers.count >= 4 else {
            throw ScoringError.notEnoughSamples(what: "writers for writer-disjoint cross-calibration", count: writers.count, needed: 4)
        }
        var rng = SplitMix64(seed: settings.seed ^ 0x464F_4C44)
        let shuffled = rng.shuffled(writers.sorted { $0.id < $1.id })
        let half = shuffled.count / 2
        let folds = [Array(shuffled[..<half]), Array(shuffled[half...])]
        var pooled = PooledLRs()
        for f in 0..<2 {
            let calibration = try CalibrationFitter.fitWithoutValidation(writers: folds[1 - f], settings: settings,
                                                                         background: background)
            let scorer = try BaselineScorer(method: calibration.method, options: calibration.options, background: background)
            let scores = try VerificationProtocol.scores(writers: folds[f], referenceCount: settings.referenceCount,
                                                         seed: settings.seed, scorer: scorer,
                                                         randomPerWriter: settings.randomPerWriter)
            pooled.append(scores, calibration, referenceCount: settings.referenceCount)
        }
        return pooled
    }
}
