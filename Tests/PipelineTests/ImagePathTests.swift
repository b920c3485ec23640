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
        let random = trained.withRandomWeights(seed: 40)
        #expect(random.scales == trained.scales)
        #expect(random.encoders.map(\.metadata.preprocessingVersion) == [fit.identifier, canvas.identifier])
        let e = try random.embed([signature])[0], again = try trained.withRandomWeights(seed: 40).embed([signature])[0]
        #expect(e == again, "seeded")
        #expect(e != (try trained.embed([signature])[0]))
        let viewTwo = try #require(try randomEncoder(recipe: canvas, seed: 41).embed([signature.views[1].pixels]).first)
        #expect(Array(e[128...]) == viewTwo.map { $0 / 2 }, "view k takes seed + k")
    }

    @Test func everyRecipeHasItsOwnIdentifierAndStretchFitKeepsGreyLevels() throws {
        let all = PipelineDefinition.PreprocessSection.Normalization.allCases
        #expect(Set(all.map(\.parameters.identifier)).count == all.count, "a model of one recipe is refused by every other")
        let (path, _) = try writeSignature(seed: 10, sample: 0)
        let grey = PipelineDefinition.PreprocessSection.Normalization.stretchFit.parameters
        let views = try #require(try SignatureExtractor(normalizations: [fit, grey]).extract(path: path, mode: .crop).first?.signatures.first).views
        #expect(views[0].inkBox == views[1].inkBox, "the same ink, placed the same way")
        #expect(views[1].meanInkIntensity < views[0].meanInkIntensity, "stretched ink keeps lighter strokes lighter; binary ink is all dark")
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
