import TwinEncoder

/// Turns extracted signatures into the embeddings scoring compares: each view's encoder embeds the signature's
/// normalised crop of that view, each embedding is divided by its view's scale, the views are joined in order, and
/// the definition's projection (when it names one) maps the joined vector.
///
/// One view with scale 1 gives the encoder's embedding unchanged. With several (a pipeline definition's `views`),
/// the joined vector's squared distances are the sum of the views' squared distances in units of each view's
/// typical within-writer distance, so no view outweighs another by the size of its numbers.
///
/// Not `Sendable`: it owns `TwinEncoder`s, which keep scratch buffers.
public final class SignatureEmbedder {
    /// The encoders, one per view, in the extractor's recipe order.
    public let encoders: [TwinEncoder]
    /// Each view's divisor.
    public let scales: [Float]
    /// The map applied to the joined vector, nil for none.
    public let projection: EmbeddingProjection?
    /// Moved copies each view's embedding is averaged over; nil for none.
    public let augmentation: TestTimeAugmentation?
    /// Whether each embedding carries the joined vector after the projection's output
    /// (`PipelineDefinition.ProjectionSection.keepJoined`).
    public let keepsJoined: Bool

    /// The length of the joined embedding before the projection.
    public var joinedSize: Int { encoders.reduce(0) { $0 + $1.embeddingSize } }
    /// The length of the embeddings this embedder gives.
    public var embeddingSize: Int { distanceDimensions.map { $0 + joinedSize } ?? projection?.outputSize ?? joinedSize }
    /// The leading dimensions distances are measured on when the embedding carries more (the projection's output
    /// before the kept joined views); nil: all of them.
    public var distanceDimensions: Int? { keepsJoined ? projection?.outputSize : nil }

