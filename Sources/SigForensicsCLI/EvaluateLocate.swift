import ArgumentParser
import Foundation
import Imaging
import Preprocessing

/// `sigforensics evaluate-locate DIR`: precision and recall of location against `.truth.xml` sidecars.
struct EvaluateLocate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-locate",
        abstract: "Locate signatures on every page that has a .truth.xml sidecar and score the boxes against it.",
        discussion: "Prints the worst pages, then a last line: precision=P recall=R mean_iou=M pages=N (IoU >= 0.5 counts)."
    )

    @Argument(help: "Folder of documents, each beside its <name>.truth.xml (searched recursively).")
    var folder: String

    @Option(help: "Worst pages to list.")
    var worst = 10

    @OptionGroup var preprocessing: PreprocessingOptions

    func run() throws {
        let files = try Self.documentsWithTruth(in: folder)
        if files.isEmpty { throw ValidationError("No document with a .truth.xml sidecar under \(folder).") }
        let decoder = ImageDecoder(options: DecodeOptions(keepColour: true))
        let locator = SignatureLocator(parameters: preprocessing.locatorParameters)
        var evaluation = LocationEvaluation(threshold: 0.5)
        var failures = 0
        for (image, sidecar) in files {
            let truth = LocationTruth.signatureBoxes(fromSidecar: try String(contentsOfFile: sidecar, encoding: .utf8))
            do {
                let document = try decoder.open(path: image)
                for index in 0..<document.pageCount {
                    let result = locator.locate(try document.page(index))
                    let name = (image as NSString).lastPathComponent + (document.pageCount > 1 ? " p\(index + 1)" : "")
                    evaluation.add(name: name, truth: truth[index] ?? [], found: result.signatures.map(\.box))
                }
            } catch {
                failures += 1
                FileHandle.standardError.write(Data(("rejected: \(error)\n").utf8))
            }
        }
        for page in evaluation.worst(worst) {
            let ious = page.ious.map { String(format: "%.2f", $0) }.joined(separator: ",")
            print("worst: \(page.name) truth=\(page.truth) found=\(page.found) matched=\(page.matched) iou=[\(ious)]")
        }
        if failures > 0 { print("unreadable documents: \(failures)") }
        print(String(format: "precision=%.4f recall=%.4f mean_iou=%.4f pages=%d", evaluation.precision, evaluation.recall,
                     evaluation.meanIoU, evaluation.pages.count))
    }

    /// Image files that have a `<stem>.truth.xml` beside them, sorted by path.
    static func documentsWithTruth(in folder: String) throws -> [(String, String)] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else {
            throw ValidationError("Cannot read the folder \(folder).")
        }
        var out: [(String, String)] = []
        let extensions = ["tif", "tiff", "png", "jpg", "jpeg"]
        for case let relative as String in walker where relative.hasSuffix(".truth.xml") {
            let sidecar = (folder as NSString).appendingPathComponent(relative)
            let stem = String(sidecar.dropLast(".truth.xml".count))
            if let image = extensions.lazy.map({ stem + "." + $0 }).first(where: { FileManager.default.fileExists(atPath: $0) }) {
                out.append((image, sidecar))
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }
}
