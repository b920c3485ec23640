/// One term of a training step's loss: rows `a` and `b` of the embeddings, whether they are the same writer, and the
/// term's weight.
public struct LossTerm: Sendable, Equatable {
    /// The two embedding rows.
    public var a: Int, b: Int
    /// Same writer (pulled together) or not (pushed apart).
    public var same: Bool
    /// The term's weight.
    public var weight: Float

    /// Memberwise.
    public init(a: Int, b: Int, same: Bool, weight: Float) {
        self.a = a
        self.b = b
        self.same = same
        self.weight = weight
    }
}

/// What a loss gives back for one step.
public struct LossResult: Sendable {
    /// The weighted loss (accumulated in float64).
    public var loss: Double
    /// dL/dEmbeddings, same shape as the embeddings.
    public var gradient: Tensor
    /// Distance of each term's two rows.
    public var distances: [Float]
    /// How many of the loss's judgements the embeddings get right (pairs on the right side of half the margin for
    /// the contrastive loss, triplets whose positive is nearer than their negative for the triplet loss) …
    public var correct: Int
    /// … out of how many.
    public var judged: Int
}

/// A loss over the same-writer and different-writer terms of a step's embeddings.
public protocol PairTermLoss: Sendable {
    /// The loss, its gradient and its judgements for these embeddings and terms.
    func evaluate(embeddings: Tensor, pairs: [LossTerm]) -> LossResult
}

/// What both losses share: each term's distance, and the gradient once each term's pull along its difference is
/// known.
enum TermGeometry {
    /// ‖a − b‖ of each term, in float64; a term naming a row outside the embeddings is a programming error.
    static func distances(_ e: Tensor, _ terms: [LossTerm]) -> [Double] {
        let d = e.itemCount, rows = e.batch
        return e.data.withUnsafeBufferPointer { x in
            terms.map { term in
                precondition(term.a != term.b && (0..<rows).contains(term.a) && (0..<rows).contains(term.b),
                             "loss term (\(term.a), \(term.b)) outside the \(rows) embeddings")
                let a = x.start + term.a * d, b = x.start + term.b * d
                var sq = 0.0
                for j in 0..<d { let t = Double(a[j] - b[j]); sq += t * t }
                return sq.squareRoot()
            }
        }
    }

    /// For each row, the indices of the same-writer terms and of the different-writer terms it is in (either side).
    static func termsByRow(_ terms: [LossTerm], rows: Int) -> (same: [[Int]], different: [[Int]]) {
        var same = [[Int]](repeating: [], count: rows), different = [[Int]](repeating: [], count: rows)
        for (t, term) in terms.enumerated() {
            for row in [term.a, term.b] {
                if term.same { same[row].append(t) } else { different[row].append(t) }
            }
        }
        return (same, different)
    }

    /// dL/dEmbeddings when dL/d(a − b) = pull[t] · (a − b) for each term t (row a gets it, row b its negative).
    static func gradient(_ e: Tensor, _ terms: [LossTerm], pull: [Float]) -> Tensor {
        let d = e.itemCount
        var grad = [Float](repeating: 0, count: e.data.count)
        e.data.withUnsafeBufferPointer { x in
            grad.withUnsafeMutableBufferPointer { g in
                for (term, k) in zip(terms, pull) where k != 0 {
                    let a = x.start + term.a * d, b = x.start + term.b * d
                    let ga = g.start + term.a * d, gb = g.start + term.b * d
                    for j in 0..<d {
                        let t = k * (a[j] - b[j])
                        ga[j] += t
                        gb[j] -= t
                    }
                }
            }
        }
        return Tensor(uncheckedShape: e.shape, data: grad)
    }
}
