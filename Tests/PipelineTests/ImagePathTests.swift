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

    @Test func aSyntheticSourceRendersTheSamePixelsForTheSameSample() throws {
        let source = SyntheticSignatureSource(writers: 3, genuinePerWriter: 2, forgeriesPerWriter: 2, seed: 11)
        #expect(source.identities.count == 3)
        #expect(source.identities[1].genuine == [4, 5] && source.identities[1].forged == [6, 7])
        let first = try source.crop(6), again = try source.crop(6)
        #expect(first == again)
        #expect(try source.crop(5) != first)
    }
}
