/// Which number summarises one questioned signature against one baseline. Higher always means "more like the
/// claimed writer".
public enum ScoringMethod: String, Codable, CaseIterable, Sendable {
    /// s = −mean of the n distances to the references.
    case meanDistance = "mean-distance"
    /// s = −smallest of the n distances (the nearest reference).
    case minimumDistance = "minimum-distance"
    /// s = −ln(d̄_Q / v): d̄_Q the questioned signature's mean distance to the n references, v the writer's own
    /// variation (the mean leave-one-out distance of the references, shrunk toward the population's typical value;
    /// see `BaselineScorer.writerVariation`).
    ///
    /// Why: a distance means little until one knows how much this writer varies. For a writer whose own
    /// references lie 0.8 apart, a genuine signature 0.8 away is ordinary; for a very steady writer it is far.
    /// Dividing by the writer's own leave-one-out distance (the distance a held-out genuine reference shows
    /// against the others) puts every writer on one scale: s = 0 means "as far from the references as they are
    /// from each other", s = −ln 2 "twice as far". The logarithm makes the ratio symmetric and suits the linear
    /// logistic calibration. The mean (not the minimum) is used on both sides so that the two are the same
    /// statistic.
    case normalisedDistance = "normalised-distance"
    /// The decision value of a per-writer L2 logistic regression (references against a background
    /// population), after Hafemann's writer-dependent stage; see `WriterDependentClassifier`.
    case writerDependent = "writer-dependent"

    /// Whether the method needs a background population of other writers' embeddings.
    public var needsBackground: Bool { self == .writerDependent }
}

/// The tunable constants of the scoring methods; stored in every calibration so a score is never calibrated
/// with a different recipe from the one that produced it.
public struct ScoringOptions: Codable, Equatable, Sendable {
    /// Pseudo-pairs given to the population's within-writer distance when estimating one writer's variation
    /// (`normalisedDistance`), weighed against the references' n(n−1)/2 pairs; 0 uses the writer's own references
    /// only. The rule of calibrations written before stop 23; `shrinkageReferences` replaces it when set.
    public var shrinkagePairs: Double
    /// Pseudo-references given to the population's within-writer distance: it weighs as τ more references beside
    /// the writer's own n; nil: `shrinkagePairs` rules. Why references and not pairs: the n(n−1)/2 pairs share
    /// references, so their mean steadies about as fast as n grows, not n²; one value of this constant suits 2 to 8
    /// references, where the pair count wants a different value at each (README "Stop 23").
    public var shrinkageReferences: Double?
    /// Typical mean distance between two genuine signatures of one writer in the population; nil when unknown
    /// (then the writer's own references must supply at least one pair).
    public var populationWithinDistance: Double?
    /// L2 penalty λ of the writer-dependent logistic regression (class weights sum to one, features standardised
    /// by the background's mean and standard deviation).
    public var classifierL2: Double
    /// The forgery direction (normalised distance only): weights w on the questioned signature's signed deviation
    /// from its references' mean, in units of the writer's variation, δ = (q − r̄)/v, over the dimensions after
    /// `distanceDimensions` (all when that is nil); the score becomes −ln(d̄/v) + w·δ. Fitted by `ForgeryDirection`
    /// on the calibration's writers; nil: the normalised distance alone, as in every calibration before stop 27.
    public var deviationWeights: [Double]?
    /// Distances are measured on this many leading dimensions of the embedding (the projection's directions of a
    /// pipeline that keeps the joined views after them), the forgery direction reads the rest. nil: distances on
    /// every dimension, and the direction too.
    public var distanceDimensions: Int?

    /// Pseudo-references when none are named: the value the shipped calibration chose (README "Stop 23").
    public static let defaultShrinkageReferences: Double = 5

    /// The defaults: 5 pseudo-references (the 3 pseudo-pairs kept for the record), no population value yet, λ = 0.01.
    public init(shrinkagePairs: Double = 3, shrinkageReferences: Double? = ScoringOptions.defaultShrinkageReferences,
                populationWithinDistance: Double? = nil,
                classifierL2: Double = 0.01, deviationWeights: [Double]? = nil, distanceDimensions: Int? = nil) {
        self.shrinkagePairs = shrinkagePairs
        self.shrinkageReferences = shrinkageReferences
        self.populationWithinDistance = populationWithinDistance
        self.classifierL2 = classifierL2
        self.deviationWeights = deviationWeights
        self.distanceDimensions = distanceDimensions
    }

    /// The shrinkage in words: "5 pseudo-references", or "3 pseudo-pairs" for the rule before them.
    public var shrinkageDescription: String {
        shrinkageReferences.map { Self.describeShrinkage(references: $0) } ?? "\(Self.plain(shrinkagePairs)) pseudo-pairs"
    }

    /// The normalised score's recipe in words: the shrinkage, and the forgery direction when there is one.
    public var normalisedScoreDescription: String {
        shrinkageDescription + (deviationWeights.map { ", forgery direction over \($0.count) dimensions" } ?? "")
    }

    static func describeShrinkage(references: Double) -> String { "\(plain(references)) pseudo-references" }

    /// 5 as "5", 2.5 as "2.5".
    private static func plain(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }

    /// The weights of the writer's own mean distance and of the population's for `n` references.
    func shrinkageWeights(referenceCount n: Int) -> (own: Double, population: Double) {
        if let shrinkageReferences { return (Double(n), max(0, shrinkageReferences)) }
        return (Double(n * (n - 1) / 2), max(0, shrinkagePairs))
    }
}
