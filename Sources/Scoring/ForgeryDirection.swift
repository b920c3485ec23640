import Randomness

/// The forgery direction: where a skilled copy lands from the writer's references, learnt across writers.
///
/// The normalised score −ln(d̄/v) sees only how far a questioned signature lies from its references. A copy also
/// lies in a direction: it is slower, blunter and more even than the writer, in the same way whoever the writer
/// is, and the embedding carries some of that. This fits weights w on the signed deviation δ = (q − r̄)/v (q the
/// questioned embedding, r̄ its references' mean, v the writer's variation) by an L2-penalised logistic regression
/// of genuine signatures against forgeries over the writer-independent protocol, with the normalised score as one
/// more feature: P(genuine) = σ(a·s + w′·δ + b). The direction returned is w = w′/a, so the score s + w·δ stays in
/// the normalised score's units and the calibration maps it as before. Genuine rows weigh one half, forgeries the
/// other; the penalty λ·‖(a, w′)‖²/2 is on every weight but the bias (`LogisticProblem`).
///
/// The forgeries are every skilled forgery and, for each baseline, about `randomPerBaseline` genuine signatures
/// of other writers (a seeded draw). Without them the direction learns what a copy does and nothing of what
/// another writer's hand does: another writer deviates from the references far and in every direction, and a
/// direction fitted on copies alone rewards some of those deviations (a first version without them, on calib-big
/// cross-validated: random EER 0.007 → 0.019; README "Stop 27").
public enum ForgeryDirection {
    /// Random forgeries drawn per baseline when none are named.
    public static let defaultRandomPerBaseline = 40

    /// The weights, one per dimension the direction reads (`PreparedBaseline.deviation(of:)`).
    public static func fit(writers: [WriterEmbeddings], referenceCount k: Int, seed: UInt64, options: ScoringOptions,
                           l2: Double, randomPerBaseline: Int = defaultRandomPerBaseline) throws -> [Double] {
        guard l2 > 0, l2.isFinite else {
            throw ScoringError.invalidParameter(name: "forgery direction L2", value: "\(l2)", reason: "it must be positive")
        }
        var plain = options
        plain.deviationWeights = nil
        let scorer = try BaselineScorer(method: .normalisedDistance, options: plain)
        var genuine: [Double] = [], forged: [Double] = []
        var genuineCount = 0, forgedCount = 0, skilledCount = 0
        var dimension = 0
        // Each baseline keeps about `randomPerBaseline` of the other writers' genuine signatures (each kept with the
        // same chance, from the mean number a baseline is offered).
        let genuineTotal = writers.reduce(0) { $0 + $1.genuine.count }
        let keep = Double(max(0, randomPerBaseline)) / Double(max(1, genuineTotal - genuineTotal / max(1, writers.count)))
        var draw = SplitMix64(seed: seed ^ 0x4449_5245_4354)
        try VerificationProtocol.comparisons(writers: writers, referenceCount: k, seed: seed, scorer: scorer,
                                             includeRandom: randomPerBaseline > 0) { identity, baseline, questioned in
            let kind = identity.kind
            if kind == .random, draw.nextUnitDouble() >= keep { return }
            let comparison = try baseline.compare(questioned)
            guard let score = comparison.normalisedScore, let delta = try baseline.deviation(of: questioned) else {
                throw ScoringError.notEnoughSamples(what: "baseline variation for the forgery direction",
                                                    count: baseline.references.count, needed: 2)
            }
            dimension = delta.count
            switch kind {
            case .genuine: genuine.append(score); genuine += delta; genuineCount += 1
            case .skilled, .random:
                forged.append(score); forged += delta; forgedCount += 1
                if kind == .skilled { skilledCount += 1 }
            }
        }
        guard genuineCount > 0 else {
            throw ScoringError.notEnoughSamples(what: "questioned genuine signatures for the forgery direction",
                                                count: 0, needed: 1)
        }
        guard skilledCount > 0 else {
            throw ScoringError.notEnoughSamples(what: "skilled forgeries for the forgery direction", count: 0, needed: 1)
        }
        let problem = LogisticProblem(positives: genuine, positiveCount: genuineCount, negatives: forged,
                                      negativeCount: forgedCount, dimension: dimension + 1, l2: l2,
                                      name: "forgery direction logistic regression")
        let (theta, _) = try problem.minimise()
        let a = theta[0]
        guard a > 0 else {
            throw ScoringError.invalidParameter(name: "forgery direction", value: "score weight \(a)",
                                                reason: "the normalised score does not rank genuine signatures above skilled forgeries on these writers")
        }
        return (1...dimension).map { theta[$0] / a }
    }
}
