import Foundation
import Imaging
import Preprocessing
import Scoring
import TwinEncoder

/// The image path of `evaluate` and `calibrate`: each file of a dataset is a signature image, decoded by the
/// project's decoders, normalised by the pipeline's preprocessing and embedded by the twin encoder.
///
/// Not `Sendable`: it owns a `TwinEncoder`, which keeps scratch buffers.
public final class ImageEmbeddingSource: EmbeddingSource {
    private let extractor: SignatureExtractor
    private let encoder: TwinEncoder
    private static let extensions: Set<String> = ["png", "tif", "tiff", "jpg", "jpeg"]

    /// A source embedding with `encoder` the inputs `extractor` makes; the model must declare the extractor's
    /// normalisation version.
    public init(extractor: SignatureExtractor, encoder: TwinEncoder) throws(EncoderError) {
        guard encoder.metadata.preprocessingVersion == extractor.normalization.identifier else {
            throw EncoderError.preprocessingVersion(path: "the loaded model", model: encoder.metadata.preprocessingVersion,
                                                    expected: extractor.normalization.identifier)
        }
        self.extractor = extractor
        self.encoder = encoder
    }

    /// Image files by extension (the decoder still decides the format by content).
    public func accepts(_ file: URL) -> Bool { Self.extensions.contains(file.pathExtension.lowercased()) }

    /// Decodes, normalises (the whole image is the signature) and embeds one file.
    public func embedding(of file: URL) throws -> [Float] {
        let pages = try extractor.extract(path: file.path, mode: .crop)
        guard let signature = pages.first?.signatures.first else {
            throw ScoringError.unreadable(path: file.path, reason: pages.first?.problem ?? "no page")
        }
        guard let embedding = try encoder.embed([signature.normalized.pixels]).first else {
            throw ScoringError.unreadable(path: file.path, reason: "the encoder returned no embedding")
        }
        return embedding
    }
}
