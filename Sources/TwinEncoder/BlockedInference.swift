import CTensorKernels

/// A run of convolutions and 3×3 max pools computed on channel-blocked activations (`sf_conv_blocked`), in chunks
/// of images, the way ONNX Runtime's NCHWc kernels work: 16 channels of a pixel side by side, so a register tile holds
/// 16-channel vectors for a few output positions and no padded column is ever computed. Each activation is stored
/// with the zero border its consumer reads as padding, so nothing is copied between layers; the last one is turned
/// back to planar [C][H][W] for the layers after the run (Flatten, the fully connected layers).
///
/// The weights are packed when the run is built: rebuild it after they change. Not `Sendable` (scratch buffers).
final class BlockedRun {
    /// One activation of one image: `lanes` channels per pixel (1 planar, 16 blocked), `pad` zero pixels around.
    private struct Activation {
        let channels: Int, height: Int, width: Int, pad: Int, lanes: Int
        var blocks: Int { lanes == 1 ? channels : Int(sf_blocked_cblocks(Int32(channels))) }
        var rowFloats: Int { (width + 2 * pad) * lanes }
        var blockStride: Int { (height + 2 * pad) * rowFloats }
        var count: Int { blocks * blockStride }
        /// Floats from the storage's start to pixel (0, 0).
        var origin: Int { pad * rowFloats + pad * lanes }
    }

    private enum Step {
        case conv(Conv)
        case winograd(Winograd)
        case pool(stride: Int)
    }

    /// A 3×3 stride-1 padding-1 convolution by Winograd F(2×2, 3×3): 16 one-by-one convolutions over the 2×2
    /// output tiles (`sf_winograd_input`, `sf_conv_blocked`, `sf_winograd_output`).
    private struct Winograd {
        /// The 1×1 convolutions' taps over the transformed input [xi][block][tile][16]; the 16 packed weight sets
        /// U = G·g·Gᵀ, `perXi` floats apart; the layer's bias (padded to whole blocks) and a zero bias.
        let taps: [Int32], packed: AlignedFloats, perXi: Int, bias: AlignedFloats, zero: AlignedFloats
        let outChannels: Int, cb: Int, positions: Int, relu: Bool, tilesH: Int, tilesW: Int
        /// Transformed input and products, [xi][block][tile][16].
        let v: AlignedFloats, m: AlignedFloats
        var tiles: Int { tilesH * tilesW }
    }

    private struct Conv {
        let taps: [Int32], packed: AlignedFloats, bias: AlignedFloats
        let outChannels: Int, stride: Int, cb: Int, positions: Int, relu: Bool
    }

    /// Layers (from the network's start) the run replaces.
    let layerCount: Int
    /// The item shape [C, H, W] the run was built for.
    let inputShape: [Int]
    /// The planar output shape of one image after the run: [C, H, W].
    let outputShape: [Int]
    /// The layers' names, in order (a Winograd layer's with " (Winograd)").
    let names: [String]
    /// The convolutions computed by Winograd F(2×2, 3×3).
    let winogradLayers: [String]
    private let steps: [Step]
    private let activations: [Activation]
    private let buffers: [AlignedFloats]
    /// Floats from one image's activation to the next in each buffer, and images per chunk.
    private let slots: [Int], chunk: Int
    private let portable: Bool

