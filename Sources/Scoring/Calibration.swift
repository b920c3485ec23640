import Foundation

/// A fitted score → LR calibration with everything needed to defend it: the recipe of the score it calibrates,
/// the data behind it, the bounds those data support, its validation figures and expected error rates.
///
/// Stored as JSON beside the model in `Pipelines/` (`jsonData()` writes sorted keys, so the same calibration is
/// always the same bytes). Apply it with `evidence(score:referenceCount:)`.
public struct Calibration: Codable, Equatable, Sendable {
    /// The JSON layout version this code writes.
    public static let currentFormatVersion = 1

    /// Layout version of this value.
    public var formatVersion: Int
    /// The score method calibrated.
    public var method: ScoringMethod
    /// The score recipe's constants (the population within-writer distance included).
    public var options: ScoringOptions
    /// References per writer in the calibration protocol.
    public var referenceCount: Int
    /// The different-writer proposition the LRs are calibrated against.
    public var alternative: AlternativeProposition
    /// How comparisons were weighted in the logistic fit.
    public var weighting: LogisticCalibrator.Weighting
    /// log10 LR = slope·score + intercept.
    public var slope: Double
    /// Intercept of the log10 LR map.
    public var intercept: Double
    /// Bounds on log10 LR the calibration data support.
    public var bounds: LRBounds
    /// Smallest and largest calibration score (outside: extrapolation).
    public var scoreMinimum: Double
    /// Largest calibration score.
    public var scoreMaximum: Double
    /// What the calibration was fitted on.
    public var data: CalibrationData
    /// The background population of the writer-dependent classifier (nil for distance scores); a case must use
    /// the same one.
    public var background: BackgroundSummary?
    /// Figures measured on writers not used to fit (nil when the set was too small to split).
    public var validation: CalibrationValidation?
    /// Rules for baselines with few references.
    public var referencePolicy: ReferencePolicy
    /// When the method was chosen by `MethodSelection`: every candidate's validation figures.
    public var methodSelection: [MethodTrial]?
    /// The optional decision threshold with its expected error rates.
    public var decisionThreshold: DecisionThreshold?
    /// Expected error rates at a grid of log10 LR thresholds (in-sample, on the bounded LRs).
    public var operatingTable: [OperatingRow]

    /// log10 LR of a score, before bounds.
    public func unboundedLog10LR(score: Double) -> Double { slope * score + intercept }

    /// The evidence one score carries for a baseline of `referenceCount` references.
    public func evidence(score: Double, referenceCount count: Int) throws -> Evidence {
        guard score.isFinite else { throw ScoringError.nonFiniteValue(what: "score") }
        var limitations: [Limitation] = []
        let raw = unboundedLog10LR(score: score)
        var value = raw
        if score < scoreMinimum || score > scoreMaximum {
            limitations.append(.scoreOutsideCalibrationRange(score: score, minimum: scoreMinimum, maximum: scoreMaximum))
        }
        if value > bounds.upperLog10 || value < bounds.lowerLog10 {
            let bound = value > bounds.upperLog10 ? bounds.upperLog10 : bounds.lowerLog10
            limitations.append(.boundedByCalibrationData(unboundedLog10LR: raw, boundLog10LR: bound))
            value = bound
        }
        if count < referencePolicy.minimumReferences {
            limitations.append(.fewReferences(count: count, minimum: referencePolicy.minimumReferences,
                                              capLog10LR: referencePolicy.capLog10LR))
            value = min(max(value, -referencePolicy.capLog10LR), referencePolicy.capLog10LR)
        }
        if count != referenceCount {
            limitations.append(.referenceCountDiffersFromCalibration(count: count, calibrated: referenceCount))
        }
        var decision: Decision?
        if let threshold = decisionThreshold {
            decision = Decision(outcome: value >= threshold.log10LR ? .accept : .refer,
                                thresholdLog10LR: threshold.log10LR, expected: threshold.expected)
        }
        return Evidence(score: score, unboundedLog10LR: raw, log10LR: value,
                        conclusion: VerbalConclusion(log10LR: value), limitations: limitations, decision: decision)
    }

    /// Reported log10 LR of a score (bounds and reference policy applied), for evaluation.
    public func reportedLog10LR(score: Double, referenceCount count: Int) -> Double {
        var value = min(max(unboundedLog10LR(score: score), bounds.lowerLog10), bounds.upperLog10)
        if count < referencePolicy.minimumReferences {
            value = min(max(value, -referencePolicy.capLog10LR), referencePolicy.capLog10LR)
        }
        return value
    }

