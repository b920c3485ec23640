/// Chooses the score method, and the normalised score's shrinkage, on calibration writers, never on the writers it
/// will be evaluated on.
///
/// Each candidate is cross-validated (writer-disjoint 2-fold, as in `CalibrationFitter`) on the calibration
/// writers; the one with the lowest validation Cllr wins (ties: the earlier candidate, so plain distance is kept
/// unless the writer-dependent classifier really does better, and among shrinkages the earlier in the list). The
/// trials are kept in the calibration. The winner's validation figures were used to pick it, so they are slightly
/// optimistic; with a handful of candidates the bias is small against the fold-to-fold noise.
public enum MethodSelection {
    /// Fits a calibration with the best of `candidates` and returns it with every trial's figures. Each method is
    /// tried once, except `.normalisedDistance`, which is tried with each of `shrinkageReferences` (pseudo-references,
    /// see `ScoringOptions`; default: the settings' own shrinkage) — the only method the shrinkage changes.
    public static func fitCalibrationSelectingMethod(
        writers: [WriterEmbeddings], settings: CalibrationSettings, background: BackgroundPopulation?,
        candidates: [ScoringMethod] = ScoringMethod.allCases, shrinkageReferences: [Double]? = nil
    ) throws -> Calibration {
        let shrinkages: [Double?] = shrinkageReferences ?? [settings.options.shrinkageReferences]
        guard !shrinkages.isEmpty else {
            throw ScoringError.invalidParameter(name: "shrinkage pseudo-references", value: "[]", reason: "no value to try")
        }
        if let bad = shrinkages.compactMap({ $0 }).first(where: { !$0.isFinite || $0 < 0 }) {
            throw ScoringError.invalidParameter(name: "shrinkage pseudo-references", value: "\(bad)", reason: "each must be finite and at least 0")
        }
        var trials: [MethodTrial] = []
        var best: (Calibration, Double)?
        for method in candidates where !method.needsBackground || background != nil {
            for shrinkage in method == .normalisedDistance ? shrinkages : [nil] {
                var trialSettings = settings
                trialSettings.method = method
                if let shrinkage { trialSettings.options.shrinkageReferences = shrinkage }
                let calibration = try CalibrationFitter.fitCalibration(writers: writers, settings: trialSettings, background: background)
                guard let validation = calibration.validation else {
                    throw ScoringError.notEnoughSamples(what: "writers for choosing a score method", count: writers.count, needed: 4)
                }
                trials.append(MethodTrial(method: method, shrinkageReferences: shrinkage, eerSkilled: validation.eerSkilled,
                                          eerRandom: validation.eerRandom, cllr: validation.cllr.cllr,
                                          cllrMin: validation.cllr.cllrMin))
                if validation.cllr.cllr < best?.1 ?? .infinity { best = (calibration, validation.cllr.cllr) }
            }
        }
        guard var chosen = best?.0 else {
            throw ScoringError.invalidParameter(name: "candidates", value: "\(candidates.map(\.rawValue))", reason: "no method could be tried")
        }
        chosen.methodSelection = trials
        return chosen
    }
}

/// One candidate's cross-validated figures in a method selection.
public struct MethodTrial: Codable, Equatable, Sendable {
    /// The method tried.
    public var method: ScoringMethod
    /// The shrinkage pseudo-references tried with it (`.normalisedDistance` only; nil for the other methods, when
    /// the settings' pseudo-pairs rule, and in calibrations written before the shrinkage was chosen).
    public var shrinkageReferences: Double?
    /// Validation EER against skilled forgeries.
    public var eerSkilled: Double
    /// Validation EER against random forgeries.
    public var eerRandom: Double
    /// Validation Cllr (the selection criterion).
    public var cllr: Double
    /// Validation Cllr_min.
    public var cllrMin: Double

    /// The candidate in words, e.g. "normalised-distance (5 pseudo-references)".
    public var candidate: String {
        guard let s = shrinkageReferences else { return method.rawValue }
        return method.rawValue + " (\(ScoringOptions.describeShrinkage(references: s)))"
    }
}
