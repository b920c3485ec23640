import Foundation
import Testing
@testable import Scoring
import Randomness

@Suite struct ForgeryDirectionTests {
    // References (0,0), (3,0), (0,4): centre (1, 4/3), own mean distance 4.
    let references: [[Float]] = [[0, 0], [3, 0], [0, 4]]

    @Test func theDirectionsTermIsAddedToTheNormalisedScore() throws {
        // v = (3 · 4 + 3 · 8) / 6 = 6; δ = ((3 − 1)/6, (4 − 4/3)/6) = (1/3, 4/9); w·δ = 0.6/3 − 1.2·4/9 = −1/3.
        let options = ScoringOptions(shrinkageReferences: 3, populationWithinDistance: 8, deviationWeights: [0.6, -1.2])
        let comparison = try BaselineScorer(method: .normalisedDistance, options: options)
            .prepare(references: references).compare([3, 4])
        let term = try #require(comparison.deviationScore)
        #expect(abs(term - (-1.0 / 3)) < 1e-12)
        #expect(abs(comparison.score - (Foundation.log(1.5) - 1.0 / 3)) < 1e-12)
        #expect(abs((comparison.normalisedScore ?? .nan) - Foundation.log(1.5)) < 1e-12)
        // Without a direction the score is the normalised distance alone and no term is reported.
        var plain = options
        plain.deviationWeights = nil
        let without = try BaselineScorer(method: .normalisedDistance, options: plain).prepare(references: references).compare([3, 4])
        #expect(without.deviationScore == nil)
        #expect(abs(without.score - Foundation.log(1.5)) < 1e-12)
        // Other methods ignore it.
        let mean = try BaselineScorer(method: .meanDistance, options: options).prepare(references: references).compare([3, 4])
        #expect(mean.deviationScore == nil && mean.score == -4)
    }

    @Test func distancesCanBeMeasuredOnTheLeadingDimensionsAlone() throws {
        // The references of the first test with two more dimensions that only the direction reads.
        let long: [[Float]] = [[0, 0, 5, 1], [3, 0, -5, 1], [0, 4, 0, 1]]
        let options = ScoringOptions(shrinkageReferences: 3, populationWithinDistance: 8,
                                     deviationWeights: [0, 0.5], distanceDimensions: 2)
        let comparison = try BaselineScorer(method: .normalisedDistance, options: options)
            .prepare(references: long).compare([3, 4, 100, 7])
        #expect(comparison.distances == [5, 4, 3] && comparison.writerVariation == 6)
        // δ₄ = (7 − 1)/6 = 1; w·δ = 0.5.
        #expect(abs((comparison.deviationScore ?? .nan) - 0.5) < 1e-12)
        #expect(abs(comparison.score - (Foundation.log(1.5) + 0.5)) < 1e-12)
        // The direction reads the two dimensions after the distance's, no more, no fewer.
        var wide = options
        wide.deviationWeights = [0, 0, 0, 0.5]
        #expect(throws: ScoringError.self) { try BaselineScorer(method: .normalisedDistance, options: wide).prepare(references: long) }
        var short = options
        short.distanceDimensions = 5
        #expect(throws: ScoringError.self) { try BaselineScorer(method: .normalisedDistance, options: short).prepare(references: long) }
        let writers = [WriterEmbeddings(id: "a", genuine: long, skilledForgeries: [])]
        #expect(try CalibrationFitter.populationWithinDistance(writers, dimensions: 2) == 4)
    }

    @Test func aDirectionOfAnotherDimensionIsRefused() throws {
        let options = ScoringOptions(populationWithinDistance: 8, deviationWeights: [1, 2, 3])
        let scorer = try BaselineScorer(method: .normalisedDistance, options: options)
        #expect(throws: ScoringError.self) { try scorer.prepare(references: references) }
    }

