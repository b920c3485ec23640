import TwinEncoder
import Randomness

/// One step's images and the loss terms over them, whichever sampler made them.
public struct StepBatch: Sendable, Equatable {
    /// One image of the step.
    public struct Image: Sendable, Equatable {
        /// The sample.
        public var ref: SampleRef
        /// Its rendering (nil: the sample's own).
        public var rendering: Int?
        /// Its row in the batch tensor.
        public var row: Int
    }

    /// The images in the order their augmentation is drawn (rows may come in another order).
    public var images: [Image]
    /// The loss terms, over rows.
    public var pairs: [LossTerm]
    /// What each loss term is (same order as `pairs`).
    public var kinds: [PairKind]

    /// B independent pairs: row i holds pair i's first side and row B + i its second side, each term weighted 1/B
    /// (the mean); the augmentation is drawn a, b, a, b, … pair by pair.
    public init(pairs chosen: some Collection<SignaturePair>, renderings: [PairRendering]) {
        let count = chosen.count
        images = []
        images.reserveCapacity(2 * count)
        for (i, (pair, rendering)) in zip(chosen, renderings).enumerated() {
            images.append(Image(ref: pair.a, rendering: rendering.a, row: i))
            images.append(Image(ref: pair.b, rendering: rendering.b, row: i + count))
        }
        let weight = 1 / Float(count)
        pairs = chosen.enumerated().map { LossTerm(a: $0.offset, b: $0.offset + count, same: $0.element.same,
                                                   weight: weight) }
        kinds = chosen.map(\.kind)
    }

    /// Images with their loss terms as given.
    public init(images: [Image], pairs: [LossTerm], kinds: [PairKind]) {
        self.images = images
        self.pairs = pairs
        self.kinds = kinds
    }
}

/// Structured batches (`train --writers-per-batch P`): each step takes P writers of the partition and for each
/// of them n = images / P images, half genuine and half its skilled partners (its forgeries, else the same text
/// written by another person, else another person's genuine signature), and the loss runs over every pair of the
/// step's images: two genuine images of one identity are a same-writer term, a genuine image and a forgery of it
/// (or the same text by another person) a skilled one, two genuine images of different persons a random one; a
/// forgery against another identity's genuine image is random too; pairs of one person's different identities
/// (cross-media: one volunteer, two names) and of two forgeries say nothing and are left out.
///
/// Why: a batch of independent pairs uses each image in one comparison, most of them easy. A step of P writers
/// with n images each makes C(n/2, 2) positives and (n/2)² skilled comparisons per writer, plus the random ones
/// across writers, from the same forward pass, and each genuine image is compared with several of its own writer's
/// genuine images at once, as a questioned signature is compared with several references in a case.
///
/// Weights: the three kinds keep the shares the pair sampler gives them at the same `skilledShare` s — one half
/// for same-writer terms, s/2 for skilled, (1 − s)/2 for random — spread evenly over the terms of each kind in
/// the step. Writers are taken in a seeded order per epoch (each once before any again) and the samples per step
/// are seeded by (seed, epoch, step), so a resumed run draws the same batches.
public struct WriterGroupSampler: Sendable {
    /// The smallest group: two genuine images and two partners.
    public static let minimumImagesPerWriter = 4

    /// The partition's identities with at least two genuine samples.
    public let identities: [CorpusIdentity]
    /// Writers per step.
    public let writersPerBatch: Int
    /// Images per writer (genuine: the first half, rounded up).
    public let imagesPerWriter: Int
    /// Share of the different-writer weight given to skilled terms.
    public let skilledShare: Double
    private let sameText: SameTextIndex

    /// A sampler over `identities` (those with fewer than two genuine samples are left out).
    public init(identities: [CorpusIdentity], writersPerBatch: Int, imagesPerWriter: Int, skilledShare: Double = 0.5) {
        precondition(writersPerBatch >= 2 && imagesPerWriter >= Self.minimumImagesPerWriter)
        self.identities = identities.filter { $0.identity.genuine.count >= 2 }
        self.writersPerBatch = writersPerBatch
        self.imagesPerWriter = imagesPerWriter
        self.skilledShare = min(max(skilledShare, 0), 1)
        sameText = SameTextIndex(self.identities)
    }

    /// What one image of a group is: a sample of `identity` (index), genuine or a forgery of it.
    struct Member {
        var ref: SampleRef
        var identity: Int
        var genuine: Bool
    }

