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

    @Option(help: "Replace the model's weights by fresh random ones from this seed (same architecture and preprocessing): the baseline a trained model must beat.")
    var randomWeights: UInt64?

    func validateInput() throws {
        if embeddings && (model != nil || randomWeights != nil) {
            throw ValidationError("--model and --random-weights read images; they cannot be combined with --embeddings.")
        }
    }

    /// The source the flags ask for.
    func source() throws -> any EmbeddingSource {
        if embeddings { return JSONEmbeddingSource() }
        var (extractor, encoder) = try loadImagePath(pipeline: pipeline, model: model)
        if let randomWeights {
            let trained = encoder.metadata
            var model = TwinEncoderModel.random(trained.architecture, options: trained.options, seed: randomWeights)
            model.metadata.preprocessingVersion = trained.preprocessingVersion
            encoder = TwinEncoder(model: model)
        }
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
