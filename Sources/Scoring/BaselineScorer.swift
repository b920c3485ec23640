import Foundation

/// Scores questioned embeddings against one writer's baseline of reference embeddings.
///
/// `prepare(references:)` does the per-baseline work once (leave-one-out distances, the per-writer classifier);
/// the `PreparedBaseline` it returns then compares any number of questioned embeddings.
public struct BaselineScorer: Sendable {
    /// The score the comparisons carry in `score`.
    public var method: ScoringMethod
    /// The constants of the methods.
    public var options: ScoringOptions
    /// Other writers' embeddings, needed by `.writerDependent` only.
    public var background: BackgroundPopulation?

    /// Creates a scorer; `.writerDependent` needs a background population.
    public init(method: ScoringMethod, options: ScoringOptions = ScoringOptions(),
                background: BackgroundPopulation? = nil) throws {
        if method.needsBackground && background == nil {
            throw ScoringError.invalidParameter(name: "scoring method", value: method.rawValue,
                                                reason: "it needs a background population of other writers")
        }
        self.method = method
        self.options = options
        self.background = background
    }

    /// Checks the references and does the per-baseline work.
    public func prepare(references: [[Float]]) throws -> PreparedBaseline {
        guard let first = references.first else {
            throw ScoringError.notEnoughSamples(what: "baseline references", count: 0, needed: 1)
        }
        try EmbeddingDistance.validate(references, dimension: first.count, what: "baseline reference")
        let n = references.count
        var pair = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                let d = try EmbeddingDistance.euclidean(references[i], references[j], dimensions: options.distanceDimensions)
                pair[i * n + j] = d
                pair[j * n + i] = d
            }
        }
        var leaveOneOut: [Double] = []
        if n >= 2 {
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<n where j != i { sum += pair[i * n + j] }
                leaveOneOut.append(sum / Double(n - 1))
            }
        }
        let variation = try Self.writerVariation(leaveOneOut: leaveOneOut, referenceCount: n, options: options,
                                                 required: method == .normalisedDistance)
        var classifier: WriterDependentClassifier?
        if method == .writerDependent, let background {
            classifier = try WriterDependentClassifier.fit(references: references, background: background,
                                                           l2: options.classifierL2)
        }
        var deviationWeights: [Double]?
        if method == .normalisedDistance, let weights = options.deviationWeights {
            let read = first.count - (options.distanceDimensions ?? 0)
            guard weights.count == read else {
                throw ScoringError.dimensionMismatch(what: "embedding dimensions the forgery direction reads",
                                                     expected: weights.count, found: read)
            }
            deviationWeights = weights
        }
        var centre = [Double](repeating: 0, count: first.count)
        for r in references { for k in 0..<centre.count { centre[k] += Double(r[k]) / Double(n) } }
        return PreparedBaseline(method: method, references: references, leaveOneOut: leaveOneOut,
                                variation: variation, classifier: classifier, centre: centre,
                                deviationWeights: deviationWeights, distanceDimensions: options.distanceDimensions)
    }

    /// The writer's own variation v used by the normalised score:
    /// v = (m·ℓ̄ + κ·v_pop) / (m + κ), ℓ̄ the mean leave-one-out distance (= the mean distance between two of the
    /// writer's references), v_pop the population's typical within-writer distance, and m and κ the weights
    /// `ScoringOptions.shrinkageWeights` gives: m = n references against κ pseudo-references, or, in calibrations before
    /// stop 23, m = n(n−1)/2 pairs against κ pseudo-pairs. With few references ℓ̄ is pulled toward what writers in
    /// general show; with many the writer's own value wins.
    static func writerVariation(leaveOneOut: [Double], referenceCount n: Int, options: ScoringOptions,
                                required: Bool) throws -> Double? {
        let own = leaveOneOut.isEmpty ? nil : mean(leaveOneOut)
        switch (own, options.populationWithinDistance) {
        case let (own?, population?):
            let (m, kappa) = options.shrinkageWeights(referenceCount: n)
            return (m * own + kappa * population) / (m + kappa)
        case let (own?, nil):
            return own
        case let (nil, population?):
            return population
        case (nil, nil):
            if required {
                throw ScoringError.notEnoughSamples(
                    what: "references for a normalised score without a population within-writer distance",
                    count: n, needed: 2)
            }
            return nil
        }
    }
}

