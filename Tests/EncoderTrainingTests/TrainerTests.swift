import Foundation
import Testing
@testable import EncoderTraining
import TwinEncoder

/// Whole training runs on a small seeded dataset: the model file, its metadata, checkpoints and resume.
@Suite(.serialized) struct TrainerTests {
    private func configuration(epochs: Int) -> TrainingConfiguration {
        TrainingConfiguration(architecture: "signet-s", epochs: epochs, seed: 5, batchPairs: 4, warmupSteps: 2,
                              dropout: 0.2, checkpointSeconds: 3600, threads: 1)
    }

    private func corpus(_ root: String) throws -> TrainingCorpus {
        TrainingCorpus(sources: [try TrainingSources.open(root)], normaliser: PlaceholderNormaliser())
    }

    /// Trains `cfg` straight through (reporting to `progress`), then again stopped after two steps and resumed;
    /// expects the two models' weights to be identical and returns the first.
    private func trainStoppedAndResumed(_ cfg: TrainingConfiguration, root: String, dir: String,
                                        progress: (TrainingProgress) -> Void) throws -> TwinEncoderModel {
        let straight = dir + "/straight.safetensors", resumed = dir + "/resumed.safetensors"
        _ = try Trainer(configuration: cfg, corpus: try corpus(root), outputPath: straight).run(resume: false, progress: progress)
        var steps = 0
        _ = try Trainer(configuration: cfg, corpus: try corpus(root), outputPath: resumed)
            .run(resume: false, shouldStop: { steps += 1; return steps == 2 }) { _ in }
        _ = try Trainer(configuration: cfg, corpus: try corpus(root), outputPath: resumed).run(resume: true) { _ in }
        let a = try TwinEncoderModel.load(path: straight), b = try TwinEncoderModel.load(path: resumed)
        #expect(a.weights == b.weights, "resumed weights differ from the uninterrupted run")
        return a
    }

