import Foundation
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
/// (one byte per input pixel: 150 × 220, about 33 KB, for signet-s; four times that for signet-s-hr).
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

    /// Decodes and normalises `refs` not yet cached on `threads` threads (sources and normaliser are Sendable).
    /// Returns how many were made; the first failure is thrown after all threads finish.
    @discardableResult
    public func preload(_ refs: [SampleRef], threads: Int) throws -> Int {
        let missing = Array(Set(refs.filter { cache[$0] == nil }))
        guard !missing.isEmpty else { return 0 }
        let (sources, normaliser, h, w) = (self.sources, self.normaliser, height, width)
        let made = try Self.concurrentMap(missing.count, threads: threads) { i in
            normaliser.normalise(try sources[missing[i].source].crop(missing[i].sample), height: h, width: w)
        }
        for (ref, img) in zip(missing, made) { cache[ref] = img }
        return missing.count
    }

    /// `body(0..<count)` on up to `threads` threads, results in index order; the first failure (by index) is thrown
    /// after all threads finish.
    static func concurrentMap<T>(_ count: Int, threads: Int,
                                 _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        guard count > 0 else { return [] }
        let results = ConcurrentResults<T>(count: count)
        let workers = max(1, min(threads, count))
        DispatchQueue.concurrentPerform(iterations: workers) { t in
            for i in stride(from: t, to: count, by: workers) {
                results.set(i, Result { try body(i) })
            }
        }
        return try (0..<count).map { try results.get($0)!.get() }
    }

    /// The persons of each source, sorted.
    func persons(ofSource source: Int) -> [String] {
        Array(Set(identities.filter { $0.source == source }.map(\.identity.person))).sorted()
    }
}

/// Per-index results of `concurrentMap`. `@unchecked Sendable`: each worker writes only the indices it owns
/// (i ≡ worker mod workers), and they are read after `concurrentPerform` returns.
private final class ConcurrentResults<T>: @unchecked Sendable {
    private var slots: [Result<T, any Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<T, any Error>) { slots.withUnsafeMutableBufferPointer { $0[i] = r } }
    func get(_ i: Int) -> Result<T, any Error>? { slots[i] }
}
