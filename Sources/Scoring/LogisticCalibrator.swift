import Foundation

/// Two-parameter logistic-regression calibration: score → log10 LR = slope·score + intercept.
///
/// The fit maximises the weighted log-likelihood of ln-odds = a·x + b, x the standardised score, by Newton's
/// method (IRLS) on the 2×2 system with step halving: deterministic and exact to 1e-12. Two choices:
/// - **Weighting.** `.balanced` (default) gives each class a total weight of ½, so the fit minimises the Cllr
///   of the calibration data itself and the weighted prior odds are 1: LR = posterior odds. `.empirical`
///   weighs every comparison 1; then LR = posterior odds / (n_same / n_different), the calibration set's prior
///   odds. Both recover the same LR when the model is right; balanced is not dominated by the larger class
///   (there are far more different-source comparisons than same-source).
/// - **Targets.** Platt's (1999) targets (n₁+1)/(n₁+2) and 1/(n₀+2) instead of 1 and 0: the fit stays finite
///   on perfectly separated calibration data (a plain maximum-likelihood slope would go to infinity), and
///   the effect vanishes as the calibration set grows.
public enum LogisticCalibrator {
    /// The fitted map and how it was reached.
    public struct Fit: Codable, Equatable, Sendable {
        /// log10 LR = slope·score + intercept.
        public var slope: Double
        /// Intercept of the log10 LR.
        public var intercept: Double
        /// Newton iterations used.
        public var iterations: Int
    }

    /// How each comparison is weighted in the fit.
    public enum Weighting: String, Codable, Sendable {
        /// Each class has total weight ½ (fit minimises Cllr; LR = posterior odds).
        case balanced
        /// Each comparison weight 1 (LR = posterior odds / calibration prior odds).
        case empirical
    }

    /// Fits the calibration on same-source and different-source scores (at least two of each, finite, not all equal).
    public static func fit(same: [Double], different: [Double], weighting: Weighting = .balanced) throws -> Fit {
        guard same.count >= 2 else { throw ScoringError.notEnoughSamples(what: "same-source calibration scores", count: same.count, needed: 2) }
        guard different.count >= 2 else { throw ScoringError.notEnoughSamples(what: "different-source calibration scores", count: different.count, needed: 2) }
        guard same.allSatisfy({ $0.isFinite }), different.allSatisfy({ $0.isFinite }) else {
            throw ScoringError.nonFiniteValue(what: "calibration scores")
        }
        let all = same + different
        let center = mean(all)
        let spread = (all.reduce(0) { $0 + ($1 - center) * ($1 - center) } / Double(all.count)).squareRoot()
        guard spread > 0 else {
            throw ScoringError.invalidParameter(name: "calibration scores", value: "", reason: "all scores are equal")
        }
        let n1 = Double(same.count), n0 = Double(different.count)
        let (w1, w0) = weighting == .balanced ? (0.5 / n1, 0.5 / n0) : (1.0, 1.0)
        let t1 = (n1 + 1) / (n1 + 2), t0 = 1 / (n0 + 2)
        let x = all.map { ($0 - center) / spread }
        let weight = (0..<all.count).map { $0 < same.count ? w1 : w0 }
        let target = (0..<all.count).map { $0 < same.count ? t1 : t0 }

        func negativeLogLikelihood(_ a: Double, _ b: Double) -> Double {
            var total = 0.0
            for i in 0..<x.count {
                let z = a * x[i] + b
                total += weight[i] * (target[i] * softplus(-z) + (1 - target[i]) * softplus(z))
            }
            return total
        }
        var a = 0.0, b = 0.0
        var current = negativeLogLikelihood(a, b)
        var iterations = 0
        var converged = false
        while iterations < 200 {
            iterations += 1
            var ga = 0.0, gb = 0.0, haa = 0.0, hab = 0.0, hbb = 0.0
            for i in 0..<x.count {
                let p = logistic(a * x[i] + b)
                let r = weight[i] * (p - target[i])
                let h = weight[i] * p * (1 - p)
                ga += r * x[i]; gb += r
                haa += h * x[i] * x[i]; hab += h * x[i]; hbb += h
            }
            let det = haa * hbb - hab * hab
            guard det > 0, det.isFinite else { break }
            let da = -(hbb * ga - hab * gb) / det
            let db = -(haa * gb - hab * ga) / det
            var t = 1.0
            var improved = false
            for _ in 0..<60 {
                let value = negativeLogLikelihood(a + t * da, b + t * db)
                if value <= current {
                    a += t * da; b += t * db; current = value; improved = true
                    break
                }
                t *= 0.5
            }
            if !improved || max(abs(t * da), abs(t * db)) < 1e-12 { converged = true; break }
        }
        guard converged else {
            throw ScoringError.didNotConverge(what: "logistic-regression calibration", iterations: iterations)
        }
        // Back to raw scores and log10; remove the (weighted) prior log-odds.
        let priorLogOdds = weighting == .balanced ? 0 : Foundation.log(n1 / n0)
        let slope = a / spread / ln10
        let intercept = (b - a * center / spread - priorLogOdds) / ln10
        return Fit(slope: slope, intercept: intercept, iterations: iterations)
    }
}
