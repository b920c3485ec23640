import CTensorKernels
import Randomness

/// 2-D convolution with stride and zero padding over NCHW batches, by one of two methods (`ConvolutionMethod`):
/// im2col + `cblas_sgemm`, or the direct kernel (`sf_conv_direct`), which is the default where the CPU has AVX-512.
///
/// With columns, several images share one SGEMM (their columns side by side), so the small late layers still make
/// wide matrices. The weight gradient is always computed with columns. At inference a folded BatchNorm arrives as a
/// bias and the following ReLU can be fused into the output copy.
public final class Conv2d: Layer {
    /// The layer's name (`conv1` …).
    public let name: String
    /// Input and output channels.
    public let inChannels: Int, outChannels: Int
    /// Square kernel size, stride and zero padding.
    public let kernel: Int, stride: Int, padding: Int
    /// Weights, shape [out, in, k, k].
    public let weight: Parameter
    /// Optional bias, shape [out] (absent when a BatchNorm follows in training).
    public private(set) var bias: Parameter?
    /// Whether a ReLU is applied to the output in the same pass (inference after folding).
    public private(set) var fusedReLU = false
    /// Whether backward computes dLoss/dInput (the network's first layer skips it: nothing learns from the image).
    /// When false, backward returns zeros of the input's shape.
    public var computesInputGradient = true

    /// Column-buffer budget in floats (1 MB, half of one core's 2 MB L2 here, leaving room for OpenBLAS's packed
    /// panels); larger batches are split into chunks of images, so the columns are still in cache when SGEMM reads
    /// them. Measured with `bench encoder` (this constant edited), batch 8, 1 thread, C kernels: 64 K / 128 K /
    /// 256 K / 512 K / 1 M floats gave 415 / 577 / 755 / 683 / 614 images/s on signet-s and 50 / 66 / 83 / 77 / 73 on
    /// signet (noisy machine).
    static let columnBudget = 256 << 10

    /// How forward computes this layer (and backward its input gradient; the weight gradient always by columns).
    var method: ConvolutionMethod = .automatic

    /// The method forward runs: `method` with `automatic` resolved for this CPU.
    public var resolvedMethod: ConvolutionMethod { method.resolved }

    private var cachedInput: Tensor?
    private var packedWeight: [Float] = []
    /// Whether BatchNorm has been folded in: the weights are final (a folded layer cannot be trained).
    private var isFolded = false
    /// Whether `packedWeight` holds this folded layer's weights, packed once for every later forward pass.
    private var packedIsFinal = false
    private var taps: [Int32] = []
    private var columns: [Float] = []
    private var product: [Float] = []
    private var padded: [Float] = [0]

    /// A convolution with He-normal weights from `rng`.
    public init(name: String, in cin: Int, out cout: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = false, rng: inout SplitMix64) {
        self.name = name
        inChannels = cin; outChannels = cout
        self.kernel = kernel; self.stride = stride; self.padding = padding
        let fanIn = cin * kernel * kernel
        let std = (2.0 / Float(fanIn)).squareRoot()
        var w = [Float](repeating: 0, count: cout * fanIn)
        for i in w.indices { w[i] = rng.nextGaussian() * std }
        weight = Parameter(name: "\(name).weight", shape: [cout, cin, kernel, kernel], value: w, decays: true)
        if bias {
            self.bias = Parameter(name: "\(name).bias", shape: [cout], value: .init(repeating: 0, count: cout),
                                  decays: false)
        }
    }

    /// Learnable parameters: weight, then bias if any.
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    /// Replaces weights and bias by a folded affine map (w·scale per output channel, bias) and fuses a ReLU.
    func fold(scale: [Float], shift: [Float], relu: Bool) {
        let per = inChannels * kernel * kernel
        let oldBias = bias?.value ?? [Float](repeating: 0, count: outChannels)
        for o in 0..<outChannels {
            for j in 0..<per { weight.value[o * per + j] *= scale[o] }
        }
        let b = (0..<outChannels).map { oldBias[$0] * scale[$0] + shift[$0] }
        bias = Parameter(name: "\(name).bias", shape: [outChannels], value: b, decays: false)
        fusedReLU = relu
        isFolded = true
        packedIsFinal = false
    }

    func geometry(_ shape: [Int]) -> WindowGeometry {
        WindowGeometry(channels: shape[0], height: shape[1], width: shape[2], kernel: kernel, stride: stride,
                       padding: padding)
    }

    /// [out, Ho, Wo] for an input [in, H, W].
    public func outputShape(for input: [Int]) -> [Int] {
        let g = geometry(input)
        return [outChannels, g.outHeight, g.outWidth]
    }

    /// 2·Cout·Cin·k²·Ho·Wo.
    public func flops(for input: [Int]) -> Int {
        let o = outputShape(for: input)
        return 2 * o[0] * o[1] * o[2] * inChannels * kernel * kernel
    }

