import Foundation
import Testing
@testable import EncoderTraining
import TwinEncoder
import Randomness

/// Sources, normaliser, split, pairs, augmentation and EER: the parts training is built from.
@Suite struct TrainingDataTests {
    @Test("Dataset layout: one identity per writer with its genuine and forged files")
    func datasetLayout() throws {
        let root = try DatasetFixture.dataset(writers: 3, genuine: 4, forged: 2)
        let source = try TrainingSources.open(root)
        #expect(source.identities.count == 3)
        #expect(source.identities.allSatisfy { $0.genuine.count == 4 && $0.forged.count == 2 })
        #expect(source.summary.contains("3 writers, 12 genuine, 6 forged"))
        let crop = try source.crop(source.identities[1].forged[0])
        #expect(crop.width == 160 && crop.height == 80)
        #expect(crop == DatasetFixture.scribble(writer: 1, sample: 0, forged: true))
    }

    @Test("Cross-media layout: identities are (volunteer, name), same name shares a text key")
    func crossMediaLayout() throws {
        let root = try DatasetFixture.crossMedia(volunteers: 3)
        let source = try TrainingSources.open(root)
        #expect(source is CrossMediaSource)
        #expect(source.identities.count == 40)  // (3 + 1 control) volunteers × 10 names
        let first = try #require(source.identities.first)
        #expect(first.person == "cross-media/e1" && first.textKey == "cross-media/name1" && first.genuine.count == 2)
        #expect(Set(source.identities.filter { $0.textKey == "cross-media/name3" }.map(\.person)).count == 4)
    }

