import ArgumentParser
import Foundation
import Synthesis

/// `sigforensics synth documents`: scanned pages with signatures and their truth sidecars.
struct SynthDocuments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents",
        abstract: "Write synthetic scanned pages (TIFF G4/LZW/JPEG, JPEG, PNG) with <name>.truth.xml sidecars."
    )

    @Option(help: "Number of pages.")
    var count = 10
    @Option(help: "Seed; the same seed writes the same bytes.")
    var seed: UInt64 = 1
    @Option(help: "Output folder.")
    var out: String
    @Option(help: "Writers the signatures are drawn from.")
    var writers = 24
    @Option(help: "Only these formats (comma-separated: \(PageFormat.allCases.map(\.rawValue).joined(separator: ", "))).")
    var formats: String?
    @Option(help: "Threads.")
    var threads = 2

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1.") }
        guard writers >= 2 else { throw ValidationError("--writers must be at least 2 (random forgeries need another writer).") }
        _ = try parsedFormats()
    }

    private func parsedFormats() throws -> [PageFormat] {
        guard let formats else { return PageFormat.allCases }
        return try formats.split(separator: ",").map {
            guard let f = PageFormat(rawValue: $0.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("Unknown format \($0); use one of \(PageFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return f
        }
    }

    func run() throws {
        let set = DocumentSetWriter(directory: out, count: count, seed: seed, writerPool: writers, formats: try parsedFormats())
        let start = ContinuousClock.now
        try set.writeAll(threads: threads)
        let seconds = Double((ContinuousClock.now - start).milliseconds) / 1000
        print(String(format: "%d pages in %@ (%.1f s, %.2f pages/s)", count, out, seconds, Double(count) / max(seconds, 1e-9)))
    }
}
