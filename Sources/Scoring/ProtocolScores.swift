import Randomness

/// One writer's embeddings as the evaluation protocol needs them.
public struct WriterEmbeddings: Sendable {
    /// The writer's id (folder name); writers are processed in id order.
    public var id: String
    /// Embeddings of the writer's genuine signatures.
    public var genuine: [[Float]]
    /// Embeddings of skilled forgeries of the writer's signature.
    public var skilledForgeries: [[Float]]
    /// File names of the genuine signatures, in the order of `genuine` (empty when they have none).
    public var genuineNames: [String]
    /// File names of the skilled forgeries, in the order of `skilledForgeries` (empty when they have none).
    public var forgeryNames: [String]

    /// Creates one writer's set.
    public init(id: String, genuine: [[Float]], skilledForgeries: [[Float]], genuineNames: [String] = [],
                forgeryNames: [String] = []) {
        self.id = id
        self.genuine = genuine
        self.skilledForgeries = skilledForgeries
        self.genuineNames = genuineNames
        self.forgeryNames = forgeryNames
    }

    /// How a signature of this writer is named in exports: `<writer>/genuine/<file>` or `<writer>/forged/<file>`,
    /// with `#n` (1-based) in place of a file name the set does not have.
    public func name(of signature: ComparisonIdentity.Questioned) -> String {
        let (folder, names) = signature.forged ? ("forged", forgeryNames) : ("genuine", genuineNames)
        let file = names.indices.contains(signature.index) ? names[signature.index] : "#\(signature.index + 1)"
        return id + "/" + folder + "/" + file
    }
}

/// Which comparison of the protocol a score belongs to: the kind, whose baseline, and the questioned signature.
public struct ComparisonIdentity: Sendable, Equatable {
    /// A questioned signature: its writer, whether it is one of their skilled forgeries (else a genuine
    /// signature), and its index in that list.
    public struct Questioned: Sendable, Equatable {
        /// The writer whose folder holds it.
        public var writer: String
        /// From `skilledForgeries` (else from `genuine`).
        public var forged: Bool
        /// Index in that list.
        public var index: Int

        /// Signature `index` of `writer`'s skilled forgeries (`forged`) or genuine signatures.
        public init(writer: String, forged: Bool, index: Int) {
            self.writer = writer
            self.forged = forged
            self.index = index
        }
    }
    /// Genuine, skilled or random.
    public var kind: VerificationProtocol.Comparison
    /// The writer whose references form the baseline.
    public var baseline: String
    /// The signature compared with it.
    public var questioned: Questioned
}

/// The scores of the writer-independent protocol, with the writer each comparison's baseline belongs to.
public struct ProtocolScores: Sendable {
    /// Remaining genuine signatures against their own writer's baseline.
    public var genuine: [Double] = []
    /// Skilled forgeries against the imitated writer's baseline.
    public var skilled: [Double] = []
    /// Other writers' genuine signatures against a writer's baseline.
    public var random: [Double] = []
    /// Writers that took part (id order).
    public var writers: [String] = []
    /// Writers left out, with the reason.
    public var skippedWriters: [String] = []
    /// The comparison behind each score of `genuine`, `skilled` and `random`, in the same order.
    public var identities: [VerificationProtocol.Comparison: [ComparisonIdentity]] = [:]

    /// The different-source scores of one alternative proposition.
    public func different(_ alternative: AlternativeProposition) -> [Double] {
        switch alternative {
        case .skilledForgery: return skilled
        case .randomForgery: return random
        case .anyForgery: return skilled + random
        }
    }
}

