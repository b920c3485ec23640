/// Chooses the score method on calibration writers, never on the writers it will be evaluated on.
///
/// Each candidate is cross-validated (writer-disjoint 2-fold, as in `CalibrationFitter`) on the calibration
/// writers; the one with the lowest validation Cllr wins (ties: the earlier candidate, so plain distance is kept
/// unless the writer-dependent classifier really does better). The trials are kept in the calibration.
public enum MethodSelection {
    /// Fits a calibration with the best of `candidates` and returns it with every trial's figures.
    public static func fitCalibrationSelectingMethod(
        writers: [WriterEmbeddings], settings: CalibrationSettings, background: BackgroundPopulation?,
        candidates: [ScoringMethod] = ScoringMethod.allCases
    ) throws -> Calibration {
        var trials: [MethodTrial] = []
        var best: (Calibration, Double)?
        for method in candidates where !method.needsBackground || background != nil {
            var trialSettings = settings
            trialSettings.method = method
            let calibration = try CalibrationFitter.fitCalibration(writers: writers, settings: trialSettings, background: background)
            guard let validation = calibration.validation else {
                throw ScoringError.notEnoughSamples(what: "writers for choosing a score method", count: writers.count, needed: 4)
            }
            trials.append(MethodTrial(method: method, eerSkilled: validation.eerSkilled, eerRandom: validation.eerRandom,
                                      cllr: validation.cllr.cllr, cllrMin: validation.cllr.cllrMin))
            if validation.cllr.cllr < best?.1 ?? .infinity { best = (calibration, validation.cllr.cllr) }
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
    /// Validation EER against skilled forgeries.
    public var eerSkilled: Double
    /// Validation EER against random forgeries.
    public var eerRandom: Double
    /// Validation Cllr (the selection criterion).
    public var cllr: Double
    /// Validation Cllr_min.
    public var cllrMin: Double
}
