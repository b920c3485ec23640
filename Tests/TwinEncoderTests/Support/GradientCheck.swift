@testable import TwinEncoder
import Randomness

/// Finite-difference checks of a backward pass: the objective is f = Σ r·layer(x) with a fixed random r,
/// accumulated in float64 so that the central differences are not drowned in float32 rounding.
enum GradientCheck {
    /// f = Σ r·y in float64.
    static func objective(_ y: Tensor, _ r: [Float]) -> Double {
        var s = 0.0
        for i in y.data.indices { s += Double(y.data[i]) * Double(r[i]) }
        return s
    }

    /// Random values in ±scale.
    static func random(_ count: Int, _ rng: inout SplitMix64, scale: Float = 1) -> [Float] {
        (0..<count).map { _ in (rng.nextUnit() * 2 - 1) * scale }
    }

    /// Worst relative error between analytic and central-difference gradients over the checked entries:
    /// |a − n| / max(|a|, |n|, floor).
    struct Report {
        var worst = 0.0
        var checked = 0
        mutating func add(analytic a: Double, numeric n: Double, floor: Double) {
            let e = abs(a - n) / max(abs(a), abs(n), floor)
            worst = max(worst, e)
            checked += 1
        }
    }

    /// Checks dInput and every learnable parameter's gradient of `layer` at `x`.
    /// `prepare` runs before every forward pass (e.g. to reset a dropout generator).
    static func check(layer: any Layer, input x: Tensor, seed: UInt64, epsilon: Float = 1e-2,
                      samples: Int = 40, prepare: () -> Void = {}) -> Report {
        var rng = SplitMix64(seed: seed)
        prepare()
        let y0 = layer.forward(x, mode: .training)
        let r = random(y0.data.count, &rng)
        for p in layer.parameters { p.zeroGrad() }
        let dx = layer.backward(Tensor(uncheckedShape: y0.shape, data: r))
        var report = Report()
        func f(_ input: Tensor) -> Double {
            prepare()
            return objective(layer.forward(input, mode: .training), r)
        }
        for _ in 0..<min(samples, x.data.count) {
            let i = rng.nextIndex(x.data.count)
            var xp = x, xm = x
            xp.data[i] += epsilon
            xm.data[i] -= epsilon
            let numeric = (f(xp) - f(xm)) / (2 * Double(epsilon))
            report.add(analytic: Double(dx.data[i]), numeric: numeric, floor: 1e-2)
        }
        for p in layer.parameters where p.learnable {
            let analytic = p.grad
            for _ in 0..<min(samples, p.value.count) {
                let i = rng.nextIndex(p.value.count)
                let keep = p.value[i]
                p.value[i] = keep + epsilon
                let fp = f(x)
                p.value[i] = keep - epsilon
                let fm = f(x)
                p.value[i] = keep
                report.add(analytic: Double(analytic[i]), numeric: (fp - fm) / (2 * Double(epsilon)), floor: 1e-2)
            }
        }
        return report
    }

    /// Six random 4-d embeddings (rows 0–2 one writer, 3 and 4 others, 5 in no term) and terms that share rows:
    /// three same-writer terms among rows 0–2 and four different-writer ones, of unequal weights.
    static func sharedRowTerms(seed: UInt64) -> (data: [Float], rows: Int, dim: Int, terms: [LossTerm]) {
        var rng = SplitMix64(seed: seed)
        let rows = 6, dim = 4
        let data = (0..<(rows * dim)).map { _ in Float(rng.nextUnitDouble() * 2 - 1) }
        let terms = [LossTerm(a: 0, b: 1, same: true, weight: 0.25), LossTerm(a: 0, b: 2, same: true, weight: 0.25),
                     LossTerm(a: 1, b: 2, same: true, weight: 0.25), LossTerm(a: 0, b: 3, same: false, weight: 0.3),
                     LossTerm(a: 1, b: 3, same: false, weight: 0.3), LossTerm(a: 2, b: 4, same: false, weight: 0.1),
                     LossTerm(a: 4, b: 0, same: false, weight: 0.1)]
        return (data, rows, dim, terms)
    }

    /// The worst |analytic − numeric| / max(1, |numeric|) over the first `checkedRows` rows of a term loss's
    /// embedding gradient, by central differences of step 1e-3.
    static func termLossError(_ loss: some PairTermLoss, data: [Float], rows: Int, dim: Int, terms: [LossTerm],
                              checkedRows: Int) -> Double {
        func value(_ x: [Float]) -> Double {
            loss.evaluate(embeddings: Tensor(uncheckedShape: [rows, dim], data: x), pairs: terms).loss
        }
        let analytic = loss.evaluate(embeddings: Tensor(uncheckedShape: [rows, dim], data: data), pairs: terms).gradient
        var worst = 0.0
        for i in 0..<(checkedRows * dim) {
            var up = data, down = data
            up[i] += 1e-3
            down[i] -= 1e-3
            let numeric = (value(up) - value(down)) / 2e-3
            worst = max(worst, abs(numeric - Double(analytic.data[i])) / max(1, abs(numeric)))
        }
        return worst
    }
}
