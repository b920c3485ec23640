import EncoderTraining
import Preprocessing
import Randomness

/// Test-time augmentation: each view embeds a signature `variants` times, once as normalised and `variants − 1`
/// times moved by a small rotation, scale and shift, and keeps the mean of the embeddings.
///
/// Why: an embedding then depends less on where the normaliser happened to put the ink's edges (one stray dot moves
/// a stretch-fit crop), the same nuisance the training augmentation teaches the network to ignore; the networks are
/// not perfectly invariant, and the mean over a few such moves is steadier than any one of them.
///
/// The moves are the training augmentation's geometry (`Augmentation.standard`'s ranges times `strength`, the shift
/// taken as a share of the input's width so that a 300 × 440 view moves as far as a 150 × 220 one) with no noise and
/// no stroke change. Move k is drawn from `seed` and is the same for every signature and every view, so an embedding
/// is a function of the signature alone: the same input gives the same bytes.
public struct TestTimeAugmentation: Sendable, Equatable {
    /// Embeddings averaged per signature and view (the unmoved one included); 1 = off.
    public var variants: Int
    /// The moves' ranges as a share of the training augmentation's.
    public var strength: Double
    /// Seed of the moves.
    public var seed: UInt64

    /// The largest `variants` a definition may name.
    public static let maximumVariants = 32

    /// Memberwise.
    public init(variants: Int, strength: Double, seed: UInt64) {
        self.variants = variants
        self.strength = strength
        self.seed = seed
    }

    /// Whether the moves change anything: one variant is the signature alone, as without moves. The definition's
    /// fingerprint and the embedder both ask this, so they cannot disagree.
    public var movesSignatures: Bool { variants > 1 }

    /// What calibrations record beside the views: every number that changes an embedding.
    public var fingerprint: String { "averaged over \(variants) moves (strength \(strength), seed \(seed))" }

    /// The training augmentation's geometry for a `width`-pixel-wide input, times `strength`; no noise, no stroke.
    func moves(width: Int) -> Augmentation {
        let standard = Augmentation.standard
        return Augmentation(rotationDegrees: standard.rotationDegrees * strength, scaleRange: standard.scaleRange * strength,
                            shiftPixels: standard.shiftPixels * strength * Double(width) / 220, strokeProbability: 0,
                            noiseSigma: 0)
    }

    /// Each input followed by its `variants − 1` moved copies (`height × width` floats each, ink high in [0, 1]).
    /// The copies are sampled from the input rounded to 8 bits, as the training images are.
    func expand(_ inputs: [[Float]], height: Int, width: Int) -> [[Float]] {
        let augmentation = moves(width: width)
        var out: [[Float]] = []
        out.reserveCapacity(inputs.count * variants)
        for input in inputs {
            out.append(input)
            let bytes = NormalizedSignature.bytes(input)
            var rng = SplitMix64(seed: seed)
            for _ in 1..<max(1, variants) {
                var moved = [Float](repeating: 0, count: height * width)
                moved.withUnsafeMutableBufferPointer {
                    augmentation.apply(bytes, height: height, width: width, rng: &rng, into: $0.baseAddress.unsafelyUnwrapped)
                }
                out.append(moved)
            }
        }
        return out
    }

    /// The mean of each run of `variants` consecutive embeddings.
    func average(_ embeddings: [[Float]]) -> [[Float]] {
        let n = max(1, variants)
        return stride(from: 0, to: embeddings.count, by: n).map { start in
            var mean = embeddings[start]
            for k in 1..<n {
                let e = embeddings[start + k]
                for j in mean.indices { mean[j] += e[j] }
            }
            let inverse = 1 / Float(n)
            return mean.map { $0 * inverse }
        }
    }
}
