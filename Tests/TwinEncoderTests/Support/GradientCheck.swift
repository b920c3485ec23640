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
}
