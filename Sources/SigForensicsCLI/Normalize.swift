import ArgumentParser
import Foundation
import Imaging
import Preprocessing

/// `sigforensics normalize FILE --out FILE.png`: the encoder's input made from a page or a signature image.
struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Normalise the signature(s) of a page or of a signature image into the encoder's input.",
        discussion: "A page is searched for signatures; an image no larger than 5 x 5 inches is taken as one signature. "
            + "The first crop is written to --out, further ones to <out>-2.png, <out>-3.png …"
    )

    /// Pen treatments offered.
    enum Pen: String, ExpressibleByArgument, CaseIterable { case sigver, stretch, binary, redraw }

    @Argument(help: "A scanned page or a signature image.")
    var file: String

    @Option(help: "Output PNG (8-bit grey, ink white on black as the encoder sees it).")
    var out: String

    @Option(help: "Pen treatment: \(Pen.allCases.map(\.rawValue).joined(separator: ", ")) (sigver = none).")
    var pen: Pen = .sigver

    @Flag(help: "Take the whole image as one signature, without searching.")
    var whole = false

    @OptionGroup var preprocessing: PreprocessingOptions

    func run() throws {
        let page = try ImageDecoder(options: DecodeOptions(keepColour: true)).open(path: file).page(0)
        var parameters = NormalizationParameters.sigver
        switch pen {
        case .sigver: break
        case .stretch: parameters.contrast = .stretch
        case .binary: parameters.contrast = .binary
        case .redraw: parameters = .penIndependent
        }
        let normalizer = SignatureNormalizer(parameters: parameters)
        let resolution = PageResolution.of(page)
        let isSignatureImage = whole || (Double(page.width) <= 5 * resolution.dpi && Double(page.height) <= 5 * resolution.dpi)
        var crops: [(gray: [UInt8], box: PixelBox)] = []
        if isSignatureImage {
            crops = [(page.gray, PixelBox(x: 0, y: 0, width: page.width, height: page.height))]
        } else {
            let result = SignatureLocator(parameters: preprocessing.locatorParameters).locate(page)
            crops = result.signatures.compactMap { SignatureCrop.cut(page, clean: result.clean, box: $0.box) }
            if crops.isEmpty {
                print("\(file): no signature (\(result.noSignature?.description ?? "none"))")
                throw ExitCode(1)
            }
        }
        for (i, crop) in crops.enumerated() {
            let normalized = try normalizer.normalize(crop.gray, width: crop.box.width, height: crop.box.height, dpi: resolution.dpi)
            let path = i == 0 ? out : (out.hasSuffix(".png") ? String(out.dropLast(4)) : out) + "-\(i + 1).png"
            try AtomicFile.write(try PNGEncoder.encodeGray(normalized.gray, width: normalized.width, height: normalized.height), to: path)
            print(String(format: "%@: crop %@ -> %@ (%@, threshold %d, ink coverage %.3f, mean ink %.3f%@)", file,
                         crop.box.description, path, normalized.recipe, normalized.threshold, normalized.inkCoverage,
                         normalized.meanInkIntensity, normalized.clipped ? ", clipped to the canvas" : ""))
        }
    }
}
