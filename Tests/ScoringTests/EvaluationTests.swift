import Foundation
import Testing
@testable import Scoring

@Suite struct EvaluationTests {
    static let writers = SyntheticEmbeddingPopulation(dimension: 16, writers: 12, genuinePerWriter: 8,
                                                      forgeriesPerWriter: 5, seed: 9).generate()

    @Test func protocolUsesKReferencesAndTheRestAsQuestioned() throws {
        let scorer = try BaselineScorer(method: .meanDistance)
        let scores = try VerificationProtocol.scores(writers: Self.writers, referenceCount: 5, seed: 1, scorer: scorer)
        #expect(scores.genuine.count == 12 * 3)
        #expect(scores.skilled.count == 12 * 5)
        #expect(scores.random.count == 12 * 11 * 8)
        let limited = try VerificationProtocol.scores(writers: Self.writers, referenceCount: 5, seed: 1, scorer: scorer,
                                                      randomPerWriter: 2)
        #expect(limited.random.count == 12 * 11 * 2)
    }

    @Test func writersWithTooFewGenuineAreSkippedAndNamed() throws {
        var writers = Self.writers
        writers.append(WriterEmbeddings(id: "short", genuine: [writers[0].genuine[0]], skilledForgeries: []))
        let scores = try VerificationProtocol.scores(writers: writers, referenceCount: 3, seed: 1,
                                                     scorer: try BaselineScorer(method: .meanDistance))
        #expect(scores.skippedWriters.count == 1 && scores.skippedWriters[0].hasPrefix("short"))
        #expect(!scores.writers.contains("short"))
    }

    @Test func referenceChoiceDependsOnTheSeedOnly() throws {
        let scorer = try BaselineScorer(method: .meanDistance)
        let a = try VerificationProtocol.scores(writers: Self.writers, referenceCount: 3, seed: 4, scorer: scorer)
        let b = try VerificationProtocol.scores(writers: Self.writers.reversed(), referenceCount: 3, seed: 4, scorer: scorer)
        let c = try VerificationProtocol.scores(writers: Self.writers, referenceCount: 3, seed: 5, scorer: scorer)
        #expect(a.genuine == b.genuine && a.random == b.random)
        #expect(a.genuine != c.genuine)
    }

    @Test func evaluationEndsWithTheMachineReadableLine() throws {
        let report = try Evaluation.run(writers: Self.writers, settings: CalibrationSettings(referenceCount: 5, seed: 3))
        let last = try #require(report.lines.last)
        let pattern = #/^EER_skilled=\d\.\d{4} EER_random=\d\.\d{4} AUC=\d\.\d{4} Cllr=\d+\.\d{4} Cllr_min=\d\.\d{4}$/#
        #expect(last.wholeMatch(of: pattern) != nil, "\(last)")
        let f = report.figures
        #expect(f.eerRandom < f.eerSkilled) // skilled forgeries land nearer the writer than other writers do
        #expect(f.cllrMin <= f.cllr && f.cllrMin < 1)
        #expect(f.aucSkilled > 0.5)
        // Same inputs → the same lines.
        let again = try Evaluation.run(writers: Self.writers, settings: CalibrationSettings(referenceCount: 5, seed: 3))
        #expect(again.lines == report.lines)
    }

    @Test func summaryLineFormatsFourDecimals() {
        let f = EvaluationFigures(referenceCount: 5, seed: 1, method: .meanDistance, alternative: .skilledForgery,
                                  lrSource: "", writers: 1, skippedWriters: [], genuineComparisons: 1,
                                  skilledComparisons: 1, randomComparisons: 1, eerSkilled: 0.03124, eerRandom: 0.00505,
                                  aucSkilled: 0.991, aucRandom: 1, cllr: 0.21, cllrMin: 0.15, cllrCal: 0.06,
                                  cllrRandom: 0.1, thresholdLog10LR: 0, frr: 0, farSkilled: 0, farRandom: 0)
        #expect(f.summaryLine == "EER_skilled=0.0312 EER_random=0.0051 AUC=0.9910 Cllr=0.2100 Cllr_min=0.1500")
    }

