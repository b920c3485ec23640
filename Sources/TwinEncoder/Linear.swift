import CTensorKernels
import Randomness

/// Fully connected layer: Y = X·Wᵀ (+ b), W of shape [out, in] as in PyTorch and ONNX Gemm(transB=1).
public final class Linear: Layer {
    /// The layer's name, e.g. `fc6`.
    public let name: String
    /// Input and output features.
    public let inFeatures: Int, outFeatures: Int
    /// Weights, shape [out, in].
    public let weight: Parameter
    /// Optional bias, shape [out].
    public private(set) var bias: Parameter?
    /// Whether a ReLU is fused into the output (inference after folding).
    public private(set) var fusedReLU = false
    private var cachedInput: Tensor?
    /// The folded weights packed for `sf_fc_packed` (AVX-512 CPUs): inference then reads each weight once per
    /// pass instead of OpenBLAS packing them again on every call.
    private(set) var packedWeight: AlignedFloats?

    /// A fully connected layer with He-normal weights from `rng`.
    public init(name: String, in nin: Int, out nout: Int, bias: Bool = false, rng: inout SplitMix64) {
        self.name = name
        inFeatures = nin
        outFeatures = nout
        let std = (2.0 / Float(nin)).squareRoot()
        var w = [Float](repeating: 0, count: nin * nout)
        for i in w.indices { w[i] = rng.nextGaussian() * std }
        weight = Parameter(name: "\(name).weight", shape: [nout, nin], value: w, decays: true)
        if bias {
            self.bias = Parameter(name: "\(name).bias", shape: [nout], value: .init(repeating: 0, count: nout),
                                  decays: false)
        }
    }

    /// Weight, then bias if any.
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    /// Scales each output row, sets the bias to (b·scale + shift) and fuses a ReLU (BatchNorm folding).
    func fold(scale: [Float], shift: [Float], relu: Bool) {
        let oldBias = bias?.value ?? [Float](repeating: 0, count: outFeatures)
        for o in 0..<outFeatures {
            for j in 0..<inFeatures { weight.value[o * inFeatures + j] *= scale[o] }
        }
        let b = (0..<outFeatures).map { oldBias[$0] * scale[$0] + shift[$0] }
        bias = Parameter(name: "\(name).bias", shape: [outFeatures], value: b, decays: false)
        fusedReLU = relu
        if sf_blocked_available() == 1 {
            let packed = AlignedFloats(count: Int(sf_fc_packed_count(Int32(outFeatures), Int32(inFeatures))))
            weight.value.withUnsafeBufferPointer {
                sf_fc_pack($0.start, Int32(outFeatures), Int32(inFeatures), packed.pointer)
            }
            packedWeight = packed
        }
    }

    /// [out].
    public func outputShape(for input: [Int]) -> [Int] { [outFeatures] }
    /// 2·in·out.
    public func flops(for input: [Int]) -> Int { 2 * inFeatures * outFeatures }
    /// E.g. `FC 3840->2048`.
    public func describe(input: [Int]) -> String {
        "FC \(inFeatures)->\(outFeatures)" + (fusedReLU ? " +ReLU" : "")
    }

    /// Y = X·Wᵀ + b: one SGEMM, or `sf_fc_packed` once the layer is folded on an AVX-512 CPU.
    public func forward(_ x: Tensor, mode: PassMode) -> Tensor {
        precondition(x.itemCount == inFeatures, "\(name) expects \(inFeatures) features, got \(x.itemCount)")
        let n = x.batch
        if let packed = packedWeight, let b = bias?.value, n > 0 {
            var scratch = [Float](repeating: 0, count: Int(sf_fc_transposed_count(Int32(n), Int32(inFeatures))))
            let y = [Float].filled(count: n * outFeatures) { ys in
                sf_fc_packed(x.data, Int32(n), Int32(inFeatures), packed.pointer, b, Int32(outFeatures),
                             fusedReLU ? 1 : 0, &scratch, ys)
            }
            return Tensor(uncheckedShape: [n, outFeatures], data: y)
        }
        var y = [Float](repeating: 0, count: n * outFeatures)
        x.data.withUnsafeBufferPointer { xs in
            weight.value.withUnsafeBufferPointer { ws in
                y.withUnsafeMutableBufferPointer { ys in
                    BLAS.sgemm(transA: false, transB: true, m: n, n: outFeatures, k: inFeatures, alpha: 1,
                               a: xs.start, lda: inFeatures, b: ws.start, ldb: inFeatures, beta: 0,
                               c: ys.start, ldc: outFeatures)
                    if let b = bias?.value {
                        b.withUnsafeBufferPointer { bs in
                            for i in 0..<n {
                                let row = ys.start + i * outFeatures
                                if fusedReLU {
                                    for j in 0..<outFeatures { row[j] = max(row[j] + bs[j], 0) }
                                } else {
                                    for j in 0..<outFeatures { row[j] += bs[j] }
                                }
                            }
                        }
                    }
                }
            }
        }
        cachedInput = mode == .training ? x.reshaped([n, inFeatures]) : nil
        return Tensor(uncheckedShape: [n, outFeatures], data: y)
    }

    /// dW += dYᵀ·X, db += Σ dY, dX = dY·W.
    public func backward(_ dy: Tensor) -> Tensor {
        guard let x = cachedInput else { preconditionFailure("\(name).backward needs a training forward pass") }
        precondition(!fusedReLU, "a folded layer cannot be trained")
        let n = x.batch
        var dx = [Float](repeating: 0, count: n * inFeatures)
        dy.data.withUnsafeBufferPointer { ds in
            x.data.withUnsafeBufferPointer { xs in
                weight.value.withUnsafeBufferPointer { ws in
                    weight.grad.withUnsafeMutableBufferPointer { gw in
                        dx.withUnsafeMutableBufferPointer { dxs in
                            BLAS.sgemm(transA: true, transB: false, m: outFeatures, n: inFeatures, k: n, alpha: 1,
                                       a: ds.start, lda: outFeatures, b: xs.start, ldb: inFeatures, beta: 1,
                                       c: gw.start, ldc: inFeatures)
                            BLAS.sgemm(transA: false, transB: false, m: n, n: inFeatures, k: outFeatures, alpha: 1,
                                       a: ds.start, lda: outFeatures, b: ws.start, ldb: inFeatures, beta: 0,
                                       c: dxs.start, ldc: inFeatures)
                        }
                    }
                }
            }
            if let bias {
                for i in 0..<n {
                    for j in 0..<outFeatures { bias.grad[j] += ds[i * outFeatures + j] }
                }
            }
        }
        return Tensor(uncheckedShape: x.shape, data: dx)
    }
}
