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
        let d = e.itemCount, rows = e.batch
        var distances = [Float](repeating: 0, count: pairs.count)
        var sameOf = [[Int]](repeating: [], count: rows), differentOf = [[Int]](repeating: [], count: rows)
        e.data.withUnsafeBufferPointer { x in
            for (t, term) in pairs.enumerated() {
                precondition(term.a != term.b && (0..<rows).contains(term.a) && (0..<rows).contains(term.b),
                             "triplet term (\(term.a), \(term.b)) outside the \(rows) embeddings")
                let a = x.start + term.a * d, b = x.start + term.b * d
                var sq = 0.0
                for j in 0..<d { let v = Double(a[j] - b[j]); sq += v * v }
                distances[t] = Float(sq.squareRoot())
                for row in [term.a, term.b] {
                    if term.same { sameOf[row].append(t) } else { differentOf[row].append(t) }
                }
            }
        }
        var total = 0.0
        for row in 0..<rows {
            for s in sameOf[row] { for n in differentOf[row] { total += Double(pairs[s].weight) * Double(pairs[n].weight) } }
        }
        // dL/d(distance) of each term, then the chain through d = ‖a − b‖.
        var slope = [Double](repeating: 0, count: pairs.count)
        var loss = 0.0, correct = 0, judged = 0
        if total > 0 {
            for row in 0..<rows {
                for s in sameOf[row] {
                    for n in differentOf[row] {
                        judged += 1
                        if distances[s] < distances[n] { correct += 1 }
                        let hinge = Double(distances[s]) - Double(distances[n]) + Double(margin)
                        guard hinge > 0 else { continue }
                        let w = Double(pairs[s].weight) * Double(pairs[n].weight) / total
                        loss += w * hinge
                        slope[s] += w
                        slope[n] -= w
                    }
                }
            }
        }
        var grad = [Float](repeating: 0, count: e.data.count)
        e.data.withUnsafeBufferPointer { x in
            grad.withUnsafeMutableBufferPointer { g in
                for (t, term) in pairs.enumerated() where slope[t] != 0 && distances[t] > 1e-12 {
                    let k = Float(slope[t] / Double(distances[t]))
                    let a = x.start + term.a * d, b = x.start + term.b * d
                    let ga = g.start + term.a * d, gb = g.start + term.b * d
                    for j in 0..<d {
                        let v = k * (a[j] - b[j])
                        ga[j] += v
                        gb[j] -= v
                    }
                }
            }
        }
        return LossResult(loss: loss, gradient: Tensor(uncheckedShape: e.shape, data: grad), distances: distances,
                          correct: correct, judged: judged)
    }
}
