import Foundation
import Testing
@testable import EncoderTraining
import TwinEncoder

/// Structured batches (`--writers-per-batch`): which images a step takes, what each loss term is, its weight.
@Suite struct WriterGroupSamplerTests {
    private func corpus(crossMedia: Bool) throws -> TrainingCorpus {
        var sources = [try TrainingSources.open(try DatasetFixture.dataset(writers: 5, genuine: 3, forged: 2))]
        if crossMedia { sources.append(try TrainingSources.open(try DatasetFixture.crossMedia(volunteers: 3))) }
        return TrainingCorpus(sources: sources, normaliser: PlaceholderNormaliser())
    }

    @Test("Every term is what its two samples are, with kind weights 1/2, s/2, (1 - s)/2")
    func terms() throws {
        let corpus = try corpus(crossMedia: true)
        let owner = Dictionary(corpus.identities.flatMap { id in (id.genuine + id.forged).map { ($0, id) } }) { a, _ in a }
        let sampler = WriterGroupSampler(identities: corpus.identities, writersPerBatch: 3, imagesPerWriter: 6,
                                         skilledShare: 0.75)
        var seen: Set<PairKind> = []
        var sameTextSkilled = false
        for step in 0..<12 {
            let batch = sampler.batch(epoch: 1, step: step, seed: 9, corpus: corpus)
            #expect(batch.images.map(\.row) == Array(0..<18))
            #expect(batch.pairs.count == batch.kinds.count)
            let persons = Set(stride(from: 0, to: 18, by: 6).map { owner[batch.images[$0].ref]!.identity.person })
            #expect(persons.count == 3, "a step's three groups belong to three persons")
            var weight: [PairKind: Float] = [:]
            for (pair, kind) in zip(batch.pairs, batch.kinds) {
                let ra = batch.images[pair.a].ref, rb = batch.images[pair.b].ref
                let a = try #require(owner[ra]), b = try #require(owner[rb])
                let aGenuine = a.genuine.contains(ra), bGenuine = b.genuine.contains(rb)
                #expect(a.identity.person != b.identity.person || a.identity.id == b.identity.id)
                #expect(aGenuine || bGenuine, "two forgeries are never compared")
                switch kind {
                case .genuine:
                    #expect(a.identity.id == b.identity.id && aGenuine && bGenuine && pair.same)
                case .skilled:
                    let forgery = a.identity.id == b.identity.id && aGenuine != bGenuine
                    let sameText = aGenuine && bGenuine && a.identity.textKey != nil
                        && a.identity.textKey == b.identity.textKey && a.identity.person != b.identity.person
                    #expect(forgery || sameText)
                    #expect(!pair.same)
                    if sameText { sameTextSkilled = true }
                case .random:
                    #expect(a.identity.id != b.identity.id && a.identity.person != b.identity.person && !pair.same)
                    #expect(!(aGenuine && bGenuine && a.source == b.source && a.identity.textKey != nil
                              && a.identity.textKey == b.identity.textKey))
                }
                weight[kind, default: 0] += pair.weight
                seen.insert(kind)
            }
            let expected: [PairKind: Float] = [.genuine: 0.5, .skilled: 0.375, .random: 0.125]
            for (kind, w) in weight { #expect(abs(w - expected[kind]!) < 1e-5, "\(kind) weighs \(w)") }
        }
        #expect(seen == [.genuine, .skilled, .random])
        #expect(sameTextSkilled, "cross-media identities take the same name by another volunteer as skilled partners")
    }

    @Test("Half of each group is genuine; a writer with forgeries gets its forgeries as partners")
    func groups() throws {
        let corpus = try corpus(crossMedia: false)
        let sampler = WriterGroupSampler(identities: corpus.identities, writersPerBatch: 2, imagesPerWriter: 4)
        let batch = sampler.batch(epoch: 0, step: 0, seed: 4, corpus: corpus)
        for g in 0..<2 {
            let refs = batch.images[(4 * g)..<(4 * g + 4)].map(\.ref)
            let id = try #require(corpus.identities.first { $0.genuine.contains(refs[0]) })
            #expect(refs.prefix(2).allSatisfy { id.genuine.contains($0) } && Set(refs.prefix(2)).count == 2)
            #expect(refs.suffix(2).allSatisfy { id.forged.contains($0) } && Set(refs.suffix(2)).count == 2)
        }
        // Per group: one positive, four skilled; across the two groups: 2 x 2 genuine-genuine + 2 x 2 x 2
        // forgery-genuine random terms.
        #expect(batch.kinds.filter { $0 == .genuine }.count == 2)
        #expect(batch.kinds.filter { $0 == .skilled }.count == 8)
        #expect(batch.kinds.filter { $0 == .random }.count == 4 + 8)
    }

    @Test("Seeded by (seed, epoch, step); an epoch takes every writer once before any again")
    func seeding() throws {
        let corpus = try corpus(crossMedia: false)
        let sampler = WriterGroupSampler(identities: corpus.identities, writersPerBatch: 2, imagesPerWriter: 4)
        let a = sampler.batch(epoch: 2, step: 1, seed: 7, corpus: corpus)
        #expect(sampler.batch(epoch: 2, step: 1, seed: 7, corpus: corpus) == a)
        #expect(sampler.batch(epoch: 2, step: 2, seed: 7, corpus: corpus) != a)
        #expect(sampler.batch(epoch: 3, step: 1, seed: 7, corpus: corpus) != a)
        #expect(sampler.batch(epoch: 2, step: 1, seed: 8, corpus: corpus) != a)
        let order = sampler.writerOrder(epoch: 0, seed: 7)
        #expect(order.sorted() == Array(corpus.identities.indices))
        #expect(sampler.writerOrder(epoch: 1, seed: 7) != order)
    }

    @Test("Pen variety re-renders about its share of the samples of a source that can redraw them, and only those")
    func penVariety() throws {
        let folder = try corpus(crossMedia: false)
        let sampler = WriterGroupSampler(identities: folder.identities, writersPerBatch: 2, imagesPerWriter: 4)
        #expect(sampler.batch(epoch: 0, step: 0, seed: 4, corpus: folder, penVariety: PenVariety(share: 1))
            .images.allSatisfy { $0.rendering == nil }, "folder sources have one rendering")
        let redrawn = TrainingCorpus(sources: [RedrawnScribbleSource(writers: 6, genuine: 3, forged: 2)],
                                     normaliser: PlaceholderNormaliser())
        let groups = WriterGroupSampler(identities: redrawn.identities, writersPerBatch: 2, imagesPerWriter: 4)
        func rendered(_ share: Double) -> Int {
            (0..<20).reduce(0) { n, step in
                n + groups.batch(epoch: 0, step: step, seed: 4, corpus: redrawn, penVariety: PenVariety(share: share))
                    .images.filter { $0.rendering != nil }.count
            }
        }
        #expect(rendered(0) == 0)
        #expect(rendered(1) == 160)
        #expect((50...110).contains(rendered(0.5)))
        let plain = groups.batch(epoch: 0, step: 3, seed: 4, corpus: redrawn)
        let varied = groups.batch(epoch: 0, step: 3, seed: 4, corpus: redrawn, penVariety: PenVariety(share: 0.5))
        #expect(plain.images.map(\.ref) == varied.images.map(\.ref) && plain.pairs == varied.pairs,
                "pen variety changes renderings only")
    }
}
