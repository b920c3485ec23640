import Foundation

/// The inference side of the twin encoder: one folded network that maps normalised signatures to embeddings.
///
/// With `workers > 1` the encoder keeps one replica of the network per worker and splits each batch between them
/// (image-level parallelism, each worker's SGEMM single-threaded); the caller then sets OpenBLAS to one thread.
/// Not `Sendable`: the networks keep scratch buffers. Give each task its own instance.
public final class TwinEncoder {
    /// The model's metadata.
    public let metadata: ModelMetadata
    /// The network with BatchNorm folded into the convolutions and ReLU fused (the first replica).
    public var network: Network { replicas.networks[0] }
    /// Workers that share a batch.
    public let workers: Int
    private let replicas: Replicas

    /// Builds the inference network(s) from a model (BatchNorm folded at load), with `convolution` as the method of
    /// every convolution.
    public convenience init(model: TwinEncoderModel, workers: Int = 1, convolution: ConvolutionMethod = .automatic) {
        self.init(metadata: model.metadata, outputLayer: nil,
                  networks: Self.foldedNetworks(model, count: max(1, workers), convolution: convolution))
    }

    /// Builds the inference network(s) ending at the fully connected layer `outputLayer` (nil: the model's
    /// embedding); an inner layer gives that layer's activations (`Network.truncate(after:)`).
    public convenience init(model: TwinEncoderModel, workers: Int = 1, convolution: ConvolutionMethod = .automatic,
                            outputLayer: String?) throws(EncoderError) {
        let networks = Self.foldedNetworks(model, count: max(1, workers), convolution: convolution)
        if let outputLayer { for net in networks { try net.truncate(after: outputLayer) } }
        self.init(metadata: model.metadata, outputLayer: outputLayer, networks: networks)
    }

    private init(metadata: ModelMetadata, outputLayer: String?, networks: [Network]) {
        self.metadata = metadata
        self.outputLayer = outputLayer
        workers = networks.count
        replicas = Replicas(networks)
        embeddingSize = networks[0].outputSize
    }

    private static func foldedNetworks(_ model: TwinEncoderModel, count: Int, convolution: ConvolutionMethod) -> [Network] {
        (0..<count).map { _ in
            let net = model.makeNetwork()
            net.foldBatchNorm()
            net.convolutionMethod = convolution
            return net
        }
    }

    /// Loads a model file and prepares it for inference, ending at `outputLayer` when one is named.
    public convenience init(path: String, expectedPreprocessingVersion: String? = nil,
                            workers: Int = 1, outputLayer: String? = nil) throws(EncoderError) {
        try self.init(model: try TwinEncoderModel.load(path: path, expectedPreprocessingVersion: expectedPreprocessingVersion),
                      workers: workers, outputLayer: outputLayer)
    }

    /// The fully connected layer the network ends at, nil for the model's own output.
    public let outputLayer: String?

    /// The dimension of what the encoder gives: the embedding, or the output layer's activations.
    public let embeddingSize: Int

    /// Values per input image (1 × H × W).
    public var inputCount: Int { metadata.architecture.inputHeight * metadata.architecture.inputWidth }

    /// Embeds a batch already laid out as [N, 1, H, W].
    public func embed(batch: Tensor) throws(EncoderError) -> Tensor {
        let arch = metadata.architecture
        guard batch.shape.count == 4, Array(batch.shape.dropFirst()) == arch.inputShape else {
            throw .shapeMismatch(what: "encoder input", expected: [batch.batch] + arch.inputShape, actual: batch.shape)
        }
        let n = batch.batch, parts = min(workers, n)
        let per = batch.itemCount, d = embeddingSize
        guard n > 0 else { return Tensor(uncheckedShape: [0, d], data: []) }
        let bounds = (0...parts).map { $0 * n / parts }
        let output = SharedOutput(count: n * d)
        let replicas = self.replicas
        // The blocked run takes the convolutions 8 images at a time itself, so a pass may carry the worker's whole
        // share: the fully connected layers then read their weights once for all of it.
        let perPass = network.usesBlockedRun ? n : TwinEncoder.imagesPerPass
        let run: @Sendable (Int) -> Void = { w in
            // Each worker's share goes through the network a few images at a time (see `imagesPerPass`).
            var lo = bounds[w]
            while lo < bounds[w + 1] {
                let hi = min(bounds[w + 1], lo + perPass)
                let slice = Tensor(uncheckedShape: [hi - lo] + arch.inputShape, data: Array(batch.data[(lo * per)..<(hi * per)]))
                let y = replicas.networks[w].forward(slice, mode: .inference)
                y.data.withUnsafeBufferPointer { output.pointer.advanced(by: lo * d).update(from: $0.start, count: $0.count) }
                lo = hi
            }
        }
        if parts <= 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: run) }
        return Tensor(uncheckedShape: [n, d], data: output.values())
    }

    /// Images one pass through the network carries, unless the blocked run is used. Layer by layer, a pass writes
    /// each layer's output for all its images before the next layer reads it: for 8 signet-s images the largest output (conv1, 32 x 35 x 53 floats
    /// each) is 1.9 MB and stays in this machine's 2 MB L2; for 32 it is 7.6 MB and goes out to L3 and back.
    /// Measured with `bench encoder`, one thread, direct convolutions, before this split: 924 images/s at batch 8,
    /// 706 at batch 32.
    static let imagesPerPass = 8

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

/// The per-worker networks. `@unchecked Sendable`: during `embed(batch:)` worker w touches only `networks[w]`, and
/// the encoder itself is not Sendable, so no two `embed` calls overlap.
private final class Replicas: @unchecked Sendable {
    let networks: [Network]
    init(_ networks: [Network]) { self.networks = networks }
}

/// The batch's output buffer. `@unchecked Sendable`: each worker writes a disjoint range of rows.
private final class SharedOutput: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: 0, count: count)
    }
    func values() -> [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
    deinit { pointer.deallocate() }
}
