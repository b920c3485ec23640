import Foundation
import TwinEncoder
import Randomness

/// Trains a twin encoder with the contrastive loss on pairs (or the triplet loss on structured batches) from a
/// corpus, with checkpoints and resume.
///
/// The writer split is made first (seeded); only training writers' pairs are seen; the validation writers give the
/// EER of the untrained network (random-weights baseline) and of the trained one, both stored in the model.
public final class Trainer {
    /// The settings.
    public let configuration: TrainingConfiguration
    /// The data.
    public let corpus: TrainingCorpus
    /// Where the model goes; the checkpoint sits beside it.
    public let outputPath: String
    /// Free text stored in the model (e.g. the command line).
    public let note: String
    /// The trained model the weights start from, whose writer split is reused (nil: fresh weights, new split).
    public let initialModel: InitialModel?

    /// A trainer; nothing runs until `run`. With `initialModel`, the configuration's `initialModel` must name it.
    public init(configuration: TrainingConfiguration, corpus: TrainingCorpus, outputPath: String, note: String = "",
                initialModel: InitialModel? = nil) {
        self.configuration = configuration
        self.corpus = corpus
        self.outputPath = outputPath
        self.note = note
        self.initialModel = initialModel
    }

    /// The prefix of the starting network's validation figures in the model: the untrained network's, or the
    /// initial model's (on this run's normalisation) when fine-tuning.
    var startPrefix: String { initialModel == nil ? "randomWeights." : "initModel." }

    /// At most this many samples are decoded up front (about 33 KB each); larger corpora load on first use.
    public static let preloadLimit = 30_000

    /// The checkpoint path for a model path: `x.safetensors` → `x.checkpoint.safetensors`.
    public static func checkpointPath(for output: String) -> String {
        let base = output.hasSuffix(".safetensors") ? String(output.dropLast(".safetensors".count)) : output
        return base + ".checkpoint.safetensors"
    }

