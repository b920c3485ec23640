/// The contrastive loss over pairs: L = Σ over pairs of w·[y·d² + (1−y)·max(0, m − d)²], d = ‖a − b‖.
///
/// Two layouts use one computation (`evaluate(embeddings:pairs:)`): a batch of B independent pairs is 2·B
/// embeddings, rows 0..<B the first sides and rows B..<2B the second sides, each pair weighted 1/B (the mean); a
/// structured batch (several images of a few writers) names any pairs of its rows with their own weights, so one
/// embedding may take part in many pairs and its gradient is the sum of theirs.
public struct ContrastiveLoss: PairTermLoss, Equatable {
    /// The margin m beyond which a different-writer pair costs nothing.
    public var margin: Float

    /// A loss with margin `m`.
    public init(margin: Float) { self.margin = margin }

    /// The mean loss of B independent pairs laid out as 2·B embeddings; `same[i]` says whether pair i (rows i and
    /// B + i) is a same-writer (genuine–genuine) pair.
    public func evaluate(embeddings e: Tensor, same: [Bool]) -> LossResult {
        let pairs = same.count
        precondition(e.batch == 2 * pairs, "contrastive loss expects 2·B embeddings for B pairs")
        let weight = 1 / Float(pairs)
        return evaluate(embeddings: e, pairs: same.enumerated().map {
            LossTerm(a: $0.offset, b: $0.offset + pairs, same: $0.element, weight: weight)
        })
    }

    /// The weighted loss over any pairs of the embeddings' rows.
    public func evaluate(embeddings e: Tensor, pairs: [LossTerm]) -> LossResult {
        let distances = TermGeometry.distances(e, pairs)
        var total = 0.0
        var correct = 0
        // dL/d(a − b): same: 2w(a − b); different and d < m: −2w(m − d)(a − b)/d.
        let pull = zip(pairs, distances).map { pair, dist -> Float in
            if (dist < Double(margin) / 2) == pair.same { correct += 1 }
            if pair.same {
                total += Double(pair.weight) * dist * dist
                return 2 * pair.weight
            }
            guard dist < Double(margin) else { return 0 }
            let short = Double(margin) - dist
            total += Double(pair.weight) * short * short
            return (dist > 1e-12 ? Float(-2 * short / dist) : 0) * pair.weight
        }
        return LossResult(loss: total, gradient: TermGeometry.gradient(e, pairs, pull: pull),
                          distances: distances.map { Float($0) }, correct: correct, judged: pairs.count)
    }
}
