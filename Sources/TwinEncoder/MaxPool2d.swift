import CTensorKernels

/// Max pooling over k×k windows with stride s, floor mode, no padding (SigNet uses 3×3 / 2).
public final class MaxPool2d: Layer {
    /// The layer's name, e.g. `pool1`.
    public let name: String
    /// Window size and stride.
    public let kernel: Int, stride: Int
    private var argmax: [Int32] = []
    private var cachedInputShape: [Int] = []

    /// A max pool named `name`.
    public init(name: String, kernel: Int = 3, stride: Int = 2) {
        self.name = name
        self.kernel = kernel
        self.stride = stride
    }

    /// [C, floor((H−k)/s)+1, floor((W−k)/s)+1].
    public func outputShape(for input: [Int]) -> [Int] {
        [input[0], (input[1] - kernel) / stride + 1, (input[2] - kernel) / stride + 1]
    }
    /// k²−1 comparisons per output.
    public func flops(for input: [Int]) -> Int {
        outputShape(for: input).reduce(1, *) * (kernel * kernel - 1)
    }
    /// E.g. `MaxPool 3x3/s2`.
    public func describe(input: [Int]) -> String { "MaxPool \(kernel)x\(kernel)/s\(stride)" }

    /// The maximum of each window; in training the winning position is kept for the backward pass.
    public func forward(_ x: Tensor, mode: PassMode) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let o = outputShape(for: [c, h, w])
        let (ho, wo) = (o[1], o[2])
        let (k, s) = (kernel, stride)
        let training = mode == .training
        if k == 3 {
            // In training the C kernel also keeps each window's first maximum; both write every output.
            let count = n * c * ho * wo
            var positions: [Int32] = []
            let y = [Float].filled(count: count) { ys in
                x.data.withUnsafeBufferPointer { xs in
                    guard training else {
                        return sf_maxpool3x3(xs.start, Int32(n * c), Int32(h), Int32(w), Int32(s), ys)
                    }
                    positions = [Int32](unsafeUninitializedCapacity: count) { am, initialized in
                        sf_maxpool3x3_argmax(xs.start, Int32(n * c), Int32(h), Int32(w), Int32(s), ys, am.start)
                        initialized = count
                    }
                }
            }
            argmax = positions
            cachedInputShape = training ? x.shape : []
            return Tensor(uncheckedShape: [n, c, ho, wo], data: y)
        }
        var y = [Float](repeating: 0, count: n * c * ho * wo)
        if training { argmax = [Int32](repeating: 0, count: y.count) }
        x.data.withUnsafeBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { ys in
                argmax.withUnsafeMutableBufferPointer { am in
                    for plane in 0..<(n * c) {
                        let src = xs.start + plane * h * w
                        let dst = ys.start + plane * ho * wo
                        for oh in 0..<ho {
                            for ow in 0..<wo {
                                var best = -Float.infinity, at = 0
                                for kh in 0..<k {
                                    let row = (oh * s + kh) * w + ow * s
                                    for kw in 0..<k where src[row + kw] > best {
                                        best = src[row + kw]
                                        at = row + kw
                                    }
                                }
                                dst[oh * wo + ow] = best
                                if training { am[plane * ho * wo + oh * wo + ow] = Int32(at) }
                            }
                        }
                    }
                }
            }
        }
        cachedInputShape = training ? x.shape : []
        return Tensor(uncheckedShape: [n, c, ho, wo], data: y)
    }

    /// Routes each output gradient to the position that won its window.
    public func backward(_ dy: Tensor) -> Tensor {
        precondition(!cachedInputShape.isEmpty && argmax.count == dy.data.count,
                     "\(name).backward needs a training forward pass")
        let (h, w) = (cachedInputShape[2], cachedInputShape[3])
        let perOut = dy.shape[2] * dy.shape[3]
        var dx = [Float](repeating: 0, count: cachedInputShape.reduce(1, *))
        dy.data.withUnsafeBufferPointer { ds in
            argmax.withUnsafeBufferPointer { am in
                dx.withUnsafeMutableBufferPointer { dxs in
                    for i in 0..<ds.count {
                        let plane = i / perOut
                        dxs[plane * h * w + Int(am[i])] += ds[i]
                    }
                }
            }
        }
        return Tensor(uncheckedShape: cachedInputShape, data: dx)
    }
}