    /// Step `step` of `epoch`: its images (renderings left to `penVariety`) and loss terms.
    public func batch(epoch: Int, step: Int, seed: UInt64, corpus: TrainingCorpus,
                      penVariety: PenVariety = PenVariety(share: 0)) -> StepBatch {
        let order = writerOrder(epoch: epoch, seed: seed)
        var rng = SplitMix64(seed: (seed ^ 0x6A09_E667_F3BC_C908) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(epoch) &* 1_000_003
                             &+ UInt64(step))
        var members: [Member] = []
        var persons: Set<String> = []
        var cursor = step * writersPerBatch
        var taken = 0
        // Consecutive writers of the epoch's order, skipping a person already in the step (one volunteer's other
        // names) while another is left to take.
        while taken < writersPerBatch {
            let i = order[cursor % order.count]
            cursor += 1
            if persons.contains(identities[i].identity.person) && cursor < step * writersPerBatch + order.count { continue }
            persons.insert(identities[i].identity.person)
            members += group(of: i, rng: &rng)
            taken += 1
        }
        let renderings = penVariety.renderings(forImages: members.map(\.ref), corpus: corpus, seed: seed, epoch: epoch,
                                               step: step)
        let images = zip(members, renderings).enumerated().map {
            StepBatch.Image(ref: $0.element.0.ref, rendering: $0.element.1, row: $0.offset)
        }
        let (pairs, kinds) = terms(members)
        return StepBatch(images: images, pairs: pairs, kinds: kinds)
    }

    /// The epoch's order of writers: a seeded permutation.
    func writerOrder(epoch: Int, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: (seed ^ 0xBB67_AE85_84CA_A73B) &* 0x2545_F491_4F6C_DD1D &+ UInt64(epoch) &+ 1)
        var order = Array(identities.indices)
        order.shuffle(using: &rng)
        return order
    }

    /// Identity i's images: ⌈n/2⌉ genuine samples (without repeats while there are enough), then its partners.
    func group(of i: Int, rng: inout SplitMix64) -> [Member] {
        let id = identities[i]
        let genuineCount = (imagesPerWriter + 1) / 2
        var out = Self.draw(id.genuine, count: genuineCount, rng: &rng).map { Member(ref: $0, identity: i, genuine: true) }
        let partnerCount = imagesPerWriter - genuineCount
        if !id.forged.isEmpty {
            out += Self.draw(id.forged, count: partnerCount, rng: &rng).map { Member(ref: $0, identity: i, genuine: false) }
            return out
        }
        let peers = sameText.peers(of: i, in: identities)
        for _ in 0..<partnerCount {
            let j = peers.isEmpty ? otherPerson(than: i, rng: &rng) : peers[rng.nextIndex(peers.count)]
            let g = identities[j].genuine
            out.append(Member(ref: g[rng.nextIndex(g.count)], identity: j, genuine: true))
        }
        return out
    }

    /// `count` of `refs`: a shuffled prefix, repeating the list when it is shorter.
    static func draw(_ refs: [SampleRef], count: Int, rng: inout SplitMix64) -> [SampleRef] {
        var out: [SampleRef] = []
        while out.count < count {
            var pool = refs
            pool.shuffle(using: &rng)
            out += pool.prefix(count - out.count)
        }
        return out
    }

    /// An identity of another person (there is one: the split never leaves one person alone in training).
    func otherPerson(than i: Int, rng: inout SplitMix64) -> Int {
        let person = identities[i].identity.person
        for _ in 0..<64 {
            let j = rng.nextIndex(identities.count)
            if identities[j].identity.person != person { return j }
        }
        return identities.indices.first { identities[$0].identity.person != person } ?? i
    }

    /// Every informative pair of the members, weighted by kind.
    func terms(_ members: [Member]) -> ([LossTerm], [PairKind]) {
        var found: [(a: Int, b: Int, kind: PairKind)] = []
        for x in members.indices {
            for y in (x + 1)..<members.count {
                if let kind = kind(members[x], members[y]) { found.append((x, y, kind)) }
            }
        }
        var counts: [PairKind: Int] = [:]
        for f in found { counts[f.kind, default: 0] += 1 }
        let share: [PairKind: Double] = [.genuine: 0.5, .skilled: skilledShare / 2, .random: (1 - skilledShare) / 2]
        let pairs = found.map { f in
            LossTerm(a: f.a, b: f.b, same: f.kind == .genuine, weight: Float(share[f.kind]! / Double(counts[f.kind]!)))
        }
        return (pairs, found.map(\.kind))
    }

    /// What a pair of members is, or nil when it says nothing (one person's two identities, two forgeries).
    func kind(_ x: Member, _ y: Member) -> PairKind? {
        if x.identity == y.identity {
            if x.genuine && y.genuine { return .genuine }
            return x.genuine || y.genuine ? .skilled : nil
        }
        let a = identities[x.identity], b = identities[y.identity]
        if a.identity.person == b.identity.person || (!x.genuine && !y.genuine) { return nil }
        if x.genuine && y.genuine, a.source == b.source, let key = a.identity.textKey, key == b.identity.textKey {
            return .skilled
        }
        return .random
    }
}
