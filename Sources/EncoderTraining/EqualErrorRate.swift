/// The equal error rate of a distance score: the rate at which false acceptances (different-writer pairs closer
/// than the threshold) equal false rejections (same-writer pairs farther than it).
public enum EqualErrorRate {
    /// EER in [0, 1] from same-writer and different-writer distances; nil when either side is empty.
    ///
    /// Thresholds are swept over every observed distance; at the crossing the two rates are averaged.
    public static func compute(genuine: [Float], impostor: [Float]) -> Double? {
        guard !genuine.isEmpty, !impostor.isEmpty else { return nil }
        let g = genuine.sorted(), im = impostor.sorted()
        let thresholds = (g + im).sorted()
        // Before any threshold: everything rejected (FRR 1, FAR 0).
        var best = (gap: 1.0, eer: 0.5)
        var gi = 0, ii = 0
        for t in thresholds {
            while gi < g.count && g[gi] <= t { gi += 1 }
            while ii < im.count && im[ii] <= t { ii += 1 }
            let frr = Double(g.count - gi) / Double(g.count)   // genuine rejected: distance > t
            let far = Double(ii) / Double(im.count)            // impostor accepted: distance ≤ t
            let gap = abs(frr - far)
            if gap < best.gap { best = (gap, (frr + far) / 2) }
        }
        return best.eer
    }
}
