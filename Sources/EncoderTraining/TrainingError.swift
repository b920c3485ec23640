/// What training can refuse, with the folder or file and what to do.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// A data folder is missing, empty or not in a known layout.
    case dataFolder(path: String, reason: String)
    /// A sample could not be decoded.
    case sample(path: String, reason: String)
    /// Too few writers or samples to split and train.
    case notEnoughData(String)
    /// A checkpoint cannot be resumed.
    case checkpoint(path: String, reason: String)
    /// A setting is out of range.
    case invalidSetting(String)
    /// The model given to start from cannot be used.
    case initialModel(name: String, reason: String)

    /// A whole sentence naming the input.
    public var description: String {
        switch self {
        case let .dataFolder(path, reason): return "Data folder \(path): \(reason)."
        case let .sample(path, reason): return "Sample \(path): \(reason)."
        case let .notEnoughData(text): return "Not enough training data: \(text)."
        case let .checkpoint(path, reason): return "Checkpoint \(path): \(reason)."
        case let .invalidSetting(text): return text
        case let .initialModel(name, reason): return "Initial model \(name) \(reason)."
        }
    }
}