    @Test("A folder without the layout is refused with its path")
    func badFolder() throws {
        let root = try DatasetFixture.temporaryFolder("empty")
        #expect(throws: TrainingError.dataFolder(path: root, reason: "no <writer>/genuine/ folder with PNG, JPEG or TIFF images")) {
            try TrainingSources.open(root)
        }
    }

    @Test("Placeholder normaliser: ink cropped, centred, inverted, aspect kept")
    func normaliser() {
        var pixels = [UInt8](repeating: 255, count: 100 * 50)
        for y in 10..<20 { for x in 30..<70 { pixels[y * 100 + x] = 0 } }  // a 40×10 bar
        let out = PlaceholderNormaliser().normalise(GrayCrop(width: 100, height: 50, pixels: pixels), height: 150, width: 220)
        // 40×10 scaled by min(220/40, 150/10) = 5.5 → 220×55, centred vertically at rows 47..<102.
        #expect(out[75 * 220 + 110] == 255)
        #expect(out[20 * 220 + 110] == 0 && out[130 * 220 + 110] == 0)
        #expect(out[47 * 220 + 0] == 255 && out[46 * 220 + 0] == 0)
        #expect(PlaceholderNormaliser().normalise(GrayCrop(width: 4, height: 4, pixels: .init(repeating: 255, count: 16)),
                                                  height: 150, width: 220).allSatisfy { $0 == 0 })
    }

    @Test("Writer split: three disjoint parts covering every person, stable for a seed, per source")
    func split() throws {
        let corpus = TrainingCorpus(sources: [try TrainingSources.open(try DatasetFixture.dataset(writers: 20, genuine: 2, forged: 0)),
                                              try TrainingSources.open(try DatasetFixture.crossMedia(volunteers: 9))],
                                    normaliser: PlaceholderNormaliser())
        let s = WriterSplitter().split(corpus, seed: 7)
        let all = s.training + s.calibration + s.validation
        #expect(Set(all).count == all.count)
        #expect(Set(all) == Set(corpus.identities.map(\.identity.person)))
        #expect(s.validation.count == 3 + 2 && s.calibration.count == 3 + 2)
        #expect(s.validation.contains { $0.hasPrefix("cross-media/") } && s.validation.contains { !$0.hasPrefix("cross-media/") })
        #expect(WriterSplitter().split(corpus, seed: 7) == s)
        #expect(WriterSplitter().split(corpus, seed: 8) != s)
    }

    @Test("Pairs: positives within an identity, skilled from forgeries or same text, random across persons")
    func pairs() throws {
        let corpus = TrainingCorpus(sources: [try TrainingSources.open(try DatasetFixture.dataset(writers: 4, genuine: 3, forged: 2)),
                                              try TrainingSources.open(try DatasetFixture.crossMedia(volunteers: 3))],
                                    normaliser: PlaceholderNormaliser())
        let owner = Dictionary(corpus.identities.flatMap { id in (id.genuine + id.forged).map { ($0, id) } }) { a, _ in a }
        let sampler = PairSampler(identities: corpus.identities)
        let pairs = sampler.pairs(epoch: 0, seed: 3)
        #expect(pairs.count == 2 * corpus.identities.reduce(0) { $0 + $1.identity.genuine.count })
        for p in pairs {
            let a = try #require(owner[p.a]), b = try #require(owner[p.b])
            switch p.kind {
            case .genuine: #expect(a.identity.id == b.identity.id && p.a != p.b && a.genuine.contains(p.b))
            case .skilled:
                #expect(a.forged.contains(p.b) || (a.identity.textKey == b.identity.textKey && a.identity.person != b.identity.person))
            case .random: #expect(a.identity.person != b.identity.person && b.genuine.contains(p.b))
            }
        }
        #expect(pairs.contains { $0.kind == .skilled } && pairs.contains { $0.kind == .random })
        #expect(sampler.pairs(epoch: 0, seed: 3) == pairs)
        #expect(sampler.pairs(epoch: 1, seed: 3) != pairs)
        #expect(sampler.pairs(epoch: 0, seed: 3, limit: 10).count == 10)
    }

    @Test("Pairs: the skilled share sets how many negatives are skilled, spread evenly")
    func skilledShare() throws {
        // Every identity of this fixture has forgeries, so every skilled turn can be served.
        let corpus = TrainingCorpus(sources: [try TrainingSources.open(try DatasetFixture.dataset(writers: 6, genuine: 4, forged: 2))],
                                    normaliser: PlaceholderNormaliser())
        func counts(_ share: Double) -> (skilled: Int, random: Int) {
            let p = PairSampler(identities: corpus.identities, skilledShare: share).pairs(epoch: 0, seed: 5)
            return (p.filter { $0.kind == .skilled }.count, p.filter { $0.kind == .random }.count)
        }
        let negatives = corpus.identities.reduce(0) { $0 + $1.identity.genuine.count }
        #expect(counts(0) == (0, negatives))
        #expect(counts(1) == (negatives, 0))
        #expect(counts(0.5) == (negatives / 2, negatives / 2))
        #expect(counts(0.75) == (negatives * 3 / 4, negatives / 4))
        #expect(PairSampler(identities: corpus.identities).pairs(epoch: 0, seed: 5)
                == PairSampler(identities: corpus.identities, skilledShare: 0.5).pairs(epoch: 0, seed: 5))
    }

    @Test("Augmentation is reproducible for a seed, stays in [0, 1], and none is the identity")
    func augmentation() {
        let img = PlaceholderNormaliser().normalise(DatasetFixture.scribble(writer: 1, sample: 1, forged: false), height: 150, width: 220)
        func run(_ a: Augmentation, seed: UInt64) -> [Float] {
            var out = [Float](repeating: -1, count: 150 * 220)
            var rng = SplitMix64(seed: seed)
            out.withUnsafeMutableBufferPointer { a.apply(img, height: 150, width: 220, rng: &rng, into: $0.baseAddress!) }
            return out
        }
        let a = run(.standard, seed: 1), b = run(.standard, seed: 1), c = run(.standard, seed: 2)
        #expect(a == b, "same seed, same image")
        #expect(a != c, "another seed, another image")
        #expect(a.allSatisfy { $0 >= 0 && $0 <= 1 })
        let identity = run(.none, seed: 1)
        let worst = zip(identity, img).map { abs($0 - Float($1) / 255) }.max() ?? 1
        #expect(worst < 1e-4, "no augmentation differs from the input by \(worst)")
        let thick = Augmentation.morph(img, height: 150, width: 220, thicker: true)
        let thin = Augmentation.morph(img, height: 150, width: 220, thicker: false)
        let ink = { (x: [UInt8]) in x.filter { $0 > 128 }.count }
        #expect(ink(thick) > ink(img) && ink(thin) < ink(img))
    }

    @Test("Augmentation noise has the configured spread and no bias")
    func augmentationNoise() {
        let grey = [UInt8](repeating: 128, count: 150 * 220)
        let noise = Augmentation(rotationDegrees: 0, scaleRange: 0, shiftPixels: 0, strokeProbability: 0, noiseSigma: 0.05)
        var out = [Float](repeating: -1, count: grey.count)
        var rng = SplitMix64(seed: 3)
        out.withUnsafeMutableBufferPointer { noise.apply(grey, height: 150, width: 220, rng: &rng, into: $0.baseAddress!) }
        let mean = out.reduce(0, +) / Float(out.count)
        let sd = (out.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(out.count)).squareRoot()
        // Irwin–Hall of four: bounded at 2·√3 σ, and about 4.3% of draws beyond 2σ (a Gaussian: 4.6%).
        let beyond = Float(out.filter { abs($0 - mean) > 0.1 }.count) / Float(out.count)
        let bound = Float(0.05 * 2 * 3.0.squareRoot() + 1e-4), centre = Float(128) / 255
        #expect(abs(mean - centre) < 0.001, "mean \(mean)")
        #expect(abs(sd - 0.05) < 0.0015, "standard deviation \(sd)")
        #expect(out.allSatisfy { abs($0 - centre) <= bound })
        #expect(beyond > 0.03 && beyond < 0.055, "share beyond 2 sigma \(beyond)")
    }

    @Test("Bilinear sampling reads the image with zeros outside, inside and across the border")
    func bilinearSampling() {
        let (w, h) = (7, 5)
        var rng = SplitMix64(seed: 11)
        let img = (0..<(w * h)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        func at(_ x: Int, _ y: Int) -> Double { x < 0 || y < 0 || x >= w || y >= h ? 0 : Double(img[y * w + x]) / 255 }
        var worst = 0.0
        img.withUnsafeBufferPointer { p in
            for _ in 0..<2000 {
                let x = Double(rng.nextUnit()) * Double(w + 3) - 2, y = Double(rng.nextUnit()) * Double(h + 3) - 2
                let (x0, y0) = (Int(x.rounded(.down)), Int(y.rounded(.down)))
                let (ax, ay) = (x - Double(x0), y - Double(y0))
                let want = (at(x0, y0) * (1 - ax) + at(x0 + 1, y0) * ax) * (1 - ay)
                    + (at(x0, y0 + 1) * (1 - ax) + at(x0 + 1, y0 + 1) * ax) * ay
                let got = Double(Augmentation.bilinear(p.baseAddress!, w, h, Float(x), Float(y)))
                worst = max(worst, abs(got - want))
            }
        }
        #expect(worst < 1e-5, "largest difference \(worst)")
    }

    @Test("EER: 0 when separated, 0.5 when identical, and an exact value in between")
    func eer() {
        #expect(EqualErrorRate.compute(genuine: [0.1, 0.2, 0.3], impostor: [0.5, 0.6]) == 0)
        #expect(EqualErrorRate.compute(genuine: [0.5, 0.5], impostor: [0.5, 0.5]) == 0.5)
        // Genuine 1..4, impostor 3..6: at t = 3, FRR 1/4 (4 rejected), FAR 1/4 (3 accepted).
        #expect(EqualErrorRate.compute(genuine: [1, 2, 3, 4], impostor: [3, 4, 5, 6]) == 0.25)
        #expect(EqualErrorRate.compute(genuine: [], impostor: [1]) == nil)
    }
}
