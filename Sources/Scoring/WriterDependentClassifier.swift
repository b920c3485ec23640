import Foundation

/// A per-writer linear classifier: the writer's references (positives) against a background population
/// (negatives), as in Hafemann et al.'s writer-dependent stage, here an L2-regularised logistic regression.
///
/// Objective over standardised features x (see `BackgroundPopulation`):
/// J(w, b) = Σᵢ cᵢ·ln(1 + exp(−yᵢ(w·xᵢ + b))) + (λ/2)·‖w‖², with class weights cᵢ = 1/(2K) for the K references
/// and 1/(2B) for the B background embeddings (each class weighs one half, so a handful of references is not
/// drowned by the background). The bias is not penalised. J is strictly convex; it is minimised by Newton's
/// method with the Newton step solved by conjugate gradients on Hessian–vector products and a backtracking line
/// search: deterministic, no learning rate, no random start. The score is the decision value w·x + b.
public struct WriterDependentClassifier: Sendable {
    /// Weights over standardised features.
    public let weights: [Double]
    /// Bias.
    public let bias: Double
    /// Per-dimension mean and scale of the background (for standardising questioned embeddings).
    let featureMean: [Double]
    let featureScale: [Double]
    /// Newton iterations used.
    public let iterations: Int

    /// Fits the classifier of one writer.
    public static func fit(references: [[Float]], background: BackgroundPopulation, l2: Double) throws
        -> WriterDependentClassifier {
        guard !references.isEmpty else {
            throw ScoringError.notEnoughSamples(what: "writer-dependent references", count: 0, needed: 1)
        }
        guard l2 > 0, l2.isFinite else {
            throw ScoringError.invalidParameter(name: "classifier L2", value: "\(l2)", reason: "it must be positive")
        }
        let d = background.dimension
        let positives = try references.flatMap { try background.standardise($0) }
        let problem = LogisticProblem(positives: positives, positiveCount: references.count,
                                      negatives: background.standardised, negativeCount: background.count,
                                      dimension: d, l2: l2)
        let (theta, iterations) = try problem.minimise()
        return WriterDependentClassifier(weights: Array(theta[0..<d]), bias: theta[d],
                                         featureMean: background.featureMean, featureScale: background.featureScale,
                                         iterations: iterations)
    }

    /// w·x + b for one embedding (standardised like the background): positive leans to the writer.
    public func decisionValue(_ embedding: [Float]) throws -> Double {
        guard embedding.count == weights.count else {
            throw ScoringError.dimensionMismatch(what: "embedding against classifier", expected: weights.count,
                                                 found: embedding.count)
        }
        var z = bias
        for k in 0..<weights.count {
            z += weights[k] * (Double(embedding[k]) - featureMean[k]) / featureScale[k]
        }
        return z
    }
}

/// The weighted, L2-penalised logistic loss of one writer; θ = (w, b).
struct LogisticProblem {
    let positives: [Double]
    let positiveCount: Int
    let negatives: [Double]
    let negativeCount: Int
    let dimension: Int
    let l2: Double
    /// What is fitted, for the error when Newton's method does not converge.
    var name = "writer-dependent logistic regression"

    var positiveWeight: Double { 0.5 / Double(positiveCount) }
    var negativeWeight: Double { 0.5 / Double(negativeCount) }

    /// Decision values of every row: positives first, then negatives.
    func margins(_ theta: [Double]) -> [Double] {
        var z = [Double](repeating: 0, count: positiveCount + negativeCount)
        let d = dimension
        theta.withUnsafeBufferPointer { t in
            z.withUnsafeMutableBufferPointer { zp in
                positives.withUnsafeBufferPointer { p in
                    for i in 0..<positiveCount { zp[i] = dot(p, i * d, t, d) + t[d] }
                }
                negatives.withUnsafeBufferPointer { q in
                    for i in 0..<negativeCount {
                        zp[positiveCount + i] = dot(q, i * d, t, d) + t[d]
                    }
                }
            }
        }
        return z
    }

    /// J(θ) from the margins.
    func loss(_ theta: [Double], margins z: [Double]) -> Double {
        var total = 0.0
        for i in 0..<positiveCount { total += positiveWeight * softplus(-z[i]) }
        for i in 0..<negativeCount { total += negativeWeight * softplus(z[positiveCount + i]) }
        var norm = 0.0
        for k in 0..<dimension { norm += theta[k] * theta[k] }
        return total + 0.5 * l2 * norm
    }

