/// max(0, x), elementwise.
public final class ReLU: Layer {
    /// The layer's name, e.g. `conv1.relu`.
    public let name: String
    private var cachedOutput: [Float] = []

    /// A ReLU named `name`.
    public init(name: String) { self.name = name }

    /// Same shape as the input.
    public func outputShape(for input: [Int]) -> [Int] { input }
    /// One comparison per value.
    public func flops(for input: [Int]) -> Int { input.reduce(1, *) }
    /// `ReLU`.
    public func describe(input: [Int]) -> String { "ReLU" }

    /// max(0, x); the output is cached in training for the backward mask.
    public func forward(_ x: Tensor, mode: PassMode) -> Tensor {
        var y = x.data
        y.withUnsafeMutableBufferPointer { ys in
            for i in 0..<ys.count { ys[i] = max(ys[i], 0) }
        }
        cachedOutput = mode == .training ? y : []
        return Tensor(uncheckedShape: x.shape, data: y)
    }

    /// Passes the gradient where the output was positive.
    public func backward(_ dy: Tensor) -> Tensor {
        precondition(cachedOutput.count == dy.data.count, "\(name).backward needs a training forward pass")
        var dx = [Float](repeating: 0, count: dy.data.count)
        dx.withUnsafeMutableBufferPointer { d in
            dy.data.withUnsafeBufferPointer { g in
                cachedOutput.withUnsafeBufferPointer { y in
                    for i in 0..<d.count { d[i] = y[i] > 0 ? g[i] : 0 }
                }
            }
        }
        return Tensor(uncheckedShape: dy.shape, data: dx)
    }
}

/// Reshapes [N, C, H, W] to [N, C·H·W] (no arithmetic).
public final class Flatten: Layer {
    /// `flatten`.
    public let name = "flatten"
    private var cachedShape: [Int] = []

    /// A flatten layer.
    public init() {}

    /// [C·H·W].
    public func outputShape(for input: [Int]) -> [Int] { [input.reduce(1, *)] }
    /// None.
    public func flops(for input: [Int]) -> Int { 0 }
    /// `Flatten`.
    public func describe(input: [Int]) -> String { "Flatten" }

    /// The same values as [N, C·H·W].
    public func forward(_ x: Tensor, mode: PassMode) -> Tensor {
        cachedShape = x.shape
        return x.reshaped([x.batch, x.itemCount])
    }

    /// The gradient reshaped back to the input's shape.
    public func backward(_ dy: Tensor) -> Tensor { dy.reshaped(cachedShape) }
}
