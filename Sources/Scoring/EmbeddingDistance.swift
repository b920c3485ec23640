/// Euclidean distances between embeddings (DESIGN.md: the distance of the project).
public enum EmbeddingDistance {
    /// ‖a − b‖₂, accumulated in Double. Throws when the dimensions differ.
    public static func euclidean(_ a: [Float], _ b: [Float]) throws -> Double {
        guard a.count == b.count else {
            throw ScoringError.dimensionMismatch(what: "distance", expected: a.count, found: b.count)
        }
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                var sum = 0.0
                for i in 0..<pa.count {
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
