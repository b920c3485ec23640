/// The inference side of the twin encoder: one folded network that maps normalised signatures to embeddings.
///
/// Not `Sendable`: the network keeps scratch buffers. Give each task its own instance (they are cheap to make from
/// one `TwinEncoderModel`).
public final class TwinEncoder {
    /// The model's metadata.
    public let metadata: ModelMetadata
    /// The network with BatchNorm folded into the convolutions and ReLU fused.
    public let network: Network

    /// Builds the inference network from a model (BatchNorm folded at load).
    public init(model: TwinEncoderModel) {
        metadata = model.metadata
        network = model.makeNetwork()
        network.foldBatchNorm()
    }

    /// Loads a model file and prepares it for inference.
    public convenience init(path: String, expectedPreprocessingVersion: String? = nil) throws(EncoderError) {
        self.init(model: try TwinEncoderModel.load(path: path, expectedPreprocessingVersion: expectedPreprocessingVersion))
    }

    /// The embedding's dimension.
    public var embeddingSize: Int { metadata.architecture.embeddingSize }

    /// Values per input image (1 × H × W).
    public var inputCount: Int { metadata.architecture.inputHeight * metadata.architecture.inputWidth }

    /// Embeds a batch already laid out as [N, 1, H, W].
    public func embed(batch: Tensor) throws(EncoderError) -> Tensor {
        let arch = metadata.architecture
        guard batch.shape.count == 4, Array(batch.shape.dropFirst()) == arch.inputShape else {
            throw .shapeMismatch(what: "encoder input", expected: [batch.batch] + arch.inputShape, actual: batch.shape)
        }
        return network.forward(batch, mode: .inference)
    }

    /// Embeds normalised signatures: each input is 1×H×W floats (ink high, in [0, 1]); one embedding per input.
    public func embed(_ inputs: [[Float]]) throws(EncoderError) -> [[Float]] {
        guard !inputs.isEmpty else { return [] }
        var data = [Float]()
        data.reserveCapacity(inputs.count * inputCount)
        for (i, x) in inputs.enumerated() {
            guard x.count == inputCount else {
                throw .shapeMismatch(what: "encoder input \(i)", expected: metadata.architecture.inputShape,
                                     actual: [x.count])
            }
            data.append(contentsOf: x)
        }
        let out = try embed(batch: Tensor(uncheckedShape: [inputs.count] + metadata.architecture.inputShape,
                                          data: data))
        let d = out.itemCount
        return (0..<inputs.count).map { Array(out.data[$0 * d..<($0 + 1) * d]) }
    }
}
