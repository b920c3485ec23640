import Digest
import EncoderTraining
import Foundation
import Imaging
import Preprocessing
import Synthesis
import Testing
import TwinEncoder
@testable import Pipeline

/// The image path: a signature image written through the real PNG encoder is decoded, normalised and embedded the
/// same way in training and in a case.
struct ImagePathTests {
    private func writeSignature(seed: UInt64, sample: Int) throws -> (path: String, image: SignatureImage) {
        let image = SignatureSynthesizer(seed: seed).writer(0).genuine(sample)
        let folder = NSTemporaryDirectory() + "image-path-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/sig.png"
        try AtomicFile.write(try PNGEncoder.encodeGray(image.gray, width: image.width, height: image.height, dpi: image.dpi), to: path)
        return (path, image)
    }

    @Test func trainingAndCasesNormaliseASignatureToTheSameInput() throws {
        let (path, image) = try writeSignature(seed: 5, sample: 1)
        let recipe = PipelineDefinition.PreprocessSection.Normalization.binary.parameters
        let extracted = try SignatureExtractor(normalization: recipe).extract(path: path, mode: .crop)
        let signature = try #require(extracted.first?.signatures.first)
        let trained = PreprocessingNormaliser(parameters: recipe)
            .normalise(GrayCrop(width: image.width, height: image.height, pixels: image.gray, dpi: image.dpi),
                       height: recipe.outputHeight, width: recipe.outputWidth)
        #expect(signature.normalized.gray == trained)
        #expect(signature.normalized.recipe == recipe.identifier)
        #expect(trained.contains { $0 > 128 }, "the normalised crop holds ink")
    }

