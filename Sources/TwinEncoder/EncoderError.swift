/// Everything the twin encoder can refuse, with the context a user needs to act on it.
public enum EncoderError: Error, Equatable, CustomStringConvertible {
    /// A tensor or input had the wrong dimensions.
    case shapeMismatch(what: String, expected: [Int], actual: [Int])
    /// No architecture has this name.
    case unknownArchitecture(String, known: [String])
    /// The model file could not be read or parsed.
    case modelFile(path: String, reason: String)
    /// A tensor in the model file is missing, extra, or has the wrong shape or type.
    case modelTensor(path: String, name: String, reason: String)
    /// The model was trained on inputs normalised by another preprocessing version.
    case preprocessingVersion(path: String, model: String, expected: String)
    /// A model file could not be written.
    case writeFailed(path: String, reason: String)
    /// An argument was outside what the engine supports.
    case invalidArgument(String)

    /// A whole sentence that names the input and what to do.
    public var description: String {
        switch self {
        case let .shapeMismatch(what, expected, actual):
            return "\(what): expected shape \(expected), got \(actual)."
        case let .unknownArchitecture(name, known):
            return "Unknown architecture '\(name)'; known: \(known.joined(separator: ", "))."
        case let .modelFile(path, reason):
            return "Model file \(path): \(reason)."
        case let .modelTensor(path, name, reason):
            return "Model file \(path), tensor '\(name)': \(reason)."
        case let .preprocessingVersion(path, model, expected):
            return "Model file \(path) was trained on inputs of preprocessing version '\(model)', "
                + "but this pipeline produces '\(expected)'; use a model trained for '\(expected)'."
        case let .writeFailed(path, reason):
            return "Could not write \(path): \(reason)."
        case let .invalidArgument(text):
            return text
        }
    }
}