    /// Expected error rates at a log10 LR threshold, interpolated linearly between the rows of the operating
    /// table (exact at the rows; clamped to the first and last row outside the table).
    public func expectedRates(atLog10LR threshold: Double) -> ExpectedRates? {
        guard let first = operatingTable.first, let last = operatingTable.last else { return nil }
        if threshold <= first.log10LR { return first.rates }
        if threshold >= last.log10LR { return last.rates }
        for k in 1..<operatingTable.count where operatingTable[k].log10LR >= threshold {
            if operatingTable[k].log10LR == threshold { return operatingTable[k].rates }
            let a = operatingTable[k - 1], b = operatingTable[k]
            let t = (threshold - a.log10LR) / (b.log10LR - a.log10LR)
            func mix(_ x: Double, _ y: Double) -> Double { x + t * (y - x) }
            return ExpectedRates(
                falseRejectionRate: mix(a.rates.falseRejectionRate, b.rates.falseRejectionRate),
                falseAcceptanceRateSkilled: mix(a.rates.falseAcceptanceRateSkilled, b.rates.falseAcceptanceRateSkilled),
                falseAcceptanceRateRandom: mix(a.rates.falseAcceptanceRateRandom, b.rates.falseAcceptanceRateRandom))
        }
        return last.rates
    }

    /// This calibration with a decision threshold (e.g. from the pipeline definition) and the rates expected at it,
    /// read from the operating table (interpolated between rows; use `CalibrationSettings.decisionThresholdLog10LR`
    /// at fit time for rates measured exactly at the threshold).
    public func withDecisionThreshold(log10LR threshold: Double) throws -> Calibration {
        guard threshold.isFinite else { throw ScoringError.nonFiniteValue(what: "decision threshold") }
        guard let rates = expectedRates(atLog10LR: threshold) else {
            throw ScoringError.invalidParameter(name: "calibration", value: "", reason: "it has no operating table")
        }
        var copy = self
        copy.decisionThreshold = DecisionThreshold(log10LR: threshold, expected: rates)
        return copy
    }

    /// Pretty, key-sorted JSON: the same calibration is always the same bytes.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Reads a calibration written by `jsonData()`; refuses a newer layout.
    public init(jsonData: Data, path: String = "calibration") throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            self = try decoder.decode(Calibration.self, from: jsonData)
        } catch {
            throw ScoringError.unreadable(path: path, reason: "not a calibration file (\(error))")
        }
        guard formatVersion <= Calibration.currentFormatVersion else {
            throw ScoringError.unreadable(path: path, reason: "calibration format \(formatVersion) is newer than this program reads (\(Calibration.currentFormatVersion))")
        }
    }

    /// Refuses scores of embeddings other than the ones this calibration was fitted on (a new model, scale or
    /// projection moves every score); passes when either side is not known.
    public func checkEmbedding(_ fingerprint: String?, path: String = "calibration") throws {
        guard let expected = data.embedding, let fingerprint, expected != fingerprint else { return }
        throw ScoringError.invalidParameter(
            name: "calibration", value: path,
            reason: "it was fitted on the embeddings \(expected); these are \(fingerprint). Calibrate again for this pipeline")
    }

    /// Checks that the embeddings to score measure distances on as many leading dimensions as the calibration did
    /// (`ScoringOptions.distanceDimensions`; nil: all): precomputed embeddings carry no fingerprint, and a
    /// calibration of the directions alone would otherwise measure distances over the kept joined views too.
    public func checkDistanceDimensions(_ dimensions: Int?, path: String = "calibration") throws {
        guard dimensions != options.distanceDimensions else { return }
        func words(_ d: Int?) -> String { d.map { "the first \($0) dimensions" } ?? "every dimension" }
        throw ScoringError.invalidParameter(
            name: "calibration", value: path,
            reason: "it measures distances on \(words(options.distanceDimensions)); these embeddings on \(words(dimensions)) (--distance-dimensions for precomputed ones)")
    }

    /// Checks that a scorer for this calibration can be built with `population`: the writer-dependent score
    /// needs the very background it was calibrated with.
    public func checkBackground(_ population: BackgroundPopulation?) throws {
        guard let expected = background else { return }
        guard let population else {
            throw ScoringError.invalidParameter(name: "background", value: "none",
                                                reason: "this calibration needs the background population \(expected.fingerprint)")
        }
        guard BackgroundSummary(population) == expected else {
            throw ScoringError.invalidParameter(name: "background", value: population.fingerprint,
                                                reason: "this calibration was fitted with background \(expected.fingerprint) (\(expected.count) embeddings)")
        }
    }

    /// Memberwise initialiser (used by the fitter).
    init(method: ScoringMethod, options: ScoringOptions, referenceCount: Int, alternative: AlternativeProposition,
         weighting: LogisticCalibrator.Weighting, slope: Double, intercept: Double, bounds: LRBounds,
         scoreMinimum: Double, scoreMaximum: Double, data: CalibrationData, background: BackgroundSummary?,
         validation: CalibrationValidation?,
         referencePolicy: ReferencePolicy, decisionThreshold: DecisionThreshold?, operatingTable: [OperatingRow]) {
        formatVersion = Calibration.currentFormatVersion
        self.method = method; self.options = options; self.referenceCount = referenceCount
        self.alternative = alternative; self.weighting = weighting; self.slope = slope; self.intercept = intercept
        self.bounds = bounds; self.scoreMinimum = scoreMinimum; self.scoreMaximum = scoreMaximum; self.data = data
        self.background = background
        self.validation = validation; self.referencePolicy = referencePolicy
        self.decisionThreshold = decisionThreshold; self.operatingTable = operatingTable
    }
}

