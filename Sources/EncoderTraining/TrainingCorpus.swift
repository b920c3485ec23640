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

    /// Decodes and normalises `refs` not yet cached on `threads` threads (sources and normaliser are Sendable).
    /// Returns how many were made; the first failure is thrown after all threads finish.
    @discardableResult
    public func preload(_ refs: [SampleRef], threads: Int) throws -> Int {
        let missing = Array(Set(refs.filter { cache[$0] == nil }))
        guard !missing.isEmpty else { return 0 }
        let results = PreloadResults(count: missing.count)
        let (sources, normaliser, h, w) = (self.sources, self.normaliser, height, width)
        let workers = max(1, min(threads, missing.count))
        DispatchQueue.concurrentPerform(iterations: workers) { t in
            for i in stride(from: t, to: missing.count, by: workers) {
                let ref = missing[i]
                do {
                    results.set(i, .success(normaliser.normalise(try sources[ref.source].crop(ref.sample), height: h, width: w)))
                } catch {
                    results.set(i, .failure(error))
                }
            }
        }
        for (i, ref) in missing.enumerated() {
            switch results.get(i) {
            case let .success(img): cache[ref] = img
            case let .failure(error): throw error
            case nil: break
            }
        }
        return missing.count
    }

    /// The persons of each source, sorted.
    func persons(ofSource source: Int) -> [String] {
        Array(Set(identities.filter { $0.source == source }.map(\.identity.person))).sorted()
    }
}

/// Per-sample results of a preload. `@unchecked Sendable`: each worker writes only the indices it owns
/// (i ≡ worker mod workers), and they are read after `concurrentPerform` returns.
private final class PreloadResults: @unchecked Sendable {
    private var slots: [Result<[UInt8], any Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<[UInt8], any Error>) { slots.withUnsafeMutableBufferPointer { $0[i] = r } }
    func get(_ i: Int) -> Result<[UInt8], any Error>? { slots[i] }
}
