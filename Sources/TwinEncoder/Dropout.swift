import Randomness

/// Inverted dropout: in training each value is zeroed with probability p and the rest scaled by 1/(1−p);
/// at inference it is the identity. The mask comes from the layer's own seeded generator.
public final class Dropout: Layer {
    /// The layer's name, e.g. `fc6.dropout`.
    public let name: String
    /// Probability of dropping a value.
    public let probability: Float
    /// The mask generator (part of a training checkpoint's state).
    public var rng: SplitMix64
    private var mask: [Float] = []

    /// A dropout layer with drop probability `p` in [0, 1).
    public init(name: String, probability p: Float, seed: UInt64) {
        self.name = name
        probability = p
        rng = SplitMix64(seed: seed)
    }

    /// Same shape as the input.
    public func outputShape(for input: [Int]) -> [Int] { input }
    /// Not counted (training only).
    public func flops(for input: [Int]) -> Int { 0 }
    /// E.g. `Dropout p=0.5 (training only)`.
    public func describe(input: [Int]) -> String { "Dropout p=\(probability) (training only)" }

    /// Identity at inference; masked and rescaled in training.
    public func forward(_ x: Tensor, mode: PassMode) -> Tensor {
        guard mode == .training, probability > 0 else {
            mask = []
            return x
        }
        let keep = 1 - probability, scale = 1 / keep
        mask = [Float](repeating: 0, count: x.data.count)
        var y = x.data
        for i in y.indices {
            let m: Float = rng.nextUnit() < keep ? scale : 0
            mask[i] = m
            y[i] *= m
        }
        return Tensor(uncheckedShape: x.shape, data: y)
    }

    /// The gradient through the same mask.
    public func backward(_ dy: Tensor) -> Tensor {
        guard !mask.isEmpty else { return dy }
        var dx = dy.data
        for i in dx.indices { dx[i] *= mask[i] }
        return Tensor(uncheckedShape: dy.shape, data: dx)
    }
}
