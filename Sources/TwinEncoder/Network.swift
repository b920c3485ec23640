/// A sequence of layers with one set of weights: the twin encoder's tower.
///
/// Both sides of every comparison go through the same instance, so training a pair is a batch of 2·B images through
/// one network and the shared weights receive both sides' gradients.
public final class Network {
    /// The architecture the layers were built from.
    public let architecture: Architecture
    /// The training-graph options (dropout, L2 normalisation).
    public let options: Architecture.Options
    /// The layers in order.
    public private(set) var layers: [any Layer]
    /// Whether BatchNorm has been folded into the convolutions (inference only from then on).
    public private(set) var isFolded = false

    /// A network with fresh He-normal weights drawn from `seed`.
    public init(architecture: Architecture, options: Architecture.Options = .plain, seed: UInt64) {
        self.architecture = architecture
        self.options = options
        layers = architecture.makeLayers(options: options, seed: seed)
        (layers.first as? Conv2d)?.computesInputGradient = false
    }

    /// How every convolution computes its forward pass.
    public var convolutionMethod: ConvolutionMethod = .automatic {
        didSet {
            for case let conv as Conv2d in layers { conv.method = convolutionMethod }
            blockedRun = nil
        }
    }

    /// Whether inference runs the leading convolutions and pools on channel-blocked activations (`BlockedRun`):
    /// a folded network whose method is `blocked`, or `automatic` on a CPU with AVX-512.
    public var usesBlockedRun: Bool {
        isFolded && (convolutionMethod == .blocked
            || (convolutionMethod == .automatic && ConvolutionMethod.blockedKernelHasAVX512))
    }

    /// How each convolution runs in inference: `blocked`, `blocked+winograd` (the blocked run), or the layer's own
    /// method (`direct`, `columns`, …).
    public var convolutionMethods: [(layer: String, method: String)] {
        let winograd = Set(blockedRun(for: architecture.inputShape)?.winogradLayers ?? [])
        return layers.compactMap { layer in
            (layer as? Conv2d).map { conv in
                (conv.name, !usesBlockedRun ? conv.resolvedMethod.rawValue
                    : winograd.contains(conv.name) ? "blocked+winograd" : "blocked")
            }
        }
    }

    /// The blocked run for the last input shape (built on first use; its weights are packed, which is why only a
    /// folded network, whose weights no longer change, has one).
    private var blockedRun: BlockedRun?

    /// The blocked run for items of `shape` when inference takes it, built once per shape.
    private func blockedRun(for shape: [Int]) -> BlockedRun? {
        guard usesBlockedRun else { return nil }
        if blockedRun?.inputShape != shape { blockedRun = BlockedRun(layers: layers, inputShape: shape) }
        return blockedRun
    }

    /// Every parameter and running statistic, in file order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// The learnable parameters only.
    public var learnableParameters: [Parameter] { parameters.filter(\.learnable) }

    /// Runs the batch through every layer.
    public func forward(_ x: Tensor, mode: PassMode) -> Tensor {
        precondition(!(isFolded && mode == .training), "a folded network cannot be trained")
        var t = x, first = 0
        if mode == .inference, let run = blockedRun(for: Array(x.shape.dropFirst())) {
            t = run.forward(x)
            first = run.layerCount
        }
        for layer in layers[first...] { t = layer.forward(t, mode: mode) }
        return t
    }

    /// One inference pass timed layer by layer: milliseconds per layer (the blocked run's steps by their layers'
    /// names) for the whole batch.
    public func profile(_ x: Tensor) -> [(name: String, ms: Double)] {
        precondition(isFolded, "profile runs a folded network")
        var t = x, first = 0, rows: [(String, Double)] = []
        if let run = blockedRun(for: Array(x.shape.dropFirst())) {
            var seconds: [Double]? = [Double](repeating: 0, count: run.layerCount)
            t = run.forward(x, seconds: &seconds)
            rows = zip(run.names, seconds ?? []).map { ($0, $1 * 1000) }
            first = run.layerCount
        }
        let clock = ContinuousClock()
        for layer in layers[first...] {
            var out = t
            let d = clock.measure { out = layer.forward(t, mode: .inference) }
            rows.append((layer.name, d.seconds * 1000))
            t = out
        }
        return rows
    }

