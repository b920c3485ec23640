#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The supervised-contrastive (softmax) loss over a step's terms. Each row a that has same-writer terms and
/// different-writer terms is an anchor; with logits ℓ = −d² / (2τ) (on unit-length embeddings, the cosine over τ
/// less a constant), each same-writer term (a, p) must win a softmax against every different-writer term of a:
///
///     L(a, p) = −ℓ(a, p) + ln( e^ℓ(a, p) + Σ over negatives n of a of ω_n · e^ℓ(a, n) ),
///
/// ω_n the negative term's weight relative to the mean weight of a's negatives (so a skilled term weighs more than a
/// random one as the step's weights say, and ω sums to the number of negatives). Each (a, p) weighs its term's
/// weight, scaled so that a step's (a, p) weigh 1 in all; both rows of a same-writer term serve as anchors.
///
/// Why beside the triplet loss: the triplet hinge treats every active negative alike, and the contrastive loss
/// every pair on its own; the softmax gives each negative a share of the gradient that grows with how near it lies
/// (e^ℓ), so the nearest forgeries of an anchor, which decide a case, draw most of it, and no margin has to be
/// chosen; τ sets how sharply it concentrates. Terms are those of a structured batch (several images of each
/// writer): a batch of independent pairs shares no rows and has no anchors.
///
/// Judgement: an (a, p) is right when p lies nearer a than every negative of a.
public struct SoftmaxTermLoss: PairTermLoss, Equatable {
    /// The temperature τ (on unit-length embeddings; 0.1 is usual).
    public var temperature: Float

    /// A loss at temperature `t`.
    public init(temperature: Float) { self.temperature = temperature }

    public func evaluate(embeddings e: Tensor, pairs: [LossTerm]) -> LossResult {
        let distances = TermGeometry.distances(e, pairs)
        let (sameOf, differentOf) = TermGeometry.termsByRow(pairs, rows: e.batch)
        let tau = Double(temperature)
        let logit = distances.map { -$0 * $0 / (2 * tau) }
        let total = (0..<e.batch).reduce(0.0) { sum, row in
            differentOf[row].isEmpty ? sum : sum + sameOf[row].reduce(0.0) { $0 + Double(pairs[$1].weight) }
        }
        // dL/dℓ of each term; the pull along (a − b) is dL/dd / d = dL/dℓ · (−1/τ).
        var slope = [Double](repeating: 0, count: pairs.count)
        var loss = 0.0, correct = 0, judged = 0
        if total > 0 {
            for row in 0..<e.batch where !differentOf[row].isEmpty {
                let negatives = differentOf[row]
                let meanWeight = negatives.reduce(0.0) { $0 + Double(pairs[$1].weight) } / Double(negatives.count)
                let omega = negatives.map { meanWeight > 0 ? Double(pairs[$0].weight) / meanWeight : 1 }
                let nearestNegative = negatives.map { distances[$0] }.min() ?? .infinity
                for s in sameOf[row] {
                    judged += 1
                    if distances[s] < nearestNegative { correct += 1 }
                    let w = Double(pairs[s].weight) / total
                    let top = negatives.reduce(logit[s]) { max($0, logit[$1]) }
                    let ps = exp(logit[s] - top)
                    let pn = zip(negatives, omega).map { $1 * exp(logit[$0] - top) }
                    let z = ps + pn.reduce(0, +)
                    loss += w * (-(logit[s] - top) + log(z))
                    slope[s] += w * (ps / z - 1)
                    for (n, p) in zip(negatives, pn) { slope[n] += w * p / z }
                }
            }
        }
        let pull = slope.map { Float(-$0 / tau) }
        return LossResult(loss: loss, gradient: TermGeometry.gradient(e, pairs, pull: pull),
                          distances: distances.map { Float($0) }, correct: correct, judged: judged)
    }
}
