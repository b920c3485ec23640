/// The ENFSI verbal scale for likelihood ratios (ENFSI Guideline for Evaluative Reporting, 2015; DESIGN.md).
///
/// Ranges of LR (or of 1/LR for support of the alternative): below 2 no support worth a word (LR ≈ 1);
/// 2–10 weak; 10–100 moderate; 100–1,000 moderately strong; 1,000–10,000 strong; 10,000–1,000,000 very strong;
/// above 1,000,000 extremely strong. The guideline's ranges share their end points (10 is in "2–10" and in
/// "10–100"); a boundary value is given the **weaker** term here, the conservative reading: LR = 10 is weak,
/// LR = 10.0001 moderate, LR = 2 weak, LR = 1.99 none.
public enum VerbalScale: Int, Codable, Comparable, CaseIterable, Sendable {
    /// |log10 LR| < log10 2: the findings do not help.
    case noSupport = 0
    /// 2 ≤ LR ≤ 10.
    case weak
    /// 10 < LR ≤ 100.
    case moderate
    /// 100 < LR ≤ 1,000.
    case moderatelyStrong
    /// 1,000 < LR ≤ 10,000.
    case strong
    /// 10,000 < LR ≤ 1,000,000.
    case veryStrong
    /// LR > 1,000,000.
    case extremelyStrong

    /// The term for |log10 LR|.
    public static func level(forLog10LR log10LR: Double) -> VerbalScale {
        let magnitude = abs(log10LR)
        if magnitude < log10Value(2) { return .noSupport }
        if magnitude <= 1 { return .weak }
        if magnitude <= 2 { return .moderate }
        if magnitude <= 3 { return .moderatelyStrong }
        if magnitude <= 4 { return .strong }
        if magnitude <= 6 { return .veryStrong }
        return .extremelyStrong
    }

    /// The largest |log10 LR| the term covers (+inf for extremely strong).
    public var upperLog10: Double {
        switch self {
        case .noSupport: return log10Value(2)
        case .weak: return 1
        case .moderate: return 2
        case .moderatelyStrong: return 3
        case .strong: return 4
        case .veryStrong: return 6
        case .extremelyStrong: return .infinity
        }
    }

    /// The words, e.g. "moderately strong support".
    public var term: String {
        switch self {
        case .noSupport: return "no support"
        case .weak: return "weak support"
        case .moderate: return "moderate support"
        case .moderatelyStrong: return "moderately strong support"
        case .strong: return "strong support"
        case .veryStrong: return "very strong support"
        case .extremelyStrong: return "extremely strong support"
        }
    }

    /// Orders the terms by strength.
    public static func < (lhs: VerbalScale, rhs: VerbalScale) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The verbal conclusion for one LR: the term and the proposition it supports.
public struct VerbalConclusion: Codable, Equatable, Sendable {
    /// Which proposition the findings support.
    public enum Direction: String, Codable, Sendable {
        /// LR > 1: the claimed writer signed (H1).
        case sameWriter = "same-writer"
        /// LR < 1: someone else signed (H2).
        case differentWriter = "different-writer"
        /// The findings support neither.
        case neither
    }

    /// The strength term.
    public var level: VerbalScale
    /// The proposition supported.
    public var direction: Direction

    /// The conclusion for one log10 LR.
    public init(log10LR: Double) {
        level = VerbalScale.level(forLog10LR: log10LR)
        direction = level == .noSupport ? .neither : (log10LR > 0 ? .sameWriter : .differentWriter)
    }

    /// A sentence for the report.
    public var sentence: String {
        switch direction {
        case .neither:
            return "The findings support neither the proposition that the claimed writer made the signature nor the proposition that someone else made it."
        case .sameWriter:
            return "The findings provide \(level.term) for the proposition that the claimed writer made the signature, rather than that someone else made it."
        case .differentWriter:
            return "The findings provide \(level.term) for the proposition that someone else made the signature, rather than that the claimed writer made it."
        }
    }
}