    @Test func calibrationsWithoutADirectionReadAsBefore() throws {
        let plain = ScoringOptions(populationWithinDistance: 8)
        let json = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!json.contains("deviationWeights"))
        #expect(try JSONDecoder().decode(ScoringOptions.self, from: Data(json.utf8)).deviationWeights == nil)
        let with = ScoringOptions(populationWithinDistance: 8, deviationWeights: [0.25, -1.5])
        #expect(try JSONDecoder().decode(ScoringOptions.self, from: try JSONEncoder().encode(with)) == with)
    }

    /// Writers in `dimension` dimensions whose skilled forgeries vary a third more than genuine signatures and sit off the
    /// writer's centre along one direction shared by all forgers (`push` times the spread along it): the distance
    /// tells them poorly, the direction well.
    static func population(writers: Int, seed: UInt64, dimension: Int = 12, push: Double = 3)
        -> (writers: [WriterEmbeddings], direction: [Double]) {
        var rng = SplitMix64(seed: seed)
        let direction = (0..<dimension).map { $0 == 0 ? 0.8 : ($0 == 1 ? -0.6 : 0.0) }
        let scale = 1 / Double(dimension).squareRoot()
        var result: [WriterEmbeddings] = []
        for w in 0..<writers {
            let centre: [Double] = (0..<dimension).map { _ in rng.nextGaussian() }
            let wobble: Double = rng.nextGaussian()
            let spread = 0.3 * Foundation.exp(0.2 * wobble)
            func signature(offset: Double, noiseScale: Double) -> [Float] {
                var out = [Float](repeating: 0, count: dimension)
                for k in 0..<dimension {
                    let noise: Double = rng.nextGaussian()
                    out[k] = Float(centre[k] + spread * scale * (noiseScale * noise + offset * direction[k]))
                }
                return out
            }
            let genuine = (0..<10).map { _ in signature(offset: 0, noiseScale: 1) }
            let forged = (0..<10).map { _ in signature(offset: push, noiseScale: 1.3) }
            result.append(WriterEmbeddings(id: String(format: "w%03d", w), genuine: genuine, skilledForgeries: forged))
        }
        return (result, direction)
    }

    @Test func theFitFindsTheForgersDirectionAndItLowersTheSkilledError() throws {
        let (training, direction) = Self.population(writers: 60, seed: 11)
        var options = ScoringOptions()
        options.populationWithinDistance = try CalibrationFitter.populationWithinDistance(training)
        let weights = try ForgeryDirection.fit(writers: training, referenceCount: 5, seed: 1, options: options, l2: 1e-3)
        #expect(weights.count == 12)
        // Forgeries lie along +direction, so the weights point the other way.
        let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let cosine = zip(weights, direction).reduce(0) { $0 + $1.0 * $1.1 } / norm
        #expect(cosine < -0.9, "cosine \(cosine)")

        // On other writers of the same kind the direction takes a third of the skilled EER off at least (the fit
        // weighs skilled forgeries against random ones, which the distance already tells).
        let (held, _) = Self.population(writers: 60, seed: 12)
        func eer(_ options: ScoringOptions) throws -> Double {
            let scores = try VerificationProtocol.scores(
                writers: held, referenceCount: 5, seed: 1,
                scorer: try BaselineScorer(method: .normalisedDistance, options: options))
            return VerificationMetrics.equalErrorRate(genuine: scores.genuine, forgery: scores.skilled).rate
        }
        var directed = options
        directed.deviationWeights = weights
        let before = try eer(options), after = try eer(directed)
        #expect(before > 0.1, "the distance alone should struggle here: \(before)")
        #expect(after < 0.67 * before, "EER \(before) -> \(after)")
    }

    @Test func calibrationFitsTheDirectionOnItsWritersAndOnEachFold() throws {
        let (writers, _) = Self.population(writers: 60, seed: 21)
        let plain = try CalibrationFitter.fitCalibration(writers: writers, settings: CalibrationSettings(referenceCount: 5))
        #expect(plain.options.deviationWeights == nil)
        let settings = CalibrationSettings(referenceCount: 5, forgeryDirectionL2: 1e-3)
        let directed = try CalibrationFitter.fitCalibration(writers: writers, settings: settings)
        let weights = try #require(directed.options.deviationWeights)
        #expect(weights.count == 12)
        // The same fit as the direction alone on these writers with the calibration's population distance.
        var options = ScoringOptions()
        options.populationWithinDistance = directed.options.populationWithinDistance
        #expect(weights == (try ForgeryDirection.fit(writers: writers, referenceCount: 5, seed: 1, options: options, l2: 1e-3)))
        // Cross-validated (each fold fits its own direction on 30 writers): the skilled EER falls by a third at least.
        let before = try #require(plain.validation), after = try #require(directed.validation)
        #expect(after.eerSkilled < 0.67 * before.eerSkilled, "\(before.eerSkilled) -> \(after.eerSkilled)")
        // The stored calibration scores with its direction, on embeddings whose distances are measured as its were.
        let reread = try Calibration(jsonData: try directed.jsonData())
        #expect(reread.options.deviationWeights == weights)
        try reread.checkDistanceDimensions(nil)
        #expect(throws: ScoringError.self) { try reread.checkDistanceDimensions(8) }
    }

    @Test func noSkilledForgeriesNoDirection() throws {
        let (writers, _) = Self.population(writers: 10, seed: 31)
        let genuineOnly = writers.map { WriterEmbeddings(id: $0.id, genuine: $0.genuine, skilledForgeries: []) }
        var options = ScoringOptions()
        options.populationWithinDistance = 1
        #expect(throws: ScoringError.self) {
            try ForgeryDirection.fit(writers: genuineOnly, referenceCount: 5, seed: 1, options: options, l2: 1e-3)
        }
        #expect(throws: ScoringError.self) {
            try ForgeryDirection.fit(writers: writers, referenceCount: 5, seed: 1, options: options, l2: 0)
        }
    }
}
