import ArgumentParser
import EncoderTraining
import Foundation
import Pipeline
import TwinEncoder

extension OptimizerKind: ExpressibleByArgument {}
extension TrainingConfiguration.LossKind: ExpressibleByArgument {}

/// `sigforensics train`: trains a twin encoder with the contrastive, triplet or softmax loss, with checkpoints and resume.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a twin encoder on signature folders with the contrastive, triplet or softmax loss and write a model file."
    )

    @Option(help: "Data folders, comma-separated or repeated: <writer>/genuine and <writer>/forged, or the cross-media layout.")
    var data: [String] = []

    @Option(help: "Synthetic writers generated on the fly (genuine signatures and skilled forgeries from the seed).")
    var syntheticWriters = 0

    @Option(help: "Genuine signatures and skilled forgeries per synthetic writer.")
    var syntheticSamples = 12

    @Option(help: "Lowest skill (0-1) of the synthetic writers' forgers (default: the generator's 0.3).")
    var syntheticMinSkill: Double?

    @Option(help: "Highest skill (0-1) of the synthetic writers' forgers (default: 1).")
    var syntheticMaxSkill: Double?

    @Option(help: "Pipeline definition whose normalisation the model is trained for (one recipe; the default pipeline's first view).")
    var pipeline = "Pipelines/binary-fit.json"

    @Option(help: "Architecture: \(Architecture.all.map(\.name).joined(separator: ", ")).")
    var arch = "signet-s"

    @Option(help: "Epochs to train (may be raised with --resume).")
    var epochs = 10

    @Option(help: "Seed of weights, writer split, pairs, augmentation and dropout.")
    var seed: UInt64 = 1

    @Option(help: "The model file to write (safetensors); the checkpoint goes beside it.")
    var out: String

    @Flag(help: "Continue from the checkpoint beside --out.")
    var resume = false

    @Option(help: "Pairs per step (a step runs twice as many images).")
    var batchPairs = 16

    @Option(help: "The loss: contrastive (pairs), triplet (a writer's own signature nearer than a forgery or another writer's by the margin) or softmax (each own signature winning a softmax against every forgery and other writer met by its anchor); the last two need --writers-per-batch.")
    var loss: TrainingConfiguration.LossKind = .contrastive

    @Option(help: "The contrastive or triplet loss's margin (default: 1 for contrastive, 0.3 for triplet, on unit-length embeddings).")
    var margin: Float?

    @Option(help: "The softmax loss's temperature (default 0.1, on unit-length embeddings).")
    var temperature: Float?

    @Option(help: "Update rule: \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var optimizer: OptimizerKind = .adam

    @Option(help: "Peak learning rate (linear warm-up, then cosine decay to 5%).")
    var learningRate: Float = 1e-3

    @Option(help: "Momentum (SGD) or beta1 (Adam).")
    var momentum: Float = 0.9

    @Option(help: "Weight decay on weights (not biases or BatchNorm).")
    var weightDecay: Float = 1e-4

    @Option(help: "Warm-up steps.")
    var warmupSteps = 100

    @Option(help: "Dropout after fc6 in training.")
    var dropout: Float = 0

    @Flag(help: "Do not scale embeddings to unit length.")
    var noL2Normalize = false

    @Flag(help: "Train on the images as they are (no rotation, scale, shift, stroke or noise).")
    var noAugment = false

    @Option(help: "At most this many pairs per epoch.")
    var pairsPerEpoch: Int?

    @Option(help: "Minutes between checkpoints.")
    var checkpointMinutes = 5.0

    @Option(help: "Stop cleanly with a checkpoint after this many minutes (resume later with --resume).")
    var timeLimitMinutes: Double?

    @Option(help: "OpenBLAS threads.")
    var threads = 2

    @Option(name: .customLong("init"), help: ArgumentHelp(
        "Start from this trained model's weights (same architecture) and reuse its writer split.",
        discussion: "Writers the model placed keep their side of its split; writers it never saw (more synthetic writers, a new folder) are split afresh with --seed. The new model records the file's name and SHA-256."))
    var initModel: String?

    @Option(help: "Share (0-1) of same-writer and skilled-forgery pairs of synthetic writers whose two sides are re-rendered with independently drawn pen and scanner presets.")
    var penVariety = 0.0

    @Option(help: "Share (0-1) of negative pairs that are skilled forgeries (or the same text by another person) rather than another writer's genuine signature.")
    var skilledShare = 0.5

    @Option(help: ArgumentHelp(
        "Structured batches: each step takes this many writers, half of each one's images genuine and half its skilled partners, and the loss runs over every pair of the step's images.",
        discussion: "Must divide the 2 x --batch-pairs images of a step into groups of at least 4. Default: independent pairs."))
    var writersPerBatch: Int?

    @Option(help: "Share of each source's writers kept for calibration.")
    var calibrationFraction = 0.15

    @Option(help: "Share of each source's writers kept for validation.")
    var validationFraction = 0.15

    /// The forgers' skill bounds, the generator's 0.3 and 1 where one is not given.
    var skillBounds: (lowest: Double, highest: Double) { (syntheticMinSkill ?? 0.3, syntheticMaxSkill ?? 1) }

    /// The forgers' skill range asked for, nil when neither bound is given (the generator's own draw).
    var syntheticSkillRange: ClosedRange<Double>? {
        guard syntheticMinSkill != nil || syntheticMaxSkill != nil else { return nil }
        return skillBounds.lowest...skillBounds.highest
    }

    var folders: [String] { data.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty } }

    func validate() throws {
        guard !folders.isEmpty || syntheticWriters > 0 else {
            throw ValidationError("Give at least one --data folder or --synthetic-writers.")
        }
        if loss == .softmax && margin != nil {
            throw ValidationError("--margin does not apply to --loss softmax: its scale is --temperature.")
        }
        guard (0...1).contains(penVariety) else { throw ValidationError("--pen-variety must be in [0, 1].") }
        guard (0...1).contains(skilledShare) else { throw ValidationError("--skilled-share must be in [0, 1].") }
        guard 0 <= skillBounds.lowest, skillBounds.lowest <= skillBounds.highest, skillBounds.highest <= 1 else {
            throw ValidationError("--synthetic-min-skill and --synthetic-max-skill must satisfy 0 ≤ min ≤ max ≤ 1.")
        }
        guard syntheticSamples >= 2 else { throw ValidationError("--synthetic-samples must be at least 2.") }
    }

    func run() throws {
        BLASCoreSelection.relaunchIfMisdetected()
        var config = TrainingConfiguration(
            architecture: arch, epochs: epochs, seed: seed, batchPairs: batchPairs,
            margin: margin ?? (loss == .triplet ? 0.3 : 1),
            optimizer: optimizer, learningRate: learningRate, momentum: momentum, weightDecay: weightDecay,
            warmupSteps: warmupSteps, dropout: dropout, l2Normalize: !noL2Normalize,
            augmentation: noAugment ? .none : .standard, pairsPerEpoch: pairsPerEpoch,
            split: WriterSplitter(calibrationFraction: calibrationFraction, validationFraction: validationFraction),
            checkpointSeconds: checkpointMinutes * 60, threads: threads, penVariety: penVariety > 0 ? penVariety : nil,
            skilledShare: skilledShare == 0.5 ? nil : skilledShare, writersPerBatch: writersPerBatch,
            loss: loss == .contrastive ? nil : loss, temperature: temperature)
        let initial = try initModel.map(InitialModelFile.load)
        config.initialModel = initial?.reference
        let definition = try PipelineDefinition.load(path: pipeline, verifyModel: false)
        guard definition.views.count <= 1 else {
            throw ValidationError("The pipeline definition \(pipeline) has \(definition.views.count) views; a model is trained for one view at a time: name a definition with one recipe (e.g. Pipelines/binary-fit.json).")
        }
        var sources = try folders.map(TrainingSources.open)
        if syntheticWriters > 0 {
            // The synthetic writers' seed is derived from the run's seed, so one --seed fixes the whole run.
            sources.append(SyntheticSignatureSource(writers: syntheticWriters, genuinePerWriter: syntheticSamples,
                                                    forgeriesPerWriter: syntheticSamples, seed: seed &+ 0x5EED,
                                                    skillRange: syntheticSkillRange))
        }
        // The corpus takes the recipe's input size; the trainer refuses it for an architecture of another.
        let recipe = definition.preprocess.normalization.parameters
        let normaliser = PreprocessingNormaliser(parameters: recipe)
        let corpus = TrainingCorpus(sources: sources, normaliser: normaliser, height: recipe.outputHeight, width: recipe.outputWidth)
        let trainer = Trainer(configuration: config, corpus: corpus, outputPath: out,
                              note: CommandLine.arguments.joined(separator: " "), initialModel: initial)
        let started = ContinuousClock.now
        let limit = timeLimitMinutes.map { Duration.seconds($0 * 60) }
        let outcome = try trainer.run(resume: resume, shouldStop: { limit.map { ContinuousClock.now - started >= $0 } ?? false }) {
            TrainingReporter.print($0, start: initial.map { "initial model \($0.reference.name)" } ?? "random weights")
        }
        guard let path = outcome.modelPath else {
            TrainingReporter.line("stopped after the time limit; continue with the same command and --resume")
            return
        }
        TrainingReporter.line(String(format: "wrote %@: %.0f s training, %d images, %.0f s/epoch", path,
                                     outcome.trainingSeconds, outcome.images, outcome.secondsPerEpoch))
    }
}

