/// What can go wrong while scoring, calibrating or evaluating; every case says what was wrong and with what.
public enum ScoringError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A baseline or a population had no embeddings where at least `needed` were required.
    case notEnoughSamples(what: String, count: Int, needed: Int)
    /// Two embeddings that must share a dimension did not.
    case dimensionMismatch(what: String, expected: Int, found: Int)
    /// An embedding or score held NaN or infinity.
    case nonFiniteValue(what: String)
    /// A parameter was outside the range that makes sense.
    case invalidParameter(name: String, value: String, reason: String)
    /// A calibration or dataset file could not be read or parsed.
    case unreadable(path: String, reason: String)
    /// A fit did not converge (the data do not determine the model).
    case didNotConverge(what: String, iterations: Int)

    /// A whole sentence for the user.
    public var description: String {
        switch self {
        case let .notEnoughSamples(what, count, needed):
            return "\(what): \(count) available, at least \(needed) needed."
        case let .dimensionMismatch(what, expected, found):
            return "\(what): embedding dimension \(found), expected \(expected)."
        case let .nonFiniteValue(what):
            return "\(what) contains NaN or infinity."
        case let .invalidParameter(name, value, reason):
            return "Invalid \(name) \(value): \(reason)."
        case let .unreadable(path, reason):
            return "Cannot read \(path): \(reason)."
        case let .didNotConverge(what, iterations):
            return "\(what) did not converge in \(iterations) iterations."
        }
    }
}