/// The writer-independent protocol: for each writer, K genuine references chosen with the seed; questioned are
/// the remaining genuine, all skilled forgeries of that writer, and random forgeries (genuine signatures of the
/// other writers in the same set).
public enum VerificationProtocol {
    /// Chooses each writer's references and scores every questioned signature.
    ///
    /// The references of a writer depend only on (seed, writer id), never on which other writers are in the set,
    /// so a writer gets the same baseline in calibration folds and in evaluation. A writer with fewer than K
    /// genuine signatures is skipped and named in `skippedWriters`. `randomPerWriter` limits random forgeries to
    /// that many genuine signatures of each other writer (seeded choice); nil takes them all.
    public static func scores(writers: [WriterEmbeddings], referenceCount k: Int, seed: UInt64,
                              scorer: BaselineScorer, randomPerWriter: Int? = nil) throws -> ProtocolScores {
        var result = ProtocolScores()
        let taking = try comparisons(writers: writers, referenceCount: k, seed: seed, scorer: scorer,
                                     randomPerWriter: randomPerWriter) {
            identity, baseline, questioned in
            let score = try baseline.score(questioned)
            switch identity.kind {
            case .genuine: result.genuine.append(score)
            case .skilled: result.skilled.append(score)
            case .random: result.random.append(score)
            }
            result.identities[identity.kind, default: []].append(identity)
        }
        result.writers = taking.writers
        result.skippedWriters = taking.skipped
        return result
    }

    /// What a questioned signature of the protocol is to the baseline it is compared with.
    public enum Comparison: String, Sendable {
        case genuine, skilled, random
    }

    /// Every comparison of the protocol, in a fixed order, handed to `body` (which comparison it is, the baseline,
    /// the questioned embedding); returns the writers that took part (id order) and those skipped, with the reason.
    /// `includeRandom: false` leaves the random forgeries out. The choice of references and random forgeries is the
    /// one `scores` describes.
    @discardableResult
    public static func comparisons(writers: [WriterEmbeddings], referenceCount k: Int, seed: UInt64,
                                   scorer: BaselineScorer, randomPerWriter: Int? = nil, includeRandom: Bool = true,
                                   _ body: (ComparisonIdentity, PreparedBaseline, [Float]) throws -> Void) throws
        -> (writers: [String], skipped: [String]) {
        guard k >= 1 else {
            throw ScoringError.invalidParameter(name: "references", value: "\(k)", reason: "at least one reference is needed")
        }
        let ordered = writers.sorted { $0.id < $1.id }
        var taking: [String] = [], skipped: [String] = []
        var baselines: [(index: Int, baseline: PreparedBaseline, references: Set<Int>)] = []
        for (index, writer) in ordered.enumerated() {
            guard writer.genuine.count >= k else {
                skipped.append("\(writer.id): \(writer.genuine.count) genuine, \(k) references needed")
                continue
            }
            let chosen = referenceIndices(of: writer, referenceCount: k, seed: seed)
            let baseline = try scorer.prepare(references: chosen.map { writer.genuine[$0] })
            baselines.append((index, baseline, Set(chosen)))
            taking.append(writer.id)
        }
        for entry in baselines {
            let writer = ordered[entry.index]
            func identity(_ kind: Comparison, _ of: WriterEmbeddings, forged: Bool, _ index: Int) -> ComparisonIdentity {
                ComparisonIdentity(kind: kind, baseline: writer.id,
                                   questioned: .init(writer: of.id, forged: forged, index: index))
            }
            for (i, e) in writer.genuine.enumerated() where !entry.references.contains(i) {
                try body(identity(.genuine, writer, forged: false, i), entry.baseline, e)
            }
            for (i, e) in writer.skilledForgeries.enumerated() {
                try body(identity(.skilled, writer, forged: true, i), entry.baseline, e)
            }
            guard includeRandom else { continue }
            var rng = SplitMix64(seed: writerSeed(seed ^ 0x5241_4E44_4F4D, writer.id))
            for (otherIndex, other) in ordered.enumerated() where otherIndex != entry.index {
                var picks = Array(other.genuine.indices)
                if let limit = randomPerWriter, limit < picks.count { picks = Array(rng.shuffled(picks).prefix(limit)) }
                for i in picks { try body(identity(.random, other, forged: false, i), entry.baseline, other.genuine[i]) }
            }
        }
        return (taking, skipped)
    }

    /// The indices in `writer.genuine` of the K references the protocol chooses for the writer with `seed`.
    public static func referenceIndices(of writer: WriterEmbeddings, referenceCount k: Int, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: writerSeed(seed, writer.id))
        return Array(rng.shuffled(Array(writer.genuine.indices)).prefix(k))
    }

    /// A per-writer seed: FNV-1a of the id mixed with the run's seed.
    static func writerSeed(_ seed: UInt64, _ id: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        var mixer = SplitMix64(seed: seed ^ hash)
        return mixer.next()
    }
}