    /// Xᵀu over all rows (positives then negatives), with the bias column last.
    func transposeTimes(_ u: [Double]) -> [Double] {
        let d = dimension
        var out = [Double](repeating: 0, count: d + 1)
        out.withUnsafeMutableBufferPointer { o in
            positives.withUnsafeBufferPointer { p in
                for i in 0..<positiveCount where u[i] != 0 {
                    axpy(u[i], p, i * d, o, d)
                    o[d] += u[i]
                }
            }
            negatives.withUnsafeBufferPointer { q in
                for i in 0..<negativeCount where u[positiveCount + i] != 0 {
                    let ui = u[positiveCount + i]
                    axpy(ui, q, i * d, o, d)
                    o[d] += ui
                }
            }
        }
        return out
    }

    /// Newton–CG with backtracking; returns θ and the iterations used.
    func minimise() throws -> ([Double], Int) {
        let d = dimension
        var theta = [Double](repeating: 0, count: d + 1)
        var z = margins(theta)
        var current = loss(theta, margins: z)
        let rowWeight = (0..<(positiveCount + negativeCount)).map { $0 < positiveCount ? positiveWeight : negativeWeight }
        var tolerance = 1e-9
        for iteration in 1...Self.maximumIterations {
            // Gradient and Hessian diagonal weights.
            var residual = [Double](repeating: 0, count: z.count)
            var curvature = [Double](repeating: 0, count: z.count)
            for i in 0..<z.count {
                let p = logistic(z[i])
                let target = i < positiveCount ? 1.0 : 0.0
                residual[i] = rowWeight[i] * (p - target)
                curvature[i] = rowWeight[i] * p * (1 - p)
            }
            var gradient = transposeTimes(residual)
            for k in 0..<d { gradient[k] += l2 * theta[k] }
            let gradientNorm = Foundation.sqrt(gradient.reduce(0) { $0 + $1 * $1 })
            // Converged when the gradient is 1e-9 absolute or 1e-8 of where it started, whichever is larger
            // (standardised high-dimensional embeddings start with large gradients).
            if iteration == 1 { tolerance = max(1e-9, 1e-8 * gradientNorm) }
            if gradientNorm < tolerance { return (theta, iteration - 1) }
            let step = conjugateGradient(gradient: gradient, curvature: curvature, tolerance: 0.1 * min(0.5, gradientNorm))
            // Backtracking line search (Armijo).
            var slope = 0.0
            for k in 0...d { slope += gradient[k] * step[k] }
            var t = 1.0
            var accepted = false
            for _ in 0..<40 {
                var candidate = theta
                for k in 0...d { candidate[k] += t * step[k] }
                let candidateMargins = margins(candidate)
                let value = loss(candidate, margins: candidateMargins)
                if value <= current + 1e-4 * t * slope {
                    theta = candidate; z = candidateMargins; current = value; accepted = true
                    break
                }
                t *= 0.5
            }
            if !accepted { return (theta, iteration) } // no further decrease possible in floating point
        }
        throw ScoringError.didNotConverge(what: name, iterations: Self.maximumIterations)
    }

    /// Newton iterations allowed before the fit is refused.
    static let maximumIterations = 200

    /// Solves (XᵀDX + λI′)·s = −g by conjugate gradients (I′ leaves the bias unpenalised).
    func conjugateGradient(gradient: [Double], curvature: [Double], tolerance: Double) -> [Double] {
        let n = gradient.count
        var s = [Double](repeating: 0, count: n)
        var r = gradient.map { -$0 }
        var p = r
        var rr = r.reduce(0) { $0 + $1 * $1 }
        for _ in 0..<min(250, 2 * n) {
            if rr.squareRoot() <= tolerance { break }
            var xp = margins(p)
            // margins adds p[d] as bias: exactly X̃p with the bias column.
            for i in 0..<xp.count { xp[i] *= curvature[i] }
            var hp = transposeTimes(xp)
            for k in 0..<(n - 1) { hp[k] += l2 * p[k] }
            let php = zip(p, hp).reduce(0) { $0 + $1.0 * $1.1 }
            if php <= 0 { break }
            let alpha = rr / php
            for k in 0..<n { s[k] += alpha * p[k]; r[k] -= alpha * hp[k] }
            let rrNew = r.reduce(0) { $0 + $1 * $1 }
            let beta = rrNew / rr
            rr = rrNew
            for k in 0..<n { p[k] = r[k] + beta * p[k] }
        }
        return s
    }
}

/// Σₖ a[offset + k]·b[k] over n components.
@inline(__always) private func dot(_ a: UnsafeBufferPointer<Double>, _ offset: Int, _ b: UnsafeBufferPointer<Double>,
                                   _ n: Int) -> Double {
    var sum = 0.0
    for k in 0..<n { sum += a[offset + k] * b[k] }
    return sum
}

/// y[k] += α·x[offset + k] over n components.
@inline(__always) private func axpy(_ alpha: Double, _ x: UnsafeBufferPointer<Double>, _ offset: Int,
                                    _ y: UnsafeMutableBufferPointer<Double>, _ n: Int) {
    for k in 0..<n { y[k] += alpha * x[offset + k] }
}
