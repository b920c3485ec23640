import Foundation

/// Everything that decides how a calibration is fitted (and how an evaluation calibrates).
public struct CalibrationSettings: Sendable {
    /// References per writer (K).
    public var referenceCount: Int
    /// Seed for the choice of references, random forgeries and folds.
    public var seed: UInt64
    /// The score method.
    public var method: ScoringMethod
    /// The score constants; a nil population within-writer distance is estimated from the calibration writers.
    public var options: ScoringOptions
    /// The different-writer proposition.
    public var alternative: AlternativeProposition
    /// Weighting of the logistic fit.
    public var weighting: LogisticCalibrator.Weighting
    /// Few-reference policy.
    public var referencePolicy: ReferencePolicy
    /// Optional decision threshold on log10 LR.
    public var decisionThresholdLog10LR: Double?
    /// Random forgeries per other writer (nil: all).
    public var randomPerWriter: Int?
    /// Free text naming the data, stored in the calibration.
    public var source: String
    /// The embeddings scored (`CalibrationData.embedding`), stored in the calibration.
    public var embedding: String?
    /// L2 penalty of the forgery direction (`ForgeryDirection`), fitted on the calibration's writers with the
    /// normalised distance when the options carry none; nil: no direction.
    public var forgeryDirectionL2: Double?

    /// Settings with the defaults: normalised distance, skilled forgeries, balanced weights, 5-reference policy.
    public init(referenceCount: Int, seed: UInt64 = 1, method: ScoringMethod = .normalisedDistance,
                options: ScoringOptions = ScoringOptions(), alternative: AlternativeProposition = .skilledForgery,
                weighting: LogisticCalibrator.Weighting = .balanced, referencePolicy: ReferencePolicy = ReferencePolicy(),
                decisionThresholdLog10LR: Double? = nil, randomPerWriter: Int? = nil, source: String = "",
                embedding: String? = nil, forgeryDirectionL2: Double? = nil) {
        self.referenceCount = referenceCount; self.seed = seed; self.method = method; self.options = options
        self.alternative = alternative; self.weighting = weighting; self.referencePolicy = referencePolicy
        self.decisionThresholdLog10LR = decisionThresholdLog10LR; self.randomPerWriter = randomPerWriter
        self.source = source
        self.embedding = embedding
        self.forgeryDirectionL2 = forgeryDirectionL2
    }
}

/// Fits calibrations over the writer-independent protocol.
public enum CalibrationFitter {
    /// Thresholds of the stored operating table: log10 LR from −6 to 6 in steps of 0.25.
    static let operatingGrid: [Double] = (0...48).map { -6 + 0.25 * Double($0) }

    /// Fits a calibration on `writers` (who must be in neither the training set nor any case), with the bounds,
    /// operating table and decision rates measured on the same data, and validation figures from a
    /// writer-disjoint 2-fold cross-validation (when there are at least 4 writers).
    public static func fitCalibration(writers: [WriterEmbeddings], settings: CalibrationSettings,
                                      background: BackgroundPopulation? = nil) throws -> Calibration {
        var calibration = try fitWithoutValidation(writers: writers, settings: settings, background: background)
        if writers.count >= 4 {
            let pooled = try CrossCalibration.pooled(writers: writers, settings: settings, background: background)
            calibration.validation = CalibrationValidation(
                protocolDescription: "writer-disjoint 2-fold cross-validation: calibration fitted on one half of the writers, LRs measured on the other, pooled",
                eerSkilled: pooled.skilledEqualErrorRate.rate,
                eerRandom: VerificationMetrics.equalErrorRate(genuine: pooled.genuine.unbounded, forgery: pooled.random.unbounded).rate,
                cllr: pooled.cllr(alternative: settings.alternative))
        }
        return calibration
    }

