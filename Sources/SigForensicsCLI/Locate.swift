import ArgumentParser
import Foundation
import Imaging
import Preprocessing

/// `sigforensics locate FILE...`: the signature boxes found on every page.
struct Locate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the signatures on every page and print their boxes.",
        discussion: "A page without a signature prints the reason (blank, all black, print only, too small). "
            + "Exit status: 0 when every file decoded, 1 when any file or page was rejected."
    )

    @Argument(help: "Scanned documents (TIFF, JPEG, PNG).")
    var files: [String]

    @Flag(help: "Print one JSON object per page per line (file, page, boxes, reason).")
    var json = false

    @Flag(help: "Also print the candidates below the acceptance confidence.")
    var all = false

    @Option(help: "Write each page with its boxes drawn (red: signatures, orange: rejected candidates) into this folder.")
    var draw: String?

    @OptionGroup var preprocessing: PreprocessingOptions
    @OptionGroup var limits: DecodeLimitOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one file to search for signatures.") }
    }

    func run() throws {
        if let draw { try FileManager.default.createDirectory(atPath: draw, withIntermediateDirectories: true) }
        let decoder = ImageDecoder(options: limits.decodeOptions(keepColour: true))
        let locator = SignatureLocator(parameters: preprocessing.locatorParameters)
        var rejected = false
        for path in files {
            do {
                let document = try decoder.open(path: path)
                for index in 0..<document.pageCount {
                    let page = try document.page(index)
                    let result = locator.locate(page)
                    emit(result, file: path, page: index)
                    if let draw {
                        let name = (path as NSString).lastPathComponent + ".p\(index + 1).png"
                        var options = PNGEncoder.Options(colourType: .rgb)
                        options.dpi = page.dpiX
                        let png = try PNGEncoder.encode(packedRows: LocationOverlay.render(page, result), width: page.width,
                                                        height: page.height, rowBytes: page.width * 3, options: options)
                        try AtomicFile.write(png, to: (draw as NSString).appendingPathComponent(name))
                    }
                }
            } catch let error as ImageDecodeError {
                rejected = true
                FileHandle.standardError.write(Data(("rejected: " + error.description + "\n").utf8))
            }
        }
        if rejected { throw ExitCode(1) }
    }

    private func emit(_ result: LocationResult, file: String, page: Int) {
        let shown = all ? result.candidates : result.signatures
        if json {
            var object: [String: Any] = [
                "file": file, "page": page + 1,
                "boxes": shown.map { c -> [String: Any] in
                    ["x": c.box.x, "y": c.box.y, "width": c.box.width, "height": c.box.height,
                     "confidence": (c.confidence * 1000).rounded() / 1000, "accepted": result.signatures.contains(c)]
                },
                "dpi": result.resolution.dpi, "dpiAssumed": result.resolution.assumed,
            ]
            if let reason = result.noSignature { object["reason"] = reason.description; object["reasonKey"] = reason.key }
            JSONLine.print(object)
        } else {
            var line = "\(file) page \(page + 1):"
            if shown.isEmpty { line += " no signature (\(result.noSignature?.description ?? "none"))" }
            for c in shown {
                line += String(format: " [%@ conf %.2f%@]", c.box.description, c.confidence, result.signatures.contains(c) ? "" : " rejected")
            }
            print(line)
        }
    }
}

/// Preprocessing choices shared by the commands that binarise pages.
struct PreprocessingOptions: ParsableArguments {
    /// Binarisation methods offered on the command line.
    enum Method: String, ExpressibleByArgument, CaseIterable { case automatic, otsu, sauvola }

    @Option(help: "Binarisation: \(Method.allCases.map(\.rawValue).joined(separator: ", ")).")
    var binarize: Method = .automatic

    @Option(help: "Confidence at or above which a candidate is a signature.")
    var acceptConfidence: Double = 0.5

    @Flag(help: "Keep ruled and table lines.")
    var keepLines = false

    var locatorParameters: LocatorParameters {
        var p = LocatorParameters()
        switch binarize {
        case .automatic: p.binarization = .automatic
        case .otsu: p.binarization = .otsu
        case .sauvola: p.binarization = .sauvola(SauvolaParameters())
        }
        p.acceptConfidence = acceptConfidence
        p.cleaning.removeLines = !keepLines
        return p
    }
}