    @Test("A corpus of another input size than the architecture's is refused with both sizes")
    func inputSizeMismatch() throws {
        let root = try DatasetFixture.dataset(writers: 6, genuine: 3, forged: 2)
        let out = try DatasetFixture.temporaryFolder("out") + "/m.safetensors"
        var cfg = configuration(epochs: 1)
        cfg.architecture = "signet-s-hr"
        #expect {
            _ = try Trainer(configuration: cfg, corpus: try corpus(root), outputPath: out).run(resume: false) { _ in }
        } throws: { error in
            "\(error)".contains("150 x 220") && "\(error)".contains("300 x 440")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("A run writes a model whose metadata holds the split, validation figures and preprocessing version")
    func modelMetadata() throws {
        let root = try DatasetFixture.dataset(writers: 6, genuine: 3, forged: 2)
        let out = try DatasetFixture.temporaryFolder("out") + "/m.safetensors"
        var events: [String] = []
        let outcome = try Trainer(configuration: configuration(epochs: 1), corpus: try corpus(root), outputPath: out)
            .run(resume: false) { p in
                if case .step = p.event { events.append("step") }
                if case let .validated(_, initial) = p.event { events.append(initial ? "init" : "final") }
            }
        #expect(outcome.modelPath == out)
        #expect(events.first == "init" && events.last == "final" && events.contains("step"))
        let model = try TwinEncoderModel.load(path: out, expectedPreprocessingVersion: "placeholder-0")
        let split = try #require(model.metadata.writerSplit)
        #expect(split.training.count == 4 && split.calibration.count == 1 && split.validation.count == 1)
        #expect(Set(split.training).isDisjoint(with: split.validation + split.calibration))
        #expect(model.metadata.validation["eerSkilled"] != nil && model.metadata.validation["randomWeights.eerSkilled"] != nil)
        #expect(model.metadata.validation["genuinePairs"] == 3)
        #expect(model.metadata.options == .init(dropout: 0.2, l2Normalize: true))
        #expect(model.metadata.epochs == 1 && model.metadata.seed == 5)
        #expect(model.metadata.trainingData.contains("6 writers"))
        #expect(FileManager.default.fileExists(atPath: Trainer.checkpointPath(for: out)))
        // The trained weights moved away from the initial ones.
        let initial = TwinEncoderModel(network: Network(architecture: .signetS, options: model.metadata.options, seed: 5),
                                       metadata: model.metadata)
        #expect(initial.weights["conv1.weight"] != model.weights["conv1.weight"])
    }

    @Test("Stopping mid-epoch and resuming gives exactly the weights of an uninterrupted run")
    func resume() throws {
        let root = try DatasetFixture.dataset(writers: 6, genuine: 3, forged: 2)
        let dir = try DatasetFixture.temporaryFolder("resume")
        let straight = dir + "/straight.safetensors", resumed = dir + "/resumed.safetensors"
        _ = try Trainer(configuration: configuration(epochs: 2), corpus: try corpus(root), outputPath: straight)
            .run(resume: false) { _ in }
        var steps = 0
        let first = try Trainer(configuration: configuration(epochs: 2), corpus: try corpus(root), outputPath: resumed)
            .run(resume: false, shouldStop: { steps += 1; return steps == 3 }) { _ in }
        #expect(first.modelPath == nil)
        #expect(!FileManager.default.fileExists(atPath: resumed))
        var resumedAt = ""
        let second = try Trainer(configuration: configuration(epochs: 2), corpus: try corpus(root), outputPath: resumed)
            .run(resume: true) { p in if case let .resumed(_, epoch, step) = p.event { resumedAt = "\(epoch)/\(step)" } }
        #expect(second.modelPath == resumed)
        #expect(resumedAt == "2/0" || resumedAt == "1/3")
        let a = try TwinEncoderModel.load(path: straight), b = try TwinEncoderModel.load(path: resumed)
        #expect(a.weights == b.weights, "resumed weights differ from the uninterrupted run")
        #expect(a.metadata.validation["eerRandom"] == b.metadata.validation["eerRandom"])
    }

    @Test("Structured batches train, and a stopped run resumes to exactly the weights of an uninterrupted one")
    func structuredResume() throws {
        let root = try DatasetFixture.dataset(writers: 6, genuine: 3, forged: 2)
        let dir = try DatasetFixture.temporaryFolder("groups")
        var cfg = configuration(epochs: 2)
        cfg.writersPerBatch = 2
        var losses: [Double] = []
        let a = try trainStoppedAndResumed(cfg, root: root, dir: dir) { p in if case .step = p.event { losses.append(p.loss) } }
        #expect(!losses.isEmpty && losses.allSatisfy { $0.isFinite && $0 > 0 })
        _ = try Trainer(configuration: configuration(epochs: 2), corpus: try corpus(root), outputPath: dir + "/pairs.safetensors")
            .run(resume: false) { _ in }
        let pairs = try TwinEncoderModel.load(path: dir + "/pairs.safetensors")
        #expect(pairs.weights != a.weights, "structured batches are not the pair sampler's steps")
        var bad = cfg
        bad.writersPerBatch = 3
        #expect(throws: TrainingError.self) { try bad.validate() }
    }

    @Test("The triplet and softmax losses train on structured batches, are stored in the model, resume exactly; without groups they are refused",
          arguments: [TrainingConfiguration.LossKind.triplet, .softmax])
    func groupLoss(_ loss: TrainingConfiguration.LossKind) throws {
        let root = try DatasetFixture.dataset(writers: 6, genuine: 3, forged: 2)
        let dir = try DatasetFixture.temporaryFolder(loss.rawValue)
        var cfg = configuration(epochs: 2)
        cfg.writersPerBatch = 2
        cfg.loss = loss
        if loss == .triplet { cfg.margin = 0.3 } else { cfg.temperature = 0.2 }
        var accuracies: [Double] = []
        let a = try trainStoppedAndResumed(cfg, root: root, dir: dir) { p in
            if case .step = p.event { accuracies.append(p.pairAccuracy) }
        }
        #expect(!accuracies.isEmpty && accuracies.allSatisfy { (0...1).contains($0) })
        #expect(a.metadata.extra["training_config"]?.contains("\"loss\":\"\(loss.rawValue)\"") == true)
        var contrastive = cfg
        contrastive.loss = nil
        contrastive.temperature = nil
        _ = try Trainer(configuration: contrastive, corpus: try corpus(root), outputPath: dir + "/c.safetensors")
            .run(resume: false) { _ in }
        #expect(try TwinEncoderModel.load(path: dir + "/c.safetensors").weights != a.weights,
                "the \(loss.rawValue) loss moves the weights otherwise than the contrastive loss")
        var ungrouped = cfg
        ungrouped.writersPerBatch = nil
        #expect(throws: TrainingError.self) { try ungrouped.validate() }
    }

    @Test("A temperature belongs to the softmax loss and must be positive")
    func temperatureRefusals() throws {
        var cfg = configuration(epochs: 1)
        cfg.writersPerBatch = 2
        cfg.loss = .softmax
        cfg.temperature = 0.1
        try cfg.validate()
        for bad in [Float(0), -0.1, .nan, .infinity] {
            var c = cfg
            c.temperature = bad
            #expect(throws: TrainingError.self) { try c.validate() }
        }
        var triplet = cfg
        triplet.loss = .triplet
        #expect(throws: TrainingError.self) { try triplet.validate() }
        #expect(cfg.pairTermLoss as? SoftmaxTermLoss == SoftmaxTermLoss(temperature: 0.1))
        cfg.temperature = nil
        #expect(cfg.pairTermLoss as? SoftmaxTermLoss == SoftmaxTermLoss(temperature: TrainingConfiguration.defaultTemperature))
    }

    @Test("Resume refuses a missing checkpoint and one made with other settings")
    func resumeRefusals() throws {
        let root = try DatasetFixture.dataset(writers: 6, genuine: 3, forged: 1)
        let out = try DatasetFixture.temporaryFolder("refuse") + "/m.safetensors"
        #expect(throws: TrainingError.self) {
            try Trainer(configuration: configuration(epochs: 1), corpus: try corpus(root), outputPath: out).run(resume: true) { _ in }
        }
        _ = try Trainer(configuration: configuration(epochs: 1), corpus: try corpus(root), outputPath: out).run(resume: false) { _ in }
        var other = configuration(epochs: 1)
        other.margin = 2
        do {
            _ = try Trainer(configuration: other, corpus: try corpus(root), outputPath: out).run(resume: true) { _ in }
            Issue.record("a checkpoint with another margin was resumed")
        } catch let error as TrainingError {
            #expect(error.description.contains("other settings"))
        }
    }
}
