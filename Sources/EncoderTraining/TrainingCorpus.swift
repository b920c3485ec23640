import TwinEncoder

/// One sample of one source.
public struct SampleRef: Hashable, Sendable {
    /// The source's position in the corpus.
    public var source: Int
    /// The sample number within that source.
    public var sample: Int
}

/// An identity together with the source it comes from.
public struct CorpusIdentity: Sendable, Equatable {
    /// The source's position in the corpus.
    public var source: Int
    /// The identity.
    public var identity: SignatureIdentity
    /// Its genuine samples as corpus references.
    public var genuine: [SampleRef] { identity.genuine.map { SampleRef(source: source, sample: $0) } }
    /// Its forged samples as corpus references.
    public var forged: [SampleRef] { identity.forged.map { SampleRef(source: source, sample: $0) } }
}

/// All training sources behind one normaliser, with every normalised sample kept in memory once made
/// (150 × 220 bytes each, about 33 KB).
///
/// Not `Sendable`: it owns a cache; one training run owns one corpus.
public final class TrainingCorpus {
    /// The sources, in the order given.
    public let sources: [any SignatureSource]
    /// The normaliser (its version goes into the model).
    public let normaliser: any SignatureNormaliser
    /// Network input height and width.
    public let height: Int, width: Int
    /// Every identity of every source.
    public let identities: [CorpusIdentity]
    private var cache: [SampleRef: [UInt8]] = [:]

    /// A corpus over `sources`.
    public init(sources: [any SignatureSource], normaliser: any SignatureNormaliser, height: Int = 150, width: Int = 220) {
        self.sources = sources
        self.normaliser = normaliser
        self.height = height
        self.width = width
        identities = sources.enumerated().flatMap { i, s in s.identities.map { CorpusIdentity(source: i, identity: $0) } }
    }

    /// What the model's `training_data` metadata says.
    public var summary: String { sources.map(\.summary).joined(separator: "; ") }

    /// The normalised image of a sample (ink high, 0…255), made once and then cached.
    public func image(_ ref: SampleRef) throws -> [UInt8] {
        if let hit = cache[ref] { return hit }
        let img = normaliser.normalise(try sources[ref.source].crop(ref.sample), height: height, width: width)
        cache[ref] = img
        return img
    }

    /// The persons of each source, sorted.
    func persons(ofSource source: Int) -> [String] {
        Array(Set(identities.filter { $0.source == source }.map(\.identity.person))).sorted()
    }
}