/// Identifies the background population a calibration was fitted with.
public struct BackgroundSummary: Codable, Equatable, Sendable {
    /// Number of embeddings.
    public var count: Int
    /// Embedding dimension.
    public var dimension: Int
    /// `BackgroundPopulation.fingerprint`.
    public var fingerprint: String

    /// The summary of one population.
    public init(_ population: BackgroundPopulation) {
        count = population.count
        dimension = population.dimension
        fingerprint = population.fingerprint
    }
}

/// Which comparisons stand for "someone else signed" in calibration.
public enum AlternativeProposition: String, Codable, CaseIterable, Sendable {
    /// Skilled forgeries (simulations): the forensic question for a disputed signature. Default.
    case skilledForgery = "skilled-forgery"
    /// Other writers' own signatures.
    case randomForgery = "random-forgery"
    /// Both pooled.
    case anyForgery = "any-forgery"
}

/// Bounds on log10 LR and how they were found.
public struct LRBounds: Codable, Equatable, Sendable {
    /// Lowest log10 LR reported (≤ 0).
    public var lowerLog10: Double
    /// Highest log10 LR reported (≥ 0).
    public var upperLog10: Double
    /// The method, in words.
    public var method: String
}

/// The data a calibration was fitted on.
public struct CalibrationData: Codable, Equatable, Sendable {
    /// Writers used.
    public var writers: Int
    /// Same-source comparisons (questioned genuine against its own writer's baseline).
    public var sameSource: Int
    /// Different-source comparisons of the alternative proposition.
    public var differentSource: Int
    /// The seed that chose the references.
    public var seed: UInt64
    /// Free text naming the data set (path or description), for the report.
    public var source: String
    /// The embeddings that were scored: each view's model SHA-256 and scale, and the projection's SHA-256 (see
    /// `PipelineDefinition.embeddingFingerprint`); nil when not known (precomputed embeddings, calibrations written
    /// before stop 19). Scores of other embeddings are on another scale: `Calibration.checkEmbedding` refuses them.
    public var embedding: String? = nil
}

/// Figures of a calibration measured on writers it was not fitted on.
public struct CalibrationValidation: Codable, Equatable, Sendable {
    /// How the figures were obtained, in words.
    public var protocolDescription: String
    /// EER, genuine against skilled forgeries.
    public var eerSkilled: Double
    /// EER, genuine against random forgeries.
    public var eerRandom: Double
    /// Cllr, Cllr_min and Cllr_cal of the reported LRs against the alternative.
    public var cllr: CllrSummary
}

/// Rules for baselines with few references.
public struct ReferencePolicy: Codable, Equatable, Sendable {
    /// Below this many references a limitation is stated and |log10 LR| capped.
    public var minimumReferences: Int
    /// The cap on |log10 LR| below the minimum (2: at most "moderate support").
    public var capLog10LR: Double

    /// The default: fewer than 5 references caps |log10 LR| at 2.
    public init(minimumReferences: Int = 5, capLog10LR: Double = 2) {
        self.minimumReferences = minimumReferences
        self.capLog10LR = capLog10LR
    }
}

/// A decision threshold on log10 LR and the error rates expected at it.
public struct DecisionThreshold: Codable, Equatable, Sendable {
    /// accept when log10 LR ≥ this.
    public var log10LR: Double
    /// Expected rates at it, measured on the calibration data.
    public var expected: ExpectedRates
}

/// Expected error rates at one log10 LR threshold.
public struct OperatingRow: Codable, Equatable, Sendable {
    /// The threshold (accept when log10 LR ≥ it).
    public var log10LR: Double
    /// The rates there.
    public var rates: ExpectedRates
}
