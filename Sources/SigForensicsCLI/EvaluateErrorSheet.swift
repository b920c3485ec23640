import Foundation
import Imaging
import Scoring
import Synthesis

/// `evaluate --error-sheet`: the errors to look at first, as a contact sheet — each row the baseline's K references
/// on the left and the questioned signature on the right — and one legend line per row.
struct ErrorSheet {
    var dataset: String
    var writers: [WriterEmbeddings]
    var referenceCount: Int
    var seed: UInt64

    /// Writes the sheet of the `rows` most confidently accepted skilled forgeries, then the `rows` most
    /// confidently rejected genuine signatures, to `path`; returns the legend.
    func write(_ report: EvaluationReport, rows: Int, to path: String) throws -> [String] {
        let names = SignatureNames(writers)
        let errors = report.confidentErrors(count: rows)
        var sheetRows: [(genuine: [PageImage], forged: [PageImage])] = []
        var legend: [String] = []
        for (what, list) in [("accepted skilled forgery", errors.acceptedForgeries), ("rejected genuine signature", errors.rejectedGenuine)] {
            for (identity, log10LR) in list {
                let row = "error sheet row \(sheetRows.count + 1): \(what)"
                guard let references = names.referenceNames(of: identity.baseline, referenceCount: referenceCount, seed: seed) else {
                    legend.append("\(row) left out: its writer is not in the dataset"); continue
                }
                let questioned = names.name(of: identity.questioned)
                do {
                    let tiles = try references.map(decode)
                    sheetRows.append((tiles, [try decode(questioned)]))
                    legend.append("\(row) (unbounded log10 LR \(String(format: "%.3f", log10LR))): \(questioned) against "
                                  + references.joined(separator: ", "))
                } catch {
                    legend.append("\(row) left out: \(error)")
                }
            }
        }
        guard !sheetRows.isEmpty else { return legend + ["error sheet: no errors to show; nothing written"] }
        let sheet = ContactSheet(cellWidth: 260, cellHeight: 110).compose(sheetRows)
        try AtomicFile.write(try PNGEncoder.encodeGray(sheet.gray, width: sheet.width, height: sheet.height), to: path)
        return legend + ["error sheet: \(path) (\(sheet.width)x\(sheet.height); references left, questioned right)"]
    }

    /// The first page of a signature file of the dataset, decoded by the project's decoder.
    private func decode(_ name: String) throws -> PageImage {
        let path = (dataset as NSString).appendingPathComponent(name)
        do { return try ImageDecoder().open(path: path).page(0) } catch {
            throw Unreadable(description: "\(path): \(error)")
        }
    }

    private struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }
}
