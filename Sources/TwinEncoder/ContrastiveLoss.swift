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
        let d = e.itemCount, rows = e.batch
        var grad = [Float](repeating: 0, count: e.data.count)
        var distances = [Float](repeating: 0, count: pairs.count)
        var total = 0.0
        var correct = 0
        e.data.withUnsafeBufferPointer { x in
            grad.withUnsafeMutableBufferPointer { g in
                for (p, pair) in pairs.enumerated() {
                    precondition(pair.a != pair.b && (0..<rows).contains(pair.a) && (0..<rows).contains(pair.b),
                                 "contrastive pair (\(pair.a), \(pair.b)) outside the \(rows) embeddings")
                    let a = x.start + pair.a * d, b = x.start + pair.b * d
                    var sq = 0.0
                    for j in 0..<d { let t = Double(a[j] - b[j]); sq += t * t }
                    let dist = sq.squareRoot()
                    distances[p] = Float(dist)
                    if (dist < Double(margin) / 2) == pair.same { correct += 1 }
                    // dL/d(a − b): same: 2(a − b); different and d < m: −2(m − d)(a − b)/d.
                    var k: Float = 0
                    if pair.same {
                        total += Double(pair.weight) * sq
                        k = 2
                    } else if dist < Double(margin) {
                        let short = Double(margin) - dist
                        total += Double(pair.weight) * short * short
                        k = dist > 1e-12 ? Float(-2 * short / dist) : 0
                    }
                    k *= pair.weight
                    if k != 0 {
                        let ga = g.start + pair.a * d, gb = g.start + pair.b * d
                        for j in 0..<d {
                            let t = k * (a[j] - b[j])
                            ga[j] += t
                            gb[j] -= t
                        }
                    }
                }
            }
        }
        return LossResult(loss: total, gradient: Tensor(uncheckedShape: e.shape, data: grad), distances: distances,
                          correct: correct, judged: pairs.count)
    }
}
