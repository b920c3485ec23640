import Foundation
import Preprocessing
import Synthesis
import Testing
import TwinEncoder
@testable import Pipeline

/// The arithmetic of the pen-invariance figures on hand-made embeddings, and the measurement end to end on a tiny
/// configuration.
struct PenInvarianceTests {
    /// Two conditions that differ by the pen only.
    let twoPens = [RenderingCondition(pen: 0, scanner: 0), RenderingCondition(pen: 1, scanner: 0)]

    @Test func identicalRenderingsDoNotMove() {
        // Each signature looks the same under both pens; the writers differ.
        let e = RenderedEmbeddings(writers: [0, 0, 1, 1], conditions: twoPens,
                                   vectors: [[[0, 0], [0, 0]], [[1, 0], [1, 0]], [[5, 5], [5, 5]], [[6, 5], [6, 5]]])
        let f = PenInvarianceFigures.compute(e)
        #expect(f.penMovement == 0 && f.penOnlyMovement == 0)
        #expect(f.movementToWithin == 0)
        #expect(f.withinWriter == 1)
        #expect(f.betweenWriter > 5)
        #expect(f.eerSameRendering == 0 && f.eerDifferentRendering == 0)
        #expect(f.failedRenderings == 0 && f.renderings == 8)
    }

    @Test func figuresOfAHandMadeCase() {
        // One dimension: the pen shifts every signature by 1; a writer's two signatures are 2 apart; the writers ~10.
        let e = RenderedEmbeddings(writers: [0, 0, 1, 1], conditions: twoPens,
                                   vectors: [[[0], [1]], [[2], [3]], [[10], [11]], [[12], [13]]])
        let f = PenInvarianceFigures.compute(e)
        #expect(f.penMovement == 1 && f.penOnlyMovement == 1)
        #expect(f.scannerOnlyMovement.isNaN, "no pair differs by the scanner alone")
        #expect(f.penOnlyMovementByPen == [1, 1])
        #expect(f.scannerOnlyMovementByScanner.count == 1 && f.scannerOnlyMovementByScanner[0].isNaN)
        #expect(f.withinWriter == 2)
        #expect(f.betweenWriter == 10)  // (10 + 12 + 8 + 10) / 4 under each pen
        #expect(f.movementToWithin == 0.5 && f.movementToBetween == 0.1)
        #expect(f.eerSameRendering == 0 && f.eerDifferentPen == 0)
    }

    @Test func aPenThatMovesMoreThanTheWriterSpoilsTheDifferentPenEER() {
        // The pen moves a signature by 20, further than another writer is: across pens, writers are confused.
        let e = RenderedEmbeddings(writers: [0, 0, 1, 1], conditions: twoPens,
                                   vectors: [[[0], [20]], [[1], [21]], [[5], [25]], [[6], [26]]])
        let f = PenInvarianceFigures.compute(e)
        #expect(f.eerSameRendering == 0)
        #expect(f.eerDifferentPen > 0.3)
        #expect(f.movementToBetween > 3)
    }

    @Test func movementIsAttributedToThePensAndScannersInvolved() {
        // Three renderings: pens 0 and 1 through scanner 0, pen 0 through scanner 1. Pen 1 moves the signature by
        // 4, scanner 1 by 1.
        let conditions = [RenderingCondition(pen: 0, scanner: 0), RenderingCondition(pen: 1, scanner: 0),
                          RenderingCondition(pen: 0, scanner: 1)]
        let e = RenderedEmbeddings(writers: [0, 1], conditions: conditions, vectors: [[[0], [4], [1]], [[10], [14], [11]]])
        let f = PenInvarianceFigures.compute(e)
        #expect(f.penOnlyMovementByPen == [4, 4])
        #expect(f.scannerOnlyMovementByScanner == [1, 1])
        // Every pair of renderings counts in the overall movement: pen only 4, scanner only 1, both 3.
        #expect(abs(f.penMovement - 8.0 / 3) < 1e-12)
    }

    @Test func failedRenderingsAreCountedAndLeftOut() {
        let e = RenderedEmbeddings(writers: [0, 0, 1], conditions: twoPens,
                                   vectors: [[[0], nil], [[2], [3]], [[10], [11]]])
        let f = PenInvarianceFigures.compute(e)
        #expect(f.failedRenderings == 1 && f.renderings == 6)
        #expect(f.penMovement == 1)  // signature 0 has no pair of renderings left
        #expect(f.withinWriter == 2)  // only under pen 0
    }

