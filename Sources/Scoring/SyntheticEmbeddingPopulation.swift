import Foundation
import Randomness

/// Seeded Gaussian writers in embedding space, for exercising the statistics (tests and `bench scoring`).
///
/// Not a model of real signatures and never a stand-in for the encoder: it only gives the scorer, the calibration
/// and the metrics data with a known structure. Writer w has a centre cᵥ ~ N(0, I/d) (norm about 1) and its own
/// stability σᵥ = spread·exp(0.3·z); a genuine signature is cᵥ + σᵥ·N(0, I/d). A skilled forgery starts from the
/// forger's own point f ~ N(0, I/d), moves toward the centre by the skill s ∈ [0, 1], and adds the forger's
/// tremor: cᵥ + (1 − s)·(f − cᵥ) + 1.3·spread·N(0, I/d).
public struct SyntheticEmbeddingPopulation: Sendable {
    /// Embedding dimension.
    public var dimension: Int
    /// Number of writers.
    public var writers: Int
    /// Genuine signatures per writer.
    public var genuinePerWriter: Int
    /// Skilled forgeries per writer.
    public var forgeriesPerWriter: Int
    /// Typical within-writer spread (relative to a centre norm of about 1).
    public var spread: Double
    /// Forger skill s ∈ [0, 1]: how far toward the writer's centre forgeries land.
    public var skill: Double
    /// Seed.
    public var seed: UInt64
    /// Prefix of the writer ids (ids are prefix + zero-padded index).
    public var idPrefix: String

    /// A population with the given shape.
    public init(dimension: Int = 64, writers: Int = 40, genuinePerWriter: Int = 15, forgeriesPerWriter: Int = 10,
                spread: Double = 0.35, skill: Double = 0.7, seed: UInt64 = 1, idPrefix: String = "w") {
        self.dimension = dimension; self.writers = writers; self.genuinePerWriter = genuinePerWriter
        self.forgeriesPerWriter = forgeriesPerWriter; self.spread = spread; self.skill = skill; self.seed = seed
        self.idPrefix = idPrefix
    }

    /// The writers, ids in order.
    public func generate() -> [WriterEmbeddings] {
        var rng = SplitMix64(seed: seed)
        let scale = 1 / Double(max(dimension, 1)).squareRoot()
        func vector(_ sigma: Double) -> [Double] { (0..<dimension).map { _ in rng.nextGaussian() * sigma * scale } }
        var result: [WriterEmbeddings] = []
        for w in 0..<writers {
            let centre = vector(1)
            let sigma = spread * Foundation.exp(0.3 * rng.nextGaussian())
            let genuine: [[Float]] = (0..<genuinePerWriter).map { _ in
                zip(centre, vector(sigma)).map { Float($0 + $1) }
            }
            let forgeries: [[Float]] = (0..<forgeriesPerWriter).map { _ in
                let own = vector(1), tremor = vector(1.3 * spread)
                return (0..<dimension).map { k in Float(centre[k] + (1 - skill) * (own[k] - centre[k]) + tremor[k]) }
            }
            var id = String(w)
            while id.count < 4 { id = "0" + id }
            result.append(WriterEmbeddings(id: idPrefix + id, genuine: genuine, skilledForgeries: forgeries))
        }
        return result
    }
}
