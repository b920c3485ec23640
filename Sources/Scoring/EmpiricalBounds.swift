import Foundation

/// Empirical lower and upper bounds (ELUB) on log10 LR (Vergeer, van Es, de Jongh, Alberink and Stoel 2016,
/// "Numerical likelihood ratios outputted by LR systems are often based on extrapolation: when to stop
/// extrapolating?", Science & Justice 56, 482–491).
///
/// Idea: read every LR threshold t as a decision rule "accept H1 when LR > t", which is the Bayes decision at prior
/// odds 1/t. Its expected cost, with misses costing 1 and false acceptances t, is
/// E(t) = P(LR ≤ t | H1) + t·P(LR > t | H2). An uninformative system (LR = 1 always) costs min(t, 1). As in the
/// paper, one misleading LR is added to each side (a same-source comparison with LR → 0 and a different-source one
/// with LR → ∞), which is what limits the bounds by the size of the set. The bounds are the thresholds nearest to
/// 1 at which the system starts to cost more than the uninformative one: LRs beyond them are not supported by the
/// data and are reported at the bound.
///
/// Computed exactly rather than on a grid: between two observed LRs both probabilities are constant, so E is
/// linear in t and each crossing is solved in closed form. With n₀ different-source comparisons the upper bound is
/// at most n₀ + 1 (and never above the largest observed LR); likewise the lower bound is at least 1/(n₁ + 1).
public enum EmpiricalBounds {
    /// The ELUB bounds (log10) of calibrated log10 LRs; lower ≤ 0 ≤ upper. ±inf LRs are allowed.
    public static func elub(sameLog10LR: [Double], differentLog10LR: [Double]) throws -> (lower: Double, upper: Double) {
        guard !sameLog10LR.isEmpty, !differentLog10LR.isEmpty else {
            throw ScoringError.notEnoughSamples(what: "LRs for ELUB", count: min(sameLog10LR.count, differentLog10LR.count), needed: 1)
        }
        guard !(sameLog10LR + differentLog10LR).contains(where: { $0.isNaN }) else {
            throw ScoringError.nonFiniteValue(what: "LRs for ELUB")
        }
        let same = sameLog10LR.sorted(), different = differentLog10LR.sorted()
        let n1 = Double(same.count), n0 = Double(different.count)
        // With the added misleading pair: P(LR ≤ t | H1) and P(LR > t | H2) at log10 threshold T.
        func missRate(_ T: Double) -> Double { (Double(countAtOrBelow(same, T)) + 1) / (n1 + 1) }
        func falseAcceptRate(_ T: Double) -> Double { (Double(different.count - countAtOrBelow(different, T)) + 1) / (n0 + 1) }
        let observed = Array(Set((same + different).filter { $0.isFinite })).sorted()

        // Upper bound: first t ≥ 1 with E(t) > 1, scanning intervals [L, R) upward from L = 0.
        var upper = 0.0
        let above = [0.0] + observed.filter { $0 > 0 }
        for (k, left) in above.enumerated() {
            let right = k + 1 < above.count ? above[k + 1] : Double.infinity
            let a = missRate(left), b = falseAcceptRate(left)
            let tLeft = Foundation.pow(10, left)
            if a + tLeft * b > 1 { upper = left; break }
            let crossing = (1 - a) / b // E(crossing) = 1; worse beyond it
            if right == .infinity || crossing < Foundation.pow(10, right) { upper = log10Value(crossing); break }
        }
        // Lower bound: last t ≤ 1 with E(t) > t. At t = 1 itself first, then intervals [L, R) downward.
        var lower = 0.0
        if missRate(0) + falseAcceptRate(0) <= 1 {
            let below = observed.filter { $0 < 0 }
            var k = below.count
            while k >= 0 {
                let left = k > 0 ? below[k - 1] : -Double.infinity
                let right = k < below.count ? below[k] : 0.0
                let a = missRate(left), b = falseAcceptRate(left)
                let tLeft = left == -.infinity ? 0 : Foundation.pow(10, left)
                // Worse than neutral where a > t·(1 − b): for every t when b ≥ 1, else for t < a / (1 − b).
                let limit = b >= 1 ? Double.infinity : a / (1 - b)
                if limit > tLeft {
                    lower = min(right, log10Value(limit))
                    break
                }
                k -= 1
            }
        }
        return (min(lower, 0), max(upper, 0))
    }

    /// Number of sorted values ≤ x (binary search).
    static func countAtOrBelow(_ sorted: [Double], _ x: Double) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
