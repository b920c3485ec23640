/// The contrastive loss over pairs: L = mean over pairs of y·d² + (1−y)·max(0, m − d)², d = ‖a − b‖.
///
/// A batch of B pairs is 2·B embeddings: rows 0..<B are the first sides, rows B..<2B the second sides, so both sides
/// pass through the one network in one batch.
public struct ContrastiveLoss: Sendable, Equatable {
    /// The margin m beyond which a different-writer pair costs nothing.
    public var margin: Float

    /// A loss with margin `m`.
    public init(margin: Float) { self.margin = margin }

    /// The loss value, its gradient with respect to the 2·B embeddings, and each pair's distance.
    public struct Result: Sendable {
        /// Mean loss over the pairs (accumulated in float64).
        public var loss: Double
        /// dL/dEmbeddings, same shape as the embeddings.
        public var gradient: Tensor
        /// Distance of each pair.
        public var distances: [Float]
    }

    /// Evaluates the loss; `same[i]` says whether pair i is a same-writer (genuine–genuine) pair.
    public func evaluate(embeddings e: Tensor, same: [Bool]) -> Result {
        let pairs = same.count, d = e.itemCount
        precondition(e.batch == 2 * pairs, "contrastive loss expects 2·B embeddings for B pairs")
        var grad = [Float](repeating: 0, count: e.data.count)
        var distances = [Float](repeating: 0, count: pairs)
        var total = 0.0
        let scale = 1 / Float(pairs)
        e.data.withUnsafeBufferPointer { x in
            grad.withUnsafeMutableBufferPointer { g in
                for i in 0..<pairs {
                    let a = x.start + i * d, b = x.start + (i + pairs) * d
                    var sq = 0.0
                    for j in 0..<d { let t = Double(a[j] - b[j]); sq += t * t }
                    let dist = sq.squareRoot()
                    distances[i] = Float(dist)
                    // dL/d(a − b): same: 2(a − b); different and d < m: −2(m − d)(a − b)/d.
                    var k: Float = 0
                    if same[i] {
                        total += sq
                        k = 2
                    } else if dist < Double(margin) {
                        let short = Double(margin) - dist
                        total += short * short
                        k = dist > 1e-12 ? Float(-2 * short / dist) : 0
                    }
                    k *= scale
                    if k != 0 {
                        let ga = g.start + i * d, gb = g.start + (i + pairs) * d
                        for j in 0..<d {
                            let t = k * (a[j] - b[j])
                            ga[j] = t
                            gb[j] = -t
                        }
                    }
                }
            }
        }
        return Result(loss: total / Double(pairs), gradient: Tensor(uncheckedShape: e.shape, data: grad),
                      distances: distances)
    }
}