    @Test func anImageIsEmbeddedOnlyByAModelOfItsRecipe() throws {
        let (path, _) = try writeSignature(seed: 6, sample: 0)
        let extractor = SignatureExtractor(normalization: PipelineDefinition.PreprocessSection.Normalization.binary.parameters)
        let arch = try Architecture.named("signet-s")
        let options = Architecture.Options(dropout: 0, l2Normalize: true)
        var model = TwinEncoderModel.random(arch, options: options, seed: 3)
        model.metadata.preprocessingVersion = extractor.normalization.identifier
        let source = try ImageEmbeddingSource(extractor: extractor, encoder: TwinEncoder(model: model))
        let embedding = try source.embedding(of: URL(fileURLWithPath: path))
        #expect(embedding.count == arch.embeddingSize)
        #expect(abs(embedding.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)

        model.metadata.preprocessingVersion = "sigver-1"
        #expect(throws: EncoderError.self) {
            _ = try ImageEmbeddingSource(extractor: extractor, encoder: TwinEncoder(model: model))
        }
    }

    private func randomEncoder(recipe: NormalizationParameters, seed: UInt64) throws -> TwinEncoder {
        var model = TwinEncoderModel.random(try Architecture.named("signet-s"),
                                            options: Architecture.Options(dropout: 0, l2Normalize: true), seed: seed)
        model.metadata.preprocessingVersion = recipe.identifier
        return TwinEncoder(model: model)
    }

    private let fit = PipelineDefinition.PreprocessSection.Normalization.binaryFit.parameters
    private let canvas = PipelineDefinition.PreprocessSection.Normalization.binary.parameters

    /// A written signature cut by a two-view (fit, canvas) extractor.
    private func twoViews(seed: UInt64, sample: Int) throws -> (path: String, extractor: SignatureExtractor, signature: ExtractedSignature) {
        let (path, _) = try writeSignature(seed: seed, sample: sample)
        let extractor = SignatureExtractor(normalizations: [fit, canvas])
        return (path, extractor, try #require(try extractor.extract(path: path, mode: .crop).first?.signatures.first))
    }

    @Test func twoViewsJoinEachViewsEmbeddingDividedByItsScale() throws {
        let (_, extractor, signature) = try twoViews(seed: 7, sample: 2)
        #expect(signature.views.map(\.recipe) == [fit.identifier, canvas.identifier])
        #expect(signature.views[0].pixels != signature.views[1].pixels, "the two recipes place the ink differently")

        let a = try randomEncoder(recipe: fit, seed: 1), b = try randomEncoder(recipe: canvas, seed: 2)
        let embedder = try SignatureEmbedder(encoders: [a, b], scales: [0.5, 0.25], for: extractor)
        let joined = try #require(try embedder.embed([signature]).first)
        let first = try #require(try a.embed([signature.views[0].pixels]).first)
        let second = try #require(try b.embed([signature.views[1].pixels]).first)
        #expect(joined == first.map { $0 / 0.5 } + second.map { $0 / 0.25 })
        #expect(embedder.embeddingSize == joined.count)

        let single = try SignatureEmbedder(encoders: [a], scales: [1], for: SignatureExtractor(normalization: fit))
        let alone = try #require(try single.embed([signature]).first)
        #expect(alone == first, "one view with scale 1 is the encoder's own embedding")
    }

    @Test func viewsMustMatchTheirRecipesInNumberAndOrder() throws {
        let (path, extractor, _) = try twoViews(seed: 8, sample: 0)
        let a = try randomEncoder(recipe: fit, seed: 1), b = try randomEncoder(recipe: canvas, seed: 2)
        #expect(throws: EncoderError.self) { _ = try SignatureEmbedder(encoders: [b, a], scales: [1, 1], for: extractor) }
        #expect(throws: EncoderError.self) { _ = try SignatureEmbedder(encoders: [a], scales: [1], for: extractor) }
        #expect(throws: EncoderError.self) { _ = try SignatureEmbedder(encoders: [a, b], scales: [1, 0], for: extractor) }
        // A signature cut by a one-recipe extractor lacks the second view.
        let one = try #require(try SignatureExtractor(normalization: fit).extract(path: path, mode: .crop).first?.signatures.first)
        let embedder = try SignatureEmbedder(encoders: [a, b], scales: [1, 1], for: extractor)
        #expect(throws: EncoderError.self) { _ = try embedder.embed([one]) }
    }

    @Test func randomWeightsKeepEveryViewsRecipeAndScale() throws {
        let (_, extractor, signature) = try twoViews(seed: 9, sample: 1)
        let trained = try SignatureEmbedder(encoders: [try randomEncoder(recipe: fit, seed: 1), try randomEncoder(recipe: canvas, seed: 2)],
                                            scales: [0.5, 2], for: extractor)
        let random = try trained.withRandomWeights(seed: 40)
        #expect(random.scales == trained.scales)
        #expect(random.encoders.map(\.metadata.preprocessingVersion) == [fit.identifier, canvas.identifier])
        let e = try random.embed([signature])[0], again = try trained.withRandomWeights(seed: 40).embed([signature])[0]
        #expect(e == again, "seeded")
        #expect(e != (try trained.embed([signature])[0]))
        let viewTwo = try #require(try randomEncoder(recipe: canvas, seed: 41).embed([signature.views[1].pixels]).first)
        #expect(Array(e[128...]) == viewTwo.map { $0 / 2 }, "view k takes seed + k")
    }

    @Test func testTimeMovesAverageEachViewOverTheSameMovesForEverySignature() throws {
        let (_, extractor, signature) = try twoViews(seed: 10, sample: 3)
        let (_, _, other) = try twoViews(seed: 11, sample: 0)
        let a = try randomEncoder(recipe: fit, seed: 1), b = try randomEncoder(recipe: canvas, seed: 2)
        let moves = TestTimeAugmentation(variants: 4, strength: 0.5, seed: 3)
        let (h, w) = (fit.outputHeight, fit.outputWidth)

        // The unmoved input first, then three copies, each moved (ink displaced, none equal to another).
        let input = signature.views[0].pixels
        let expanded = moves.expand([input], height: h, width: w)
        #expect(expanded.count == 4 && expanded[0] == input)
        for k in 1..<4 {
            let changed = zip(expanded[k], input).filter { abs($0 - $1) > 0.1 }.count
            #expect(changed > 100, "move \(k) changes \(changed) pixels")
            #expect(expanded[k].reduce(0, +) > 0.5 * input.reduce(0, +), "move \(k) keeps most of the ink")
        }
        #expect(Set(expanded.map { $0.map(\.bitPattern) }).count == 4)
        // Move k is the same whatever else is embedded: a signature's copies do not depend on its batch.
        let both = moves.expand([other.views[0].pixels, input], height: h, width: w)
        #expect(Array(both[4...]) == expanded)
        // Strength 0 moves nothing: the copies are the input at 8 bits.
        let still = TestTimeAugmentation(variants: 3, strength: 0, seed: 3).expand([input], height: h, width: w)
        let bytes = signature.views[0].gray.map { Float($0) / 255 }
        #expect(zip(still[1], bytes).allSatisfy { abs($0 - $1) <= 1e-6 } && still[2] == still[1])

        // Each view's embedding is the mean over its input and copies, divided by the view's scale.
        let embedder = try SignatureEmbedder(encoders: [a, b], scales: [0.5, 0.25], augmentation: moves, for: extractor)
        let joined = try #require(try embedder.embed([signature]).first)
        func mean(_ encoder: TwinEncoder, _ view: Int, _ scale: Float) throws -> [Float] {
            let e = try encoder.embed(moves.expand([signature.views[view].pixels], height: h, width: w))
            return (0..<e[0].count).map { j in e.map { $0[j] }.reduce(0, +) / 4 / scale }
        }
        let expected = try mean(a, 0, 0.5) + mean(b, 1, 0.25)
        #expect(zip(joined, expected).allSatisfy { abs($0 - $1) <= 1e-5 })
        let plain = try SignatureEmbedder(encoders: [a, b], scales: [0.5, 0.25], for: extractor).embed([signature])[0]
        #expect(zip(joined, plain).contains { abs($0 - $1) > 1e-3 }, "the moves change the embedding")
        // The same signature embedded with another gives the same embedding; one variant is no moves at all.
        let pair = try embedder.embed([other, signature])
        #expect(zip(pair[1], joined).allSatisfy { abs($0 - $1) <= 1e-5 })
        let one = try SignatureEmbedder(encoders: [a, b], scales: [0.5, 0.25],
                                        augmentation: TestTimeAugmentation(variants: 1, strength: 0.5, seed: 3), for: extractor)
        #expect(one.augmentation == nil)
        #expect(try one.embed([signature])[0] == plain)
        #expect((try embedder.withRandomWeights(seed: 5)).augmentation == moves)
    }

    @Test func everyRecipeHasItsOwnIdentifierAndStretchFitKeepsGreyLevels() throws {
        let all = PipelineDefinition.PreprocessSection.Normalization.allCases
        #expect(Set(all.map(\.parameters.identifier)).count == all.count, "a model of one recipe is refused by every other")
        let (path, _) = try writeSignature(seed: 10, sample: 0)
        let grey = PipelineDefinition.PreprocessSection.Normalization.stretchFit.parameters
        let views = try #require(try SignatureExtractor(normalizations: [fit, grey]).extract(path: path, mode: .crop).first?.signatures.first).views
        #expect(views[0].inkBox == views[1].inkBox, "the same ink, placed the same way")
        #expect(views[1].meanInkIntensity < views[0].meanInkIntensity, "stretched ink keeps lighter strokes lighter; binary ink is all dark")
        // stretch-fit-2x: the same drawing with twice the pixels each way (signet-s-hr's input).
        let fine = PipelineDefinition.PreprocessSection.Normalization.stretchFit2x.parameters
        let pair = try #require(try SignatureExtractor(normalizations: [grey, fine]).extract(path: path, mode: .crop).first?.signatures.first).views
        #expect(pair[0].pixels.count == 150 * 220 && pair[1].pixels.count == 300 * 440)
        let inked = pair.map { v in Double(v.pixels.filter { $0 > 0.25 }.count) / Double(v.pixels.count) }
        #expect(inked[0] > 0.02 && abs(inked[1] - inked[0]) < 0.3 * inked[0], "as much of the input inked: \(inked)")
        // binary-2x: the canvas view with twice the pixels, the ink in the same place on it.
        let canvasFine = PipelineDefinition.PreprocessSection.Normalization.binary2x.parameters
        let both = try #require(try SignatureExtractor(normalizations: [canvas, canvasFine]).extract(path: path, mode: .crop).first?.signatures.first).views
        #expect(both[1].pixels.count == 300 * 440)
        let share = both.map { v in Double(v.pixels.filter { $0 > 0.25 }.count) / Double(v.pixels.count) }
        #expect(share[0] > 0.005 && abs(share[1] - share[0]) < 0.3 * share[0], "as much of the canvas inked: \(share)")
        func box(_ v: NormalizedSignature) -> (x0: Int, y0: Int, x1: Int, y1: Int) {
            var (x0, y0, x1, y1) = (v.width, v.height, -1, -1)
            for y in 0..<v.height { for x in 0..<v.width where v.pixels[y * v.width + x] > 0.25 {
                (x0, y0, x1, y1) = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
            } }
            return (x0, y0, x1, y1)
        }
        let (a, b) = (box(both[0]), box(both[1]))
        #expect(abs(b.x0 - 2 * a.x0) <= 3 && abs(b.y0 - 2 * a.y0) <= 3 && abs(b.x1 - 2 * a.x1) <= 3
                && abs(b.y1 - 2 * a.y1) <= 3, "the same place on the canvas at twice the scale: \(a) and \(b)")
    }

    @Test func aSyntheticSourceRendersTheSamePixelsForTheSameSample() throws {
        let source = SyntheticSignatureSource(writers: 3, genuinePerWriter: 2, forgeriesPerWriter: 2, seed: 11)
        #expect(source.identities.count == 3)
        #expect(source.identities[1].genuine == [4, 5] && source.identities[1].forged == [6, 7])
        let first = try source.crop(6), again = try source.crop(6)
        #expect(first == again)
        #expect(try source.crop(5) != first)
    }
}

