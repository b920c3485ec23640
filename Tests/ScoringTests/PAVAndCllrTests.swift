import Foundation
import Testing
@testable import Scoring
import Randomness

@Suite struct PAVAndCllrTests {
    @Test func pavPoolsViolatorsOfAKnownSequence() throws {
        #expect(try PoolAdjacentViolators.fit([1, 3, 2, 4, 3, 5]) == [1, 2.5, 2.5, 3.5, 3.5, 5])
        // A cascade: 5,4 pool to 4.5, which then pools with 3 to 4.
        #expect(try PoolAdjacentViolators.fit([1, 5, 4, 3]) == [1, 4, 4, 4])
        #expect(try PoolAdjacentViolators.fit([4, 3, 2, 1]) == [2.5, 2.5, 2.5, 2.5])
        #expect(try PoolAdjacentViolators.fit([1, 0], weights: [3, 1]) == [0.75, 0.75])
    }

    @Test func pavRejectsMismatchedWeights() {
        #expect(throws: ScoringError.self) { try PoolAdjacentViolators.fit([1, 2], weights: [1]) }
    }

    @Test func cllrIsOneWhenEveryLRIsOne() {
        #expect(abs(LogLikelihoodRatioCost.cllr(sameLog10LR: [0, 0, 0], differentLog10LR: [0, 0]) - 1) < 1e-12)
    }

    @Test func cllrOfAPerfectlySeparatedSet() {
        // Infinite LRs on the right side cost nothing.
        #expect(LogLikelihoodRatioCost.cllr(sameLog10LR: [.infinity], differentLog10LR: [-.infinity]) == 0)
        // LR 10 for every same-source and 1/10 for every different-source comparison: log2(1.1).
        let c = LogLikelihoodRatioCost.cllr(sameLog10LR: [1, 1], differentLog10LR: [-1, -1, -1])
        #expect(abs(c - Foundation.log2(1.1)) < 1e-12)
        // Separated scores: PAV gives ±inf on the right sides, Cllr_min = 0.
        #expect(LogLikelihoodRatioCost.cllrMin(sameScores: [5, 6, 7], differentScores: [1, 2]) == 0)
    }

    @Test func cllrIsInfiniteForAnInfiniteMisleadingLR() {
        #expect(LogLikelihoodRatioCost.cllr(sameLog10LR: [-.infinity], differentLog10LR: [0]) == .infinity)
    }

    @Test func cllrMinOfAnInterleavedSet() {
        // Scores 0(d) 1(s) 2(d) 3(s): PAV proportions [0,1,0,1] → [0, ½, ½, 1]; prior odds 1.
        // LRs −inf, 1, 1, +inf: Cllr = ½·(½·(0 + 1) + ½·(1 + 0)) = ½.
        let value = LogLikelihoodRatioCost.cllrMin(sameScores: [1, 3], differentScores: [2, 0])
        #expect(abs(value - 0.5) < 1e-12)
    }

    @Test func pavTreatsTiedScoresAsOneGroup() {
        // One same and one different at the same score: both get LR 1, whatever their input order.
        let a = PoolAdjacentViolators.optimalLog10LR(same: [1], different: [1])
        #expect(a.same == [0] && a.different == [0])
    }

    @Test func cllrMinNeverExceedsCllr() {
        var rng = SplitMix64(seed: 7)
        let same = (0..<200).map { _ in 1 + (rng.nextGaussian() as Double) }
        let different = (0..<300).map { _ in -0.5 + (rng.nextGaussian() as Double) }
        let s = LogLikelihoodRatioCost.summary(sameLog10LR: same, differentLog10LR: different)
        #expect(s.cllrMin <= s.cllr)
        #expect(s.cllrMin > 0 && s.cllrMin < 1)
        #expect(abs(s.cllrCal - (s.cllr - s.cllrMin)) < 1e-15)
    }
}
