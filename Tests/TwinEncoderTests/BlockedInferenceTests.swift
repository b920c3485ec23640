import Testing
@testable import TwinEncoder
import Randomness

/// The channel-blocked inference path (`BlockedRun`, `sf_conv_blocked`) against float64 arithmetic and the columns
/// path. The lone-convolution geometries (padding on the input, strides 1, 2 and 4, rows narrower than a tile) are in
/// `ConvolutionReferenceTests.forward`, which runs every method.
@Suite struct BlockedInferenceTests {
    @Test("Every AVX-512 tile shape, and the plain C tiles, equal the float64 sum (row ends stepping back, several tap blocks, channels past the last block)")
    func everyTile() throws {
        let shapes = BlockedRun.tileShapes
        // The shapes are those the build compiled AVX-512 kernels for; a CPU without AVX-512 runs the same tiles in
        // plain C (below, both ways), and where the CPU has it the build must have them.
        #expect(!ConvolutionMethod.blockedKernelHasAVX512 || !shapes.isEmpty)
        var rng = SplitMix64(seed: 41)
        for shape in shapes {
            // 40 input channels x 3 x 3 = 360 taps: more than one block of taps for every CB; cb*16 - 5 output
            // channels: the last block has 5 lanes of zero weights; 2p + 3 columns: the third tile steps back.
            let cout = shape.cb * 16 - 5, cin = 40, h = 5, w = 2 * shape.p + 3
            let conv = Conv2d(name: "c", in: cin, out: cout, kernel: 3, stride: 1, padding: 1, bias: true, rng: &rng)
            conv.bias?.value = (0..<cout).map { _ in rng.nextUnit() - 0.5 }
            let x = Tensor(uncheckedShape: [2, cin, h, w], data: (0..<(2 * cin * h * w)).map { _ in rng.nextUnit() - 0.5 })
            let ref = referenceConvolution(x, conv)
            for portable in [false, true] {
                let run = try #require(BlockedRun(layers: [conv], inputShape: [cin, h, w], portable: portable, tile: shape))
                let y = run.forward(x)
                let worst = zip(y.data, ref).map { abs(Double($0) - $1) }.max() ?? 1
                #expect(y.data.count == ref.count)
                #expect(worst < 1e-5, "tile \(shape) portable \(portable): worst absolute error \(worst)")
            }
        }
    }

    @Test("A folded network through the blocked run equals the columns path (signet-s, signet-s-hr with its two pools after conv1, and a tiny net with 3-5 channels)")
    func network() throws {
        for arch in [Architecture.signetS, .signetSHR, .tiny] {
            let net = Network(architecture: arch, seed: 77)
            randomiseBatchNorm(net, seed: 78)
            net.foldBatchNorm()
            let x = randomImages(arch, count: 3, seed: 79)
            net.convolutionMethod = .columns
            #expect(!net.usesBlockedRun)
            let columns = net.forward(x, mode: .inference)
            net.convolutionMethod = .blocked
            #expect(net.usesBlockedRun)
            let blocked = net.forward(x, mode: .inference)
            // The portable tiles through every layer of the run (conv, pool, conv, pool, conv x 3, pool).
            let run = try #require(BlockedRun(layers: net.layers, inputShape: arch.inputShape, portable: true))
            #expect(run.layerCount == 7 + arch.poolsAfterConv1)
            var t = run.forward(x)
            for layer in net.layers[run.layerCount...] { t = layer.forward(t, mode: .inference) }
            let scale = columns.data.map(abs).max() ?? 0
            #expect(scale > 0)
            for (name, y) in [("blocked", blocked), ("portable", t)] {
                let worst = zip(columns.data, y.data).map { abs($0 - $1) }.max() ?? 1
                #expect(worst / scale < 1e-5, "\(arch.name) \(name): relative error \(worst / scale)")
            }
        }
    }

    @Test("Winograd F(2x2, 3x3) on a blocked input equals the direct blocked kernel and the columns path")
    func winograd() throws {
        var rng = SplitMix64(seed: 61)
        // A first convolution gives the second its blocked input; 19 -> 21 channels (partial blocks) on 10 x 14
        // outputs (2 x 2 tiles, 35 of them), and 40 -> 64 with taps past one block.
        for (cin, cout) in [(19, 21), (40, 64)] {
            let first = Conv2d(name: "a", in: 1, out: cin, kernel: 3, stride: 1, padding: 1, bias: true, rng: &rng)
            let second = Conv2d(name: "b", in: cin, out: cout, kernel: 3, stride: 1, padding: 1, bias: true, rng: &rng)
            second.bias?.value = (0..<cout).map { _ in rng.nextUnit() - 0.5 }
            let x = Tensor(uncheckedShape: [2, 1, 10, 14], data: (0..<280).map { _ in rng.nextUnit() - 0.5 })
            first.method = .columns
            second.method = .columns
            let columns = second.forward(first.forward(x, mode: .inference), mode: .inference)
            let plain = try #require(BlockedRun(layers: [first, second], inputShape: [1, 10, 14], winograd: false))
            #expect(plain.names == ["a", "b"])
            let scale = columns.data.map(abs).max() ?? 0
            #expect(scale > 0)
            for portable in [false, true] {
                let run = try #require(BlockedRun(layers: [first, second], inputShape: [1, 10, 14], portable: portable))
                // The first layer reads the planar image (no Winograd); the second does.
                #expect(run.names == ["a", "b (Winograd)"])
                for (name, y) in [("winograd", run.forward(x)), ("direct", plain.forward(x))] {
                    let worst = zip(columns.data, y.data).map { abs($0 - $1) }.max() ?? 1
                    #expect(worst / scale < 1e-5, "\(cin)->\(cout) \(name) portable \(portable): \(worst / scale)")
                }
            }
        }
    }

    @Test("A folded fully connected layer (packed weights on AVX-512) equals the float64 product for 1 to 30 rows")
    func fullyConnected() {
        var rng = SplitMix64(seed: 51)
        for relu in [false, true] {
            // 45 outputs: one whole pair of 16-output blocks and a partial one; 1-30 rows: every row-tile count,
            // a partial chunk of 12 and several chunks.
            let fc = Linear(name: "fc", in: 37, out: 45, rng: &rng)
            let scale = (0..<45).map { _ in 0.5 + rng.nextUnit() }, shift = (0..<45).map { _ in rng.nextUnit() - 0.5 }
            fc.fold(scale: scale, shift: shift, relu: relu)
            #expect((fc.packedWeight != nil) == ConvolutionMethod.blockedKernelHasAVX512)
            for n in [1, 7, 12, 13, 30] {
                let x = Tensor(uncheckedShape: [n, 37], data: (0..<(n * 37)).map { _ in rng.nextUnit() - 0.5 })
                let y = fc.forward(x, mode: .inference)
                var worst = 0.0
                for r in 0..<n {
                    for o in 0..<45 {
                        var acc = Double(fc.bias?.value[o] ?? 0)
                        for i in 0..<37 { acc += Double(fc.weight.value[o * 37 + i]) * Double(x.data[r * 37 + i]) }
                        if relu { acc = max(acc, 0) }
                        worst = max(worst, abs(acc - Double(y.data[r * 45 + o])))
                    }
                }
                #expect(y.shape == [n, 45])
                #expect(worst < 1e-5, "relu \(relu), \(n) rows: worst absolute error \(worst)")
            }
        }
    }

    @Test("An unfolded network never takes the blocked run (training needs the layers' caches)")
    func unfolded() {
        let net = Network(architecture: .tiny, seed: 3)
        net.convolutionMethod = .blocked
        #expect(!net.usesBlockedRun)
    }
}
