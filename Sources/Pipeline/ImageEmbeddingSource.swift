import Foundation
import Imaging
import Preprocessing
import Scoring
import TwinEncoder

/// The image path of `evaluate` and `calibrate`: each file of a dataset is a signature image, decoded by the
/// project's decoders, normalised by the pipeline's preprocessing and embedded by the twin encoder.
///
/// Not `Sendable`: it owns `TwinEncoder`s, which keep scratch buffers.
public final class ImageEmbeddingSource: EmbeddingSource {
    private let extractor: SignatureExtractor
    private let embedder: SignatureEmbedder
    private static let extensions: Set<String> = ["png", "tif", "tiff", "jpg", "jpeg"]

    /// A source embedding with `encoder` the inputs `extractor` makes (one view); the model must declare the
    /// extractor's normalisation version.
    public convenience init(extractor: SignatureExtractor, encoder: TwinEncoder) throws(EncoderError) {
        try self.init(extractor: extractor, embedder: SignatureEmbedder(encoders: [encoder], scales: [1], for: extractor))
    }

    /// A source embedding with `embedder` the inputs `extractor` makes (the embedder refuses inputs of recipes
    /// other than its models').
    public init(extractor: SignatureExtractor, embedder: SignatureEmbedder) {
        self.extractor = extractor
        self.embedder = embedder
    }

    /// Image files by extension (the decoder still decides the format by content).
    public func accepts(_ file: URL) -> Bool { Self.extensions.contains(file.pathExtension.lowercased()) }

    /// Decodes, normalises (the whole image is the signature) and embeds one file.
    public func embedding(of file: URL) throws -> [Float] {
        let pages = try extractor.extract(path: file.path, mode: .crop)
        guard let signature = pages.first?.signatures.first else {
            throw ScoringError.unreadable(path: file.path, reason: pages.first?.problem ?? "no page")
        }
        guard let embedding = try embedder.embed([signature]).first else {
            throw ScoringError.unreadable(path: file.path, reason: "the encoder returned no embedding")
        }
        return embedding
    }
}
