import ArgumentParser
import Foundation
import Imaging
import Scoring

/// `sigforensics evaluate DATASET --references K`: the writer-independent evaluation.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate verification and LR quality on a dataset of writers with genuine signatures and skilled forgeries.",
        discussion: """
        DATASET holds <writer>/genuine/… and <writer>/forged/…. For each writer K genuine references are chosen \
        with the seed; questioned are the remaining genuine signatures, the skilled forgeries and other writers' \
        genuine signatures. Without --calibration, LRs come from a writer-disjoint 2-fold cross-calibration. \
        The last line is `EER_skilled=… EER_random=… AUC=… Cllr=… Cllr_min=…` (fractions, four decimals). \
        A synthetic set's truth.tsv (written by `synth dataset`) adds the errors by the forger's skill, by the \
        fluency of the copy, by pen and by the writer's stability. \
        Images are decoded by the project's decoders, normalised by the pipeline's preprocessing and embedded with \
        the model, exactly as in a case; --embeddings reads precomputed JSON embeddings instead.
        """
    )

    @Argument(help: "Dataset folder: <writer>/genuine and <writer>/forged.")
    var dataset: String

    @OptionGroup var evaluation: EvaluationInput


    @Option(help: "A calibration JSON fitted on other writers; its method and constants are used.")
    var calibration: String?

    @Option(help: "Decision threshold on log10 LR for FAR/FRR (default: the calibration's, else 0).")
    var threshold: Double?

    @Option(help: "Write the figures as JSON to this file.")
    var json: String?

    @Option(help: "Write tippett.svg and det.svg into this folder.")
    var plots: String?

    @Option(help: "Write every comparison (kind, baseline writer, questioned signature, log10 LR as reported and unbounded) as tab-separated text to this file.")
    var scores: String?

    @Option(help: "Write a contact sheet PNG of the errors to look at first (the most confidently accepted skilled forgeries, then the most confidently rejected genuine signatures, each beside its references) and print its legend. Needs images, not --embeddings.")
    var errorSheet: String?

    @Option(help: "Rows of each kind on the error sheet.")
    var errorSheetRows = 8

    @Flag(help: "First print every score method side by side for K = 3, 5 and 10 (cross-calibrated).")
    var compareMethods = false

    func validate() throws {
        let shrinkages = try evaluation.protocolOptions.shrinkageCandidates()
        if let shrinkages, shrinkages.count > 1 {
            throw ValidationError("evaluate takes one --shrinkage value; calibrate chooses among several.")
        }
        if shrinkages != nil && calibration != nil {
            throw ValidationError("--shrinkage sets the cross-calibration's shrinkage; a supplied calibration carries its own.")
        }
        if errorSheet != nil && evaluation.input.embeddings {
            throw ValidationError("--error-sheet shows the signatures' images; the dataset holds embeddings (--embeddings).")
        }
        guard errorSheetRows >= 1 else { throw ValidationError("--error-sheet-rows must be at least 1.") }
        if evaluation.protocolOptions.forgeryDirection != nil && calibration != nil {
            throw ValidationError("--forgery-direction fits the cross-calibration's direction; a supplied calibration carries its own.")
        }
    }

    func run() throws {
        let supplied = try calibration.map { path in
            try Calibration(jsonData: try Data(contentsOf: URL(fileURLWithPath: path)), path: path)
        }
        let (writers, background, embedding, distanceDimensions) = try evaluation.load(dataset: dataset) {
            embedding, distanceDimensions in
            guard let supplied, let calibration else { return }
            try supplied.checkEmbedding(embedding, path: calibration)
            try supplied.checkDistanceDimensions(distanceDimensions, path: calibration)
        }
        let settings = try evaluation.protocolOptions.settings(threshold: nil, source: dataset, embedding: embedding,
                                                               distanceDimensions: distanceDimensions)
        if compareMethods {
            let rows = try MethodComparison.run(writers: writers, settings: settings, background: background)
            for line in MethodComparison.table(rows) { print(line) }
        }
        var report = try Evaluation.run(writers: writers, settings: settings, background: background, calibration: supplied,
                                        thresholdLog10LR: threshold)
        report.figures.truth = try DatasetTruth.load(dataset: dataset)?.breakdown(report, writers: writers)
        if let scores { try writeText(report.comparisonTable(writers: writers), to: scores) }
        if let errorSheet {
            let sheet = ErrorSheet(dataset: dataset, writers: writers, referenceCount: settings.referenceCount, seed: settings.seed)
            for line in try sheet.write(report, rows: errorSheetRows, to: errorSheet) { print(line) }
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            try AtomicFile.write(Array(try encoder.encode(report.figures)), to: json)
        }
        if let plots {
            try FileManager.default.createDirectory(atPath: plots, withIntermediateDirectories: true)
            try writeText(EvaluationPlots.tippett(report.lrs), to: (plots as NSString).appendingPathComponent("tippett.svg"))
            try writeText(EvaluationPlots.det(report.lrs), to: (plots as NSString).appendingPathComponent("det.svg"))
        }
        for line in report.lines { print(line) }
    }
}
