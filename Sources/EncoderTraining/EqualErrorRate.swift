import Scoring

/// The equal error rate of a distance score, as the evidence stage computes it (`VerificationMetrics`), so that a
/// model's stored validation figures and `sigforensics evaluate` use one definition.
public enum EqualErrorRate {
    /// EER in [0, 1] from same-writer and different-writer distances (smaller = more alike); nil when either side
    /// is empty. Ties are handled as `VerificationMetrics.equalErrorRate` documents.
    public static func compute(genuine: [Float], impostor: [Float]) -> Double? {
        guard !genuine.isEmpty, !impostor.isEmpty else { return nil }
        // Scores grow with similarity: a distance becomes its negative.
        return VerificationMetrics.equalErrorRate(genuine: genuine.map { -Double($0) },
                                                  forgery: impostor.map { -Double($0) }).rate
    }
}