    @Test func candidatesAreTheDefinitionRecipesOrARedrawWidth() throws {
        #expect(NormalizationCandidate.definitionRecipes.map(\.name) == ["sigver", "stretch", "binary", "pen-independent", "binary-fit", "stretch-fit", "stretch-fit-2x", "binary-2x", "stroke-tiles"])
        #expect(NormalizationCandidate.named("pen-independent")?.parameters == .penIndependent)
        let redraw = try #require(NormalizationCandidate.named("redraw-0.6"))
        #expect(redraw.parameters.contrast == .binary)
        #expect(redraw.parameters.strokeWidth == .redraw(widthInches: 0.6 / 25.4))
        #expect(redraw.parameters.identifier == "sigver-1+contrast=binary+stroke=0.0236in")
        for bad in ["redraw-", "redraw-0", "redraw-9", "redraw-x", "fuzzy"] { #expect(NormalizationCandidate.named(bad) == nil, "\(bad)") }
    }

    @Test func oneWriterHasNoBetweenWriterFigures() {
        let e = RenderedEmbeddings(writers: [0, 0], conditions: twoPens, vectors: [[[0], [1]], [[2], [3]]])
        let f = PenInvarianceFigures.compute(e)
        #expect(f.betweenWriter.isNaN && f.eerSameRendering.isNaN)
        #expect(f.withinWriter == 2)
    }

    @Test func theMeasurementRunsEndToEndAndRepeats() throws {
        let model = TwinEncoderModel.random(.signetS, options: Architecture.Options(dropout: 0, l2Normalize: true), seed: 5)
        var c = PenInvarianceMeasurement.Configuration()
        c.writers = 2
        c.signaturesPerWriter = 2
        c.pens = [.blueBallpoint, .blackFelt]
        c.scanners = [.clean300]
        c.modes = ["sigver", "pen-independent"].compactMap(NormalizationCandidate.named)
        func run() throws -> [PenInvarianceMeasurement.ModeResult] {
            try PenInvarianceMeasurement(configuration: c, trained: TwinEncoder(model: model)).run()
        }
        let first = try run()
        #expect(first.map(\.mode) == ["sigver", "pen-independent"])
        for r in first {
            #expect(r.trained.renderings == 8 && r.trained.failedRenderings == 0)
            #expect(r.trained.penMovement > 0 && r.trained.betweenWriter > 0 && r.trained.withinWriter > 0)
            #expect(r.inkCoverageByPen.count == 2)
        }
        // sigver keeps the pen's width: the felt pen covers more of the input; the pen-independent recipe evens it.
        let sigver = first[0].inkCoverageByPen, independent = first[1].inkCoverageByPen
        #expect(sigver[1] > 1.5 * sigver[0])
        #expect(independent[1] < 1.3 * independent[0])
        let second = try run()
        // String forms, so that a NaN figure (no pair differs by the scanner alone) compares equal to itself, with
        // every number to 5 significant digits: other tests running at the same time may change OpenBLAS's
        // process-wide thread count, and with it the last bits of a sum.
        #expect(fiveDigits("\(second.map(\.trained))") == fiveDigits("\(first.map(\.trained))"))
        #expect(fiveDigits("\(second.map(\.randomWeights))") == fiveDigits("\(first.map(\.randomWeights))"))
    }

    @Test func aPipelineIsMeasuredAsItsViewsJoined() throws {
        // Two views of one model on one recipe, divided by 0.5 and 0.25: every joined distance is the one-view
        // distance times sqrt(1/0.5² + 1/0.25²) = sqrt(20), so movements scale by it and ratios and EERs stay.
        let binary = try #require(NormalizationCandidate.named("binary"))
        var model = TwinEncoderModel.random(.signetS, options: Architecture.Options(dropout: 0, l2Normalize: true), seed: 5)
        model.metadata.preprocessingVersion = binary.parameters.identifier
        var c = PenInvarianceMeasurement.Configuration()
        c.writers = 2
        c.signaturesPerWriter = 2
        c.pens = [.blueBallpoint, .blackFelt]
        c.scanners = [.clean300]
        c.modes = [binary]
        let encoder = TwinEncoder(model: model)
        let one = try #require(try PenInvarianceMeasurement(configuration: c, trained: encoder).run().first)
        let extractor = SignatureExtractor(normalizations: [binary.parameters, binary.parameters])
        let embedder = try SignatureEmbedder(encoders: [encoder, encoder], scales: [0.5, 0.25], for: extractor)
        let joined = try PenInvarianceMeasurement(configuration: c, embedder: embedder,
                                                  normalizations: extractor.normalizations, name: "two").run()
        #expect(joined.map(\.mode) == ["two"])
        let r = try #require(joined.first)
        #expect(r.recipe == binary.parameters.identifier + " + " + binary.parameters.identifier)
        let k = Double(20).squareRoot()
        for (a, b) in [(r.trained.penMovement, one.trained.penMovement), (r.trained.withinWriter, one.trained.withinWriter),
                       (r.trained.betweenWriter, one.trained.betweenWriter)] {
            #expect(abs(a - k * b) <= 1e-4 * k * b)
        }
        #expect(abs(r.trained.movementToWithin - one.trained.movementToWithin) <= 1e-4 * one.trained.movementToWithin)
        #expect(r.trained.eerDifferentRendering == one.trained.eerDifferentRendering)
        #expect(r.inkCoverageByPen == one.inkCoverageByPen)
        // The random-weight views are drawn afresh (view k from seed + k): not the trained ones.
        #expect(r.randomWeights.renderings == 8 && abs(r.randomWeights.penMovement - r.trained.penMovement) > 1e-6)
        #expect(throws: EncoderError.self) {
            _ = try PenInvarianceMeasurement(configuration: c, embedder: embedder, normalizations: [binary.parameters], name: "x")
        }
    }

    /// `text` with every decimal number written to 5 significant digits.
    private func fiveDigits(_ text: String) -> String {
        var out = "", number = ""
        func flush() {
            if let v = Double(number), number.contains(".") || number.contains("e") {
                out += String(format: "%.5g", v)
            } else {
                out += number
            }
            number = ""
        }
        for ch in text {
            if ch.isNumber || ch == "." || ch == "e" && !number.isEmpty || ch == "-" && (number.isEmpty || number.last == "e") {
                number.append(ch)
            } else {
                flush()
                out.append(ch)
            }
        }
        flush()
        return out
    }
}