    @Test func calibrationRoundTripsThroughJSONAndStatesLimitations() throws {
        let settings = CalibrationSettings(referenceCount: 5, seed: 2, decisionThresholdLog10LR: 1, source: "synthetic")
        let calibration = try CalibrationFitter.fitCalibration(writers: Self.writers, settings: settings)
        let data = try calibration.jsonData()
        let decoded = try Calibration(jsonData: data)
        #expect(decoded == calibration)
        #expect(try decoded.jsonData() == data)
        #expect(calibration.validation != nil)
        #expect(calibration.bounds.lowerLog10 <= 0 && calibration.bounds.upperLog10 >= 0)
        #expect(calibration.options.populationWithinDistance != nil)
        #expect(calibration.decisionThreshold?.log10LR == 1)
        // The table's row at 1.0 equals the threshold's rates.
        #expect(calibration.expectedRates(atLog10LR: 1) == calibration.decisionThreshold?.expected)

        let strong = try calibration.evidence(score: calibration.scoreMaximum + 10, referenceCount: 5)
        #expect(strong.log10LR == calibration.bounds.upperLog10)
        #expect(strong.limitations.contains { if case .boundedByCalibrationData = $0 { return true } else { return false } })
        #expect(strong.limitations.contains { if case .scoreOutsideCalibrationRange = $0 { return true } else { return false } })
        let few = try calibration.evidence(score: calibration.scoreMaximum + 10, referenceCount: 3)
        #expect(few.log10LR <= 2)
        #expect(few.limitations.contains(.fewReferences(count: 3, minimum: 5, capLog10LR: 2)))
        #expect(few.limitations.contains(.referenceCountDiffersFromCalibration(count: 3, calibrated: 5)))
        #expect(few.decision != nil)
        #expect(throws: ScoringError.self) { try Calibration(jsonData: Data("{}".utf8)) }
        // A threshold set later reads its rates from the table: exact at a row, between neighbours elsewhere.
        let later = try calibration.withDecisionThreshold(log10LR: 0.5)
        #expect(later.decisionThreshold?.expected == calibration.operatingTable.first { $0.log10LR == 0.5 }?.rates)
        let between = try #require(try calibration.withDecisionThreshold(log10LR: 0.6).decisionThreshold?.expected)
        let r05 = try #require(calibration.expectedRates(atLog10LR: 0.5)), r075 = try #require(calibration.expectedRates(atLog10LR: 0.75))
        #expect(between.falseRejectionRate >= r05.falseRejectionRate && between.falseRejectionRate <= r075.falseRejectionRate)
    }

    @Test func aCalibrationRecordsItsEmbeddingsAndRefusesOthers() throws {
        let settings = CalibrationSettings(referenceCount: 5, seed: 2, source: "synthetic", embedding: "m@0.2 projected by p")
        let calibration = try CalibrationFitter.fitCalibration(writers: Self.writers, settings: settings)
        let decoded = try Calibration(jsonData: try calibration.jsonData())
        #expect(decoded.data.embedding == "m@0.2 projected by p")
        try decoded.checkEmbedding("m@0.2 projected by p")
        try decoded.checkEmbedding(nil)
        #expect(throws: ScoringError.self) { try decoded.checkEmbedding("m@0.2") }
        #expect(throws: ScoringError.self) { try decoded.checkEmbedding("m@0.2 projected by q") }
        // A calibration that does not know its embeddings (written before they were recorded) accepts any.
        let unknown = try CalibrationFitter.fitCalibration(writers: Self.writers, settings: CalibrationSettings(referenceCount: 5, seed: 2))
        let json = String(decoding: try unknown.jsonData(), as: UTF8.self)
        #expect(!json.contains("\"embedding\""), "no key written when not known: earlier calibrations keep their bytes")
        try Calibration(jsonData: Data(json.utf8)).checkEmbedding("anything")
    }

    @Test func suppliedCalibrationIsUsedOnOtherWriters() throws {
        let calibrationWriters = SyntheticEmbeddingPopulation(dimension: 16, writers: 10, genuinePerWriter: 8,
                                                              forgeriesPerWriter: 5, seed: 77, idPrefix: "c").generate()
        let settings = CalibrationSettings(referenceCount: 5, seed: 2)
        let calibration = try CalibrationFitter.fitCalibration(writers: calibrationWriters, settings: settings)
        let report = try Evaluation.run(writers: Self.writers, settings: settings, calibration: calibration)
        #expect(report.figures.lrSource.hasPrefix("supplied calibration"))
        #expect(report.figures.cllr.isFinite)
    }

