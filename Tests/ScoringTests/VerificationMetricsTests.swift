import Testing
@testable import Scoring

@Suite struct VerificationMetricsTests {
    @Test func eerOfAllTiedScoresIsOneHalf() {
        let eer = VerificationMetrics.equalErrorRate(genuine: [0.5, 0.5], forgery: [0.5, 0.5, 0.5])
        #expect(abs(eer.rate - 0.5) < 1e-12)
    }

    @Test func eerWithTiesInterpolatesAcrossTheTieGroup() {
        // Hand computation: tie groups 0(f) 1(g,f) 2(g,f,f) 3(g) 4(g). Operating points (FAR, FRR):
        // (1,0) (3/4,0) (1/2,1/4) (0,1/2) … FRR−FAR changes sign between (1/2,1/4) and (0,1/2);
        // α = 0.25/0.75 = 1/3 gives FAR = FRR = 1/3 at the tie group scored 2.
        let eer = VerificationMetrics.equalErrorRate(genuine: [1, 2, 3, 4], forgery: [0, 1, 2, 2])
        #expect(abs(eer.rate - 1.0 / 3.0) < 1e-12)
        #expect(eer.threshold == 2)
    }

    @Test func eerIsZeroWhenSeparatedAndOneWhenReversed() {
        #expect(VerificationMetrics.equalErrorRate(genuine: [2, 3], forgery: [0, 1]).rate == 0)
        #expect(VerificationMetrics.equalErrorRate(genuine: [0, 1], forgery: [2, 3]).rate == 1)
    }

    @Test func aucCountsTiesHalf() {
        // Pairs genuine > forgery: 1.5 + 3 + 4 + 4 = 12.5 of 16.
        #expect(VerificationMetrics.areaUnderROC(genuine: [1, 2, 3, 4], forgery: [0, 1, 2, 2]) == 12.5 / 16)
        #expect(VerificationMetrics.areaUnderROC(genuine: [7, 7], forgery: [7]) == 0.5)
    }

    @Test func errorRatesAcceptAtOrAboveTheThreshold() {
        let rates = VerificationMetrics.errorRates(genuine: [1, 2, 3, 4], forgery: [0, 1, 2, 2], threshold: 2)
        #expect(rates.falseRejectionRate == 0.25) // only 1 < 2
        #expect(rates.falseAcceptanceRate == 0.5) // the two 2s
    }

    @Test func operatingPointsRunFromAcceptAllToRejectAll() {
        let points = VerificationMetrics.operatingPoints(genuine: [1, 2], forgery: [0, 2])
        #expect(points.first?.falseAcceptanceRate == 1)
        #expect(points.first?.falseRejectionRate == 0)
        #expect(points.last?.falseAcceptanceRate == 0)
        #expect(points.last?.falseRejectionRate == 1)
        #expect(points.count == 4) // start + three tie groups
    }
}

@Suite struct FormattingTests {
    @Test func fixedDecimalsIgnoreLocaleAndNegativeZero() {
        #expect(fixed(0.03124, decimals: 4) == "0.0312")
        #expect(fixed(0.99096, decimals: 4) == "0.9910")
        #expect(fixed(-0.00004, decimals: 4) == "0.0000")
        #expect(fixed(-1.5, decimals: 2) == "-1.50")
        #expect(fixed(12, decimals: 0) == "12")
        #expect(fixed(.nan, decimals: 4) == "nan")
        #expect(fixed(1e300, decimals: 4) == "1e+300")
    }
}