    /// The longest run of convolutions and 3×3 pools at the start of `layers` for an input item of `inputShape`
    /// ([C, H, W]), or nil when the first layer is no convolution. `portable` forces the plain C tiles; `tile`
    /// forces one tile shape (CB channel blocks, P positions) on every convolution whose blocks CB divides (the
    /// tests run every shape).
    init?(layers: [any Layer], inputShape: [Int], portable: Bool = false, tile: (cb: Int, p: Int)? = nil,
          winograd: Bool = true) {
        guard let first = layers.first as? Conv2d else { return nil }
        // Activation i is layer i's input; each is stored with the padding its consumer (a convolution) reads.
        let count = layers.prefix { $0 is Conv2d || ($0 as? MaxPool2d)?.kernel == 3 }.count
        var dims = inputShape
        var acts = [Activation(channels: dims[0], height: dims[1], width: dims[2], pad: first.padding, lanes: 1)]
        for i in 0..<count {
            dims = layers[i].outputShape(for: dims)
            let pad = i + 1 < count ? ((layers[i + 1] as? Conv2d)?.padding ?? 0) : 0
            acts.append(Activation(channels: dims[0], height: dims[1], width: dims[2], pad: pad, lanes: 16))
        }
        // Tap offsets are 32-bit: every activation of one image must be addressable with them.
        guard acts.allSatisfy({ $0.count < Int(Int32.max) }) else { return nil }
        let chunk = BlockedRun.imagesPerChunk
        steps = (0..<count).map { i in
            guard let conv = layers[i] as? Conv2d else { return .pool(stride: (layers[i] as! MaxPool2d).stride) }
            if winograd, let w = BlockedRun.winograd(conv, input: acts[i], output: acts[i + 1], tile: tile,
                                                     chunk: chunk) {
                return .winograd(w)
            }
            return .conv(BlockedRun.direct(conv, input: acts[i], output: acts[i + 1], tile: tile))
        }
        layerCount = count
        winogradLayers = zip(layers, steps).compactMap { layer, step in
            if case .winograd = step { return layer.name }
            return nil
        }
        names = zip(layers, steps).map { layer, step in
            if case .winograd = step { return layer.name + " (Winograd)" }
            return layer.name
        }
        self.inputShape = inputShape
        outputShape = dims
        activations = acts
        // One slot per image of a chunk, each a whole number of cache lines. The input needs a buffer only when it
        // is padded; the kernels never write a border, so it stays zero.
        slots = acts.map { ($0.count + 15) / 16 * 16 }
        self.chunk = chunk
        buffers = zip(acts, slots).enumerated().map { i, a in
            AlignedFloats(count: i == 0 && a.0.pad == 0 ? 0 : chunk * a.1)
        }
        self.portable = portable
    }

    /// The register tile for `cout` channels over rows of `width` positions: the cycle model's choice, or `tile`
    /// where its CB divides the channel blocks.
    private static func tile(cout: Int, width: Int, forced tile: (cb: Int, p: Int)?) -> (cb: Int32, p: Int32) {
        if let tile, Int(sf_blocked_cblocks(Int32(cout))) % tile.cb == 0 { return (Int32(tile.cb), Int32(tile.p)) }
        var cb: Int32 = 1, p: Int32 = 1
        sf_blocked_choose(Int32(cout), Int32(width), &cb, &p)
        return (cb, p)
    }

    /// The layer's bias (zero without one) padded to whole blocks of 16.
    private static func paddedBias(_ conv: Conv2d) -> AlignedFloats {
        let bias = AlignedFloats(count: Int(sf_blocked_cblocks(Int32(conv.outChannels))) * 16)
        if let b = conv.bias?.value { bias.pointer.update(from: b, count: b.count) }
        return bias
    }

    /// `conv` by the blocked kernel, its weights packed for its input's layout.
    private static func direct(_ conv: Conv2d, input: Activation, output: Activation,
                               tile forced: (cb: Int, p: Int)?) -> Conv {
        let cin = conv.inChannels, (cb, p) = tile(cout: conv.outChannels, width: output.width, forced: forced)
        var taps = [Int32](repeating: 0, count: cin * conv.kernel * conv.kernel)
        sf_blocked_taps(Int32(cin), Int32(conv.kernel), Int32(input.lanes), input.blockStride, Int32(input.rowFloats),
                        &taps)
        let packed = AlignedFloats(count: Int(sf_blocked_cblocks(Int32(conv.outChannels))) * 16 * taps.count)
        conv.weight.value.withUnsafeBufferPointer {
            sf_blocked_pack($0.start, Int32(conv.outChannels), Int32(cin), Int32(conv.kernel), cb, packed.pointer)
        }
        return Conv(taps: taps, packed: packed, bias: paddedBias(conv), outChannels: conv.outChannels,
                    stride: conv.stride, cb: Int(cb), positions: Int(p), relu: conv.fusedReLU)
    }