    @Test func writerDependentScoringRunsThroughTheProtocol() throws {
        let backgroundWriters = SyntheticEmbeddingPopulation(dimension: 16, writers: 20, genuinePerWriter: 5,
                                                             forgeriesPerWriter: 0, seed: 123, idPrefix: "b").generate()
        let background = try BackgroundPopulation(embeddings: backgroundWriters.flatMap(\.genuine))
        let settings = CalibrationSettings(referenceCount: 5, seed: 3, method: .writerDependent)
        let report = try Evaluation.run(writers: Self.writers, settings: settings, background: background)
        #expect(report.figures.method == .writerDependent)
        #expect(report.figures.aucRandom > 0.9)
    }
}

@Suite struct MethodSelectionTests {
    @Test func selectionKeepsTheLowestValidationCllrAndRecordsEveryTrial() throws {
        let writers = SyntheticEmbeddingPopulation(dimension: 16, writers: 12, genuinePerWriter: 8, forgeriesPerWriter: 5,
                                                   spread: 0.6, seed: 21).generate()
        let calibration = try MethodSelection.fitCalibrationSelectingMethod(
            writers: writers, settings: CalibrationSettings(referenceCount: 5), background: nil)
        let trials = try #require(calibration.methodSelection)
        #expect(trials.map(\.method) == [.meanDistance, .minimumDistance, .normalisedDistance]) // no background
        let best = try #require(trials.min { $0.cllr < $1.cllr })
        #expect(calibration.method == best.method)
        #expect(calibration.validation?.cllr.cllr == best.cllr)
    }

    @Test func selectionTriesTheNormalisedScoreAtEachShrinkageAndKeepsTheOneItChose() throws {
        let writers = SyntheticEmbeddingPopulation(dimension: 16, writers: 12, genuinePerWriter: 8, forgeriesPerWriter: 5,
                                                   spread: 0.6, seed: 21).generate()
        let shrinkages: [Double] = [0, 3, 40]
        let calibration = try MethodSelection.fitCalibrationSelectingMethod(
            writers: writers, settings: CalibrationSettings(referenceCount: 5), background: nil,
            candidates: [.meanDistance, .normalisedDistance], shrinkageReferences: shrinkages)
        let trials = try #require(calibration.methodSelection)
        #expect(trials.map(\.method) == [.meanDistance, .normalisedDistance, .normalisedDistance, .normalisedDistance])
        #expect(trials.map(\.shrinkageReferences) == [nil, 0, 3, 40])
        #expect(trials.map(\.candidate) == ["mean-distance", "normalised-distance (0 pseudo-references)",
                                            "normalised-distance (3 pseudo-references)", "normalised-distance (40 pseudo-references)"])
        // The shrinkage changes the scores, so the trials differ (else the choice would mean nothing).
        #expect(Set(trials.dropFirst().map(\.cllr)).count == 3)
        let best = try #require(trials.min { $0.cllr < $1.cllr })
        #expect(calibration.method == best.method)
        #expect(calibration.validation?.cllr.cllr == best.cllr)
        if let kappa = best.shrinkageReferences { #expect(calibration.options.shrinkageReferences == kappa) }
        // Each trial is the calibration that shrinkage alone fits.
        var settings = CalibrationSettings(referenceCount: 5)
        settings.options.shrinkageReferences = 40
        let alone = try CalibrationFitter.fitCalibration(writers: writers, settings: settings)
        #expect(alone.validation?.cllr.cllr == trials[3].cllr)

        for bad in [[Double](), [3, -1], [.nan]] {
            #expect(throws: ScoringError.self) {
                try MethodSelection.fitCalibrationSelectingMethod(writers: writers, settings: CalibrationSettings(referenceCount: 5),
                                                                  background: nil, shrinkageReferences: bad)
            }
        }
        // Trials written before the shrinkage was chosen read back without one.
        let old = #"{"method":"mean-distance","eerSkilled":0.1,"eerRandom":0.05,"cllr":0.4,"cllrMin":0.3}"#
        #expect(try JSONDecoder().decode(MethodTrial.self, from: Data(old.utf8)).shrinkageReferences == nil)
    }

    @Test func comparisonTableHasOneRowPerMethodAndK() throws {
        let writers = SyntheticEmbeddingPopulation(dimension: 8, writers: 8, genuinePerWriter: 7, forgeriesPerWriter: 3,
                                                   seed: 5).generate()
        let rows = try MethodComparison.run(writers: writers, settings: CalibrationSettings(referenceCount: 3),
                                            background: nil, referenceCounts: [3, 5], methods: [.meanDistance, .writerDependent])
        #expect(rows.map(\.referenceCount) == [3, 5]) // writer-dependent needs a background: left out
        #expect(MethodComparison.table(rows).count == 3)
    }
}
