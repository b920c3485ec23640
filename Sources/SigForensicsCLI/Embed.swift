import ArgumentParser
import Foundation
import Imaging
import Pipeline
import TwinEncoder

/// `sigforensics embed FILE...`: normalised crops → embeddings.
struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find, normalise and embed the signatures of each file with the twin encoder.",
        discussion: "Exit status: 0 when every file gave at least one embedding, 1 otherwise (the others are still printed)."
    )

    /// How files are taken.
    enum Taking: String, ExpressibleByArgument, CaseIterable { case auto, page, crop }

    @Argument(help: "Pages or signature images (TIFF, JPEG, PNG).")
    var files: [String]

    @Option(help: "Model file (safetensors); default: the pipeline definition's model.")
    var model: String?

    @Option(help: "Pipeline definition.")
    var pipeline = "Pipelines/default.json"

    @Option(name: .customLong("as"), help: "auto (a signature image when no larger than 5 x 5 inches), page or crop.")
    var taking: Taking = .auto

    @Flag(help: "Print one JSON object per signature per line (file, page, box, embedding).")
    var json = false

    @Option(help: "Replace every view's weights by fresh random ones from this seed (no projection): the baseline a trained pipeline must beat.")
    var randomWeights: UInt64?

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one file to embed.") }
    }

    func run() throws {
        var (_, extractor, embedder) = try loadImagePath(pipeline: pipeline, model: model)
        if let randomWeights { embedder = try embedder.withRandomWeights(seed: randomWeights) }
        var failed = false
        for file in files {
            let pages: [ExtractedPage]
            do {
                pages = try extractor.extract(path: file, mode: SignatureExtractor.Mode(rawValue: taking.rawValue) ?? .auto)
            } catch {
                failed = true
                report(["file": file, "error": error.description])
                continue
            }
            var found = 0
            for page in pages {
                if let problem = page.problem { report(["file": file, "page": page.page + 1, "error": problem]) }
                let embeddings = try embedder.embed(page.signatures)
                for (signature, embedding) in zip(page.signatures, embeddings) {
                    found += 1
                    let box = signature.box
                    var object: [String: Any] = [
                        "file": file, "page": page.page + 1,
                        "box": ["x": box.x, "y": box.y, "width": box.width, "height": box.height],
                        "preprocessing": signature.views.map(\.recipe).joined(separator: " | "),
                        "embedding": embedding.map { Double($0) },
                    ]
                    if let confidence = signature.confidence { object["confidence"] = confidence }
                    if json {
                        JSONLine.print(object)
                    } else {
                        let norm = embedding.reduce(0) { $0 + $1 * $1 }.squareRoot()
                        print(String(format: "%@ page %d box %@: %d-d embedding, L2 norm %.4f, first %@", file, page.page + 1,
                                     box.description, embedding.count, norm,
                                     embedding.prefix(4).map { String(format: "%.4f", $0) }.joined(separator: " ")))
                    }
                }
            }
            if found == 0 { failed = true }
        }
        if failed { throw ExitCode(1) }
    }

    private func report(_ object: [String: Any]) {
        if json {
            JSONLine.print(object)
        } else {
            FileHandle.standardError.write(Data("\(object["file"] ?? ""): \(object["error"] ?? "")\n".utf8))
        }
    }
}