    /// Checks that there is one encoder per recipe of `extractor`, each trained on its recipe, one positive scale
    /// per encoder, and that a projection takes vectors of the joined length.
    public init(encoders: [TwinEncoder], scales: [Double], projection: EmbeddingProjection? = nil,
                keepJoined: Bool = false, augmentation: TestTimeAugmentation? = nil,
                for extractor: SignatureExtractor) throws(EncoderError) {
        let recipes = extractor.normalizations.map(\.identifier)
        guard !encoders.isEmpty, encoders.count == recipes.count, scales.count == encoders.count,
              scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw EncoderError.invalidArgument(
                "\(encoders.count) encoders and \(scales.count) positive scales for \(recipes.count) normalisation recipes; one of each per view is needed")
        }
        for (index, (encoder, recipe)) in zip(encoders, recipes).enumerated() where encoder.metadata.preprocessingVersion != recipe {
            throw EncoderError.preprocessingVersion(path: "of view \(index + 1)", model: encoder.metadata.preprocessingVersion,
                                                    expected: recipe)
        }
        let joined = encoders.reduce(0) { $0 + $1.embeddingSize }
        if let projection, projection.inputSize != joined {
            throw EncoderError.shapeMismatch(what: "projection input (the joined views' embedding)", expected: [joined],
                                             actual: [projection.inputSize])
        }
        self.encoders = encoders
        self.scales = scales.map { Float($0) }
        if keepJoined && projection == nil {
            throw EncoderError.invalidArgument("Keeping the joined views beside the projection needs a projection.")
        }
        self.projection = projection
        self.keepsJoined = keepJoined
        self.augmentation = augmentation.flatMap { $0.movesSignatures ? $0 : nil }
    }

    /// The encoders of a pipeline definition's views, each model checked against its view's recipe, and the
    /// definition's projection, checked to have been fitted on these views. `model` replaces the model of a
    /// single-view definition (refused for several views: which one would it replace? and with a projection,
    /// fitted on the model it would replace).
    public convenience init(definition: PipelineDefinition, model: String? = nil) throws(EncoderError) {
        let extractor = definition.extractor
        if let model {
            guard definition.views.count <= 1 else {
                throw EncoderError.invalidArgument("The pipeline definition has \(definition.views.count) views; one model file cannot replace them.")
            }
            guard definition.projection == nil else {
                throw EncoderError.invalidArgument("The pipeline definition \(definition.name) has a projection fitted on its own model; another model file cannot use it.")
            }
            try self.init(encoders: [TwinEncoder(path: model, expectedPreprocessingVersion: extractor.normalization.identifier)],
                          scales: [1], for: extractor)
            return
        }
        guard !definition.views.isEmpty else {
            throw EncoderError.invalidArgument("The pipeline definition \(definition.name) names no model; pass --model FILE.")
        }
        var encoders: [TwinEncoder] = []
        for (view, recipe) in zip(definition.views, extractor.normalizations) {
            encoders.append(try TwinEncoder(path: definition.modelPath(of: view), expectedPreprocessingVersion: recipe.identifier,
                                            outputLayer: view.layer))
        }
        var projection: EmbeddingProjection?
        if let path = definition.projectionPath {
            let loaded = try EmbeddingProjection(path: path)
            let fitted = loaded.metadata["views"] ?? "no views recorded"
            guard fitted == definition.viewsFingerprint else {
                throw EncoderError.invalidArgument(
                    "The projection \(path) was fitted on the views \(fitted); the definition's views are \(definition.viewsFingerprint) (model SHA-256[/layer]@scale). Fit it again on these views.")
            }
            projection = loaded
        }
        try self.init(encoders: encoders, scales: definition.views.map(\.scale), projection: projection,
                      keepJoined: definition.projection?.keepJoined ?? false,
                      augmentation: definition.testTimeAugmentation, for: extractor)
    }

    /// Without the checks: `PenInvarianceMeasurement` feeds recipes to a model trained on another on purpose.
    init(unchecked encoders: [TwinEncoder], scales: [Float], augmentation: TestTimeAugmentation? = nil) {
        self.encoders = encoders
        self.scales = scales
        self.projection = nil
        self.keepsJoined = false
        self.augmentation = augmentation
    }

    /// The same views and scales with fresh random weights (view k from `seed + k`): the baseline a trained
    /// pipeline must beat, each ending at its trained view's layer. Without the projection, which was fitted on the
    /// trained networks' embeddings; with the same test-time moves.
    public func withRandomWeights(seed: UInt64) throws(EncoderError) -> SignatureEmbedder {
        var random: [TwinEncoder] = []
        for (index, encoder) in encoders.enumerated() {
            let trained = encoder.metadata
            var model = TwinEncoderModel.random(trained.architecture, options: trained.options, seed: seed &+ UInt64(index))
            model.metadata.preprocessingVersion = trained.preprocessingVersion
            random.append(try TwinEncoder(model: model, outputLayer: encoder.outputLayer))
        }
        return SignatureEmbedder(unchecked: random, scales: scales, augmentation: augmentation)
    }

    /// One joined embedding per signature, in order; a signature without this embedder's recipes (from an
    /// extractor of another pipeline) is refused.
    public func embed(_ signatures: [ExtractedSignature]) throws(EncoderError) -> [[Float]] {
        for (view, encoder) in encoders.enumerated() {
            let recipe = encoder.metadata.preprocessingVersion
            if let other = signatures.first(where: { $0.views.count <= view || $0.views[view].recipe != recipe }) {
                throw EncoderError.preprocessingVersion(path: "of view \(view + 1)", model: recipe,
                                                        expected: other.views.count > view ? other.views[view].recipe : "no view \(view + 1)")
            }
        }
        return try embed(inputs: encoders.indices.map { view in signatures.map { $0.views[view].pixels } })
    }

    /// One joined embedding per signature from each view's encoder inputs (`inputs[view][signature]`), recipes
    /// unchecked.
    func embed(inputs: [[[Float]]]) throws(EncoderError) -> [[Float]] {
        var joined = [[Float]](repeating: [], count: inputs.first?.count ?? 0)
        for (view, encoder) in encoders.enumerated() {
            let embeddings = try embed(inputs[view], with: encoder)
            let scale = scales[view]
            for (i, embedding) in embeddings.enumerated() {
                joined[i] += scale == 1 ? embedding : embedding.map { $0 / scale }
            }
        }
        guard let projection else { return joined }
        let projected = try projection.apply(joined)
        return keepsJoined ? zip(projected, joined).map { $0 + $1 } : projected
    }

    /// Signatures whose moved copies are held at once: bounds the copies' memory at this many × variants inputs.
    static let signaturesPerMovedChunk = 8

    /// One view's embeddings, each averaged over the test-time moves when there are any (`signaturesPerMovedChunk`
    /// signatures at a time).
    private func embed(_ inputs: [[Float]], with encoder: TwinEncoder) throws(EncoderError) -> [[Float]] {
        guard let augmentation else { return try encoder.embed(inputs) }
        let shape = encoder.metadata.architecture.inputShape
        var out: [[Float]] = []
        out.reserveCapacity(inputs.count)
        let size = Self.signaturesPerMovedChunk
        for start in stride(from: 0, to: inputs.count, by: size) {
            let chunk = Array(inputs[start..<min(start + size, inputs.count)])
            if let wrong = chunk.firstIndex(where: { $0.count != encoder.inputCount }) {
                throw .shapeMismatch(what: "encoder input \(start + wrong)", expected: shape, actual: [chunk[wrong].count])
            }
            out += augmentation.average(try encoder.embed(augmentation.expand(chunk, height: shape[1], width: shape[2])))
        }
        return out
    }
}
