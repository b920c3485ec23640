/// Whether a forward pass trains (batch statistics, dropout, caches for backward) or infers.
public enum PassMode: Sendable {
    /// Training: BatchNorm uses batch statistics and updates running ones, dropout is active, inputs are cached.
    case training
    /// Inference: running statistics, no dropout, nothing cached.
    case inference
}

/// A learnable tensor (or a running statistic) with its gradient, named as in the model file.
public final class Parameter {
    /// The name in the model file, e.g. `conv1.weight`.
    public let name: String
    /// The shape stored in the model file.
    public let shape: [Int]
    /// The values, row-major.
    public var value: [Float]
    /// The gradient accumulated by the last backward pass (empty for running statistics).
    public var grad: [Float]
    /// Whether weight decay applies (weights yes; biases and BatchNorm parameters no).
    public let decays: Bool
    /// Whether this is learned by the optimiser (false for running statistics).
    public let learnable: Bool

    /// A parameter with initial values.
    public init(name: String, shape: [Int], value: [Float], decays: Bool, learnable: Bool = true) {
        precondition(value.count == shape.reduce(1, *), "parameter \(name) value count matches its shape")
        self.name = name
        self.shape = shape
        self.value = value
        self.grad = learnable ? [Float](repeating: 0, count: value.count) : []
        self.decays = decays
        self.learnable = learnable
    }

    /// Sets the gradient to zero.
    public func zeroGrad() {
        if learnable { grad.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
    }
}

/// One layer of the network: forward and backward over a batch.
///
/// Layers are classes because training caches what the backward pass needs; one network instance belongs to one
/// task at a time (they are not `Sendable`).
public protocol Layer: AnyObject {
    /// The layer's name in the model file and in `model info`.
    var name: String { get }
    /// The output shape of one item for an input item shape (C, H, W or F).
    func outputShape(for input: [Int]) -> [Int]
    /// The forward pass over a batch.
    func forward(_ x: Tensor, mode: PassMode) -> Tensor
    /// The backward pass: takes dLoss/dOutput, accumulates parameter gradients, returns dLoss/dInput.
    /// Only valid after a `.training` forward pass.
    func backward(_ dy: Tensor) -> Tensor
    /// Learnable parameters and running statistics, in file order.
    var parameters: [Parameter] { get }
    /// Floating-point operations per item for an input item shape (2 per multiply-add).
    func flops(for input: [Int]) -> Int
    /// A short description for `model info`.
    func describe(input: [Int]) -> String
}

extension Layer {
    /// Layers without parameters have none.
    public var parameters: [Parameter] { [] }
}