    /// Runs (or resumes) training to the configured number of epochs, then validates and writes the model.
    ///
    /// `shouldStop` is asked after every step; when it says yes, a checkpoint is written and the run returns
    /// unfinished (resume it later with `resume: true`).
    public func run(resume: Bool, shouldStop: () -> Bool = { false },
                    progress: (TrainingProgress) -> Void) throws -> TrainingOutcome {
        let cfg = configuration
        try cfg.validate()
        BLAS.setThreads(cfg.threads)
        let arch = try Architecture.named(cfg.architecture)
        guard (corpus.height, corpus.width) == (arch.inputHeight, arch.inputWidth) else {
            throw TrainingError.invalidSetting("the normalisation \(corpus.normaliser.version) gives \(corpus.height) x "
                + "\(corpus.width) inputs; \(arch.name) takes \(arch.inputHeight) x \(arch.inputWidth): name a recipe of the architecture's input size")
        }
        let options = Architecture.Options(dropout: cfg.dropout, l2Normalize: cfg.l2Normalize)
        guard cfg.initialModel == initialModel?.reference else {
            throw TrainingError.invalidSetting("the configuration names initial model \(cfg.initialModel?.name ?? "none") "
                + "but the trainer was given \(initialModel?.reference.name ?? "none")")
        }
        let split: WriterSplit
        if let initialModel {
            split = try initialModel.writerSplit(covering: corpus, splitter: cfg.split, seed: cfg.seed)
        } else {
            split = cfg.split.split(corpus, seed: cfg.seed)
        }
        let trainSet = Set(split.training), validSet = Set(split.validation)
        let training = corpus.identities.filter { trainSet.contains($0.identity.person) }
        let validation = corpus.identities.filter { validSet.contains($0.identity.person) }
        let sampler = PairSampler(identities: training, skilledShare: cfg.skilledShare ?? 0.5)
        let groups = cfg.writersPerBatch.map {
            WriterGroupSampler(identities: training, writersPerBatch: $0, imagesPerWriter: 2 * cfg.batchPairs / $0,
                               skilledShare: cfg.skilledShare ?? 0.5)
        }
        let validator = Validator(identities: validation, seed: cfg.seed)
        let validationPairs = validator.pairs()
        let epochPairs = sampler.pairs(epoch: 0, seed: cfg.seed, limit: cfg.pairsPerEpoch).count
        let stepsPerEpoch = epochPairs / cfg.batchPairs
        guard stepsPerEpoch >= 1 else {
            throw TrainingError.notEnoughData("\(epochPairs) training pairs from \(split.training.count) writers, fewer "
                + "than one batch of \(cfg.batchPairs)")
        }
        let used = (training + validation).flatMap { $0.genuine + $0.forged }
        if used.count <= Self.preloadLimit {
            let clock = ContinuousClock()
            var made = 0
            let took = try clock.measure { made = try corpus.preload(used, threads: cfg.threads) }
            progress(TrainingProgress(event: .preloaded(images: made, seconds: took.seconds), epoch: 0, epochs: cfg.epochs,
                                      step: 0, stepsPerEpoch: 0, loss: 0, pairAccuracy: 0, imagesPerSecond: 0,
                                      etaSeconds: 0, learningRate: 0, phases: StepPhases()))
        }
        let splitText = "\(split.training.count) training / \(split.calibration.count) calibration / "
            + "\(split.validation.count) validation writers"
        var report = TrainingProgress(event: .prepared(split: splitText, pairsPerEpoch: epochPairs,
                                                       stepsPerEpoch: stepsPerEpoch),
                                      epoch: 0, epochs: cfg.epochs, step: 0, stepsPerEpoch: stepsPerEpoch, loss: 0,
                                      pairAccuracy: 0, imagesPerSecond: 0, etaSeconds: 0, learningRate: 0,
                                      phases: StepPhases())
        progress(report)

        let checkpointFile = Self.checkpointPath(for: outputPath)
        var state = TrainingState()
        let network: Network
        let optimizer = Optimizer(kind: cfg.optimizer, momentum: cfg.momentum, weightDecay: cfg.weightDecay)
        if resume {
            let restored = try TrainingCheckpoint.load(path: checkpointFile, configuration: cfg,
                                                       dataSummary: corpus.summary, optimizer: optimizer)
            network = restored.network
            state = restored.state
            report.event = .resumed(path: checkpointFile, epoch: state.epoch + 1, step: state.step)
            progress(report)
        } else {
            network = try initialModel?.network(architecture: arch, options: options, seed: cfg.seed)
                ?? Network(architecture: arch, options: options, seed: cfg.seed)
            state.initial = try validate(network, validator, validationPairs)
            report.event = .validated(state.initial, initial: true)
            progress(report)
        }

        let schedule = LearningRateSchedule(base: cfg.learningRate, warmupSteps: cfg.warmupSteps,
                                            totalSteps: cfg.epochs * stepsPerEpoch)
        let loss = cfg.pairTermLoss
        let clock = ContinuousClock()
        let sessionStart = clock.now
        var lastCheckpoint = clock.now, lastReport = clock.now
        var sessionImages = 0
        var window = (loss: 0.0, correct: 0, judged: 0, steps: 0)
        var phases = StepPhases()
        let totalSteps = cfg.epochs * stepsPerEpoch
        let secondsBefore = state.seconds
        let h = arch.inputHeight, w = arch.inputWidth, per = h * w
        var batch = [Float](repeating: 0, count: 2 * cfg.batchPairs * per)
        let penVariety = PenVariety(share: cfg.penVariety ?? 0)

        while state.epoch < cfg.epochs {
            // The structured sampler draws each step from (seed, epoch, step); the pair sampler draws the epoch.
            let pairs = groups == nil ? sampler.pairs(epoch: state.epoch, seed: cfg.seed, limit: cfg.pairsPerEpoch) : []
            while state.step < stepsPerEpoch {
                var rng = SplitMix64(seed: cfg.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(state.epoch) &* 1_000_003
                                     &+ UInt64(state.step))
                let t0 = clock.now
                let step: StepBatch
                if let groups {
                    step = groups.batch(epoch: state.epoch, step: state.step, seed: cfg.seed, corpus: corpus,
                                        penVariety: penVariety)
                } else {
                    let chosen = pairs[(state.step * cfg.batchPairs)..<((state.step + 1) * cfg.batchPairs)]
                    step = StepBatch(pairs: chosen, renderings: penVariety.renderings(
                        for: chosen, corpus: corpus, seed: cfg.seed, epoch: state.epoch, step: state.step))
                }
                let pixels = try corpus.images(step.images.map { ($0.ref, $0.rendering) }, threads: cfg.threads)
                batch.withUnsafeMutableBufferPointer { buf in
                    for (image, source) in zip(step.images, pixels) {
                        cfg.augmentation.apply(source, height: h, width: w, rng: &rng,
                                               into: buf.baseAddress.unsafelyUnwrapped + image.row * per)
                    }
                }
                let x = try Tensor(shape: [2 * cfg.batchPairs] + arch.inputShape, data: batch)
                let t1 = clock.now
                network.zeroGrad()
                let result = loss.evaluate(embeddings: network.forward(x, mode: .training), pairs: step.pairs)
                let t2 = clock.now
                network.backward(result.gradient)
                let t3 = clock.now
                let lr = schedule.rate(at: state.epoch * stepsPerEpoch + state.step)
                optimizer.step(network.learnableParameters, learningRate: lr)
                let t4 = clock.now
                phases.data += (t1 - t0).seconds; phases.forward += (t2 - t1).seconds
                phases.backward += (t3 - t2).seconds; phases.update += (t4 - t3).seconds
                state.step += 1
                state.images += 2 * cfg.batchPairs
                sessionImages += 2 * cfg.batchPairs
                window.loss += result.loss
                window.judged += result.judged
                window.steps += 1
                window.correct += result.correct
                let elapsed = (clock.now - sessionStart).seconds
                state.seconds = secondsBefore + elapsed
                let endOfEpoch = state.step == stepsPerEpoch
                if (clock.now - lastReport).seconds >= 10 || endOfEpoch {
                    let done = state.epoch * stepsPerEpoch + state.step
                    let stepsInWindow = max(1, window.steps)
                    let rate = Double(sessionImages) / max(elapsed, 1e-9)
                    report = TrainingProgress(event: .step, epoch: state.epoch + 1, epochs: cfg.epochs,
                                              step: state.step, stepsPerEpoch: stepsPerEpoch,
                                              loss: window.loss / Double(stepsInWindow),
                                              pairAccuracy: Double(window.correct) / Double(max(window.judged, 1)),
                                              imagesPerSecond: rate,
                                              etaSeconds: Double((totalSteps - done) * 2 * cfg.batchPairs) / max(rate, 1e-9),
                                              learningRate: lr, phases: phases.perStep(stepsInWindow))
                    progress(report)
                    window = (0, 0, 0, 0)
                    phases = StepPhases()
                    lastReport = clock.now
                }
                if !endOfEpoch && shouldStop() {
                    try writeCheckpoint(network, optimizer, state, split, checkpointFile)
                    report.event = .checkpoint(path: checkpointFile)
                    progress(report)
                    return TrainingOutcome(modelPath: nil, initial: state.initial, final: nil,
                                           trainingSeconds: state.seconds, images: state.images,
                                           secondsPerEpoch: state.seconds / (Double(state.epoch) + Double(state.step) / Double(stepsPerEpoch)))
                }
                if (clock.now - lastCheckpoint).seconds >= cfg.checkpointSeconds && !endOfEpoch {
                    try writeCheckpoint(network, optimizer, state, split, checkpointFile)
                    report.event = .checkpoint(path: checkpointFile)
                    progress(report)
                    lastCheckpoint = clock.now
                }
            }
            state.epoch += 1
            state.step = 0
            if (clock.now - lastCheckpoint).seconds >= cfg.checkpointSeconds || state.epoch == cfg.epochs {
                try writeCheckpoint(network, optimizer, state, split, checkpointFile)
                report.event = .checkpoint(path: checkpointFile)
                progress(report)
                lastCheckpoint = clock.now
            }
        }

        let final = try validate(network, validator, validationPairs)
        report.event = .validated(final, initial: false)
        progress(report)
        var figures = final.figures()
        for (k, v) in state.initial.figures(prefix: startPrefix) { figures[k] = v }
        figures["trainingSeconds"] = state.seconds.rounded()
        figures["trainingImages"] = Double(state.images)
        figures["secondsPerEpoch"] = (state.seconds / Double(cfg.epochs)).rounded()
        var extra = ["training_config": ModelMetadataJSON.encode(cfg), "training_note": note]
        if let reference = initialModel?.reference { extra["init_model"] = "\(reference.name) sha256=\(reference.sha256)" }
        let metadata = modelMetadata(split: split, validation: figures, extra: extra)
        try TwinEncoderModel(network: network, metadata: metadata).save(path: outputPath)
        return TrainingOutcome(modelPath: outputPath, initial: state.initial, final: final,
                               trainingSeconds: state.seconds, images: state.images,
                               secondsPerEpoch: state.seconds / Double(cfg.epochs))
    }