/// A definition's `projection` maps the joined embedding; it is checked against its hash and against the views it
/// was fitted on, and left out where it cannot hold (another model, random weights, a new fit).
struct PipelineProjectionTests {
    private let fit = PipelineDefinition.PreprocessSection.Normalization.binaryFit

    /// A folder with one random `binary-fit` model, a projection of its 128-d embedding onto 2 directions stored
    /// for `fittedViews` (nil: the definition's own views), and a definition naming both.
    private func folder(fittedViews: String? = nil, keepJoined: Bool = false) throws
        -> (definition: String, model: TwinEncoder, projection: EmbeddingProjection) {
        let path = NSTemporaryDirectory() + "projection-pipeline-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var model = TwinEncoderModel.random(try Architecture.named("signet-s"),
                                            options: Architecture.Options(dropout: 0, l2Normalize: true), seed: 11)
        model.metadata.preprocessingVersion = fit.parameters.identifier
        try model.save(path: path + "/m.safetensors")
        let modelSHA = SHA256.hex(Array(try Data(contentsOf: URL(fileURLWithPath: path + "/m.safetensors"))))
        var weights = [Float](repeating: 0, count: 2 * 128)
        weights[0] = 2; weights[128 + 5] = -1
        let projection = try EmbeddingProjection(
            inputSize: 128, outputSize: 2, weights: weights,
            metadata: ["views": fittedViews ?? EmbeddingProjection.viewsFingerprint(modelSHA256s: [modelSHA], scales: [0.5])])
        try projection.write(path: path + "/p.safetensors")
        let projectionSHA = SHA256.hex(Array(try Data(contentsOf: URL(fileURLWithPath: path + "/p.safetensors"))))
        let body = """
        {"format": "sigforensics-pipeline/1", "views": [{"normalization": "binary-fit", "model": "m.safetensors", \
        "sha256": "\(modelSHA)", "architecture": "signet-s", "scale": 0.5}], \
        "projection": {"file": "p.safetensors", "sha256": "\(projectionSHA)"\(keepJoined ? ", \"keepJoined\": true" : "")}}
        """
        _ = FileManager.default.createFile(atPath: path + "/d.json", contents: Data(body.utf8))
        return (path + "/d.json", TwinEncoder(model: model), projection)
    }

    private func signature() throws -> ExtractedSignature {
        let image = SignatureSynthesizer(seed: 12).writer(0).genuine(0)
        let path = NSTemporaryDirectory() + "projection-sig-\(UUID().uuidString).png"
        try AtomicFile.write(try PNGEncoder.encodeGray(image.gray, width: image.width, height: image.height, dpi: image.dpi), to: path)
        return try #require(try SignatureExtractor(normalization: fit.parameters).extract(path: path, mode: .crop).first?.signatures.first)
    }

    @Test func theEmbeddingIsTheProjectionOfTheJoinedViews() throws {
        let (path, model, _) = try folder()
        let definition = try PipelineDefinition.load(path: path)
        let embedder = try SignatureEmbedder(definition: definition)
        let s = try signature()
        let joined = try #require(try model.embed([s.views[0].pixels]).first).map { $0 / 0.5 }
        #expect(try embedder.embed([s]) == [[2 * joined[0], -joined[5]]])
        #expect(embedder.embeddingSize == 2 && embedder.joinedSize == 128)
        var without = definition
        without.projection = nil
        let unprojected = try SignatureEmbedder(definition: without)
        #expect(definition.embeddingFingerprint == definition.viewsFingerprint + " projected by \(definition.projection?.sha256 ?? "")")
        #expect(without.embeddingFingerprint == definition.viewsFingerprint, "what a calibration records")
        #expect(try unprojected.embed([s]) == [joined])
        #expect(try embedder.withRandomWeights(seed: 1).projection == nil, "fitted on the trained networks only")
        #expect(try embedder.withRandomWeights(seed: 1).embeddingSize == 128)
    }

    @Test func keepingTheJoinedViewsAppendsThemAfterTheDirections() throws {
        let (path, model, _) = try folder(keepJoined: true)
        let definition = try PipelineDefinition.load(path: path)
        #expect(definition.projection?.keepJoined == true)
        let embedder = try SignatureEmbedder(definition: definition)
        let s = try signature()
        let joined = try #require(try model.embed([s.views[0].pixels]).first).map { $0 / 0.5 }
        #expect(try embedder.embed([s]) == [[2 * joined[0], -joined[5]] + joined])
        #expect(embedder.embeddingSize == 130 && embedder.distanceDimensions == 2)
        #expect(definition.embeddingFingerprint.hasSuffix(" keeping the joined views"),
                "a calibration fitted on the directions alone does not fit these embeddings")
        var plain = definition
        plain.projection?.keepJoined = false
        #expect(try SignatureEmbedder(definition: plain).distanceDimensions == nil)
        #expect(try embedder.withRandomWeights(seed: 1).distanceDimensions == nil, "no projection, nothing kept")
    }

    @Test func aProjectionFittedOnOtherViewsOrAnotherModelIsRefused() throws {
        let (path, _, _) = try folder(fittedViews: "\(String(repeating: "1", count: 64))@0.5")
        let definition = try PipelineDefinition.load(path: path)
        #expect(throws: EncoderError.self) { _ = try SignatureEmbedder(definition: definition) }
        let (good, _, _) = try folder()
        let other = (good as NSString).deletingLastPathComponent + "/m.safetensors"
        #expect(throws: EncoderError.self) { _ = try SignatureEmbedder(definition: try PipelineDefinition.load(path: good), model: other) }
    }

    @Test func aViewEndingAtAnInnerLayerGivesThatLayersActivations() throws {
        let (path, _, _) = try folder()
        let folderPath = (path as NSString).deletingLastPathComponent
        let modelSHA = SHA256.hex(Array(try Data(contentsOf: URL(fileURLWithPath: folderPath + "/m.safetensors"))))
        func definition(layer: String) throws -> PipelineDefinition {
            let body = """
            {"format": "sigforensics-pipeline/1", "views": [{"normalization": "binary-fit", "model": "m.safetensors", \
            "sha256": "\(modelSHA)", "architecture": "signet-s", "scale": 0.5, "layer": "\(layer)"}]}
            """
            _ = FileManager.default.createFile(atPath: folderPath + "/inner.json", contents: Data(body.utf8))
            return try PipelineDefinition.load(path: folderPath + "/inner.json")
        }
        let inner = try definition(layer: "fc6")
        #expect(inner.views.first?.layer == "fc6")
        #expect(inner.viewsFingerprint == "\(modelSHA)/fc6@0.5", "a projection fitted on fc6 is not one fitted on the embedding")
        let embedder = try SignatureEmbedder(definition: inner)
        #expect(embedder.joinedSize == 512)
        let s = try signature()
        let fc6 = try TwinEncoder(path: folderPath + "/m.safetensors", outputLayer: "fc6")
        let expected = try #require(try fc6.embed([s.views[0].pixels]).first).map { $0 / 0.5 }
        #expect(try embedder.embed([s]) == [expected])
        #expect(try embedder.withRandomWeights(seed: 1).joinedSize == 512, "the baseline ends at the same layer")
        #expect(throws: EncoderError.self) { _ = try SignatureEmbedder(definition: try definition(layer: "fc9")) }
        #expect {
            _ = try definition(layer: "conv1")
        } throws: { error in
            (error as? PipelineDefinitionError)?.key == "views[0].layer"
        }
    }

    @Test func theProjectionFileIsCheckedAgainstItsHash() throws {
        let (path, _, projection) = try folder()
        var changed = projection
        changed.metadata["fitData"] = "another set"
        try changed.write(path: (path as NSString).deletingLastPathComponent + "/p.safetensors")
        #expect {
            _ = try PipelineDefinition.load(path: path)
        } throws: { error in
            (error as? PipelineDefinitionError)?.key == "projection.sha256"
        }
        try FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent + "/p.safetensors")
        #expect {
            _ = try PipelineDefinition.load(path: path)
        } throws: { error in
            (error as? PipelineDefinitionError)?.key == "projection.file"
        }
    }

    @Test func malformedProjectionSectionsAreRefusedByKey() {
        let zeros = String(repeating: "0", count: 64)
        let view = "\"views\": [{\"normalization\": \"binary\", \"model\": \"m\", \"sha256\": \"\(zeros)\", \"architecture\": \"signet-s\"}]"
        func refusal(_ body: String) -> String? {
            do {
                _ = try PipelineDefinition.parse(Array("{\"format\": \"sigforensics-pipeline/1\", \(body)}".utf8), file: "p.json", folder: "/x")
                return nil
            } catch { return error.key ?? error.message }
        }
        #expect(refusal("\(view), \"projection\": {\"file\": \"p\", \"sha256\": \"\(zeros)\"}") == nil)
        #expect(refusal("\"projection\": {\"file\": \"p\", \"sha256\": \"\(zeros)\"}") == "projection")
        #expect(refusal("\(view), \"projection\": {\"file\": \"p\"}") == "projection")
        #expect(refusal("\(view), \"projection\": {\"file\": \"p\", \"sha256\": \"ABC\"}") == "projection.sha256")
        #expect(refusal("\(view), \"projection\": {\"file\": \"../p\", \"sha256\": \"\(zeros)\"}") == "projection.file")
        #expect(refusal("\(view), \"projection\": {\"file\": \"p\", \"sha256\": \"\(zeros)\", \"size\": 2}") == "projection.size")
        #expect(refusal("\(view), \"projection\": \"p\"") == "projection")
    }
}
