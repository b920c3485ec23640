/// The triplet (margin-ranking) loss over a step's terms: a same-writer term (a, p) and a different-writer term that
/// shares its row a, (a, n), make a triplet with anchor a, and
///
///     L = Σ over triplets of w · max(0, d(a, p) − d(a, n) + m),   d = ‖·‖.
///
/// Each triplet weighs the product of its two terms' weights, scaled so that a step's triplets weigh 1 in all (the
/// different-writer terms' weights carry the skilled and random shares). Both rows of a same-writer term serve as
/// anchors. Unlike the contrastive loss it asks only that a writer's own signatures lie nearer than the forgeries
/// and other writers' signatures compared with them, by m, not that they meet in one point: genuine signatures may
/// keep the spread they have, which the scorer measures and divides by.
///
/// Terms are those of a structured batch (several images of each writer): a batch of independent pairs shares no
/// rows and makes no triplets.
public struct TripletLoss: PairTermLoss, Equatable {
    /// The margin m by which a negative must lie farther than the positive.
    public var margin: Float

    /// A loss with margin `m`.
    public init(margin: Float) { self.margin = margin }

    public func evaluate(embeddings e: Tensor, pairs: [LossTerm]) -> LossResult {
        let distances = TermGeometry.distances(e, pairs)
        let (sameOf, differentOf) = TermGeometry.termsByRow(pairs, rows: e.batch)
        // The triplets' weights before scaling: per anchor, (Σ same-term weights) · (Σ different-term weights).
        let total = (0..<e.batch).reduce(0.0) { sum, row in
            sum + sameOf[row].reduce(0.0) { $0 + Double(pairs[$1].weight) }
                * differentOf[row].reduce(0.0) { $0 + Double(pairs[$1].weight) }
        }
        // dL/d(distance) of each term; the pull along (a − b) is that over the distance.
        var slope = [Double](repeating: 0, count: pairs.count)
        var loss = 0.0, correct = 0, judged = 0
        if total > 0 {
            for row in 0..<e.batch {
                for s in sameOf[row] {
                    for n in differentOf[row] {
                        judged += 1
                        if distances[s] < distances[n] { correct += 1 }
                        let hinge = distances[s] - distances[n] + Double(margin)
                        guard hinge > 0 else { continue }
                        let w = Double(pairs[s].weight) * Double(pairs[n].weight) / total
                        loss += w * hinge
                        slope[s] += w
                        slope[n] -= w
                    }
                }
            }
        }
        let pull = zip(slope, distances).map { $1 > 1e-12 ? Float($0 / $1) : 0 }
        return LossResult(loss: loss, gradient: TermGeometry.gradient(e, pairs, pull: pull),
                          distances: distances.map { Float($0) }, correct: correct, judged: judged)
    }
}