    func modelMetadata(split: WriterSplit, validation: [String: Double], extra: [String: String]) -> ModelMetadata {
        let cfg = configuration
        let arch = (try? Architecture.named(cfg.architecture)) ?? .signetS
        return ModelMetadata(architecture: arch, options: .init(dropout: cfg.dropout, l2Normalize: cfg.l2Normalize),
                             preprocessingVersion: corpus.normaliser.version, trainingData: corpus.summary,
                             writerSplit: split, seed: cfg.seed, epochs: cfg.epochs, validation: validation,
                             extra: extra)
    }

    private func validate(_ network: Network, _ validator: Validator,
                          _ pairs: [SignaturePair]) throws -> ValidationReport {
        let model = TwinEncoderModel(network: network, metadata: ModelMetadata(architecture: network.architecture,
                                                                              options: network.options))
        return try validator.run(encoder: TwinEncoder(model: model), corpus: corpus, pairs: pairs)
    }

    private func writeCheckpoint(_ network: Network, _ optimizer: Optimizer, _ state: TrainingState,
                                 _ split: WriterSplit, _ path: String) throws {
        let metadata = modelMetadata(split: split, validation: state.initial.figures(prefix: startPrefix),
                                     extra: TrainingCheckpoint.extra(state: state, network: network,
                                                                     configuration: configuration,
                                                                     dataSummary: corpus.summary,
                                                                     optimizerSteps: optimizer.steps))
        let file = TwinEncoderModel(network: network, metadata: metadata).safeTensors(extra: optimizer.stateTensors())
        try file.write(path: path)
    }
}

extension Duration {
    /// Seconds as a Double.
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }
}
