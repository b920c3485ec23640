import TwinEncoder
import Randomness

/// Validation figures on held-out writers: EER against skilled forgeries and against random forgeries.
public struct ValidationReport: Sendable, Equatable, Codable {
    /// EER, genuine vs skilled (forgeries, or the same text by another person); nil without such pairs.
    public var eerSkilled: Double?
    /// EER, genuine vs random (another person's genuine signature).
    public var eerRandom: Double?
    /// Pairs of each kind.
    public var genuinePairs: Int, skilledPairs: Int, randomPairs: Int

    /// As metadata numbers with a prefix (e.g. `eerSkilled`, `init.eerSkilled`).
    public func figures(prefix: String = "") -> [String: Double] {
        var m: [String: Double] = ["\(prefix)genuinePairs": Double(genuinePairs),
                                   "\(prefix)skilledPairs": Double(skilledPairs),
                                   "\(prefix)randomPairs": Double(randomPairs)]
        if let eerSkilled { m["\(prefix)eerSkilled"] = eerSkilled }
        if let eerRandom { m["\(prefix)eerRandom"] = eerRandom }
        return m
    }
}

/// Scores pairs of held-out identities with an encoder: every genuine pair within an identity (up to 45 per
/// identity), every genuine × skilled pair (up to 45), and as many random pairs as genuine ones.
public struct Validator {
    /// The held-out identities.
    public let identities: [CorpusIdentity]
    /// Seed for the random pairs.
    public let seed: UInt64

    /// A validator over `identities`.
    public init(identities: [CorpusIdentity], seed: UInt64) {
        self.identities = identities
        self.seed = seed
    }

    /// The pairs scored (fixed for a seed, so the init and final figures use the same pairs).
    public func pairs() -> [SignaturePair] {
        let sampler = PairSampler(identities: identities)
        var rng = SplitMix64(seed: seed ^ 0x7a11_da7e)
        var out: [SignaturePair] = []
        for (i, id) in identities.enumerated() {
            let g = id.genuine
            var genuine: [SignaturePair] = []
            for a in 0..<g.count { for b in (a + 1)..<max(a + 1, g.count) { genuine.append(.init(a: g[a], b: g[b], kind: .genuine)) } }
            out += genuine.prefix(45)
            var skilled: [SignaturePair] = []
            if !id.forged.isEmpty {
                for a in g { for f in id.forged { skilled.append(.init(a: a, b: f, kind: .skilled)) } }
            } else if !g.isEmpty {
                for _ in 0..<min(g.count * 2, 45) {
                    if let s = sampler.skilledPartner(of: i, rng: &rng) {
                        skilled.append(.init(a: g[rng.nextIndex(g.count)], b: s, kind: .skilled))
                    }
                }
            }
            out += skilled.prefix(45)
            for _ in 0..<min(genuine.count, 45) {
                if let r = sampler.randomPartner(of: i, rng: &rng) {
                    out.append(.init(a: g[rng.nextIndex(g.count)], b: r, kind: .random))
                }
            }
        }
        return out
    }

    /// Embeds every sample the pairs use (batches of 32, inference mode) and computes both EERs.
    public func run(encoder: TwinEncoder, corpus: TrainingCorpus, pairs: [SignaturePair]) throws -> ValidationReport {
        let refs = Array(Set(pairs.flatMap { [$0.a, $0.b] })).sorted { ($0.source, $0.sample) < ($1.source, $1.sample) }
        var embedding: [SampleRef: [Float]] = [:]
        var start = 0
        while start < refs.count {
            let chunk = Array(refs[start..<min(start + 32, refs.count)])
            let inputs = try chunk.map { try corpus.image($0).map { Float($0) / 255 } }
            let out = try encoder.embed(inputs)
            for (r, e) in zip(chunk, out) { embedding[r] = e }
            start += chunk.count
        }
        var distances: [PairKind: [Float]] = [:]
        for p in pairs {
            guard let a = embedding[p.a], let b = embedding[p.b] else { continue }
            var s: Float = 0
            for j in a.indices { let d = a[j] - b[j]; s += d * d }
            distances[p.kind, default: []].append(s.squareRoot())
        }
        let g = distances[.genuine] ?? [], sk = distances[.skilled] ?? [], rnd = distances[.random] ?? []
        return ValidationReport(eerSkilled: EqualErrorRate.compute(genuine: g, impostor: sk),
                                eerRandom: EqualErrorRate.compute(genuine: g, impostor: rnd),
                                genuinePairs: g.count, skilledPairs: sk.count, randomPairs: rnd.count)
    }
}
