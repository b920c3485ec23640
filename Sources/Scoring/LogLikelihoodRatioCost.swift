import Foundation

@inline(__always) func log10Value(_ x: Double) -> Double { Foundation.log10(x) }

/// The log-likelihood-ratio cost and its split into discrimination and calibration loss.
///
/// Cllr = ½·[mean over same-source of log₂(1 + 1/LR) + mean over different-source of log₂(1 + LR)]
/// (Brümmer and du Preez 2006). 1 means the LRs carry no information (LR = 1 everywhere), 0 is perfect, above 1
/// the LRs mislead. Cllr_min is Cllr after the optimal monotone recalibration (PAV), the discrimination loss;
/// Cllr_cal = Cllr − Cllr_min is what the calibration loses.
public enum LogLikelihoodRatioCost {
    /// Cllr of log10 LRs (±inf allowed: an infinite LR on the wrong side gives an infinite cost).
    public static func cllr(sameLog10LR: [Double], differentLog10LR: [Double]) -> Double {
        guard !sameLog10LR.isEmpty, !differentLog10LR.isEmpty else { return .nan }
        let ln2 = Foundation.log(2.0)
        var same = 0.0
        for l in sameLog10LR { same += softplus(-l * ln10) }
        var different = 0.0
        for l in differentLog10LR { different += softplus(l * ln10) }
        return 0.5 * (same / Double(sameLog10LR.count) + different / Double(differentLog10LR.count)) / ln2
    }

    /// Cllr_min: the Cllr of the PAV-optimal LRs for these scores (any score whose order matters, e.g. log LRs).
    public static func cllrMin(sameScores: [Double], differentScores: [Double]) -> Double {
        let optimal = PoolAdjacentViolators.optimalLog10LR(same: sameScores, different: differentScores)
        return cllr(sameLog10LR: optimal.same, differentLog10LR: optimal.different)
    }

    /// Cllr, Cllr_min and Cllr_cal of one set of log10 LRs.
    public static func summary(sameLog10LR: [Double], differentLog10LR: [Double]) -> CllrSummary {
        let actual = cllr(sameLog10LR: sameLog10LR, differentLog10LR: differentLog10LR)
        let minimum = cllrMin(sameScores: sameLog10LR, differentScores: differentLog10LR)
        return CllrSummary(cllr: actual, cllrMin: minimum, cllrCal: actual - minimum)
    }
}

/// Cllr with its split.
public struct CllrSummary: Codable, Equatable, Sendable {
    /// The cost of the LRs as they are.
    public var cllr: Double
    /// The cost after the optimal monotone recalibration (discrimination only).
    public var cllrMin: Double
    /// Cllr − Cllr_min: the calibration loss.
    public var cllrCal: Double

    /// Creates the triple.
    public init(cllr: Double, cllrMin: Double, cllrCal: Double) {
        self.cllr = cllr
        self.cllrMin = cllrMin
        self.cllrCal = cllrCal
    }
}
