import Testing
@testable import TwinEncoder
import Randomness

/// Every layer's backward pass against central finite differences of its forward pass.
@Suite struct LayerGradientTests {
    private func input(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        var rng = SplitMix64(seed: seed)
        return Tensor(uncheckedShape: shape, data: GradientCheck.random(shape.reduce(1, *), &rng, scale: scale))
    }

    @Test("Conv2d with stride and padding: input, weight and bias gradients, by every method",
          arguments: [(3, 1, 1), (5, 1, 2), (5, 2, 2), (4, 3, 0), (11, 4, 0), (3, 1, 0)], ConvolutionMethod.allCases)
    func conv(geometry: (kernel: Int, stride: Int, padding: Int), method: ConvolutionMethod) {
        let (kernel, stride, padding) = geometry
        var rng = SplitMix64(seed: 7)
        let conv = Conv2d(name: "c", in: 3, out: 4, kernel: kernel, stride: stride, padding: padding, bias: true,
                          rng: &rng)
        conv.method = method
        for i in conv.bias!.value.indices { conv.bias!.value[i] = Float(i) * 0.1 }
        let x = input([2, 3, 17, 19], seed: 11)
        let report = GradientCheck.check(layer: conv, input: x, seed: 3)
        #expect(report.checked > 60)
        #expect(report.worst < 5e-3, "worst relative error \(report.worst)")
    }

    @Test("BatchNorm in training mode, per channel (NCHW) and per feature (NF)")
    func batchNorm() {
        for shape in [[4, 3, 5, 6], [8, 7]] {
            let bn = BatchNorm(name: "bn", features: shape[1])
            var rng = SplitMix64(seed: 5)
            bn.gamma.value = GradientCheck.random(shape[1], &rng).map { 1 + 0.5 * $0 }
            bn.beta.value = GradientCheck.random(shape[1], &rng)
            let report = GradientCheck.check(layer: bn, input: input(shape, seed: 13, scale: 2), seed: 9,
                                             epsilon: 1e-2)
            #expect(report.worst < 1e-2, "shape \(shape): worst relative error \(report.worst)")
        }
    }

    @Test("ReLU away from the kink")
    func relu() {
        var x = input([2, 3, 4, 5], seed: 17)
        for i in x.data.indices where abs(x.data[i]) < 0.1 { x.data[i] += 0.2 }
        let report = GradientCheck.check(layer: ReLU(name: "r"), input: x, seed: 1)
        #expect(report.worst < 1e-3, "worst relative error \(report.worst)")
    }

    @Test("MaxPool 3x3/2 floor mode with distinct values")
    func maxPool() {
        // A permutation of well separated values, so that ±ε never changes which entry wins a window.
        var rng = SplitMix64(seed: 23)
        let count = 2 * 2 * 9 * 12
        var values = (0..<count).map { Float($0) * 0.05 }
        values.shuffle(using: &rng)
        let x = Tensor(uncheckedShape: [2, 2, 9, 12], data: values)
        let pool = MaxPool2d(name: "p")
        #expect(pool.outputShape(for: [2, 9, 12]) == [2, 4, 5])
        let report = GradientCheck.check(layer: pool, input: x, seed: 2, epsilon: 1e-3, samples: 200)
        #expect(report.worst < 1e-2, "worst relative error \(report.worst)")
    }

    @Test("MaxPool in training gives inference's maxima and routes a tied window's gradient to its first maximum")
    func maxPoolTrainingForward() {
        var rng = SplitMix64(seed: 41)
        let x = Tensor(uncheckedShape: [2, 3, 11, 14], data: (0..<(2 * 3 * 11 * 14)).map { _ in rng.nextUnit() - 0.5 })
        let pool = MaxPool2d(name: "p")
        #expect(pool.forward(x, mode: .training).data == pool.forward(x, mode: .inference).data)
        // Every value equal: each window's gradient goes to its top-left pixel, (2·oh, 2·ow).
        let flat = Tensor(uncheckedShape: [1, 1, 7, 7], data: [Float](repeating: 1, count: 49))
        _ = pool.forward(flat, mode: .training)
        let dx = pool.backward(Tensor(uncheckedShape: [1, 1, 3, 3], data: (1...9).map(Float.init))).data
        var want = [Float](repeating: 0, count: 49)
        for oh in 0..<3 { for ow in 0..<3 { want[2 * oh * 7 + 2 * ow] = Float(oh * 3 + ow + 1) } }
        #expect(dx == want)
    }

    @Test("Linear with bias")
    func linear() {
        var rng = SplitMix64(seed: 29)
        let fc = Linear(name: "fc", in: 13, out: 6, bias: true, rng: &rng)
        let report = GradientCheck.check(layer: fc, input: input([5, 13], seed: 31), seed: 4)
        #expect(report.worst < 5e-3, "worst relative error \(report.worst)")
    }

    @Test("Dropout with a fixed mask, and the identity at inference")
    func dropout() {
        let layer = Dropout(name: "d", probability: 0.3, seed: 99)
        let saved = layer.rng
        let x = input([4, 10], seed: 37)
        let report = GradientCheck.check(layer: layer, input: x, seed: 5) { layer.rng = saved }
        #expect(report.worst < 1e-3, "worst relative error \(report.worst)")
        #expect(layer.forward(x, mode: .inference) == x)
        layer.rng = saved
        let y = layer.forward(x, mode: .training)
        let dropped = y.data.filter { $0 == 0 }.count
        #expect(dropped > 4 && dropped < 24, "about 30% of 40 values dropped, got \(dropped)")
    }

    @Test("L2 normalisation")
    func l2() {
        let report = GradientCheck.check(layer: L2Normalize(), input: input([3, 9], seed: 41), seed: 6,
                                         epsilon: 1e-3)
        #expect(report.worst < 1e-2, "worst relative error \(report.worst)")
        let y = L2Normalize().forward(input([3, 9], seed: 41), mode: .inference)
        for i in 0..<3 {
            let norm = (0..<9).reduce(Float(0)) { $0 + y.data[i * 9 + $1] * y.data[i * 9 + $1] }
            #expect(abs(norm - 1) < 1e-5)
        }
    }
}
