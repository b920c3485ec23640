/// Scales each row to unit Euclidean length: y = x / max(‖x‖, ε).
public final class L2Normalize: Layer {
    /// `l2norm`.
    public let name = "l2norm"
    /// The smallest norm divided by (an all-zero row stays zero).
    public let epsilon: Float = 1e-12
    private var cachedOutput: [Float] = []
    private var norms: [Float] = []

    /// An L2 normalisation layer.
    public init() {}

    /// Same shape as the input.
    public func outputShape(for input: [Int]) -> [Int] { input }
    /// About three per value.
    public func flops(for input: [Int]) -> Int { 3 * input.reduce(1, *) }
    /// `L2 normalise`.
    public func describe(input: [Int]) -> String { "L2 normalise" }

    /// Each row divided by its norm.
    public func forward(_ x: Tensor, mode: PassMode) -> Tensor {
        let n = x.batch, f = x.itemCount
        var y = x.data
        var ns = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var s = 0.0
            for j in 0..<f { s += Double(y[i * f + j]) * Double(y[i * f + j]) }
            let norm = max(Float(s.squareRoot()), epsilon)
            ns[i] = norm
            for j in 0..<f { y[i * f + j] /= norm }
        }
        if mode == .training { cachedOutput = y; norms = ns }
        return Tensor(uncheckedShape: x.shape, data: y)
    }

    /// dx = (dy − y·(y·dy)) / ‖x‖.
    public func backward(_ dy: Tensor) -> Tensor {
        precondition(cachedOutput.count == dy.data.count, "l2norm.backward needs a training forward pass")
        let n = dy.batch, f = dy.itemCount
        var dx = dy.data
        for i in 0..<n {
            var dot: Float = 0
            for j in 0..<f { dot += cachedOutput[i * f + j] * dy.data[i * f + j] }
            for j in 0..<f { dx[i * f + j] = (dy.data[i * f + j] - cachedOutput[i * f + j] * dot) / norms[i] }
        }
        return Tensor(uncheckedShape: dy.shape, data: dx)
    }
}
