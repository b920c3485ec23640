import Foundation
import Testing
@testable import EncoderTraining
import TwinEncoder

/// Pen variety: which pairs are re-rendered, that the draw is seeded, and that a run with it resumes exactly.
@Suite(.serialized) struct PenVarietyTests {
    private func corpus(writers: Int = 6) -> TrainingCorpus {
        TrainingCorpus(sources: [RedrawnScribbleSource(writers: writers, genuine: 3, forged: 2)],
                       normaliser: PlaceholderNormaliser())
    }

    @Test("Only same-writer and skilled pairs are re-rendered, at about the share asked, each side drawn on its own")
    func choice() throws {
        let c = corpus(writers: 12)
        let pairs = PairSampler(identities: c.identities).pairs(epoch: 0, seed: 3)
        let variety = PenVariety(share: 0.5)
        let r = variety.renderings(for: pairs, corpus: c, seed: 3, epoch: 0, step: 4)
        #expect(r == variety.renderings(for: pairs, corpus: c, seed: 3, epoch: 0, step: 4))
        #expect(r != variety.renderings(for: pairs, corpus: c, seed: 3, epoch: 0, step: 5))
        var eligible = 0, redrawn = 0, differ = 0
        for (pair, rendering) in zip(pairs, r) {
            if pair.kind == .random { #expect(rendering == .own); continue }
            eligible += 1
            guard let a = rendering.a, let b = rendering.b else { #expect(rendering == .own); continue }
            redrawn += 1
            #expect((0..<3).contains(a) && (0..<3).contains(b))
            if a != b { differ += 1 }
        }
        #expect(eligible > 40)
        #expect(Double(redrawn) / Double(eligible) > 0.3 && Double(redrawn) / Double(eligible) < 0.7)
        #expect(differ > 0 && differ < redrawn)
        #expect(PenVariety(share: 0).renderings(for: pairs, corpus: c, seed: 3, epoch: 0, step: 4)
            .allSatisfy { $0 == .own })
    }

    @Test("A source without renderings is never re-rendered")
    func plainSource() throws {
        let root = try DatasetFixture.dataset(writers: 4, genuine: 3, forged: 2)
        let c = TrainingCorpus(sources: [try TrainingSources.open(root)], normaliser: PlaceholderNormaliser())
        let pairs = PairSampler(identities: c.identities).pairs(epoch: 0, seed: 1)
        #expect(PenVariety(share: 1).renderings(for: pairs, corpus: c, seed: 1, epoch: 0, step: 0).allSatisfy { $0 == .own })
        #expect(c.renderings(of: pairs[0].a) == nil)
    }

    @Test("A rendering is drawn again identically and differs from the sample's own image")
    func renderedImages() throws {
        let c = corpus()
        let ref = SampleRef(source: 0, sample: 1)
        #expect(try c.image(ref, rendering: 2) == c.image(ref, rendering: 2))
        #expect(try c.image(ref, rendering: 2) != c.image(ref, rendering: nil))
        #expect(try c.image(ref, rendering: nil) == c.image(ref))
        #expect(throws: TrainingError.self) { try c.image(ref, rendering: 3) }
    }

    @Test("A step's images made on two threads are the images made one by one, in order; a bad rendering is refused")
    func stepImages() throws {
        let c = corpus()
        let requests: [(ref: SampleRef, rendering: Int?)] = (0..<9).map { (SampleRef(source: 0, sample: $0), [nil, 0, 2][$0 % 3]) }
        let one = try requests.map { try c.image($0.ref, rendering: $0.rendering) }
        #expect(try c.images(requests, threads: 2) == one)
        #expect(try c.images(requests, threads: 1) == one)
        #expect(throws: TrainingError.self) { try c.images(requests + [(SampleRef(source: 0, sample: 1), 3)], threads: 2) }
    }

    @Test("With pen variety, stopping mid-epoch and resuming gives exactly the weights of an uninterrupted run")
    func resume() throws {
        let cfg = TrainingConfiguration(architecture: "signet-s", epochs: 2, seed: 9, batchPairs: 4, warmupSteps: 2,
                                        checkpointSeconds: 3600, threads: 1, penVariety: 0.6)
        let dir = try DatasetFixture.temporaryFolder("pen-resume")
        let straight = dir + "/straight.safetensors", resumed = dir + "/resumed.safetensors"
        _ = try Trainer(configuration: cfg, corpus: corpus(), outputPath: straight).run(resume: false) { _ in }
        var steps = 0
        let first = try Trainer(configuration: cfg, corpus: corpus(), outputPath: resumed)
            .run(resume: false, shouldStop: { steps += 1; return steps == 2 }) { _ in }
        #expect(first.modelPath == nil)
        _ = try Trainer(configuration: cfg, corpus: corpus(), outputPath: resumed).run(resume: true) { _ in }
        let a = try TwinEncoderModel.load(path: straight), b = try TwinEncoderModel.load(path: resumed)
        #expect(a.weights == b.weights, "resumed weights differ from the uninterrupted run")
        // Pen variety changes what is trained on: without it the weights differ.
        var plain = cfg
        plain.penVariety = nil
        let other = dir + "/plain.safetensors"
        _ = try Trainer(configuration: plain, corpus: corpus(), outputPath: other).run(resume: false) { _ in }
        #expect(try TwinEncoderModel.load(path: other).weights != a.weights)
        // A checkpoint made with pen variety is not resumed without it.
        #expect(throws: TrainingError.self) {
            try Trainer(configuration: plain, corpus: corpus(), outputPath: resumed).run(resume: true) { _ in }
        }
        #expect(a.metadata.extra["training_config"]?.contains("\"penVariety\":0.6") == true)
    }

    @Test("A share outside 0…1 is refused")
    func range() {
        var cfg = TrainingConfiguration(penVariety: 1.5)
        #expect(throws: TrainingError.self) { try cfg.validate() }
        cfg.penVariety = 0.5
        #expect(throws: Never.self) { try cfg.validate() }
    }
}
