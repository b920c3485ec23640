/// Isotonic (non-decreasing) regression by pool-adjacent-violators.
///
/// Given values y₁…yₙ with positive weights, returns the non-decreasing sequence closest to y in weighted least
/// squares. Adjacent values that violate the order are pooled into one block whose value is their weighted mean;
/// pooling repeats until no violation is left. O(n) with a stack of blocks.
public enum PoolAdjacentViolators {
    /// The isotonic fit of `values` (weights default to 1). Weights must be positive and as many as the values.
    public static func fit(_ values: [Double], weights: [Double]? = nil) throws -> [Double] {
        let n = values.count
        let w = weights ?? [Double](repeating: 1, count: n)
        guard w.count == n else {
            throw ScoringError.invalidParameter(name: "PAV weights", value: "\(w.count)",
                                                reason: "one weight per value is needed (\(n) values)")
        }
        guard w.allSatisfy({ $0 > 0 && $0.isFinite }), values.allSatisfy({ $0.isFinite }) else {
            throw ScoringError.invalidParameter(name: "PAV input", value: "", reason: "values must be finite, weights positive")
        }
        return fitUnchecked(values, weights: w)
    }

    /// PAV on inputs already known to be valid.
    static func fitUnchecked(_ values: [Double], weights w: [Double]) -> [Double] {
        let n = values.count
        var blockValue: [Double] = [], blockWeight: [Double] = [], blockCount: [Int] = []
        blockValue.reserveCapacity(n); blockWeight.reserveCapacity(n); blockCount.reserveCapacity(n)
        for i in 0..<n {
            var value = values[i], weight = w[i], count = 1
            while let last = blockValue.last, last > value {
                let lastWeight = blockWeight.removeLast()
                blockValue.removeLast()
                count += blockCount.removeLast()
                value = (last * lastWeight + value * weight) / (lastWeight + weight)
                weight += lastWeight
            }
            blockValue.append(value); blockWeight.append(weight); blockCount.append(count)
        }
        var result: [Double] = []
        result.reserveCapacity(n)
        for (value, count) in zip(blockValue, blockCount) {
            result.append(contentsOf: repeatElement(value, count: count))
        }
        return result
    }

    /// The optimal monotone map from scores to log10 LR on one labelled set (the "PAV calibration").
    ///
    /// Scores are sorted and tied scores pooled first (equal scores must get equal LRs); PAV on the proportion
    /// of same-source comparisons in each group gives posterior probabilities p, and
    /// log10 LR = log10(p / (1 − p)) − log10(n_same / n_different). A block holding only same-source comparisons
    /// gets +inf and one holding only different-source comparisons −inf; such LRs never fall on the other class,
    /// so they cost nothing in Cllr (the usual 0·log 0 = 0 convention).
    /// Returns the log10 LRs in the order of the inputs.
    public static func optimalLog10LR(same: [Double], different: [Double]) -> (same: [Double], different: [Double]) {
        let n1 = Double(same.count), n0 = Double(different.count)
        guard n1 > 0, n0 > 0 else { return ([], []) }
        var merged: [(score: Double, isSame: Bool, index: Int)] =
            same.enumerated().map { ($0.element, true, $0.offset) }
            + different.enumerated().map { ($0.element, false, $0.offset) }
        merged.sort { $0.score < $1.score }
        // Group ties.
        var groupProportion: [Double] = [], groupWeight: [Double] = [], groupOf = [Int](repeating: 0, count: merged.count)
        var i = 0
        while i < merged.count {
            let score = merged[i].score
            var s = 0.0, total = 0.0
            while i < merged.count && merged[i].score == score {
                if merged[i].isSame { s += 1 }
                total += 1
                groupOf[i] = groupProportion.count
                i += 1
            }
            groupProportion.append(s / total)
            groupWeight.append(total)
        }
        let posterior = fitUnchecked(groupProportion, weights: groupWeight)
        let priorLog10Odds = log10Value(n1 / n0)
        var outSame = [Double](repeating: 0, count: same.count)
        var outDifferent = [Double](repeating: 0, count: different.count)
        for (k, item) in merged.enumerated() {
            let p = posterior[groupOf[k]]
            let llr: Double
            if p <= 0 { llr = -.infinity } else if p >= 1 { llr = .infinity } else {
                llr = log10Value(p) - log10Value(1 - p) - priorLog10Odds
            }
            if item.isSame { outSame[item.index] = llr } else { outDifferent[item.index] = llr }
        }
        return (outSame, outDifferent)
    }
}
