/// Embeddings of writers who are in neither the case nor the calibration set: the negatives of every per-writer
/// classifier, standardised once.
///
/// Features are standardised with the background's own mean and standard deviation per dimension (a dimension
/// with standard deviation below 1e-8 keeps scale 1), and stored row-major in Double.
public struct BackgroundPopulation: Sendable {
    /// Embedding dimension.
    public let dimension: Int
    /// Number of background embeddings.
    public let count: Int
    /// Per-dimension mean used for standardisation.
    public let featureMean: [Double]
    /// Per-dimension scale (standard deviation) used for standardisation.
    public let featureScale: [Double]
    /// Standardised embeddings, `count` rows of `dimension`.
    let standardised: [Double]
    /// FNV-1a 64 of the raw embeddings' float bits, in order: identifies the population a calibration used.
    public let fingerprint: String

    /// Standardises `embeddings`; at least two, all of one dimension, all finite.
    public init(embeddings: [[Float]]) throws {
        guard embeddings.count >= 2, let first = embeddings.first else {
            throw ScoringError.notEnoughSamples(what: "background population", count: embeddings.count, needed: 2)
        }
        let d = first.count
        guard d > 0 else { throw ScoringError.notEnoughSamples(what: "embedding dimension", count: 0, needed: 1) }
        try EmbeddingDistance.validate(embeddings, dimension: d, what: "background embedding")
        let n = embeddings.count
        var meanVector = [Double](repeating: 0, count: d)
        for e in embeddings { for k in 0..<d { meanVector[k] += Double(e[k]) } }
        for k in 0..<d { meanVector[k] /= Double(n) }
        var variance = [Double](repeating: 0, count: d)
        for e in embeddings {
            for k in 0..<d {
                let c = Double(e[k]) - meanVector[k]
                variance[k] += c * c
            }
        }
        let scale = variance.map { v -> Double in
            let s = (v / Double(n - 1)).squareRoot()
            return s < 1e-8 ? 1 : s
        }
        var rows = [Double](repeating: 0, count: n * d)
        for (i, e) in embeddings.enumerated() {
            for k in 0..<d { rows[i * d + k] = (Double(e[k]) - meanVector[k]) / scale[k] }
        }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for e in embeddings {
            for value in e {
                var bits = value.bitPattern
                for _ in 0..<4 {
                    hash ^= UInt64(bits & 0xFF)
                    hash = hash &* 0x0000_0100_0000_01B3
                    bits >>= 8
                }
            }
        }
        var hex = String(hash, radix: 16)
        while hex.count < 16 { hex = "0" + hex }
        fingerprint = "fnv1a64:" + hex
        dimension = d
        count = n
        featureMean = meanVector
        featureScale = scale
        standardised = rows
    }

    /// One embedding standardised like the background.
    func standardise(_ embedding: [Float]) throws -> [Double] {
        guard embedding.count == dimension else {
            throw ScoringError.dimensionMismatch(what: "embedding against background", expected: dimension,
                                                 found: embedding.count)
        }
        var out = [Double](repeating: 0, count: dimension)
        for k in 0..<dimension { out[k] = (Double(embedding[k]) - featureMean[k]) / featureScale[k] }
        return out
    }
}
