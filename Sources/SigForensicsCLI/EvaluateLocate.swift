import ArgumentParser
import Foundation
import Imaging
import Preprocessing

/// `sigforensics evaluate-locate DIR`: precision and recall of location against `.truth.xml` sidecars.
struct EvaluateLocate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-locate",
        abstract: "Locate signatures on every page that has a .truth.xml sidecar and score the boxes against it.",
        discussion: """
            Reads the sidecars `sigforensics synth documents` writes. Prints figures per file format and \
            resolution, what the false positives were (distractors, misfits, other), the worst pages, then a last \
            line: precision=P recall=R mean_iou=M pages=N (IoU >= 0.5 counts).
            """
    )

    @Argument(help: "Folder of documents, each beside its <name>.truth.xml (searched recursively).")
    var folder: String

    @Option(help: "Worst pages to list.")
    var worst = 10

    @Option(help: "Also write every candidate (accepted or not) with its label against the truth and its features to this CSV file.")
    var candidatesCSV: String?

    @OptionGroup var preprocessing: PreprocessingOptions

    func run() throws {
        let files = try Self.documentsWithTruth(in: folder)
        if files.isEmpty { throw ValidationError("No document with a .truth.xml sidecar under \(folder).") }
        let decoder = ImageDecoder(options: DecodeOptions(keepColour: true))
        let locator = SignatureLocator(parameters: preprocessing.locatorParameters)
        var evaluation = LocationEvaluation(threshold: 0.5)
        var failures = 0
        var csv = "file,label,accepted,confidence,x,y,width,height," + CandidateFeatures.csvHeader + "\n"
        for (image, sidecar) in files {
            do {
                let truth = try LocationTruth.read(contentsOf: sidecar)
                let document = try decoder.open(path: image)
                for index in 0..<document.pageCount {
                    let page = try document.page(index)
                    if index == 0, let w = truth.width, let h = truth.height, w != page.width || h != page.height {
                        throw ValidationError("\(sidecar) describes a \(w)x\(h) page but \(image) is \(page.width)x\(page.height)")
                    }
                    let result = locator.locate(page)
                    let name = (image as NSString).lastPathComponent + (document.pageCount > 1 ? " p\(index + 1)" : "")
                    let group = (truth.format ?? (image as NSString).pathExtension) + " \(Int(PageResolution.of(page).dpi.rounded())) dpi"
                    evaluation.add(name: name, truth: truth.signatureBoxes(page: index), found: result.signatures.map(\.box),
                                   distractors: truth.distractors(page: index), group: group)
                    if candidatesCSV != nil {
                        for c in result.candidates {
                            let label = LocationEvaluation.label(c.box, truth: truth.signatureBoxes(page: index),
                                                                 distractors: truth.distractors(page: index), threshold: 0.5)
                            let b = c.box
                            csv += "\(name),\(label),\(result.signatures.contains(c) ? 1 : 0),\(String(format: "%.4f", c.confidence)),"
                                + "\(b.x),\(b.y),\(b.width),\(b.height)," + (c.features?.csvRow ?? "") + "\n"
                        }
                    }
                }
            } catch {
                failures += 1
                FileHandle.standardError.write(Data(("rejected: \(error)\n").utf8))
            }
        }
        if let candidatesCSV { try AtomicFile.write(Array(csv.utf8), to: candidatesCSV) }
        for group in Set(evaluation.pages.map(\.group)).sorted() {
            let e = evaluation.subset(group: group)
            print(String(format: "group: %@ precision=%.4f recall=%.4f mean_iou=%.4f pages=%d", group, e.precision, e.recall,
                         e.meanIoU, e.pages.count))
        }
        let kinds = evaluation.falsePositiveKinds
        if !kinds.isEmpty {
            print("false positives: " + kinds.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
        for page in evaluation.worst(worst) {
            let ious = page.ious.map { String(format: "%.2f", $0) }.joined(separator: ",")
            let fp = page.falsePositives.isEmpty ? "" : " false=[\(page.falsePositives.joined(separator: ","))]"
            print("worst: \(page.name) truth=\(page.truth) found=\(page.found) matched=\(page.matched) iou=[\(ious)]\(fp)")
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
