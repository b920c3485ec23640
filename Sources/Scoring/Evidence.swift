/// What one score is worth as evidence under a calibration: the LR, its verbal term and the limitations.
public struct Evidence: Codable, Equatable, Sendable {
    /// The score that was calibrated.
    public var score: Double
    /// log10 LR straight from the calibration map, before any bound.
    public var unboundedLog10LR: Double
    /// log10 LR as reported: within the ELUB bounds and, with few references, within the policy's cap.
    public var log10LR: Double
    /// The verbal conclusion for `log10LR`.
    public var conclusion: VerbalConclusion
    /// Every limitation that applies; empty when none.
    public var limitations: [Limitation]
    /// accept / refer, when the calibration carries a decision threshold.
    public var decision: Decision?
}

/// A stated limitation on what a comparison may claim.
public enum Limitation: Codable, Equatable, Sendable {
    /// Fewer references than the policy's minimum: |log10 LR| was capped.
    case fewReferences(count: Int, minimum: Int, capLog10LR: Double)
    /// The baseline has a different number of references from the calibration's protocol.
    case referenceCountDiffersFromCalibration(count: Int, calibrated: Int)
    /// The calibrated LR went beyond what the calibration data supports and is reported at the bound.
    case boundedByCalibrationData(unboundedLog10LR: Double, boundLog10LR: Double)
    /// The score lies outside the range of scores seen in calibration (the LR is an extrapolation).
    case scoreOutsideCalibrationRange(score: Double, minimum: Double, maximum: Double)

    /// A sentence for the report.
    public var statement: String {
        switch self {
        case let .fewReferences(count, minimum, cap):
            return "Only \(count) reference signature\(count == 1 ? "" : "s") (fewer than \(minimum)): the writer's range of variation is poorly known, so the strength of the evidence is limited to |log10 LR| ≤ \(formatLog(cap))."
        case let .referenceCountDiffersFromCalibration(count, calibrated):
            return "The baseline has \(count) reference\(count == 1 ? "" : "s"); the calibration was validated with \(calibrated)."
        case let .boundedByCalibrationData(unbounded, bound):
            return "The calibrated log10 LR \(formatLog(unbounded)) exceeds what the calibration data can support and is reported as \(formatLog(bound)) (ELUB bound)."
        case let .scoreOutsideCalibrationRange(score, minimum, maximum):
            return "The score \(formatLog(score)) lies outside the scores seen in calibration [\(formatLog(minimum)), \(formatLog(maximum))]; the LR is an extrapolation, held within the bounds."
        }
    }
}

/// The decision of the optional threshold (bank use-case).
public struct Decision: Codable, Equatable, Sendable {
    /// accept when log10 LR ≥ threshold, otherwise refer to an examiner.
    public enum Outcome: String, Codable, Sendable { case accept, refer }
    /// The outcome.
    public var outcome: Outcome
    /// The threshold on log10 LR.
    public var thresholdLog10LR: Double
    /// Error rates expected at that threshold from the calibration data.
    public var expected: ExpectedRates
}

/// Error rates expected at a log10 LR threshold, measured on calibration data.
public struct ExpectedRates: Codable, Equatable, Sendable {
    /// Fraction of genuine signatures that would be referred.
    public var falseRejectionRate: Double
    /// Fraction of skilled forgeries that would be accepted.
    public var falseAcceptanceRateSkilled: Double
    /// Fraction of random forgeries (other writers' genuine) that would be accepted.
    public var falseAcceptanceRateRandom: Double

    /// Creates the triple.
    public init(falseRejectionRate: Double, falseAcceptanceRateSkilled: Double, falseAcceptanceRateRandom: Double) {
        self.falseRejectionRate = falseRejectionRate
        self.falseAcceptanceRateSkilled = falseAcceptanceRateSkilled
        self.falseAcceptanceRateRandom = falseAcceptanceRateRandom
    }
}

/// Two decimals, no locale (for sentences).
func formatLog(_ x: Double) -> String {
    if x == .infinity { return "inf" }
    if x == -.infinity { return "-inf" }
    return fixed(x, decimals: 2)
}

/// x with a fixed number of decimals, independent of locale (rounds half away from zero).
func fixed(_ x: Double, decimals: Int) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { return String(x) }
    let negative = x < 0 && scaled != 0
    let integer = UInt64(scaled / scale)
    var fraction = String(UInt64(scaled - Double(integer) * scale))
    while fraction.count < decimals { fraction = "0" + fraction }
    return (negative ? "-" : "") + String(integer) + (decimals > 0 ? "." + fraction : "")
}
