import Foundation

/// Batch normalisation over channels (NCHW) or features (NF): batch statistics in training, running ones at inference.
///
/// Parameters are named `<name>.weight` (γ), `<name>.bias` (β), `<name>.running_mean`, `<name>.running_var`, as in
/// PyTorch; ε is 1e-3 as in Hafemann's SigNet; running statistics move with momentum 0.1 and the unbiased variance.
public final class BatchNorm: Layer {
    /// The layer's name, e.g. `conv1.bn`.
    public let name: String
    /// Channels or features normalised.
    public let features: Int
    /// ε added to the variance.
    public let epsilon: Float
    /// Weight of the new batch in the running statistics.
    public let momentum: Float
    /// γ, β and the running statistics.
    public let gamma: Parameter, beta: Parameter, runningMean: Parameter, runningVar: Parameter

    private var normalised: [Float] = []
    private var inverseStd: [Float] = []
    private var cachedShape: [Int] = []

    /// A BatchNorm with γ = 1, β = 0, running mean 0 and variance 1.
    public init(name: String, features: Int, epsilon: Float = 1e-3, momentum: Float = 0.1) {
        self.name = name
        self.features = features
        self.epsilon = epsilon
        self.momentum = momentum
        gamma = Parameter(name: "\(name).weight", shape: [features], value: .init(repeating: 1, count: features),
                          decays: false)
        beta = Parameter(name: "\(name).bias", shape: [features], value: .init(repeating: 0, count: features),
                         decays: false)
        runningMean = Parameter(name: "\(name).running_mean", shape: [features],
                                value: .init(repeating: 0, count: features), decays: false, learnable: false)
        runningVar = Parameter(name: "\(name).running_var", shape: [features],
                               value: .init(repeating: 1, count: features), decays: false, learnable: false)
    }

    /// γ, β, running mean, running variance.
    public var parameters: [Parameter] { [gamma, beta, runningMean, runningVar] }

    /// The affine map this layer applies at inference: y = scale·x + shift per channel.
    public var inferenceAffine: (scale: [Float], shift: [Float]) {
        var scale = [Float](repeating: 0, count: features), shift = scale
        for c in 0..<features {
            scale[c] = gamma.value[c] / (runningVar.value[c] + epsilon).squareRoot()
            shift[c] = beta.value[c] - runningMean.value[c] * scale[c]
        }
        return (scale, shift)
    }

    /// Same shape as the input.
    public func outputShape(for input: [Int]) -> [Int] { input }
    /// Two per value (scale and shift).
    public func flops(for input: [Int]) -> Int { 2 * input.reduce(1, *) }
    /// `BatchNorm`.
    public func describe(input: [Int]) -> String { "BatchNorm eps=\(epsilon)" }

    /// Normalises with batch statistics (training) or running statistics (inference).
    public func forward(_ x: Tensor, mode: PassMode) -> Tensor {
        precondition(x.shape.count >= 2 && x.shape[1] == features, "\(name) expects \(features) channels")
        let n = x.batch, c = features, spatial = x.itemCount / features
        var y = [Float](repeating: 0, count: x.data.count)
        if mode == .inference {
            let (scale, shift) = inferenceAffine
            x.data.withUnsafeBufferPointer { xs in
                y.withUnsafeMutableBufferPointer { ys in
                    for i in 0..<n {
                        for ch in 0..<c {
                            let o = (i * c + ch) * spatial
                            let (a, b) = (scale[ch], shift[ch])
                            for j in 0..<spatial { ys[o + j] = xs[o + j] * a + b }
                        }
                    }
                }
            }
            return Tensor(uncheckedShape: x.shape, data: y)
        }
        let m = n * spatial
        ensure(&normalised, x.data.count)
        inverseStd = [Float](repeating: 0, count: c)
        x.data.withUnsafeBufferPointer { xs in
            normalised.withUnsafeMutableBufferPointer { xh in
                y.withUnsafeMutableBufferPointer { ys in
                    for ch in 0..<c {
                        var sum = 0.0, sumSq = 0.0
                        for i in 0..<n {
                            let p = xs.start + (i * c + ch) * spatial
                            var s: Float = 0
                            for j in 0..<spatial { s += p[j] }
                            sum += Double(s)
                        }
                        let mean = sum / Double(m)
                        for i in 0..<n {
                            let p = xs.start + (i * c + ch) * spatial
                            let mu = Float(mean)
                            var s: Float = 0
                            for j in 0..<spatial { let d = p[j] - mu; s += d * d }
                            sumSq += Double(s)
                        }
                        let variance = sumSq / Double(m)
                        let inv = Float(1 / (variance + Double(epsilon)).squareRoot())
                        inverseStd[ch] = inv
                        let (g, b, mu) = (gamma.value[ch], beta.value[ch], Float(mean))
                        for i in 0..<n {
                            let o = (i * c + ch) * spatial
                            for j in 0..<spatial {
                                let h = (xs[o + j] - mu) * inv
                                xh[o + j] = h
                                ys[o + j] = g * h + b
                            }
                        }
                        let unbiased = m > 1 ? variance * Double(m) / Double(m - 1) : variance
                        runningMean.value[ch] = (1 - momentum) * runningMean.value[ch] + momentum * Float(mean)
                        runningVar.value[ch] = (1 - momentum) * runningVar.value[ch] + momentum * Float(unbiased)
                    }
                }
            }
        }
        cachedShape = x.shape
        return Tensor(uncheckedShape: x.shape, data: y)
    }

    /// dγ = Σ dy·x̂, dβ = Σ dy, dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)).
    public func backward(_ dy: Tensor) -> Tensor {
        precondition(dy.shape == cachedShape, "\(name).backward needs a training forward pass of the same shape")
        let n = dy.batch, c = features, spatial = dy.itemCount / features
        let m = Float(n * spatial)
        var dx = [Float](repeating: 0, count: dy.data.count)
        dy.data.withUnsafeBufferPointer { ds in
            normalised.withUnsafeBufferPointer { xh in
                dx.withUnsafeMutableBufferPointer { dxs in
                    for ch in 0..<c {
                        var sumD = 0.0, sumDX = 0.0
                        for i in 0..<n {
                            let o = (i * c + ch) * spatial
                            var a: Float = 0, b: Float = 0
                            for j in 0..<spatial { a += ds[o + j]; b += ds[o + j] * xh[o + j] }
                            sumD += Double(a); sumDX += Double(b)
                        }
                        gamma.grad[ch] += Float(sumDX)
                        beta.grad[ch] += Float(sumD)
                        let k = gamma.value[ch] * inverseStd[ch]
                        let meanD = Float(sumD) / m, meanDX = Float(sumDX) / m
                        for i in 0..<n {
                            let o = (i * c + ch) * spatial
                            for j in 0..<spatial { dxs[o + j] = k * (ds[o + j] - meanD - xh[o + j] * meanDX) }
                        }
                    }
                }
            }
        }
        return Tensor(uncheckedShape: dy.shape, data: dx)
    }
}
