import Testing
@testable import TwinEncoder
import Randomness

/// The convolution (columns + SGEMM, and the direct kernel) and the BatchNorm folding against float64 arithmetic.
@Suite struct ConvolutionReferenceTests {
    @Test("Forward equals the direct sum for several strides, paddings and channel counts, by every method",
          arguments: [(3, 1, 1), (5, 1, 2), (11, 4, 0), (4, 2, 3)], ConvolutionMethod.allCases)
    func forward(geometry: (kernel: Int, stride: Int, padding: Int), method: ConvolutionMethod) {
        var rng = SplitMix64(seed: 3)
        // 5, 17 and 9 output channels: a partial panel of 8 in the direct kernel; 23 x 31 and 40 x 57 images: tiles
        // of 16, 32 and 48 output positions; 24 input channels: more taps than one block of the direct kernel (512)
        // for every kernel size but 3.
        for (cin, cout, h, w) in [(2, 5, 23, 31), (3, 17, 40, 57), (24, 9, 15, 21)] {
            let conv = Conv2d(name: "c", in: cin, out: cout, kernel: geometry.kernel, stride: geometry.stride,
                              padding: geometry.padding, bias: true, rng: &rng)
            conv.method = method
            let x = Tensor(uncheckedShape: [3, cin, h, w], data: (0..<(3 * cin * h * w)).map { _ in rng.nextUnit() - 0.5 })
            let y = conv.forward(x, mode: .inference)
            let ref = referenceConvolution(x, conv)
            #expect(y.data.count == ref.count)
            let worst = zip(y.data, ref).map { abs(Double($0) - $1) }.max() ?? 1
            #expect(worst < 1e-5, "\(method) \(cin)->\(cout) \(h)x\(w): worst absolute error \(worst)")
        }
    }

    @Test("Folding BatchNorm into conv/FC and fusing ReLU leaves the inference output unchanged")
    func folding() {
        let net = Network(architecture: .tiny, seed: 5)
        randomiseBatchNorm(net, seed: 6)
        let x = randomImages(.tiny, count: 3, seed: 7)
        let before = net.forward(x, mode: .inference)
        net.foldBatchNorm()
        #expect(!net.layers.contains { $0 is BatchNorm || $0 is ReLU })
        let after = net.forward(x, mode: .inference)
        let scale = before.data.map(abs).max() ?? 1
        let worst = zip(before.data, after.data).map { abs($0 - $1) }.max() ?? 1
        #expect(scale > 0)
        #expect(worst / scale < 1e-5, "relative error \(worst / scale)")
    }

    @Test("Named architectures have the peer's FLOPs, flatten size and embedding size")
    func architectures() throws {
        let signet = Network(architecture: .signet, seed: 1)
        #expect(signet.gemmFlopsPerImage == 1_204_884_800)
        #expect(Architecture.signet.flattenSize == 3840)
        // The peer counts weights + one folded bias per channel; unfolded we have weights + γ + β per channel.
        #expect(signet.parameterCount == 15_786_688 + (96 + 256 + 384 + 384 + 256 + 2048 + 2048))
        let small = Network(architecture: .signetS, seed: 1)
        #expect(small.gemmFlopsPerImage == 97_898_944)
        #expect(Architecture.signetS.flattenSize == 960)
        #expect(try Architecture.named("signet-s").embeddingSize == 128)
        #expect(throws: EncoderError.self) { try Architecture.named("alexnet") }
    }
}

/// The choice of OpenBLAS kernels when the library misdetects the CPU.
@Suite struct BLASCoreSelectionTests {
    @Test("A misdetected AVX-512 CPU gets SkylakeX, AVX2 gets Haswell; a user's choice or a good detection is kept")
    func choice() {
        let avx512: Set<String> = ["avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq"]
        #expect(BLASCoreSelection.betterCoreType(cpuFlags: avx512, current: "Prescott", environment: [:]) == "SkylakeX")
        #expect(BLASCoreSelection.betterCoreType(cpuFlags: ["avx2", "fma"], current: "Prescott", environment: [:]) == "Haswell")
        #expect(BLASCoreSelection.betterCoreType(cpuFlags: ["sse3"], current: "Prescott", environment: [:]) == nil)
        #expect(BLASCoreSelection.betterCoreType(cpuFlags: avx512, current: "SkylakeX", environment: [:]) == nil)
        #expect(BLASCoreSelection.betterCoreType(cpuFlags: avx512, current: "Prescott",
                                                 environment: ["OPENBLAS_CORETYPE": "Prescott"]) == nil)
    }
}
