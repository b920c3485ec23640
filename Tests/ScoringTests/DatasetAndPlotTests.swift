import Foundation
import Testing
@testable import Scoring

@Suite struct DatasetAndPlotTests {
    /// A temporary folder removed when the test ends.
    final class TemporaryFolder {
        let path: String
        init() throws {
            path = (NSTemporaryDirectory() as NSString).appendingPathComponent("scoring-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func write(_ text: String, _ relative: String) throws {
            let full = (path as NSString).appendingPathComponent(relative)
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        }
    }

    @Test func loadsTheDatasetLayoutInNameOrder() throws {
        let folder = try TemporaryFolder()
        try folder.write("[1, 2]", "b/genuine/2.json")
        try folder.write("{\"embedding\": [3, 4]}", "b/genuine/1.json")
        try folder.write("[5, 6]", "b/forged/1.json")
        try folder.write("not an embedding, ignored", "b/forged/notes.txt")
        try folder.write("[7, 8]", "a/genuine/1.json")
        let writers = try EvaluationDataset.load(from: folder.path, source: JSONEmbeddingSource())
        #expect(writers.map(\.id) == ["a", "b"])
        #expect(writers[1].genuine == [[3, 4], [1, 2]])
        #expect(writers[1].skilledForgeries == [[5, 6]])
        #expect(writers[0].skilledForgeries.isEmpty)
        // Genuine signatures only: a forgery that is not even an embedding is never read.
        try folder.write("broken", "b/forged/2.json")
        let genuine = try EvaluationDataset.load(from: folder.path, source: JSONEmbeddingSource(), forgeries: false)
        #expect(genuine.map(\.genuine) == writers.map(\.genuine) && genuine.allSatisfy(\.skilledForgeries.isEmpty))
        #expect(throws: ScoringError.self) { try EvaluationDataset.load(from: folder.path, source: JSONEmbeddingSource()) }
    }

    @Test func badFilesAreTypedErrorsNamingTheFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("[1, 2]", "a/genuine/1.json")
        try folder.write("[1, 2, 3]", "a/genuine/2.json")
        #expect(throws: ScoringError.dimensionMismatch(what: folder.path + "/a/genuine/2.json", expected: 2, found: 3)) {
            try EvaluationDataset.load(from: folder.path, source: JSONEmbeddingSource())
        }
        let broken = try TemporaryFolder()
        try broken.write("{\"x\": 1}", "a/genuine/1.json")
        #expect(throws: ScoringError.self) { try EvaluationDataset.load(from: broken.path, source: JSONEmbeddingSource()) }
        #expect(throws: ScoringError.self) { try EvaluationDataset.load(from: broken.path + "/missing", source: JSONEmbeddingSource()) }
    }

    @Test func plotsAreDeterministicSVG() throws {
        let writers = SyntheticEmbeddingPopulation(dimension: 8, writers: 8, genuinePerWriter: 6, forgeriesPerWriter: 4,
                                                   seed: 2).generate()
        let report = try Evaluation.run(writers: writers, settings: CalibrationSettings(referenceCount: 3, seed: 1))
        let tippett = EvaluationPlots.tippett(report.lrs)
        let det = EvaluationPlots.det(report.lrs)
        for svg in [tippett, det] {
            #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(svg.hasSuffix("</svg>\n"))
            #expect(svg.components(separatedBy: "<polyline").count >= 3)
            #expect(!svg.contains("nan") && !svg.contains("inf"))
        }
        #expect(tippett.contains("Same writer (genuine) (n = \(report.figures.genuineComparisons))"))
        #expect(det.contains("Skilled forgeries, EER"))
        #expect(EvaluationPlots.tippett(report.lrs) == tippett)
    }

    @Test func tippettCurveIsTheProportionAboveX() {
        let curve = EvaluationPlots.tippettCurve([-1, 0, 0, 2], range: -2...2)
        #expect(curve.first! == (-2, 1))
        #expect(curve[400].1 == 0.25) // x = 0: only the 2 lies above
        #expect(curve.last! == (2, 0))
    }

    @Test func calibratedComparisonOfACase() throws {
        let writers = SyntheticEmbeddingPopulation(dimension: 16, writers: 10, genuinePerWriter: 8, forgeriesPerWriter: 4,
                                                   seed: 4).generate()
        let calibration = try CalibrationFitter.fitCalibration(writers: writers, settings: CalibrationSettings(referenceCount: 4))
        let caseWriter = SyntheticEmbeddingPopulation(dimension: 16, writers: 1, genuinePerWriter: 6, forgeriesPerWriter: 1,
                                                      seed: 99, idPrefix: "case").generate()[0]
        let baseline = try calibration.scorer().prepare(references: Array(caseWriter.genuine.prefix(4)))
        let genuine = try calibration.compare(caseWriter.genuine[5], against: baseline)
        #expect(genuine.comparison.distances.count == 4)
        #expect(genuine.evidence.limitations.contains(.fewReferences(count: 4, minimum: 5, capLog10LR: 2)))
        #expect(abs(genuine.evidence.log10LR) <= 2)
        let wrongMethod = try BaselineScorer(method: .meanDistance).prepare(references: caseWriter.genuine)
        #expect(throws: ScoringError.self) { try calibration.compare(caseWriter.genuine[0], against: wrongMethod) }
    }
}