    /// E.g. `Conv 96@11x11/s4/p0`.
    public func describe(input: [Int]) -> String {
        "Conv \(outChannels)@\(kernel)x\(kernel)/s\(stride)/p\(padding)" + (fusedReLU ? " +ReLU" : "")
    }

    private func imagesPerChunk(_ g: WindowGeometry, batch: Int, columnsPerImage: Int) -> Int {
        let perImage = g.patchSize * columnsPerImage
        return max(1, min(batch, Conv2d.columnBudget / max(perImage, 1)))
    }

    /// Forward: per chunk of images, unfold into columns, one SGEMM, then copy into NCHW with bias (and ReLU if
    /// fused). A stride-1 layer unfolds over the padded width (`sf_im2col_wide`): each column row is then one
    /// contiguous copy instead of one short copy per output row, for 2p/(W+2p) more SGEMM columns that are dropped.
    public func forward(_ x: Tensor, mode: PassMode) -> Tensor {
        let item = Array(x.shape.dropFirst())
        precondition(item.count == 3 && item[0] == inChannels, "\(name) expects [N, \(inChannels), H, W]")
        let g = geometry(item)
        if method == .blocked, let run = BlockedRun(layers: [self], inputShape: item) {
            cachedInput = mode == .training ? x : nil
            return run.forward(x)
        }
        if resolvedMethod != .columns { return forwardDirect(x, g, mode: mode) }
        let n = x.batch, (ho, wo) = (g.outHeight, g.outWidth), kdim = g.patchSize
        let wide = stride == 1, rowStride = wide ? g.width + 2 * padding : wo, span = ho * rowStride
        let chunk = imagesPerChunk(g, batch: n, columnsPerImage: span)
        ensure(&columns, kdim * chunk * span)
        ensure(&product, outChannels * chunk * span)
        if wide { ensure(&padded, (g.height + 2 * padding) * rowStride + kernel) }
        let inItem = x.itemCount, relu: Int32 = fusedReLU ? 1 : 0, cout = outChannels
        let biasValues = bias?.value ?? [Float](repeating: 0, count: cout)
        let y = [Float].filled(count: n * cout * ho * wo) { ys in
            x.data.withUnsafeBufferPointer { xs in
                weight.value.withUnsafeBufferPointer { ws in
                    columns.withUnsafeMutableBufferPointer { cols in
                        product.withUnsafeMutableBufferPointer { prod in
                            padded.withUnsafeMutableBufferPointer { pad in
                                biasValues.withUnsafeBufferPointer { bs in
                                    var start = 0
                                    while start < n {
                                        let nb = min(chunk, n - start), ld = nb * span
                                        for i in 0..<nb {
                                            let src = xs.start + (start + i) * inItem, dst = cols.start + i * span
                                            if wide {
                                                sf_im2col_wide(src, Int32(g.channels), Int32(g.height),
                                                               Int32(g.width), Int32(kernel), Int32(padding),
                                                               pad.start, dst, ld)
                                            } else {
                                                im2col(src, g, dst, ld: ld)
                                            }
                                        }
                                        BLAS.sgemm(transA: false, transB: false, m: cout, n: ld, k: kdim, alpha: 1,
                                                   a: ws.start, lda: kdim, b: cols.start, ldb: ld, beta: 0,
                                                   c: prod.start, ldc: ld)
                                        for i in 0..<nb {
                                            sf_bias_copy(prod.start + i * span, ld, Int32(cout), Int32(ho), Int32(wo),
                                                         rowStride, bs.start, relu, ys + (start + i) * cout * ho * wo)
                                        }
                                        start += nb
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        cachedInput = mode == .training ? x : nil
        return Tensor(uncheckedShape: [n, cout, g.outHeight, g.outWidth], data: y)
    }

    /// Forward with the direct kernel (see `convolveDirect`).
    private func forwardDirect(_ x: Tensor, _ g: WindowGeometry, mode: PassMode) -> Tensor {
        let y = convolveDirect(x.data, batch: x.batch, g, weights: weight.value, outChannels: outChannels,
                               bias: bias?.value, relu: fusedReLU, final: isFolded)
        cachedInput = mode == .training ? x : nil
        return Tensor(uncheckedShape: [x.batch, outChannels, g.outHeight, g.outWidth], data: y)
    }

    /// A convolution of `batch` images of geometry `g` with `weights` [outChannels, g.channels, k, k] by the direct
    /// kernel, image by image: the weights packed into panels of 8 output channels (on every call, since training
    /// changes them, unless they are `final` and already packed), one pass of `sf_conv_direct` over the image's
    /// padded phase planes, then the bias/ReLU copy that drops the padded columns. The same sums as columns + SGEMM
    /// in another order: outputs agree to float rounding.
    private func convolveDirect(_ input: [Float], batch n: Int, _ g: WindowGeometry, weights: [Float],
                                outChannels cout: Int, bias: [Float]?, relu: Bool, final: Bool = false) -> [Float] {
        let (ho, wo, kdim) = (g.outHeight, g.outWidth, g.patchSize)
        let (c, h, w, k, s, p) = (Int32(g.channels), Int32(g.height), Int32(g.width), Int32(g.kernel),
                                  Int32(g.stride), Int32(g.padding))
        let rowStride = Int(sf_conv_direct_row_stride(w, s, p)), span = Int(sf_conv_direct_span(h, w, k, s, p))
        let rows = Int(sf_conv_direct_panel_rows(Int32(cout)))
        if packedWeight.count < rows * kdim + 16 {
            packedWeight = [Float](repeating: 0, count: rows * kdim + 16)
            packedIsFinal = false
        }
        let pack = !(final && packedIsFinal)
        packedIsFinal = final
        ensure(&product, rows * span + 16)
        let scratch = Int(sf_conv_direct_scratch(c, h, w, k, s, p))
        precondition(scratch < Int(Int32.max), "\(name): the direct kernel's tap offsets are 32-bit")
        ensure(&padded, scratch + 16)
        if taps.count < kdim { taps = [Int32](repeating: 0, count: kdim) }
        let inItem = g.channels * g.height * g.width, outItem = cout * ho * wo
        let portable: Int32 = method == .directPortable ? 1 : 0, fused: Int32 = relu ? 1 : 0
        let biasValues = bias ?? [Float](repeating: 0, count: cout)
        return [Float].filled(count: n * outItem) { ys in
            input.withUnsafeBufferPointer { xs in
                weights.withUnsafeBufferPointer { ws in
                    packedWeight.withUnsafeMutableBufferPointer { pw in
                        product.withUnsafeMutableBufferPointer { prod in
                            padded.withUnsafeMutableBufferPointer { pad in
                                taps.withUnsafeMutableBufferPointer { tp in
                                    biasValues.withUnsafeBufferPointer { bs in
                                        // Cache-line aligned starts (each buffer has 16 floats to spare): the tiles'
                                        // stores and the packed panels then never straddle two lines (per-process
                                        // spread of signet-s batch 8, one thread: 570–1,049 images/s unaligned,
                                        // 820–987 aligned).
                                        let (pwa, pada, proda) = (pw.start.alignedTo64, pad.start.alignedTo64, prod.start.alignedTo64)
                                        if pack { sf_conv_direct_pack(ws.start, Int32(cout), Int32(kdim), pwa) }
                                        for i in 0..<n {
                                            sf_conv_direct(xs.start + i * inItem, c, h, w, k, s, p, pwa,
                                                           Int32(cout), pada, tp.start, proda, span, portable)
                                            sf_bias_copy(proda, span, Int32(cout), Int32(ho), Int32(wo),
                                                         rowStride, bs.start, fused, ys + i * outItem)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// dLoss/dInput of a stride-1 layer by the direct kernel: the full correlation of dY with the weights turned
    /// around (input and output channels swapped, each kernel rotated by 180°), padding k − 1 − p, which gives back
    /// the input's size.
    private func inputGradientDirect(_ dy: Tensor, _ g: WindowGeometry) -> [Float] {
        let k = kernel, per = k * k
        var turned = [Float](repeating: 0, count: weight.value.count)
        for o in 0..<outChannels {
            for c in 0..<inChannels {
                let from = (o * inChannels + c) * per, to = (c * outChannels + o) * per
                for j in 0..<per { turned[to + per - 1 - j] = weight.value[from + j] }
            }
        }
        let back = WindowGeometry(channels: outChannels, height: g.outHeight, width: g.outWidth, kernel: k, stride: 1,
                                  padding: k - 1 - padding)
        return convolveDirect(dy.data, batch: dy.batch, back, weights: turned, outChannels: inChannels, bias: nil,
                              relu: false)
    }

    /// Backward: dW += dY·colsᵀ, db += ΣdY, recomputing the columns from the cached input; dX by the direct kernel
    /// (stride 1, padding below the kernel size, method not `columns`), else col2im(Wᵀ·dY).
    public func backward(_ dy: Tensor) -> Tensor {
        guard let x = cachedInput else { preconditionFailure("\(name).backward needs a training forward pass") }
        precondition(!fusedReLU, "a folded layer cannot be trained")
        let g = geometry(Array(x.shape.dropFirst()))
        let n = x.batch, hw = g.outHeight * g.outWidth, kdim = g.patchSize, cout = outChannels
        let chunk = imagesPerChunk(g, batch: n, columnsPerImage: hw)  // 2 MB of columns measured best for backward too (vs 8 and 32 MB)
        let directInput = computesInputGradient && stride == 1 && padding < kernel && resolvedMethod != .columns
        var dx = directInput ? inputGradientDirect(dy, g) : [Float](repeating: 0, count: x.data.count)
        let columnInput = computesInputGradient && !directInput
        ensure(&columns, kdim * chunk * hw)
        ensure(&product, cout * chunk * hw)
        var dcols = [Float](repeating: 0, count: columnInput ? kdim * chunk * hw : 1)
        let inItem = x.itemCount
        if let bias {
            dy.data.withUnsafeBufferPointer { d in
                for i in 0..<n {
                    for c in 0..<cout {
                        var s: Float = 0
                        let p = d.start + (i * cout + c) * hw
                        for j in 0..<hw { s += p[j] }
                        bias.grad[c] += s
                    }
                }
            }
        }
        x.data.withUnsafeBufferPointer { xs in
            dy.data.withUnsafeBufferPointer { ds in
                weight.value.withUnsafeBufferPointer { ws in
                    weight.grad.withUnsafeMutableBufferPointer { gw in
                        columns.withUnsafeMutableBufferPointer { cols in
                            product.withUnsafeMutableBufferPointer { dym in
                                dcols.withUnsafeMutableBufferPointer { dc in
                                    dx.withUnsafeMutableBufferPointer { dxs in
                                        var start = 0
                                        while start < n {
                                            let nb = min(chunk, n - start), ld = nb * hw
                                            for i in 0..<nb {
                                                im2col(xs.start + (start + i) * inItem, g,
                                                       cols.start + i * hw, ld: ld)
                                                for c in 0..<cout {
                                                    (dym.start + c * ld + i * hw).update(
                                                        from: ds.start + ((start + i) * cout + c) * hw,
                                                        count: hw)
                                                }
                                            }
                                            BLAS.sgemm(transA: false, transB: true, m: cout, n: kdim, k: ld, alpha: 1,
                                                       a: dym.start, lda: ld, b: cols.start, ldb: ld,
                                                       beta: 1, c: gw.start, ldc: kdim)
                                            if !columnInput { start += nb; continue }
                                            BLAS.sgemm(transA: true, transB: false, m: kdim, n: ld, k: cout, alpha: 1,
                                                       a: ws.start, lda: kdim, b: dym.start, ldb: ld,
                                                       beta: 0, c: dc.start, ldc: ld)
                                            for i in 0..<nb {
                                                col2im(dc.start + i * hw, ld: ld, g,
                                                       dxs.start + (start + i) * inItem)
                                            }
                                            start += nb
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(uncheckedShape: x.shape, data: dx)
    }
}

/// How a convolution's forward pass is computed. Both give the same sums in another order (outputs agree to float
/// rounding; the tests hold every method to float64 arithmetic).
public enum ConvolutionMethod: String, CaseIterable, Sendable {
    /// Where the CPU has AVX-512: `blocked` for a folded network's inference, `direct` for a lone convolution and
    /// in training; `columns` elsewhere (where OpenBLAS's SGEMM is the faster).
    case automatic
    /// Image columns (im2col) and one OpenBLAS SGEMM per chunk of images.
    case columns
    /// `sf_conv_direct`: the image's stride-phase planes read in place by register tiles (AVX-512 where the CPU has
    /// it, else plain C), no column matrix and no packing of it.
    case direct
    /// `sf_conv_direct` with its plain C tiles (the tests' reference for the AVX-512 tiles).
    case directPortable = "direct-portable"
    /// `sf_conv_blocked`: channel-blocked activations, a register tile of 16-channel vectors by a few output
    /// positions (AVX-512 where the CPU has it, else plain C). A folded network runs its leading convolutions and
    /// pools this way without converting between them (`BlockedRun`); a lone convolution converts its input and
    /// output and packs its weights on every call.
    case blocked

    /// Whether this CPU runs the direct kernel's AVX-512 tiles.
    public static let directKernelHasAVX512 = sf_conv_direct_uses_avx512() == 1

    /// Whether this CPU runs the blocked kernel's AVX-512 tiles (`automatic` then means `blocked` for a folded
    /// network's inference).
    public static let blockedKernelHasAVX512 = sf_blocked_available() == 1

    /// The method a lone convolution runs: `automatic` resolved for this CPU.
    public var resolved: ConvolutionMethod {
        self == .automatic ? (ConvolutionMethod.directKernelHasAVX512 ? .direct : .columns) : self
    }
}

/// Grows a scratch buffer to at least `count` floats (never shrinks it).
@inline(__always)
func ensure(_ buffer: inout [Float], _ count: Int) {
    if buffer.count < count { buffer = [Float](repeating: 0, count: count) }
}
