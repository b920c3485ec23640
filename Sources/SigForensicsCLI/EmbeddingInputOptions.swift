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
        let (extractor, encoder) = try loadImagePath(pipeline: pipeline, model: model)
        return try ImageEmbeddingSource(extractor: extractor, encoder: encoder)
    }
}

/// The image path every embedding command uses: the pipeline definition's extractor and its model (or `model`),
/// checked to have been trained on the extractor's normalisation. Relaunches first with a better OpenBLAS core
/// when OpenBLAS misdetected the CPU.
func loadImagePath(pipeline: String, model: String?) throws -> (SignatureExtractor, TwinEncoder) {
    BLASCoreSelection.relaunchIfMisdetected()
    let definition = try PipelineDefinition.load(path: pipeline)
    guard let path = model ?? definition.modelPath else {
        throw ValidationError("The pipeline definition \(pipeline) names no model; pass --model FILE.")
    }
    let extractor = definition.extractor
    return (extractor, try TwinEncoder(path: path, expectedPreprocessingVersion: extractor.normalization.identifier))
}