    /// The Winograd form of `conv` where it applies: 3×3, stride 1, padding 1, an even output height and width, a
    /// blocked input. U = G·g·Gᵀ is computed in float64 from the folded weights.
    private static func winograd(_ conv: Conv2d, input: Activation, output: Activation,
                                 tile forced: (cb: Int, p: Int)?, chunk: Int) -> Winograd? {
        guard conv.kernel == 3, conv.stride == 1, conv.padding == 1, input.lanes == 16,
              output.height % 2 == 0, output.width % 2 == 0 else { return nil }
        let cin = conv.inChannels, cout = conv.outChannels
        let (th, tw) = (output.height / 2, output.width / 2), tiles = th * tw
        let (cb, p) = tile(cout: cout, width: chunk * tiles, forced: forced)
        // One "image" per xi: the tiles of a chunk's images in one row, cin channels blocked by 16.
        var taps = [Int32](repeating: 0, count: cin)
        sf_blocked_taps(Int32(cin), 1, 16, chunk * tiles * 16, Int32(chunk * tiles * 16), &taps)
        let padded = Int(sf_blocked_cblocks(Int32(cout))) * 16, perXi = padded * cin
        let packed = AlignedFloats(count: 16 * perXi)
        let g: [[Double]] = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]]
        var u = [[Float]](repeating: [Float](repeating: 0, count: cout * cin), count: 16)
        let w = conv.weight.value
        for o in 0..<cout {
            for c in 0..<cin {
                let k = (o * cin + c) * 9
                for i in 0..<4 {
                    for j in 0..<4 {
                        var sum = 0.0
                        for a in 0..<3 { for b in 0..<3 { sum += g[i][a] * Double(w[k + a * 3 + b]) * g[j][b] } }
                        u[4 * i + j][o * cin + c] = Float(sum)
                    }
                }
            }
        }
        for xi in 0..<16 {
            sf_blocked_pack(u[xi], Int32(cout), Int32(cin), 1, cb, packed.pointer + xi * perXi)
        }
        let inBlocks = Int(sf_blocked_cblocks(Int32(cin)))
        return Winograd(taps: taps, packed: packed, perXi: perXi, bias: paddedBias(conv),
                        zero: AlignedFloats(count: padded), outChannels: cout, cb: Int(cb), positions: Int(p),
                        relu: conv.fusedReLU, tilesH: th, tilesW: tw,
                        v: AlignedFloats(count: 16 * inBlocks * chunk * tiles * 16),
                        m: AlignedFloats(count: 16 * padded * chunk * tiles))
    }

    /// Images that go through the layers together (see `run`). Measured with `bench encoder --profile`, one
    /// thread, batch 8, alternating: signet 77–79 images/s one image at a time, 88–90 with chunks of 8 (its
    /// Winograd layers 1.7x faster; commits c29befa and ed49fa1); signet-s level within the machine's noise.
    static let imagesPerChunk = 8

    /// The tile shapes (CB, P) that have AVX-512 tiles on this build (none without them).
    static var tileShapes: [(cb: Int, p: Int)] {
        var cb = [Int32](repeating: 0, count: 64), p = [Int32](repeating: 0, count: 64)
        let n = Int(sf_blocked_tiles(&cb, &p, 64))
        return (0..<n).map { (Int(cb[$0]), Int(p[$0])) }
    }

    /// Runs the layers over a batch [N, C, H, W] and returns [N] + `outputShape`, planar.
    func forward(_ x: Tensor) -> Tensor {
        var none: [Double]? = nil
        return forward(x, seconds: &none)
    }

    /// `forward`, adding each step's seconds (summed over the images; the conversion back to planar counts in the
    /// last step) to `seconds` when it is given.
    func forward(_ x: Tensor, seconds: inout [Double]?) -> Tensor {
        let n = x.batch, inItem = x.itemCount, outItem = outputShape.reduce(1, *)
        var times = seconds
        let y = [Float].filled(count: n * outItem) { ys in
            x.data.withUnsafeBufferPointer { xs in
                var lo = 0
                while lo < n {
                    let m = min(chunk, n - lo)
                    run(images: xs.start + lo * inItem, count: m, into: ys + lo * outItem, seconds: &times)
                    lo += m
                }
            }
        }
        seconds = times
        return Tensor(uncheckedShape: [n] + outputShape, data: y)
    }

    /// `count` (at most `chunk`) images through the steps, layer by layer. A direct convolution or a pool takes
    /// one image at a time (its input stays in L2); a Winograd layer multiplies all the chunk's tiles at once, so
    /// its transformed weights (9.4 MB for signet's conv4) are read once per chunk.
    private func run(images: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>,
                     seconds: inout [Double]?) {
        let clock = ContinuousClock()
        var mark = clock.now
        func lap(_ i: Int) {
            guard seconds != nil else { return }
            let now = clock.now
            seconds?[i] += (now - mark).seconds
            mark = now
        }
        let input = activations[0]
        let inItem = input.channels * input.height * input.width
        var source = images, sourceImage = inItem
        if input.pad > 0 {
            // Copy each planar image into its padded slot, row by row.
            for i in 0..<count {
                let base = buffers[0].pointer + i * slots[0] + input.origin, image = images + i * inItem
                for c in 0..<input.channels {
                    for y in 0..<input.height {
                        (base + c * input.blockStride + y * input.rowFloats)
                            .update(from: image + (c * input.height + y) * input.width, count: input.width)
                    }
                }
            }
            source = UnsafePointer(buffers[0].pointer)
            sourceImage = slots[0]
        }
        for (s, step) in steps.enumerated() {
            let a = activations[s], b = activations[s + 1], slot = slots[s + 1]
            let dst = buffers[s + 1].pointer + b.origin
            switch step {
            case .conv(let c):
                c.taps.withUnsafeBufferPointer { taps in
                    for i in 0..<count {
                        sf_conv_blocked(source + i * sourceImage, taps.start, Int32(taps.count),
                                        Int32(c.stride * a.lanes), Int32(a.rowFloats), Int32(c.stride),
                                        Int32(b.height), Int32(b.width), c.packed.pointer, c.bias.pointer,
                                        Int32(c.outChannels), Int32(c.cb), Int32(c.positions), c.relu ? 1 : 0,
                                        dst + i * slot, b.blockStride, Int32(b.rowFloats), portable ? 1 : 0)
                    }
                }
            case .winograd(let w):
                // [xi][block][image * tiles + tile][16]: the chunk's tiles in one row.
                let row = chunk * w.tiles * 16
                let inXi = a.blocks * row, outXi = b.blocks * row
                for i in 0..<count {
                    sf_winograd_input(source + i * sourceImage, Int32(a.blocks), a.blockStride, Int32(a.rowFloats),
                                      Int32(w.tilesH), Int32(w.tilesW), w.v.pointer + i * w.tiles * 16, inXi, row)
                }
                w.taps.withUnsafeBufferPointer { taps in
                    for xi in 0..<16 {
                        sf_conv_blocked(w.v.pointer + xi * inXi, taps.start, Int32(taps.count), 16, Int32(row), 1, 1,
                                        Int32(count * w.tiles), w.packed.pointer + xi * w.perXi, w.zero.pointer,
                                        Int32(w.outChannels), Int32(w.cb), Int32(w.positions), 0,
                                        w.m.pointer + xi * outXi, row, Int32(row), portable ? 1 : 0)
                    }
                }
                for i in 0..<count {
                    sf_winograd_output(w.m.pointer + i * w.tiles * 16, outXi, row, Int32(b.blocks), Int32(w.tilesH),
                                       Int32(w.tilesW), w.bias.pointer, w.relu ? 1 : 0, dst + i * slot,
                                       b.blockStride, Int32(b.rowFloats))
                }
            case .pool(let stride):
                for i in 0..<count {
                    sf_maxpool3x3_blocked(source + i * sourceImage + a.origin, Int32(a.blocks), a.blockStride,
                                          Int32(a.rowFloats), Int32(b.height), Int32(b.width), Int32(stride),
                                          dst + i * slot, b.blockStride, Int32(b.rowFloats))
                }
            }
            if s + 1 < steps.count { lap(s) }
            // The next step reads this activation from its storage's start (a convolution: the padded origin) or
            // from its pixel (0, 0) (a pool, which adds the origin itself).
            source = UnsafePointer(buffers[s + 1].pointer)
            sourceImage = slot
        }
        let last = activations[steps.count], outItem = outputShape.reduce(1, *)
        for i in 0..<count {
            sf_unblock(source + i * sourceImage + last.origin, Int32(last.channels), last.blockStride,
                       Int32(last.rowFloats), Int32(last.height), Int32(last.width), out + i * outItem)
        }
        lap(steps.count - 1)
    }
}

/// Zeroed floats on a 64-byte boundary (the blocked kernels' aligned loads and stores), freed with the object.
final class AlignedFloats {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 16) * MemoryLayout<Float>.stride,
                                                   alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 16))
        pointer.initialize(repeating: 0, count: max(count, 16))
    }
    deinit { pointer.deallocate() }
}
