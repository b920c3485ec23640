@testable import TwinEncoder
import Randomness

extension Architecture {
    /// The SigNet topology at the smallest size it admits (1×67×67 → conv 15×15 → … → 1×1 after pool3), for checks
    /// that run the whole network many times.
    static let tiny = Architecture(name: "tiny", inputHeight: 67, inputWidth: 67, convChannels: [3, 4, 5, 5, 4],
                                   fcSizes: [12, 6])
}

/// Random BatchNorm statistics and affine parameters, so that folding and inference differ from the identity.
func randomiseBatchNorm(_ net: Network, seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    for case let bn as BatchNorm in net.layers {
        for c in 0..<bn.features {
            bn.gamma.value[c] = 0.8 + 0.4 * rng.nextUnit()
            bn.beta.value[c] = 0.1 * (rng.nextUnit() - 0.5)
            bn.runningMean.value[c] = 0.1 * (rng.nextUnit() - 0.5)
            bn.runningVar.value[c] = 0.8 + 0.4 * rng.nextUnit()
        }
    }
}

/// Uniform [0, 1) images of the architecture's input shape.
func randomImages(_ arch: Architecture, count: Int, seed: UInt64) -> Tensor {
    var rng = SplitMix64(seed: seed)
    let n = count * arch.inputHeight * arch.inputWidth
    return Tensor(uncheckedShape: [count] + arch.inputShape, data: (0..<n).map { _ in rng.nextUnit() })
}
