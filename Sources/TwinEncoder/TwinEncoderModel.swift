/// A model as stored: metadata plus the training-form weights (BatchNorm not folded), by name.
public struct TwinEncoderModel: Sendable, Equatable {
    /// What the file says about itself.
    public var metadata: ModelMetadata
    /// The weights and running statistics, by parameter name.
    public var weights: [String: SafeTensors.Entry]

    /// Captures the current weights of a network.
    public init(network: Network, metadata: ModelMetadata) {
        self.metadata = metadata
        var w: [String: SafeTensors.Entry] = [:]
        for p in network.parameters { w[p.name] = .init(shape: p.shape, values: p.value) }
        weights = w
    }

    /// A model with fresh He-normal weights (benchmarks and random-weight baselines).
    public static func random(_ arch: Architecture, options: Architecture.Options = .plain,
                              seed: UInt64) -> TwinEncoderModel {
        let net = Network(architecture: arch, options: options, seed: seed)
        return TwinEncoderModel(network: net, metadata: ModelMetadata(architecture: arch, options: options, seed: seed))
    }

    /// Reads and checks a model file.
    ///
    /// - Parameters:
    ///   - expectedPreprocessingVersion: when given, a model trained on another preprocessing version is refused.
    ///   - extraPrefix: tensors whose names start with this are ignored (a checkpoint's optimiser state).
    public static func load(path: String, expectedPreprocessingVersion: String? = nil,
                            extraPrefix: String? = nil) throws(EncoderError) -> TwinEncoderModel {
        try TwinEncoderModel(file: try SafeTensors.read(path: path), path: path,
                             expectedPreprocessingVersion: expectedPreprocessingVersion, extraPrefix: extraPrefix)
    }

    /// Checks a parsed file: metadata, preprocessing version, and exactly the expected tensor names and shapes.
    public init(file: SafeTensors, path: String, expectedPreprocessingVersion: String? = nil,
                extraPrefix: String? = nil) throws(EncoderError) {
        let meta = try ModelMetadata(strings: file.metadata, path: path)
        if let expected = expectedPreprocessingVersion, meta.preprocessingVersion != expected {
            throw .preprocessingVersion(path: path, model: meta.preprocessingVersion, expected: expected)
        }
        let reference = Network(architecture: meta.architecture, options: meta.options, seed: 0)
        var weights: [String: SafeTensors.Entry] = [:]
        for p in reference.parameters {
            guard let t = file.tensors[p.name] else {
                throw .modelTensor(path: path, name: p.name, reason: "missing (architecture '\(meta.architecture.name)' "
                    + "needs it)")
            }
            guard t.shape == p.shape else {
                throw .modelTensor(path: path, name: p.name, reason: "shape \(t.shape), expected \(p.shape)")
            }
            weights[p.name] = t
        }
        for name in file.tensors.keys.sorted() where weights[name] == nil {
            if let extraPrefix, name.hasPrefix(extraPrefix) { continue }
            throw .modelTensor(path: path, name: name, reason: "not part of architecture '\(meta.architecture.name)'")
        }
        metadata = meta
        self.weights = weights
    }

    /// The file form (weights plus any extra tensors, e.g. optimiser state).
    public func safeTensors(extra: [String: SafeTensors.Entry] = [:]) -> SafeTensors {
        SafeTensors(metadata: metadata.strings, tensors: weights.merging(extra) { a, _ in a })
    }

    /// Writes the model file atomically.
    public func save(path: String) throws(EncoderError) {
        try safeTensors().write(path: path)
    }

    /// A training-form network carrying these weights.
    public func makeNetwork(dropoutSeed: UInt64 = 0) -> Network {
        let net = Network(architecture: metadata.architecture, options: metadata.options, seed: dropoutSeed)
        for p in net.parameters {
            if let t = weights[p.name] { p.value = t.values }
        }
        return net
    }
}