/// One baseline after `BaselineScorer.prepare`: compares questioned embeddings.
public struct PreparedBaseline: Sendable {
    /// The score method.
    public let method: ScoringMethod
    /// The reference embeddings.
    public let references: [[Float]]
    /// For each reference, its mean distance to the other references (empty with one reference).
    public let leaveOneOut: [Double]
    /// The writer's variation v (see `BaselineScorer.writerVariation`), nil when not available.
    public let variation: Double?
    /// The fitted per-writer classifier (`.writerDependent` only).
    public let classifier: WriterDependentClassifier?
    /// The references' mean r̄.
    let centre: [Double]
    /// The forgery direction w (`.normalisedDistance` with `ScoringOptions.deviationWeights` only).
    let deviationWeights: [Double]?
    /// The leading dimensions distances are measured on (nil: all).
    let distanceDimensions: Int?

    /// The signed deviation δ = (q − r̄)/v of a questioned embedding over the dimensions the forgery direction
    /// reads: those after the distance dimensions when the embedding carries more, else all (what
    /// `ForgeryDirection` fits its weights on); nil without a writer variation.
    func deviation(of questioned: [Float]) throws -> [Double]? {
        guard questioned.count == centre.count else {
            throw ScoringError.dimensionMismatch(what: "questioned embedding against its references",
                                                 expected: centre.count, found: questioned.count)
        }
        guard let variation, variation > 0 else { return nil }
        return ((distanceDimensions ?? 0)..<centre.count).map { (Double(questioned[$0]) - centre[$0]) / variation }
    }

    /// Distances, their summary, the baseline's own variation and the score of one questioned embedding.
    public func compare(_ questioned: [Float]) throws -> BaselineComparison {
        guard questioned.allSatisfy({ $0.isFinite }) else {
            throw ScoringError.nonFiniteValue(what: "questioned embedding")
        }
        let distances = try references.map { try EmbeddingDistance.euclidean(questioned, $0, dimensions: distanceDimensions) }
        let meanDistance = mean(distances)
        let minimum = distances.min() ?? .nan
        var normalised: Double?
        if let variation, variation > 0 {
            normalised = -Foundation.log(max(meanDistance, 1e-12) / variation)
        }
        let classifierScore = try classifier?.decisionValue(questioned)
        var deviationScore: Double?
        if let deviationWeights, let delta = try deviation(of: questioned) {
            deviationScore = zip(deviationWeights, delta).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let score: Double
        switch method {
        case .meanDistance: score = -meanDistance
        case .minimumDistance: score = -minimum
        case .normalisedDistance:
            guard let normalised else {
                throw ScoringError.notEnoughSamples(what: "baseline variation for a normalised score",
                                                    count: references.count, needed: 2)
            }
            score = normalised + (deviationScore ?? 0)
        case .writerDependent:
            guard let classifierScore else {
                throw ScoringError.invalidParameter(name: "scoring method", value: method.rawValue,
                                                    reason: "the baseline has no classifier")
            }
            score = classifierScore
        }
        return BaselineComparison(
            distances: distances, minimumDistance: minimum, medianDistance: median(distances),
            meanDistance: meanDistance, leaveOneOutDistances: leaveOneOut,
            leaveOneOutMean: leaveOneOut.isEmpty ? nil : mean(leaveOneOut),
            writerVariation: variation, normalisedScore: normalised, deviationScore: deviationScore,
            classifierScore: classifierScore, method: method, score: score)
    }

    /// The score alone (what evaluation and calibration need).
    public func score(_ questioned: [Float]) throws -> Double {
        try compare(questioned).score
    }
}

/// Everything one questioned signature against one baseline produced; what a report shows.
public struct BaselineComparison: Codable, Equatable, Sendable {
    /// Distance to each reference, in reference order.
    public var distances: [Double]
    /// Smallest of the distances.
    public var minimumDistance: Double
    /// Median of the distances.
    public var medianDistance: Double
    /// Mean of the distances.
    public var meanDistance: Double
    /// For each reference, its mean distance to the other references: how much the writer varies.
    public var leaveOneOutDistances: [Double]
    /// Mean of the leave-one-out distances (nil with one reference).
    public var leaveOneOutMean: Double?
    /// The writer's variation used by the normalised score (own value shrunk toward the population's).
    public var writerVariation: Double?
    /// −ln(mean distance / writer variation), nil when no variation is known.
    public var normalisedScore: Double?
    /// The forgery direction's term w·(q − r̄)/v added to the normalised score; nil when the calibration has none.
    public var deviationScore: Double?
    /// The per-writer classifier's decision value, when one was fitted.
    public var classifierScore: Double?
    /// The method behind `score`.
    public var method: ScoringMethod
    /// The score the calibration turns into an LR (higher: more like the claimed writer).
    public var score: Double
}