    /// Back-propagates dLoss/dOutput through every layer, accumulating parameter gradients.
    @discardableResult
    public func backward(_ dy: Tensor) -> Tensor {
        var g = dy
        for layer in layers.reversed() { g = layer.backward(g) }
        return g
    }

    /// Zeroes every gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// Folds each BatchNorm into the convolution or FC layer before it, fuses the following ReLU and drops dropout.
    ///
    /// Afterwards the network computes the same function as in `.inference` mode, with fewer passes over memory.
    public func foldBatchNorm() {
        guard !isFolded else { return }
        var out: [any Layer] = []
        var i = 0
        while i < layers.count {
            let layer = layers[i]
            if layer is Dropout { i += 1; continue }
            if i + 1 < layers.count, let bn = layers[i + 1] as? BatchNorm {
                let relu = i + 2 < layers.count && layers[i + 2] is ReLU
                let (scale, shift) = bn.inferenceAffine
                if let conv = layer as? Conv2d {
                    conv.fold(scale: scale, shift: shift, relu: relu)
                    out.append(conv); i += relu ? 3 : 2; continue
                }
                if let fc = layer as? Linear {
                    fc.fold(scale: scale, shift: shift, relu: relu)
                    out.append(fc); i += relu ? 3 : 2; continue
                }
            }
            out.append(layer)
            i += 1
        }
        layers = out
        isFolded = true
        blockedRun = nil
    }

    /// The fully connected layers whose output a folded network can end at (`truncate(after:)`), in order.
    public var fullyConnectedLayerNames: [String] { layers.compactMap { ($0 as? Linear)?.name } }

    /// Ends a folded network at the fully connected layer `name` (its BatchNorm and ReLU fused into it), dropping
    /// the layers after it: the network then gives that layer's activations, an inner representation of the
    /// signature, instead of the embedding the loss was trained on. Only a folded network: a trained one must keep
    /// its head.
    public func truncate(after name: String) throws(EncoderError) {
        precondition(isFolded, "truncate a folded network")
        guard let index = layers.firstIndex(where: { ($0 as? Linear)?.name == name }) else {
            throw .invalidArgument("no fully connected layer \"\(name)\" to end the network at; the layers are \(fullyConnectedLayerNames.joined(separator: ", "))")
        }
        layers.removeSubrange((index + 1)...)
        blockedRun = nil
    }

    /// Values per image of the network's output.
    public var outputSize: Int {
        var shape = architecture.inputShape
        for layer in layers { shape = layer.outputShape(for: shape) }
        return shape.reduce(1, *)
    }

    /// One row per layer: name, description, output shape, FLOPs per image.
    public func layerTable() -> [(name: String, description: String, output: [Int], flops: Int, parameters: Int)] {
        var shape = architecture.inputShape
        var rows: [(String, String, [Int], Int, Int)] = []
        for layer in layers {
            let out = layer.outputShape(for: shape)
            let count = layer.parameters.filter(\.learnable).reduce(0) { $0 + $1.value.count }
            rows.append((layer.name, layer.describe(input: shape), out, layer.flops(for: shape), count))
            shape = out
        }
        return rows
    }

    /// Multiply-add FLOPs per image (2 per MAC) of the convolutions and FC layers: the figure the benchmarks use.
    public var gemmFlopsPerImage: Int {
        var shape = architecture.inputShape, total = 0
        for layer in layers {
            if layer is Conv2d || layer is Linear { total += layer.flops(for: shape) }
            shape = layer.outputShape(for: shape)
        }
        return total
    }

    /// Learnable parameter count.
    public var parameterCount: Int { learnableParameters.reduce(0) { $0 + $1.value.count } }
}
