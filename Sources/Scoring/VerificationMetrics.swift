/// Error rates of a verification score: higher scores mean "more like the claimed writer".
///
/// Convention everywhere in this module: a comparison is **accepted** (called same-writer) when its score is
/// greater than or equal to the threshold. FRR is the fraction of genuine comparisons rejected, FAR the fraction
/// of forgery comparisons accepted.
public enum VerificationMetrics {
    /// False-rejection and false-acceptance rates at `threshold` (accept when score ≥ threshold).
    public static func errorRates(genuine: [Double], forgery: [Double], threshold: Double) -> ErrorRates {
        let rejected = genuine.reduce(0) { $0 + ($1 < threshold ? 1 : 0) }
        let accepted = forgery.reduce(0) { $0 + ($1 >= threshold ? 1 : 0) }
        return ErrorRates(
            falseRejectionRate: genuine.isEmpty ? .nan : Double(rejected) / Double(genuine.count),
            falseAcceptanceRate: forgery.isEmpty ? .nan : Double(accepted) / Double(forgery.count))
    }

    /// All operating points of the score, from "accept everything" to "reject everything".
    ///
    /// One point per group of tied scores: a threshold cannot fall between two equal scores, so a tie group
    /// moves FAR and FRR together in one step. Points are ordered by increasing threshold (FRR rises, FAR falls).
    public static func operatingPoints(genuine: [Double], forgery: [Double]) -> [OperatingPoint] {
        let ng = Double(genuine.count), nf = Double(forgery.count)
        guard ng > 0, nf > 0 else { return [] }
        var merged: [(score: Double, isGenuine: Bool)] = genuine.map { ($0, true) } + forgery.map { ($0, false) }
        merged.sort { $0.score < $1.score }
        // The lowest score as threshold accepts everything.
        var points = [OperatingPoint(threshold: merged[0].score, falseAcceptanceRate: 1, falseRejectionRate: 0)]
        var genuineAtOrBelow = 0, forgeryAtOrBelow = 0
        var i = 0
        while i < merged.count {
            let score = merged[i].score
            while i < merged.count && merged[i].score == score {
                if merged[i].isGenuine { genuineAtOrBelow += 1 } else { forgeryAtOrBelow += 1 }
                i += 1
            }
            // Threshold just above this tie group: everything at or below it is rejected.
            let next = i < merged.count ? merged[i].score : Double.infinity
            points.append(OperatingPoint(
                threshold: next,
                falseAcceptanceRate: (nf - Double(forgeryAtOrBelow)) / nf,
                falseRejectionRate: Double(genuineAtOrBelow) / ng))
        }
        return points
    }

    /// The equal error rate and the threshold where it is reached.
    ///
    /// Interpolation: the operating points are joined by straight segments, and the EER is where the segment
    /// that crosses FAR = FRR meets that line. A segment between two adjacent points is exactly what a
    /// randomised decision on the one tie group between them achieves, so the EER is attainable and correct
    /// with tied scores (all scores equal gives 0.5, not 0 or 1). This is not the ROC-convex-hull EER, which is
    /// never larger. The threshold reported is the score of the tie group on that segment.
    public static func equalErrorRate(genuine: [Double], forgery: [Double]) -> (rate: Double, threshold: Double) {
        let points = operatingPoints(genuine: genuine, forgery: forgery)
        guard points.count >= 2 else { return (.nan, .nan) }
        for j in 1..<points.count {
            let previous = points[j - 1], current = points[j]
            let gPrevious = previous.falseRejectionRate - previous.falseAcceptanceRate
            let gCurrent = current.falseRejectionRate - current.falseAcceptanceRate
            if gCurrent >= 0 {
                if gCurrent == 0 { return (current.falseRejectionRate, tieGroupScore(points, j)) }
                let alpha = -gPrevious / (gCurrent - gPrevious)
                let rate = previous.falseAcceptanceRate
                    + alpha * (current.falseAcceptanceRate - previous.falseAcceptanceRate)
                return (rate, tieGroupScore(points, j))
            }
        }
        return (.nan, .nan)
    }

    /// The score of the tie group that separates point j-1 from point j (point j-1's threshold).
    private static func tieGroupScore(_ points: [OperatingPoint], _ j: Int) -> Double {
        points[j - 1].threshold
    }

    /// Area under the ROC curve: P(genuine score > forgery score) + ½·P(equal) (Mann–Whitney; ties count half).
    public static func areaUnderROC(genuine: [Double], forgery: [Double]) -> Double {
        guard !genuine.isEmpty, !forgery.isEmpty else { return .nan }
        var merged: [(score: Double, isGenuine: Bool)] = genuine.map { ($0, true) } + forgery.map { ($0, false) }
        merged.sort { $0.score < $1.score }
        var forgeriesBelow = 0.0, total = 0.0
        var i = 0
        while i < merged.count {
            let score = merged[i].score
            var g = 0.0, f = 0.0
            while i < merged.count && merged[i].score == score {
                if merged[i].isGenuine { g += 1 } else { f += 1 }
                i += 1
            }
            total += g * (forgeriesBelow + 0.5 * f)
            forgeriesBelow += f
        }
        return total / (Double(genuine.count) * Double(forgery.count))
    }
}

/// FRR and FAR at one threshold.
public struct ErrorRates: Codable, Equatable, Sendable {
    /// Fraction of genuine comparisons rejected.
    public var falseRejectionRate: Double
    /// Fraction of forgery comparisons accepted.
    public var falseAcceptanceRate: Double

    /// Creates the pair.
    public init(falseRejectionRate: Double, falseAcceptanceRate: Double) {
        self.falseRejectionRate = falseRejectionRate
        self.falseAcceptanceRate = falseAcceptanceRate
    }
}

/// One point of the ROC / DET curve.
public struct OperatingPoint: Equatable, Sendable {
    /// Accept when score ≥ threshold (the first point, at the lowest score, accepts everything; the last, +inf,
    /// rejects everything).
    public var threshold: Double
    /// Fraction of forgeries accepted at this threshold.
    public var falseAcceptanceRate: Double
    /// Fraction of genuine comparisons rejected at this threshold.
    public var falseRejectionRate: Double
}