    /// The fit itself: scores, logistic map, ELUB bounds, operating table.
    static func fitWithoutValidation(writers: [WriterEmbeddings], settings: CalibrationSettings,
                                     background: BackgroundPopulation?) throws -> Calibration {
        var options = settings.options
        if settings.method == .normalisedDistance && options.populationWithinDistance == nil {
            options.populationWithinDistance = try populationWithinDistance(writers, dimensions: options.distanceDimensions)
        }
        if settings.method == .normalisedDistance, options.deviationWeights == nil, let l2 = settings.forgeryDirectionL2 {
            options.deviationWeights = try ForgeryDirection.fit(writers: writers, referenceCount: settings.referenceCount,
                                                                seed: settings.seed, options: options, l2: l2)
        }
        let scorer = try BaselineScorer(method: settings.method, options: options, background: background)
        let scores = try VerificationProtocol.scores(writers: writers, referenceCount: settings.referenceCount,
                                                     seed: settings.seed, scorer: scorer,
                                                     randomPerWriter: settings.randomPerWriter)
        let different = scores.different(settings.alternative)
        let fit = try LogisticCalibrator.fit(same: scores.genuine, different: different, weighting: settings.weighting)
        guard fit.slope > 0 else {
            throw ScoringError.invalidParameter(name: "calibration slope", value: fixed(fit.slope, decimals: 6),
                                                reason: "the scores do not rank genuine signatures above forgeries on these writers")
        }
        let map = { (s: Double) in fit.slope * s + fit.intercept }
        let bounds = try EmpiricalBounds.elub(sameLog10LR: scores.genuine.map(map), differentLog10LR: different.map(map))
        let all = scores.genuine + scores.skilled + scores.random
        var calibration = Calibration(
            method: settings.method, options: options, referenceCount: settings.referenceCount,
            alternative: settings.alternative, weighting: settings.weighting, slope: fit.slope,
            intercept: fit.intercept,
            bounds: LRBounds(lowerLog10: bounds.lower, upperLog10: bounds.upper,
                             method: "ELUB (Vergeer et al. 2016), one misleading LR added on each side, exact; on the calibration data"),
            scoreMinimum: all.min() ?? 0, scoreMaximum: all.max() ?? 0,
            data: CalibrationData(writers: scores.writers.count, sameSource: scores.genuine.count,
                                  differentSource: different.count, seed: settings.seed, source: settings.source,
                                  embedding: settings.embedding),
            background: settings.method.needsBackground ? background.map(BackgroundSummary.init) : nil, validation: nil, referencePolicy: settings.referencePolicy, decisionThreshold: nil, operatingTable: [])
        let k = settings.referenceCount
        let genuine = scores.genuine.map { calibration.reportedLog10LR(score: $0, referenceCount: k) }
        let skilled = scores.skilled.map { calibration.reportedLog10LR(score: $0, referenceCount: k) }
        let random = scores.random.map { calibration.reportedLog10LR(score: $0, referenceCount: k) }
        func rates(_ t: Double) -> ExpectedRates {
            let s = VerificationMetrics.errorRates(genuine: genuine, forgery: skilled, threshold: t)
            let r = VerificationMetrics.errorRates(genuine: genuine, forgery: random, threshold: t)
            return ExpectedRates(falseRejectionRate: s.falseRejectionRate,
                                 falseAcceptanceRateSkilled: s.falseAcceptanceRate,
                                 falseAcceptanceRateRandom: r.falseAcceptanceRate)
        }
        calibration.operatingTable = operatingGrid.map { OperatingRow(log10LR: $0, rates: rates($0)) }
        if let t = settings.decisionThresholdLog10LR {
            calibration.decisionThreshold = DecisionThreshold(log10LR: t, expected: rates(t))
        }
        return calibration
    }

    /// The population's typical within-writer distance (over the leading `dimensions`, nil: all): for each writer with at least two genuine signatures the
    /// mean distance between two of them, averaged over writers (each writer counts once).
    public static func populationWithinDistance(_ writers: [WriterEmbeddings], dimensions: Int? = nil) throws -> Double {
        var perWriter: [Double] = []
        for writer in writers.sorted(by: { $0.id < $1.id }) where writer.genuine.count >= 2 {
            var sum = 0.0, pairs = 0.0
            for i in 0..<writer.genuine.count {
                for j in (i + 1)..<writer.genuine.count {
                    sum += try EmbeddingDistance.euclidean(writer.genuine[i], writer.genuine[j], dimensions: dimensions)
                    pairs += 1
                }
            }
            perWriter.append(sum / pairs)
        }
        guard !perWriter.isEmpty else {
            throw ScoringError.notEnoughSamples(what: "writers with two genuine signatures", count: 0, needed: 1)
        }
        return mean(perWriter)
    }
}
