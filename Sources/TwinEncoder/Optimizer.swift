import Foundation

/// Which update rule the optimiser applies.
public enum OptimizerKind: String, Sendable, CaseIterable, Codable {
    /// SGD with (heavy-ball) momentum and L2 weight decay added to the gradient.
    case sgd
    /// Adam with decoupled weight decay (AdamW).
    case adam
}

/// Updates learnable parameters from their gradients; its state (momenta, step count) is saved in checkpoints.
public final class Optimizer {
    /// The update rule.
    public let kind: OptimizerKind
    /// Momentum (SGD) or β₁ (Adam).
    public let momentum: Float
    /// β₂ (Adam).
    public let beta2: Float = 0.999
    /// ε (Adam).
    public let epsilon: Float = 1e-8
    /// Weight decay, applied only to parameters marked `decays` (weights, not biases or BatchNorm).
    public let weightDecay: Float
    /// Updates done so far.
    public private(set) var steps = 0
    private var first: [String: [Float]] = [:]
    private var second: [String: [Float]] = [:]

    /// An optimiser with empty state.
    public init(kind: OptimizerKind, momentum: Float = 0.9, weightDecay: Float = 1e-4) {
        self.kind = kind
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    /// One update of every learnable parameter with learning rate `lr`.
    public func step(_ parameters: [Parameter], learningRate lr: Float) {
        steps += 1
        let t = Float(steps)
        for p in parameters where p.learnable {
            var m = first.removeValue(forKey: p.name) ?? [Float](repeating: 0, count: p.value.count)
            var v = second.removeValue(forKey: p.name) ?? (kind == .adam ? [Float](repeating: 0, count: p.value.count) : [])
            let wd = p.decays ? weightDecay : 0
            let (mu, b2, eps) = (momentum, beta2, epsilon)
            let c1 = 1 - pow(momentum, t), c2 = 1 - pow(beta2, t)
            let kind = self.kind
            p.grad.withUnsafeBufferPointer { g in
                p.value.withUnsafeMutableBufferPointer { w in
                    m.withUnsafeMutableBufferPointer { m in
                        v.withUnsafeMutableBufferPointer { v in
                            switch kind {
                            case .sgd:
                                for i in 0..<w.count {
                                    m[i] = mu * m[i] + g[i] + wd * w[i]
                                    w[i] -= lr * m[i]
                                }
                            case .adam:
                                for i in 0..<w.count {
                                    m[i] = mu * m[i] + (1 - mu) * g[i]
                                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                                    w[i] -= lr * ((m[i] / c1) / ((v[i] / c2).squareRoot() + eps) + wd * w[i])
                                }
                            }
                        }
                    }
                }
            }
            first[p.name] = m
            if kind == .adam { second[p.name] = v }
        }
    }

    /// The state as named tensors (`optim.m.<param>`, `optim.v.<param>`) for a checkpoint.
    public func stateTensors() -> [String: SafeTensors.Entry] {
        var out: [String: SafeTensors.Entry] = [:]
        for (k, v) in first { out["optim.m.\(k)"] = .init(shape: [v.count], values: v) }
        for (k, v) in second { out["optim.v.\(k)"] = .init(shape: [v.count], values: v) }
        return out
    }

    /// Restores the state written by `stateTensors()` and the step count.
    public func restore(_ tensors: [String: SafeTensors.Entry], steps: Int) {
        self.steps = steps
        for (name, t) in tensors {
            if name.hasPrefix("optim.m.") { first[String(name.dropFirst(8))] = t.values }
            if name.hasPrefix("optim.v.") { second[String(name.dropFirst(8))] = t.values }
        }
    }
}

/// Learning rate per step: linear warm-up, then cosine decay to a floor.
public struct LearningRateSchedule: Sendable, Equatable, Codable {
    /// The peak rate.
    public var base: Float
    /// Steps of linear warm-up from base/10.
    public var warmupSteps: Int
    /// Steps in the whole run.
    public var totalSteps: Int
    /// The final rate as a fraction of base.
    public var floorFraction: Float

    /// Memberwise.
    public init(base: Float, warmupSteps: Int, totalSteps: Int, floorFraction: Float = 0.05) {
        self.base = base
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.floorFraction = floorFraction
    }

    /// The rate for step `step` (0-based).
    public func rate(at step: Int) -> Float {
        if step < warmupSteps {
            return base * (0.1 + 0.9 * Float(step + 1) / Float(max(warmupSteps, 1)))
        }
        let span = max(totalSteps - warmupSteps, 1)
        let progress = min(Float(step - warmupSteps) / Float(span), 1)
        let cosine = 0.5 * (1 + cos(Float.pi * progress))
        return base * (floorFraction + (1 - floorFraction) * cosine)
    }
}
