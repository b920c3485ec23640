import Foundation
import Testing
@testable import Scoring
import Randomness

@Suite struct CalibrationTests {
    /// Scores drawn from N(2, 1) (same source) and N(0, 1) (different source): the true
    /// ln LR(s) = ((μ₁ − μ₀)/σ²)·s + (μ₀² − μ₁²)/(2σ²) = 2s − 2, i.e. log10 LR = (2s − 2)/ln 10.
    static func gaussianScores(same n1: Int, different n0: Int, seed: UInt64) -> ([Double], [Double]) {
        var rng = SplitMix64(seed: seed)
        return ((0..<n1).map { _ in 2 + rng.nextGaussian() }, (0..<n0).map { _ in rng.nextGaussian() })
    }

    @Test(arguments: [LogisticCalibrator.Weighting.balanced, .empirical])
    func calibrationRecoversKnownParameters(weighting: LogisticCalibrator.Weighting) throws {
        let (same, different) = Self.gaussianScores(same: 20_000, different: 40_000, seed: 42)
        let fit = try LogisticCalibrator.fit(same: same, different: different, weighting: weighting)
        let ln10 = Foundation.log(10.0)
        #expect(abs(fit.slope - 2 / ln10) < 0.03)
        #expect(abs(fit.intercept + 2 / ln10) < 0.03)
    }

    @Test func calibrationIsDeterministic() throws {
        let (same, different) = Self.gaussianScores(same: 500, different: 700, seed: 3)
        #expect(try LogisticCalibrator.fit(same: same, different: different)
                == LogisticCalibrator.fit(same: same, different: different))
    }

    @Test func calibrationStaysFiniteOnSeparatedData() throws {
        let fit = try LogisticCalibrator.fit(same: [3, 4, 5], different: [0, 1, 2])
        #expect(fit.slope.isFinite && fit.slope > 0)
    }

    @Test func calibrationRefusesConstantScores() {
        #expect(throws: ScoringError.self) { try LogisticCalibrator.fit(same: [1, 1], different: [1, 1]) }
    }

    @Test func elubOfASmallWorkedCase() throws {
        // Same-source LRs 10, 100; different-source 0.1, 0.316. With one misleading LR added per side,
        // P(miss) = P(false accept) = 1/3 for 1 ≤ t < 10, so E(t) = 1/3 + t/3 exceeds the neutral 1 beyond t = 2.
        // Below 1, E(t) = 1/3 + t/3 > t for t < 1/2 (no different-source LR above t in [0.316, 1)).
        let bounds = try EmpiricalBounds.elub(sameLog10LR: [1, 2], differentLog10LR: [-1, -0.5])
        #expect(abs(bounds.upper - Foundation.log10(2)) < 1e-12)
        #expect(abs(bounds.lower - Foundation.log10(0.5)) < 1e-12)
    }

    @Test func elubGrowsWithTheSizeOfTheSet() throws {
        // n perfectly separated comparisons per side bound the LR at n (ELUB: (1 − 1/(n+1)) / (1/(n+1)) = n).
        for n in [4, 9, 99] {
            let b = try EmpiricalBounds.elub(sameLog10LR: Array(repeating: 8, count: n),
                                             differentLog10LR: Array(repeating: -8, count: n))
            #expect(abs(b.upper - Foundation.log10(Double(n))) < 1e-12)
            #expect(abs(b.lower + Foundation.log10(Double(n))) < 1e-12)
        }
    }

    @Test func elubIsZeroForAUselessSystem() throws {
        // Misleading LRs only: no LR other than 1 is supported.
        let b = try EmpiricalBounds.elub(sameLog10LR: [-2, -2], differentLog10LR: [2, 2])
        #expect(b.lower == 0 && b.upper == 0)
    }

    @Test func verbalScaleBoundariesGoToTheWeakerTerm() {
        let cases: [(Double, VerbalScale)] = [
            (0, .noSupport), (0.30, .noSupport), (Foundation.log10(2), .weak), (1, .weak), (1.0001, .moderate),
            (2, .moderate), (2.5, .moderatelyStrong), (3, .moderatelyStrong), (4, .strong), (5, .veryStrong),
            (6, .veryStrong), (6.01, .extremelyStrong), (-1, .weak), (-1.5, .moderate), (-6.5, .extremelyStrong),
        ]
        for (value, expected) in cases { #expect(VerbalScale.level(forLog10LR: value) == expected, "\(value)") }
        #expect(VerbalConclusion(log10LR: -3.5).direction == .differentWriter)
        #expect(VerbalConclusion(log10LR: 3.5).direction == .sameWriter)
        #expect(VerbalConclusion(log10LR: 0.1).direction == .neither)
        #expect(VerbalConclusion(log10LR: -3.5).sentence.contains("strong support for the proposition that someone else"))
    }
}
