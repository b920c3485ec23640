import ArgumentParser
import Digest
import Foundation
import Pipeline
import Scoring
import TwinEncoder

/// `sigforensics fit-projection DATASET... --out FILE`: fits the linear discriminant a pipeline definition's
/// `projection` names, on the genuine signatures of writers that are in neither the calibration nor any evaluation.
struct FitProjection: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit-projection",
        abstract: "Fit a linear discriminant projection of the pipeline's joined embedding on writers' genuine signatures.",
        discussion: """
        The genuine signatures of each DATASET (<writer>/genuine; forgeries are not read) are embedded through \
        the pipeline's views (without any projection it already names); the directions in which writers differ \
        most relative to how much each writer varies are kept, each scaled to one writer's own variation. Writers \
        of different folders are different writers. Use writers that are in neither the calibration set nor any \
        evaluation set, whose signatures vary as cases do (the default's: synthetic writers and the cross-media \
        volunteers of the models' calibration split, each name on four media); then name the file under \
        "projection" in the definition and calibrate again: scores change.
        """
    )

    @Argument(help: "Dataset folders: <writer>/genuine (writers with fewer than two genuine signatures are left out).")
    var datasets: [String]

    @Option(help: "Pipeline definition whose views are fitted.")
    var pipeline = "Pipelines/default.json"

    @Option(help: "Directions kept (at most the joined embedding's length, and fewer than the writers).")
    var dimensions = 128

    @Option(help: "Ridge added to the within-writer scatter, as a fraction of its mean variance.")
    var regularisation = 0.1

    @Option(help: "Where to write the projection (safetensors, beside the definition in Pipelines/).")
    var out: String

    func validate() throws {
        if datasets.isEmpty { throw ValidationError("Name at least one dataset folder.") }
    }

    func run() throws {
        BLASCoreSelection.relaunchIfMisdetected()
        // The projection the definition names is neither used nor checked: refitting it in place must work (and
        // its calibration, fitted after the projection, may not exist yet).
        var definition = try PipelineDefinition.load(path: pipeline, verifyModel: false)
        definition.projection = nil
        try definition.verifyEmbedding()
        let embedder = try SignatureEmbedder(definition: definition)
        let source = ImageEmbeddingSource(extractor: definition.extractor, embedder: embedder)
        var writers: [WriterEmbeddings] = []
        for dataset in datasets { writers += try EvaluationDataset.load(from: dataset, source: source, forgeries: false) }
        let used = writers.filter { $0.genuine.count >= 2 }
        let name = datasets.map { URL(fileURLWithPath: $0).standardizedFileURL.lastPathComponent }.joined(separator: ", ")
        // One OpenBLAS thread for the scatter products: the summation order, and so the file's bytes, then do not
        // depend on the machine's core count.
        BLAS.setThreads(1)
        let fit = try EmbeddingProjection.fitLinearDiscriminant(
            writers: used.map(\.genuine), outputSize: dimensions, regularisation: regularisation,
            metadata: ["views": definition.viewsFingerprint, "pipeline": definition.name, "fitData": name])
        try fit.projection.write(path: out)
        let sha = SHA256.hex(Array(try Data(contentsOf: URL(fileURLWithPath: out))))
        let total = fit.allSeparations.reduce(0, +), kept = fit.separations.reduce(0, +)
        print("Fitted on \(used.count) writers of \(name) (\(writers.count - used.count) left out with fewer than two genuine signatures), \(fit.projection.metadata["fitSignatures"] ?? "?") signatures")
        print("Directions kept: \(dimensions) of \(fit.projection.inputSize); separation (between / within variance) first \(fmt(fit.separations.first)), last kept \(fmt(fit.separations.last)), kept share of the total \(fmt(total > 0 ? kept / total : nil))")
        print("Wrote \(out) (SHA-256 \(sha)); name it in the definition:")
        print("  \"projection\": { \"file\": \"\((out as NSString).lastPathComponent)\", \"sha256\": \"\(sha)\" }")
    }

    private func fmt(_ x: Double?) -> String { x.map { String(format: "%.4g", $0) } ?? "n/a" }
}
