import ArgumentParser
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

    func validateInput() throws {
        if embeddings && model != nil { throw ValidationError("--model reads images; it cannot be combined with --embeddings.") }
    }

    /// The source the flags ask for.
    func source() throws -> any EmbeddingSource {
        if embeddings { return JSONEmbeddingSource() }
        BLASCoreSelection.relaunchIfMisdetected()
        let definition = try PipelineDefinition.load(path: pipeline)
        guard let path = model ?? definition.modelPath else {
            throw ValidationError("The pipeline definition \(pipeline) names no model; pass --model FILE (or --embeddings).")
        }
        let extractor = definition.extractor
        let encoder = try TwinEncoder(path: path, expectedPreprocessingVersion: extractor.normalization.identifier)
        return try ImageEmbeddingSource(extractor: extractor, encoder: encoder)
    }
}
