import ArgumentParser
import Foundation
import Imaging
import Synthesis

/// `sigforensics synth dataset`: the training layout DIR/<writer-id>/{genuine,forged}/*.png.
struct SynthDataset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Write DIR/<writer-id>/genuine/*.png and DIR/<writer-id>/forged/*.png (skilled forgeries of that writer)."
    )

    @Option(help: "Number of writers.")
    var writers = 20
    @Option(help: "Genuine signatures per writer.")
    var genuine = 12
    @Option(help: "Skilled forgeries per writer.")
    var forgeries = 12
    @Option(help: "Seed; the same seed writes the same bytes.")
    var seed: UInt64 = 1
    @Option(help: "Output folder.")
    var out: String
    @Option(help: "Scan resolution in dpi for every crop (default: drawn from 150, 200, 240, 300 per crop).")
    var dpi: Double?
    @Option(help: "Also write a contact sheet PNG of the first writers (genuine left, forged right).")
    var contactSheet: String?
    @Option(help: "Rows (writers) on the contact sheet.")
    var sheetRows = 8
    @Option(help: "Columns per side on the contact sheet.")
    var sheetColumns = 4
    @Option(help: "Lowest forger skill (0 = slow, tremulous, clumsy; 1 = fluent and close).")
    var minSkill = 0.3
    @Option(help: "Highest forger skill.")
    var maxSkill = 1.0
    @Option(help: "Threads.")
    var threads = 2
    @Flag(help: "Draw every signature with its own randomly drawn pen and scanner preset (the pen then says nothing about the writer); --dpi is ignored.")
    var randomPens = false

    func validate() throws {
        guard writers > 0 else { throw ValidationError("--writers must be at least 1.") }
        guard genuine >= 0, forgeries >= 0, genuine + forgeries > 0 else {
            throw ValidationError("--genuine and --forgeries must not be negative, and one of them must be positive.")
        }
        if let dpi, !(50...1200).contains(dpi) { throw ValidationError("--dpi must lie between 50 and 1200.") }
        guard 0 <= minSkill, minSkill <= maxSkill, maxSkill <= 1 else {
            throw ValidationError("--min-skill and --max-skill must satisfy 0 ≤ min ≤ max ≤ 1.")
        }
    }

    func run() throws {
        var writer = DatasetWriter(directory: out, writers: writers, genuine: genuine, forgeries: forgeries, seed: seed,
                                   options: CropOptions(dpi: dpi))
        writer.skillRange = minSkill...maxSkill
        writer.randomPens = randomPens
        let start = ContinuousClock.now
        let count = try writer.writeAll(threads: threads)
        let seconds = Double((ContinuousClock.now - start).milliseconds) / 1000
        print(String(format: "%d images of %d writers in %@ (%.1f s, %.1f signatures/s)", count, writers, out, seconds,
                     Double(count) / max(seconds, 1e-9)))
        if let contactSheet {
            let sheet = writer.contactSheet(rows: sheetRows, columns: sheetColumns)
            try AtomicFile.write(try PNGEncoder.encodeGray(sheet.gray, width: sheet.width, height: sheet.height), to: contactSheet)
            print("contact sheet: \(contactSheet) (\(sheet.width)x\(sheet.height))")
        }
    }
}
