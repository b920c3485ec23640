import ArgumentParser
import Foundation
import Imaging
import Scoring

/// `sigforensics calibrate DATASET --references K --out FILE`: fits a calibration on the user's own writers.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a score-to-LR calibration on writers that are in neither the training set nor any case.",
        discussion: """
        Logistic-regression calibration of the score over the writer-independent protocol with K references, \
        ELUB bounds on log10 LR, an operating table of expected FAR/FRR, and validation figures from a \
        writer-disjoint 2-fold cross-validation. Images are read through the pipeline as in a case; --embeddings reads precomputed JSON embeddings.
        """
    )

    @Argument(help: "Dataset folder: <writer>/genuine and <writer>/forged.")
    var dataset: String

    @OptionGroup var evaluation: EvaluationInput

    @Option(help: "Where to write the calibration JSON (beside the model in Pipelines/).")
    var out: String

    @Option(help: "Optional decision threshold on log10 LR; its expected FAR/FRR are stored.")
    var threshold: Double?

    @Flag(help: "Choose the score method by writer-disjoint cross-validated Cllr on these writers (the writer-dependent classifier is tried when --background is given; the normalised distance with each --shrinkage value); --method is then ignored.")
    var selectMethod = false

    func run() throws {
        let (writers, background, embedding, distanceDimensions) = try evaluation.load(dataset: dataset)
        let protocolOptions = evaluation.protocolOptions
        let settings = try protocolOptions.settings(threshold: threshold, source: dataset, embedding: embedding,
                                                    distanceDimensions: distanceDimensions)
        let shrinkages = try protocolOptions.shrinkageCandidates() ?? ProtocolOptions.shrinkageGrid
        let choosing = selectMethod || (settings.method == .normalisedDistance && shrinkages.count > 1)
        let calibration = choosing
            ? try MethodSelection.fitCalibrationSelectingMethod(
                writers: writers, settings: settings, background: background,
                candidates: selectMethod ? ScoringMethod.allCases : [settings.method], shrinkageReferences: shrinkages)
            : try CalibrationFitter.fitCalibration(writers: writers, settings: settings, background: background)
        for trial in calibration.methodSelection ?? [] {
            print("Tried \(trial.candidate): validation Cllr=\(trial.cllr) Cllr_min=\(trial.cllrMin) EER_skilled=\(trial.eerSkilled) EER_random=\(trial.eerRandom)")
        }
        try AtomicFile.write(Array(try calibration.jsonData()), to: out)
        let shrinkage = calibration.method == .normalisedDistance ? ", " + calibration.options.normalisedScoreDescription : ""
        print("Calibration: log10 LR = \(calibration.slope) * score + \(calibration.intercept) (\(calibration.method.rawValue)\(shrinkage), K = \(calibration.referenceCount))")
        print("Data: \(calibration.data.writers) writers, \(calibration.data.sameSource) same-source, \(calibration.data.differentSource) different-source (\(calibration.alternative.rawValue))")
        print("Bounds: log10 LR in [\(calibration.bounds.lowerLog10), \(calibration.bounds.upperLog10)] (\(calibration.bounds.method))")
        if let v = calibration.validation {
            print("Validation: EER_skilled=\(v.eerSkilled) EER_random=\(v.eerRandom) Cllr=\(v.cllr.cllr) Cllr_min=\(v.cllr.cllrMin) (\(v.protocolDescription))")
        }
        if let d = calibration.decisionThreshold {
            print("Threshold log10 LR >= \(d.log10LR): FRR=\(d.expected.falseRejectionRate) FAR_skilled=\(d.expected.falseAcceptanceRateSkilled) FAR_random=\(d.expected.falseAcceptanceRateRandom)")
        }
        print("Wrote \(out)")
    }
}
