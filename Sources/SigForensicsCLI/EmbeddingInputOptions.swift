import ArgumentParser
import Digest
import Foundation
import Pipeline
import Scoring
import TwinEncoder

/// Where `evaluate` and `calibrate` get embeddings: signature images through the pipeline (the default), or
/// precomputed JSON embeddings.
struct EmbeddingInputOptions: ParsableArguments {
    @Option(help: "Model file (safetensors); default: the pipeline definition's model.")
    var model: String?

    @Option(help: "Pipeline definition (decoding limits and the default model).")
    var pipeline = "Pipelines/default.json"

    @Flag(help: "The dataset holds precomputed embeddings (JSON arrays) instead of signature images.")
    var embeddings = false

    @Option(help: "Replace the model's weights by fresh random ones from this seed (same architecture and preprocessing; the definition's projection left out): the baseline a trained model must beat.")
    var randomWeights: UInt64?

    @Option(help: "With --embeddings: distances on this many leading dimensions (embeddings that carry the joined views after a projection's directions, as a definition with \"keepJoined\" writes them); default: all.")
    var distanceDimensions: Int?

    func validateInput() throws {
        if embeddings && (model != nil || randomWeights != nil) {
            throw ValidationError("--model and --random-weights read images; they cannot be combined with --embeddings.")
        }
        if let distanceDimensions {
            guard embeddings else {
                throw ValidationError("--distance-dimensions describes precomputed embeddings; images take it from the pipeline definition.")
            }
            guard distanceDimensions >= 1 else { throw ValidationError("--distance-dimensions must be at least 1.") }
        }
    }

    /// The source the flags ask for, what a calibration records of its embeddings (nil for precomputed ones), and
    /// the leading dimensions distances are measured on (nil: all).
    func source() throws -> (source: any EmbeddingSource, embedding: String?, distanceDimensions: Int?) {
        if embeddings { return (JSONEmbeddingSource(), nil, distanceDimensions) }
        var (definition, extractor, embedder) = try loadImagePath(pipeline: pipeline, model: model)
        var embedding = definition.embeddingFingerprint
        if let model {
            embedding = EmbeddingProjection.viewsFingerprint(
                modelSHA256s: [SHA256.hex(Array(try Data(contentsOf: URL(fileURLWithPath: model))))], scales: [1])
        }
        if let randomWeights {
            embedder = try embedder.withRandomWeights(seed: randomWeights)
            embedding = "random weights from seed \(randomWeights) in place of \(embedding)"
        }
        return (ImageEmbeddingSource(extractor: extractor, embedder: embedder), embedding, embedder.distanceDimensions)
    }
}

/// The image path every embedding command uses: the pipeline definition, its extractor and its views' models (or
/// `model` for a single view), each checked to have been trained on its view's normalisation. Relaunches first
/// with a better OpenBLAS core when OpenBLAS misdetected the CPU.
func loadImagePath(pipeline: String, model: String?) throws -> (PipelineDefinition, SignatureExtractor, SignatureEmbedder) {
    BLASCoreSelection.relaunchIfMisdetected()
    // The calibration is not needed to embed, and `calibrate` is what writes it.
    let definition = try PipelineDefinition.load(path: pipeline, verifyModel: false)
    try definition.verifyEmbedding()
    return (definition, definition.extractor, try SignatureEmbedder(definition: definition, model: model))
}
