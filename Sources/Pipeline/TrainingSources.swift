import EncoderTraining
import Preprocessing
import Synthesis

/// The pipeline's normalisation as the trainer sees it: the same `SignatureNormalizer` a case uses, so a model is
/// trained on exactly the inputs it will be given, and stores the recipe's identifier as its preprocessing version.
public struct PreprocessingNormaliser: SignatureNormaliser {
    /// The recipe.
    public let parameters: NormalizationParameters
    /// Resolution assumed for crops that do not state one (the cross-media crops, some PNGs).
    public let fallbackDPI: Double

    /// A normaliser with the given recipe.
    public init(parameters: NormalizationParameters, fallbackDPI: Double = 300) {
        self.parameters = parameters
        self.fallbackDPI = fallbackDPI
    }

    /// The recipe's identifier (stored in the model, required of inputs at inference).
    public var version: String { parameters.identifier }

    /// The normalised crop, ink high, quantised to bytes; a crop without ink gives a blank input.
    public func normalise(_ crop: GrayCrop, height: Int, width: Int) -> [UInt8] {
        precondition(height == parameters.outputHeight && width == parameters.outputWidth,
                     "the network's input size must be the normalisation's output size")
        let dpi = crop.dpi.flatMap { (50...2400).contains($0) ? $0 : nil } ?? fallbackDPI
        guard let normalized = try? SignatureNormalizer(parameters: parameters)
            .normalize(crop.pixels, width: crop.width, height: crop.height, dpi: dpi) else {
            return [UInt8](repeating: 0, count: height * width)
        }
        return normalized.gray
    }
}

/// Synthetic writers generated on the fly (`train --synthetic-writers N`): each writer's genuine signatures and
/// skilled forgeries rendered from the seed, never written to disk. The same sample number always gives the same
/// pixels.
///
/// Pen variety: rendering `r` draws a sample with pen preset `r / scanners` and scanner preset `r % scanners`
/// (`PenPreset.all` × `ScannerPreset.all`).
public struct SyntheticSignatureSource: RenderingVariableSource {
    /// Writers generated.
    public let writers: Int
    /// Genuine signatures per writer.
    public let genuinePerWriter: Int
    /// Skilled forgeries per writer.
    public let forgeriesPerWriter: Int
    /// The range the forgers' skill is drawn from (nil: the synthesizer's own draw, 0.3…1).
    public let skillRange: ClosedRange<Double>?
    private let synthesizer: SignatureSynthesizer

    /// A source of `writers` synthetic writers from `seed`; `skillRange` narrows the forgers' skill (harder or
    /// easier forgeries; nil keeps the synthesizer's draw, and with it every earlier run's images).
    public init(writers: Int, genuinePerWriter: Int = 12, forgeriesPerWriter: Int = 12, seed: UInt64,
                skillRange: ClosedRange<Double>? = nil) {
        self.writers = writers
        self.genuinePerWriter = genuinePerWriter
        self.forgeriesPerWriter = forgeriesPerWriter
        self.skillRange = skillRange
        synthesizer = SignatureSynthesizer(seed: seed)
    }

    private var perWriter: Int { genuinePerWriter + forgeriesPerWriter }

    /// "synthetic (N writers, seed S, G genuine + F forged each)".
    public var summary: String {
        let skill = skillRange.map { ", forgers' skill \($0.lowerBound)-\($0.upperBound)" } ?? ""
        return "synthetic (\(writers) writers, seed \(synthesizer.seed), \(genuinePerWriter) genuine + \(forgeriesPerWriter) "
            + "forged each\(skill))"
    }

    /// One identity per writer.
    public var identities: [SignatureIdentity] {
        (0..<writers).map { w in
            let base = w * perWriter
            return SignatureIdentity(id: "synthetic/w\(w)", person: "synthetic/w\(w)",
                                     genuine: Array(base..<(base + genuinePerWriter)),
                                     forged: Array((base + genuinePerWriter)..<(base + perWriter)))
        }
    }

    /// Renders one sample.
    public func crop(_ sample: Int) throws -> GrayCrop {
        let writer = synthesizer.writer(sample / perWriter)
        let k = sample % perWriter
        let image = k < genuinePerWriter ? writer.genuine(k)
            : skillRange.map { writer.forgery(k - genuinePerWriter, skillRange: $0) } ?? writer.forgery(k - genuinePerWriter)
        return GrayCrop(width: image.width, height: image.height, pixels: image.gray, dpi: image.dpi)
    }

    /// Every pen preset with every scanner preset.
    public var renderings: Int { PenPreset.all.count * ScannerPreset.all.count }

    /// "pen/scanner".
    public func renderingName(_ r: Int) -> String {
        let (pen, scanner) = presets(r)
        return pen.name + "/" + scanner.name
    }

    /// Renders one sample with rendering `r`'s pen and scanner.
    public func crop(_ sample: Int, rendering r: Int) throws -> GrayCrop {
        let writer = synthesizer.writer(sample / perWriter)
        let k = sample % perWriter
        let (pen, scanner) = presets(r)
        let image: SignatureImage
        if k < genuinePerWriter {
            image = try writer.genuine(k, pen: pen, scanner: scanner)
        } else if let skillRange {
            image = try writer.forgery(k - genuinePerWriter, skillRange: skillRange, pen: pen, scanner: scanner)
        } else {
            image = try writer.forgery(k - genuinePerWriter, pen: pen, scanner: scanner)
        }
        return GrayCrop(width: image.width, height: image.height, pixels: image.gray, dpi: image.dpi)
    }

    private func presets(_ r: Int) -> (PenPreset, ScannerPreset) {
        let scanners = ScannerPreset.all.count
        let p = min(max(0, r / scanners), PenPreset.all.count - 1)
        return (PenPreset.all[p], ScannerPreset.all[((r % scanners) + scanners) % scanners])
    }
}
