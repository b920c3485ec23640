import Foundation
import Testing
@testable import EncoderTraining
import TwinEncoder

/// `train --init`: starting from a trained model's weights, reusing its writer split, refusing what cannot be used.
@Suite(.serialized) struct InitialModelTests {
    private func configuration(seed: UInt64, initial: InitialModelReference? = nil) -> TrainingConfiguration {
        TrainingConfiguration(architecture: "signet-s", epochs: 1, seed: seed, batchPairs: 4, warmupSteps: 2,
                              checkpointSeconds: 3600, threads: 1, initialModel: initial)
    }

    private func corpus(_ root: String) throws -> TrainingCorpus {
        TrainingCorpus(sources: [try TrainingSources.open(root)], normaliser: PlaceholderNormaliser())
    }

    /// A model trained on `root` with seed 5.
    private func trained(_ root: String, _ dir: String) throws -> InitialModel {
        let path = dir + "/base.safetensors"
        _ = try Trainer(configuration: configuration(seed: 5), corpus: try corpus(root), outputPath: path)
            .run(resume: false) { _ in }
        return InitialModel(reference: .init(name: "base.safetensors", sha256: "ab12"),
                            model: try TwinEncoderModel.load(path: path))
    }

    @Test("Fine-tuning starts from the model's weights, keeps its writer split under another seed, and says so")
    func fineTune() throws {
        let root = try DatasetFixture.dataset(writers: 9, genuine: 3, forged: 2)
        let dir = try DatasetFixture.temporaryFolder("init")
        let base = try trained(root, dir)
        let baseSplit = try #require(base.model.metadata.writerSplit)
        // Another seed would split the writers differently; the base's split must be reused.
        let fresh = configuration(seed: 77).split.split(try corpus(root), seed: 77)
        #expect(fresh != baseSplit)
        var startFigure: Double?
        let out = dir + "/tuned.safetensors"
        _ = try Trainer(configuration: configuration(seed: 77, initial: base.reference), corpus: try corpus(root),
                        outputPath: out, initialModel: base)
            .run(resume: false) { p in if case let .validated(r, true) = p.event { startFigure = r.eerRandom } }
        let tuned = try TwinEncoderModel.load(path: out)
        #expect(tuned.metadata.writerSplit == baseSplit)
        #expect(tuned.metadata.extra["init_model"] == "base.safetensors sha256=ab12")
        #expect(tuned.metadata.extra["training_config"]?.contains("\"sha256\":\"ab12\"") == true)
        // The starting figures are the base model's, not random weights'.
        #expect(tuned.metadata.validation["initModel.eerRandom"] == startFigure)
        #expect(tuned.metadata.validation["randomWeights.eerRandom"] == nil)
        // The weights started from the base's and moved on from there.
        #expect(tuned.weights["conv1.weight"] != base.model.weights["conv1.weight"])
        let net = try base.network(architecture: .signetS, options: base.model.metadata.options, seed: 1)
        #expect(TwinEncoderModel(network: net, metadata: base.model.metadata).weights == base.model.weights)
        // signet-s-hr has signet-s's tensors (twice the input, a second pool after conv1): it starts from them.
        #expect(Architecture.signetSHR.flattenSize == Architecture.signetS.flattenSize)
        let hr = try base.network(architecture: .signetSHR, options: base.model.metadata.options, seed: 1)
        #expect(hr.architecture.inputShape == [1, 300, 440])
        #expect(TwinEncoderModel(network: hr, metadata: base.model.metadata).weights == base.model.weights)
    }

    @Test("A model of another architecture or one without a split is refused; writers it never saw are split afresh")
    func refusals() throws {
        let root = try DatasetFixture.dataset(writers: 6, genuine: 3, forged: 1)
        let dir = try DatasetFixture.temporaryFolder("init-refuse")
        let base = try trained(root, dir)
        let out = dir + "/x.safetensors"
        func message(_ initial: InitialModel, root: String, arch: String = "signet-s") -> String {
            var cfg = configuration(seed: 5, initial: initial.reference)
            cfg.architecture = arch
            do {
                _ = try Trainer(configuration: cfg, corpus: try corpus(root), outputPath: out, initialModel: initial)
                    .run(resume: false) { _ in }
                return "trained"
            } catch {
                return "\(error)"
            }
        }
        #expect(message(base, root: root, arch: "signet").contains("is a 'signet-s' model"))
        var splitless = base
        splitless.model.metadata.writerSplit = nil
        #expect(message(splitless, root: root).contains("stores no writer split"))
        // Two writers join the data after the base was trained: their share of the split is unknown.
        for wr in 6..<8 {
            let folder = "\(root)/writer\(wr)/genuine"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for s in 0..<3 { try DatasetFixture.writePNG(DatasetFixture.scribble(writer: wr, sample: s, forged: false), "\(folder)/\(s).png") }
        }
        let before = try #require(base.model.metadata.writerSplit)
        #expect(message(base, root: root) == "trained")
        let after = try #require(try TwinEncoderModel.load(path: out).metadata.writerSplit)
        #expect(Array(after.training.prefix(before.training.count)) == before.training
                && Array(after.calibration.prefix(before.calibration.count)) == before.calibration
                && Array(after.validation.prefix(before.validation.count)) == before.validation,
                "every writer the base placed keeps its side")
        let added = Set(after.training + after.calibration + after.validation)
            .subtracting(before.training + before.calibration + before.validation)
        #expect(added.count == 2 && added.allSatisfy { $0.hasSuffix("writer6") || $0.hasSuffix("writer7") },
                "the two new writers are placed: \(added.sorted())")
        #expect(after.training.count + after.calibration.count + after.validation.count == 8, "each once")
        try FileManager.default.removeItem(atPath: out)
        // The configuration must name the model the trainer is given.
        #expect(throws: TrainingError.self) {
            try Trainer(configuration: configuration(seed: 5), corpus: try corpus(root), outputPath: out,
                        initialModel: base).run(resume: false) { _ in }
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
