import Foundation
import Testing
@testable import Scoring
import Randomness

@Suite struct BaselineScorerTests {
    // References (0,0), (3,0), (0,4): pairwise 3, 4, 5; leave-one-out means 3.5, 4, 4.5 (mean 4).
    let references: [[Float]] = [[0, 0], [3, 0], [0, 4]]

    @Test func distancesSummaryAndLeaveOneOutByHand() throws {
        let scorer = try BaselineScorer(method: .meanDistance)
        let comparison = try scorer.prepare(references: references).compare([3, 4])
        #expect(comparison.distances == [5, 4, 3])
        #expect(comparison.minimumDistance == 3 && comparison.medianDistance == 4 && comparison.meanDistance == 4)
        #expect(comparison.leaveOneOutDistances == [3.5, 4, 4.5])
        #expect(comparison.leaveOneOutMean == 4)
        #expect(comparison.score == -4)
        // The writer's own variation equals the questioned mean distance: normalised score 0.
        #expect(abs((comparison.normalisedScore ?? .nan) - 0) < 1e-12)
    }

    @Test func normalisedScoreShrinksTowardThePopulation() throws {
        // The rule before pseudo-references: v = (3 pairs · 4 + 3 pseudo-pairs · 8) / 6 = 6; score = −ln(4 / 6) = ln 1.5.
        let options = ScoringOptions(shrinkagePairs: 3, shrinkageReferences: nil, populationWithinDistance: 8)
        let scorer = try BaselineScorer(method: .normalisedDistance, options: options)
        let comparison = try scorer.prepare(references: references).compare([3, 4])
        #expect(comparison.writerVariation == 6)
        #expect(abs(comparison.score - Foundation.log(1.5)) < 1e-12)
    }

    @Test func pseudoReferencesWeighThePopulationAsSoManyMoreReferences() throws {
        // Three references, their own mean distance 4, and 3 pseudo-references of 8: v = (3 · 4 + 3 · 8) / 6 = 6.
        let options = ScoringOptions(shrinkagePairs: 2, shrinkageReferences: 3, populationWithinDistance: 8)
        let comparison = try BaselineScorer(method: .normalisedDistance, options: options)
            .prepare(references: references).compare([3, 4])
        #expect(comparison.writerVariation == 6)
        #expect(abs(comparison.score - Foundation.log(1.5)) < 1e-12)
        // Five references: (5 · own + 3 · 8) / 8, where 3 pseudo-pairs against the 10 pairs would give
        // (10 · own + 3 · 8) / 13: the two rules part as the baseline grows.
        let five: [[Float]] = references + [[3, 4], [-3, 0]]
        let prepared = try BaselineScorer(method: .normalisedDistance, options: options).prepare(references: five)
        let own = try #require(prepared.leaveOneOut.isEmpty ? nil : prepared.leaveOneOut.reduce(0, +) / 5)
        #expect(abs((prepared.variation ?? .nan) - (5 * own + 3 * 8) / 8) < 1e-12)
        var pairs = options
        pairs.shrinkageReferences = nil
        pairs.shrinkagePairs = 3
        let byPairs = try BaselineScorer(method: .normalisedDistance, options: pairs).prepare(references: five)
        #expect(abs((byPairs.variation ?? .nan) - (10 * own + 3 * 8) / 13) < 1e-12)
        // Calibrations written before pseudo-references keep their rule: the key is absent and reads as nil.
        let json = String(decoding: try JSONEncoder().encode(pairs), as: UTF8.self)
        #expect(!json.contains("shrinkageReferences"))
        #expect(try JSONDecoder().decode(ScoringOptions.self, from: Data(json.utf8)) == pairs)
    }

    @Test func oneReferenceNeedsAPopulationValueForTheNormalisedScore() throws {
        let scorer = try BaselineScorer(method: .normalisedDistance)
        #expect(throws: ScoringError.self) { try scorer.prepare(references: [[1, 1]]) }
        let withPopulation = try BaselineScorer(method: .normalisedDistance,
                                                options: ScoringOptions(populationWithinDistance: 2))
        let comparison = try withPopulation.prepare(references: [[0, 0]]).compare([2, 0])
        #expect(comparison.score == 0) // distance 2 equals the population's variation
        #expect(comparison.leaveOneOutDistances.isEmpty)
    }

    @Test func badInputIsATypedError() throws {
        let scorer = try BaselineScorer(method: .minimumDistance)
        #expect(throws: ScoringError.notEnoughSamples(what: "baseline references", count: 0, needed: 1)) {
            try scorer.prepare(references: [])
        }
        #expect(throws: ScoringError.self) { try scorer.prepare(references: [[0, 0], [1]]) }
        #expect(throws: ScoringError.self) { try scorer.prepare(references: [[0, .nan]]) }
        let baseline = try scorer.prepare(references: references)
        #expect(throws: ScoringError.self) { try baseline.compare([1, 2, 3]) }
        #expect(throws: ScoringError.self) { try BaselineScorer(method: .writerDependent) }
    }

    @Test func writerDependentClassifierSeparatesTheWriterFromTheBackground() throws {
        var rng = SplitMix64(seed: 11)
        let d = 8
        func point(_ centre: Double) -> [Float] { (0..<d).map { k in Float((k == 0 ? centre : 0) + 0.3 * (rng.nextGaussian() as Double)) } }
        let background = try BackgroundPopulation(embeddings: (0..<200).map { _ in point(0) })
        let refs = (0..<5).map { _ in point(2) }
        let scorer = try BaselineScorer(method: .writerDependent, background: background)
        let baseline = try scorer.prepare(references: refs)
        let classifier = try #require(baseline.classifier)
        #expect(classifier.weights[0] > 0)
        #expect(try baseline.score(point(2)) > 0)
        #expect(try baseline.score(point(0)) < 0)
        // Deterministic: a second fit gives the same weights.
        let again = try #require(try scorer.prepare(references: refs).classifier)
        #expect(again.weights == classifier.weights && again.bias == classifier.bias)
    }

    @Test func writerDependentFitReachesAStationaryPoint() throws {
        var rng = SplitMix64(seed: 5)
        let d = 6
        let background = try BackgroundPopulation(embeddings: (0..<60).map { _ in (0..<d).map { _ in Float((rng.nextGaussian() as Double)) } })
        let refs: [[Float]] = (0..<3).map { _ in (0..<d).map { k in Float((k < 2 ? 1.5 : 0) + 0.5 * (rng.nextGaussian() as Double)) } }
        let classifier = try WriterDependentClassifier.fit(references: refs, background: background, l2: 0.05)
        // Gradient of the objective at the solution, computed independently here.
        var gradient = [Double](repeating: 0, count: d + 1)
        let positives = try refs.map { try background.standardise($0) }
        let negatives = (0..<background.count).map { Array(background.standardised[($0 * d)..<(($0 + 1) * d)]) }
        for (rows, target, weight) in [(positives, 1.0, 0.5 / 3), (negatives, 0.0, 0.5 / 60)] {
            for x in rows {
                let z = zip(classifier.weights, x).reduce(classifier.bias) { $0 + $1.0 * $1.1 }
                let r = weight * (1 / (1 + Foundation.exp(-z)) - target)
                for k in 0..<d { gradient[k] += r * x[k] }
                gradient[d] += r
            }
        }
        for k in 0..<d { gradient[k] += 0.05 * classifier.weights[k] }
        #expect(gradient.allSatisfy { abs($0) < 1e-7 }, "\(gradient)")
    }
}
