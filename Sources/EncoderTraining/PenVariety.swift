import Randomness

/// A source that can draw any of its samples again with another pen and scanner (a synthetic generator): the same
/// pen path, another rendering. Rendering `r` of a sample is a pure function of (sample, r).
public protocol RenderingVariableSource: SignatureSource {
    /// How many renderings a sample can be drawn with (indices `0..<renderings`).
    var renderings: Int { get }
    /// A short name of rendering `r` ("black-felt/fax-200-bilevel").
    func renderingName(_ r: Int) -> String
    /// Sample `sample` drawn with rendering `r`.
    func crop(_ sample: Int, rendering r: Int) throws -> GrayCrop
}

/// Which rendering each side of a training pair is drawn with: nil keeps the sample's own rendering.
public struct PairRendering: Sendable, Equatable {
    /// Rendering of side a and of side b.
    public var a: Int?, b: Int?
    /// Both sides in their own rendering.
    public static let own = PairRendering(a: nil, b: nil)
}

/// Pen variety (`train --pen-variety P`): a share P of the same-writer and skilled-forgery pairs whose two sides
/// both come from a rendering-variable source have each side re-rendered with an independently drawn pen and
/// scanner, so that a same-writer pair may differ in pen and a forgery may share the writer's pen — the pen stops
/// being a sign of the writer. Random-forgery pairs keep their own renderings.
///
/// Seeded by (seed, epoch, step) alone and drawing a fixed count per pair, so a resumed run draws the same.
public struct PenVariety: Sendable, Equatable {
    /// The share of eligible pairs re-rendered, 0…1.
    public var share: Double

    /// Memberwise.
    public init(share: Double) { self.share = share }

    /// The step's own generator: seeded by (seed, epoch, step) alone.
    static func generator(seed: UInt64, epoch: Int, step: Int) -> SplitMix64 {
        SplitMix64(seed: (seed ^ 0x7E4_0A21_E7) &* 0xD1B5_4A32_D192_ED03 &+ UInt64(epoch) &* 1_000_003 &+ UInt64(step))
    }

    /// The renderings of one step's images taken one by one (structured batches, where every image is in pairs of
    /// every kind): each image of a rendering-variable source is re-rendered with probability `share`.
    public func renderings(forImages refs: [SampleRef], corpus: TrainingCorpus, seed: UInt64, epoch: Int,
                           step: Int) -> [Int?] {
        var rng = Self.generator(seed: seed, epoch: epoch, step: step)
        return refs.map { ref in
            let u = rng.nextUnitDouble(), r = rng.next()
            guard share > 0, u < share, let n = corpus.renderings(of: ref) else { return nil }
            return Int(r % UInt64(n))
        }
    }

    /// The renderings of one step's pairs.
    public func renderings(for pairs: some Collection<SignaturePair>, corpus: TrainingCorpus, seed: UInt64,
                           epoch: Int, step: Int) -> [PairRendering] {
        var rng = Self.generator(seed: seed, epoch: epoch, step: step)
        return pairs.map { pair in
            let u = rng.nextUnitDouble(), ra = rng.next(), rb = rng.next()
            guard share > 0, pair.kind != .random, u < share,
                  let na = corpus.renderings(of: pair.a), let nb = corpus.renderings(of: pair.b)
            else { return .own }
            return PairRendering(a: Int(ra % UInt64(na)), b: Int(rb % UInt64(nb)))
        }
    }
}

extension TrainingCorpus {
    /// How many renderings the sample's source offers, or nil when it offers none.
    public func renderings(of ref: SampleRef) -> Int? {
        guard let source = sources[ref.source] as? any RenderingVariableSource, source.renderings > 0 else { return nil }
        return source.renderings
    }

    /// The normalised image of a sample in rendering `r` (nil: its own, cached). Other renderings are made each time
    /// and not kept: a run touches each (sample, rendering) about once, and keeping them would cost gigabytes.
    public func image(_ ref: SampleRef, rendering r: Int?) throws -> [UInt8] {
        guard let r else { return try image(ref) }
        return try Self.rendered(ref, r, sources: sources, normaliser: normaliser, height: height, width: width)
    }

    /// The images of a step's samples in their renderings, in order: own renderings from the cache (those not yet
    /// in it made first), the others made each time; both on `threads` threads (each image is a pure function of
    /// its sample and rendering, so the threads change nothing).
    public func images(_ requests: [(ref: SampleRef, rendering: Int?)], threads: Int) throws -> [[UInt8]] {
        try preload(requests.filter { $0.rendering == nil }.map(\.ref), threads: threads)
        var out = try requests.map { $0.rendering == nil ? try image($0.ref) : [] }
        let redraw = requests.indices.filter { requests[$0].rendering != nil }
        let (sources, normaliser, h, w) = (self.sources, self.normaliser, height, width)
        let made = try Self.concurrentMap(redraw.count, threads: threads) { k in
            try Self.rendered(requests[redraw[k]].ref, requests[redraw[k]].rendering!, sources: sources,
                              normaliser: normaliser, height: h, width: w)
        }
        for (i, img) in zip(redraw, made) { out[i] = img }
        return out
    }

    static func rendered(_ ref: SampleRef, _ r: Int, sources: [any SignatureSource], normaliser: any SignatureNormaliser,
                         height: Int, width: Int) throws -> [UInt8] {
        guard let source = sources[ref.source] as? any RenderingVariableSource, (0..<source.renderings).contains(r) else {
            throw TrainingError.invalidSetting("sample \(ref.sample) of source \(ref.source) has no rendering \(r)")
        }
        return normaliser.normalise(try source.crop(ref.sample, rendering: r), height: height, width: width)
    }
}
