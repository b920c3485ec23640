import Testing
@testable import TwinEncoder
import Randomness

/// The whole tower with the contrastive loss on top, against finite differences of the loss.
@Suite struct NetworkGradientTests {
    /// Cosine similarity and norm ratio between analytic and numeric gradients over sampled parameters.
    private func compare(options: Architecture.Options, margin: Float, seed: UInt64) -> (cosine: Double, ratio: Double) {
        let net = Network(architecture: .tiny, options: options, seed: seed)
        let x = randomImages(.tiny, count: 8, seed: seed &+ 1)
        let same = [true, false, true, false]
        let loss = ContrastiveLoss(margin: margin)
        func value() -> Double {
            loss.evaluate(embeddings: net.forward(x, mode: .training), same: same).loss
        }
        net.zeroGrad()
        let result = loss.evaluate(embeddings: net.forward(x, mode: .training), same: same)
        net.backward(result.gradient)
        var rng = SplitMix64(seed: seed &+ 2)
        var analytic: [Double] = [], numeric: [Double] = []
        let eps: Float = 5e-3
        for p in net.learnableParameters {
            let grad = p.grad
            for _ in 0..<6 {
                let i = rng.nextIndex(p.value.count)
                let keep = p.value[i]
                p.value[i] = keep + eps
                let up = value()
                p.value[i] = keep - eps
                let down = value()
                p.value[i] = keep
                analytic.append(Double(grad[i]))
                numeric.append((up - down) / (2 * Double(eps)))
            }
        }
        var dot = 0.0, na = 0.0, nn = 0.0
        for i in analytic.indices { dot += analytic[i] * numeric[i]; na += analytic[i] * analytic[i]; nn += numeric[i] * numeric[i] }
        return (dot / (na * nn).squareRoot(), (na / nn).squareRoot())
    }

    @Test("Plain SigNet topology with contrastive loss: analytic gradient matches finite differences")
    func plain() {
        let (cosine, ratio) = compare(options: .plain, margin: 5, seed: 101)
        #expect(cosine > 0.995, "cosine \(cosine)")
        #expect(abs(ratio - 1) < 0.03, "norm ratio \(ratio)")
    }

    @Test("With L2-normalised embeddings")
    func normalised() {
        let (cosine, ratio) = compare(options: .init(dropout: 0, l2Normalize: true), margin: 1.5, seed: 202)
        #expect(cosine > 0.995, "cosine \(cosine)")
        #expect(abs(ratio - 1) < 0.03, "norm ratio \(ratio)")
    }

    @Test("Contrastive loss values and gradient on a hand-computed pair")
    func lossByHand() {
        // Pair 0: same, a=(0,0), b=(3,4): d=5, L=25. Pair 1: different, a=(0,0), b=(0,1): d=1 < m=3, L=(3−1)²=4.
        let e = Tensor(uncheckedShape: [4, 2], data: [0, 0, 0, 0, 3, 4, 0, 1])
        let r = ContrastiveLoss(margin: 3).evaluate(embeddings: e, same: [true, false])
        #expect(r.distances == [5, 1])
        #expect(abs(r.loss - (25 + 4) / 2) < 1e-9)
        // dL/da for pair 0 = 2(a−b)/B = (−3, −4); pair 1: −2(m−d)(a−b)/d/B = −2·2·(0,−1)/2 = (0, 2).
        #expect(r.gradient.data == [-3, -4, 0, 2, 3, 4, 0, -2])
        // A different pair beyond the margin costs nothing.
        let far = ContrastiveLoss(margin: 0.5).evaluate(embeddings: e, same: [false, false])
        #expect(far.loss == 0 && far.gradient.data.allSatisfy { $0 == 0 })
    }

    @Test("Weighted pairs sharing embeddings: gradients add up and match finite differences of the loss")
    func overlappingPairs() {
        var rng = SplitMix64(seed: 77)
        let rows = 5, dim = 3
        let data = (0..<(rows * dim)).map { _ in Float(rng.nextUnitDouble() * 2 - 1) }
        let pairs = [LossTerm(a: 0, b: 1, same: true, weight: 0.25),
                     LossTerm(a: 0, b: 2, same: false, weight: 0.5),
                     LossTerm(a: 3, b: 0, same: false, weight: 0.125),
                     LossTerm(a: 1, b: 2, same: true, weight: 1)]
        let loss = ContrastiveLoss(margin: 4)
        let r = loss.evaluate(embeddings: Tensor(uncheckedShape: [rows, dim], data: data), pairs: pairs)
        func value(_ x: [Float]) -> Double {
            loss.evaluate(embeddings: Tensor(uncheckedShape: [rows, dim], data: x), pairs: pairs).loss
        }
        #expect(r.gradient.data[(4 * dim)..<(5 * dim)].allSatisfy { $0 == 0 }, "row 4 is in no pair")
        for i in 0..<(4 * dim) {
            var up = data, down = data
            up[i] += 1e-2
            down[i] -= 1e-2
            let numeric = (value(up) - value(down)) / 2e-2
            #expect(abs(numeric - Double(r.gradient.data[i])) < 1e-3 * max(1, abs(numeric)), "element \(i)")
        }
        // The pair layout is the special case of weight 1/B on rows (i, B + i).
        let e = Tensor(uncheckedShape: [4, 3], data: Array(data.prefix(12)))
        let same = [true, false]
        let laid = loss.evaluate(embeddings: e, pairs: [LossTerm(a: 0, b: 2, same: true, weight: 0.5),
                                                        LossTerm(a: 1, b: 3, same: false, weight: 0.5)])
        let plain = loss.evaluate(embeddings: e, same: same)
        #expect(plain.gradient.data == laid.gradient.data && plain.distances == laid.distances && plain.loss == laid.loss)
    }
}
