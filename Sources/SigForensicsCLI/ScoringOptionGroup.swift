import ArgumentParser
import Foundation
import Imaging
import Scoring

extension ScoringMethod: ExpressibleByArgument {}
extension AlternativeProposition: ExpressibleByArgument {}

/// Flags shared by `evaluate`, `calibrate` and `bench scoring`.
struct ProtocolOptions: ParsableArguments {
    @Option(name: .customLong("references"), help: "Genuine references per writer (K).")
    var referenceCount: Int

    @Option(help: "Seed for the choice of references, random forgeries and folds.")
    var seed: UInt64 = 1

    @Option(help: "Score method.")
    var method: ScoringMethod = .normalisedDistance

    @Option(help: "Writers (<writer>/genuine/…) whose genuine embeddings form the background of the writer-dependent classifier; they must be in neither the dataset nor the training set.")
    var background: String?

    @Option(help: "Use at most this many genuine signatures of each other writer as random forgeries (default: all).")
    var randomPerWriter: Int?

    @Option(help: "The different-writer proposition the LRs are calibrated against.")
    var alternative: AlternativeProposition = .skilledForgery

    @Option(name: .customLong("shrinkage"), help: ArgumentHelp(
        "Pseudo-references of the population's within-writer distance in the normalised score's writer variation, beside a baseline's n references (0: the references alone).",
        discussion: "evaluate takes one value for its cross-calibration (default \(ScoringOptions().shrinkageDescription)); a supplied calibration carries its own. calibrate takes a comma-separated list (default \(ProtocolOptions.shrinkageGrid.map { String(Int($0)) }.joined(separator: ","))) and keeps the value with the lowest writer-disjoint cross-validated Cllr.",
        valueName: "list"))
    var shrinkage: String?

    @Option(name: .customLong("forgery-direction"), help: ArgumentHelp(
        "Fit the forgery direction with this L2 penalty: weights on the questioned signature's signed deviation from its references' mean, learnt from the genuine signatures, skilled forgeries and a seeded draw of random forgeries of the calibration's writers and added to the normalised score (README \"Stop 27\").",
        discussion: "calibrate stores the direction in the calibration; evaluate fits it on each fold when it cross-calibrates. A supplied calibration carries its own (or none).",
        valueName: "lambda"))
    var forgeryDirection: Double?

    /// The values `calibrate` chooses among when `--shrinkage` is not given (whole numbers: the help prints them so).
    static let shrinkageGrid: [Double] = [1, 2, 3, 4, 5, 6, 8, 12, 16]

    /// `--shrinkage` read, or nil when not given.
    func shrinkageCandidates() throws -> [Double]? {
        guard let shrinkage else { return nil }
        let values = shrinkage.split(separator: ",", omittingEmptySubsequences: false).map {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        guard !values.isEmpty, values.allSatisfy({ $0.map { $0.isFinite && $0 >= 0 } ?? false }) else {
            throw ValidationError("--shrinkage takes numbers of at least 0, separated by commas (got '\(shrinkage)').")
        }
        return values.compactMap { $0 }
    }

    func validateProtocol() throws {
        if referenceCount < 1 { throw ValidationError("--references must be at least 1.") }
        if method.needsBackground && background == nil {
            throw ValidationError("--method \(method.rawValue) needs --background with other writers' embeddings.")
        }
        if let randomPerWriter, randomPerWriter < 1 { throw ValidationError("--random-per-writer must be at least 1.") }
        _ = try shrinkageCandidates()
        if let forgeryDirection {
            guard forgeryDirection > 0, forgeryDirection.isFinite else {
                throw ValidationError("--forgery-direction takes a positive L2 penalty (got \(forgeryDirection)).")
            }
            guard method == .normalisedDistance else {
                throw ValidationError("--forgery-direction adds to the normalised distance; --method \(method.rawValue) has no place for it.")
            }
        }
    }

    /// The settings; the shrinkage is the first of `--shrinkage`, or `ScoringOptions`' default.
    func settings(threshold: Double?, source: String, embedding: String?, distanceDimensions: Int?) throws
        -> CalibrationSettings {
        var options = ScoringOptions()
        options.distanceDimensions = distanceDimensions
        if let first = try shrinkageCandidates()?.first { options.shrinkageReferences = first }
        return CalibrationSettings(referenceCount: referenceCount, seed: seed, method: method, options: options,
                                   alternative: alternative, decisionThresholdLog10LR: threshold,
                                   randomPerWriter: randomPerWriter, source: source, embedding: embedding,
                                   forgeryDirectionL2: forgeryDirection)
    }

    /// The background writers' genuine embeddings, read through the same source as the dataset.
    func loadBackground(source: some EmbeddingSource) throws -> BackgroundPopulation? {
        guard let background else { return nil }
        let writers = try EvaluationDataset.load(from: background, source: source)
        return try BackgroundPopulation(embeddings: writers.flatMap(\.genuine))
    }
}

/// What `evaluate` and `calibrate` read: the protocol and where the embeddings come from, checked together, and
/// the dataset's writers with the background (if any), both through one embedding source.
struct EvaluationInput: ParsableArguments {
    @OptionGroup var protocolOptions: ProtocolOptions

    @OptionGroup var input: EmbeddingInputOptions

    func validate() throws {
        try protocolOptions.validateProtocol()
        try input.validateInput()
    }

    /// The writers of `dataset` and the background population, embedded by the source the flags ask for, what
    /// a calibration records of those embeddings, and the leading dimensions distances are measured on.
    /// The dataset's embeddings; `check` sees their fingerprint and distance dimensions first, before anything is
    /// embedded, so a refusal (a calibration fitted on other embeddings) comes at once rather than after the whole
    /// dataset.
    func load(dataset: String, check: (_ embedding: String?, _ distanceDimensions: Int?) throws -> Void = { _, _ in }) throws
        -> (writers: [WriterEmbeddings], background: BackgroundPopulation?, embedding: String?, distanceDimensions: Int?) {
        let (source, embedding, distanceDimensions) = try input.source()
        try check(embedding, distanceDimensions)
        let writers = try EvaluationDataset.load(from: dataset, source: source)
        return (writers, try protocolOptions.loadBackground(source: source), embedding, distanceDimensions)
    }
}

/// Writes text atomically.
func writeText(_ text: String, to path: String) throws {
    try AtomicFile.write(Array(text.utf8), to: path)
}
