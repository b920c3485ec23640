/// Euclidean distances between embeddings (DESIGN.md: the distance of the project).
public enum EmbeddingDistance {
    /// ‖a − b‖₂ over the first `dimensions` components (nil: all), accumulated in Double. Throws when the
    /// dimensions differ or the embeddings are shorter than `dimensions`.
    public static func euclidean(_ a: [Float], _ b: [Float], dimensions: Int? = nil) throws -> Double {
        guard a.count == b.count else {
            throw ScoringError.dimensionMismatch(what: "distance", expected: a.count, found: b.count)
        }
        let n = dimensions ?? a.count
        guard n >= 1, n <= a.count else {
            throw ScoringError.dimensionMismatch(what: "distance dimensions against the embedding", expected: n, found: a.count)
        }
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                var sum = 0.0
                for i in 0..<n {
                    let d = Double(pa[i]) - Double(pb[i])
                    sum += d * d
                }
                return sum.squareRoot()
            }
        }
    }

    /// Checks that every embedding has `dimension` finite components.
    static func validate(_ embeddings: [[Float]], dimension: Int, what: String) throws {
        for e in embeddings {
            guard e.count == dimension else {
                throw ScoringError.dimensionMismatch(what: what, expected: dimension, found: e.count)
            }
            guard e.allSatisfy({ $0.isFinite }) else { throw ScoringError.nonFiniteValue(what: what) }
        }
    }
}
