import Foundation

/// Which writers trained, calibrate and validate a model; no writer appears in two lists.
public struct WriterSplit: Sendable, Codable, Equatable {
    /// Writers whose signatures trained the weights.
    public var training: [String]
    /// Writers kept for fitting score calibration (likelihood ratios).
    public var calibration: [String]
    /// Writers kept for the validation figures.
    public var validation: [String]
    /// Memberwise.
    public init(training: [String], calibration: [String], validation: [String]) {
        self.training = training
        self.calibration = calibration
        self.validation = validation
    }
}

/// What a model file says about itself, stored as the safetensors `__metadata__` strings.
public struct ModelMetadata: Sendable, Equatable {
    /// The format tag written into every model file.
    public static let formatTag = "sigforensics-twin-encoder-1"
    /// The tag for models whose weights were never trained (benchmarks, random-weight baselines).
    public static let untrainedPreprocessing = "none"

    /// The architecture (by name; widths are checked against the named one on load).
    public var architecture: Architecture
    /// Dropout and L2 normalisation.
    public var options: Architecture.Options
    /// The preprocessing version of the inputs the model was trained on.
    public var preprocessingVersion: String
    /// A description of the training data (folders, synthetic writers).
    public var trainingData: String
    /// The writer split, when the model was trained.
    public var writerSplit: WriterSplit?
    /// The seed of the run.
    public var seed: UInt64
    /// Epochs trained.
    public var epochs: Int
    /// Validation figures by name (e.g. `eerSkilled`), computed at the end of training.
    public var validation: [String: Double]
    /// Any further keys (training state of a checkpoint, notes); written as they are.
    public var extra: [String: String]

    /// Memberwise, with empty defaults for what only trained models have.
    public init(architecture: Architecture, options: Architecture.Options = .plain,
                preprocessingVersion: String = ModelMetadata.untrainedPreprocessing, trainingData: String = "none",
                writerSplit: WriterSplit? = nil, seed: UInt64 = 0, epochs: Int = 0,
                validation: [String: Double] = [:], extra: [String: String] = [:]) {
        self.architecture = architecture
        self.options = options
        self.preprocessingVersion = preprocessingVersion
        self.trainingData = trainingData
        self.writerSplit = writerSplit
        self.seed = seed
        self.epochs = epochs
        self.validation = validation
        self.extra = extra
    }

    /// The string map written to the file.
    public var strings: [String: String] {
        var m = extra
        m["format"] = Self.formatTag
        m["architecture"] = architecture.name
        m["conv_channels"] = architecture.convChannels.map(String.init).joined(separator: ",")
        m["fc_sizes"] = architecture.fcSizes.map(String.init).joined(separator: ",")
        m["input"] = "1x\(architecture.inputHeight)x\(architecture.inputWidth)"
        m["embedding_size"] = String(architecture.embeddingSize)
        m["dropout"] = String(options.dropout)
        m["l2_normalize"] = String(options.l2Normalize)
        m["preprocessing_version"] = preprocessingVersion
        m["training_data"] = trainingData
        m["seed"] = String(seed)
        m["epochs"] = String(epochs)
        if let writerSplit { m["writer_split"] = Self.json(writerSplit) }
        m["validation"] = Self.json(validation)
        return m
    }

    static let knownKeys: Set<String> = [
        "format", "architecture", "conv_channels", "fc_sizes", "input", "embedding_size", "dropout", "l2_normalize",
        "preprocessing_version", "training_data", "seed", "epochs", "writer_split", "validation",
    ]

    /// Parses and checks the string map of a file; `path` names the file in errors.
    public init(strings m: [String: String], path: String) throws(EncoderError) {
        func need(_ key: String) throws(EncoderError) -> String {
            guard let v = m[key] else { throw .modelFile(path: path, reason: "metadata has no '\(key)'") }
            return v
        }
        guard m["format"] == Self.formatTag else {
            throw .modelFile(path: path, reason: "metadata 'format' is \(m["format"].map { "'\($0)'" } ?? "missing"), "
                + "expected '\(Self.formatTag)'; this is not a SignatureForensics encoder model")
        }
        let arch = try Architecture.named(try need("architecture"))
        let widths = arch.convChannels.map(String.init).joined(separator: ",")
        let fcs = arch.fcSizes.map(String.init).joined(separator: ",")
        guard try need("conv_channels") == widths, try need("fc_sizes") == fcs,
              try need("input") == "1x\(arch.inputHeight)x\(arch.inputWidth)",
              try need("embedding_size") == String(arch.embeddingSize)
        else {
            throw .modelFile(path: path, reason: "metadata widths/input/embedding size disagree with architecture "
                + "'\(arch.name)' (\(widths); \(fcs); 1x\(arch.inputHeight)x\(arch.inputWidth))")
        }
        guard let dropout = Float(try need("dropout")), let l2 = Bool(try need("l2_normalize")),
              let seed = UInt64(try need("seed")), let epochs = Int(try need("epochs"))
        else { throw .modelFile(path: path, reason: "metadata dropout/l2_normalize/seed/epochs are malformed") }
        architecture = arch
        options = Architecture.Options(dropout: dropout, l2Normalize: l2)
        preprocessingVersion = try need("preprocessing_version")
        trainingData = try need("training_data")
        self.seed = seed
        self.epochs = epochs
        writerSplit = try m["writer_split"].map { (s: String) throws(EncoderError) -> WriterSplit in
            try Self.decode(WriterSplit.self, s, key: "writer_split", path: path)
        }
        validation = try Self.decode([String: Double].self, try need("validation"), key: "validation", path: path)
        extra = m.filter { !Self.knownKeys.contains($0.key) }
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ s: String, key: String,
                                     path: String) throws(EncoderError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(s.utf8))
        } catch {
            throw .modelFile(path: path, reason: "metadata '\(key)' is not valid (\(error.localizedDescription))")
        }
    }
}