/// Progress lines on stderr.
enum TrainingReporter {
    static func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func percent(_ v: Double?) -> String { v.map { String(format: "%.1f%%", 100 * $0) } ?? "n/a" }

    /// Prints one progress event; `start` names the network before training ("random weights", "initial model X").
    static func print(_ p: TrainingProgress, start: String = "random weights") {
        switch p.event {
        case let .prepared(split, pairs, steps):
            line("data: \(split); \(pairs) pairs per epoch, \(steps) steps")
        case let .validated(r, initial):
            line("\(initial ? start : "trained"): EER skilled \(percent(r.eerSkilled)), random "
                + "\(percent(r.eerRandom)) (\(r.genuinePairs) genuine, \(r.skilledPairs) skilled, \(r.randomPairs) random pairs)")
        case .step:
            line(String(format: "epoch %d/%d step %d/%d loss %.4f pair acc %.1f%% %.1f img/s lr %.2e ETA %@ "
                + "[ms/step data %.0f fwd %.0f bwd %.0f upd %.0f]",
                        p.epoch, p.epochs, p.step, p.stepsPerEpoch, p.loss, 100 * p.pairAccuracy, p.imagesPerSecond,
                        Double(p.learningRate), duration(p.etaSeconds), 1000 * p.phases.data, 1000 * p.phases.forward,
                        1000 * p.phases.backward, 1000 * p.phases.update))
        case let .preloaded(images, seconds):
            line(String(format: "loaded %d images in %.1f s", images, seconds))
        case let .checkpoint(path):
            line("checkpoint \(path)")
        case let .resumed(path, epoch, step):
            line("resumed from \(path) at epoch \(epoch), step \(step)")
        }
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        return String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
    }
}
