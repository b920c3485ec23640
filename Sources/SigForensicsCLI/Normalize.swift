import ArgumentParser
import Foundation
import Imaging
import Pipeline
import Preprocessing

extension PipelineDefinition.PreprocessSection.Normalization: ExpressibleByArgument {}

/// `sigforensics normalize FILE --out FILE.png`: the encoder's input made from a page or a signature image.
struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Normalise the signature(s) of a page or of a signature image into the encoder's input.",
        discussion: "A page is searched for signatures; an image no larger than 5 x 5 inches is taken as one signature. "
            + "The first crop is written to --out, further ones to <out>-2.png, <out>-3.png …"
    )

    @Argument(help: "A scanned page or a signature image.")
    var file: String

    @Option(help: "Output PNG (8-bit grey, ink white on black as the encoder sees it).")
    var out: String

    @Option(help: "Normalisation recipe: \(PipelineDefinition.PreprocessSection.Normalization.allCases.map(\.rawValue).joined(separator: ", ")) (default: the pipeline definition's).")
    var pen: PipelineDefinition.PreprocessSection.Normalization?

    @Option(help: "Pipeline definition (decoding limits and the default recipe).")
    var pipeline = "Pipelines/default.json"

    @Flag(help: "Take the whole image as one signature, without searching.")
    var whole = false

    @OptionGroup var preprocessing: PreprocessingOptions

    func run() throws {
        let definition = try PipelineDefinition.load(path: pipeline, verifyModel: false)
        var extractor = definition.extractor
        extractor.locator = preprocessing.locatorParameters
        if let pen { extractor.normalization = pen.parameters }
        let pages = try extractor.extract(path: file, mode: whole ? .crop : .auto)
        let signatures = pages.flatMap(\.signatures)
        for page in pages { if let problem = page.problem { print("\(file) page \(page.page + 1): \(problem)") } }
        if signatures.isEmpty { throw ExitCode(1) }
        for (i, signature) in signatures.enumerated() {
            let normalized = signature.normalized
            let path = i == 0 ? out : (out.hasSuffix(".png") ? String(out.dropLast(4)) : out) + "-\(i + 1).png"
            try AtomicFile.write(try PNGEncoder.encodeGray(normalized.gray, width: normalized.width, height: normalized.height), to: path)
            print(String(format: "%@ page %d: crop %@ -> %@ (%@, threshold %d, ink coverage %.3f, mean ink %.3f%@)", file,
                         signature.page + 1, signature.box.description, path, normalized.recipe, normalized.threshold,
                         normalized.inkCoverage, normalized.meanInkIntensity, normalized.clipped ? ", clipped to the canvas" : ""))
        }
    }
}
