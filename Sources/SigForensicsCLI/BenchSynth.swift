import ArgumentParser
import Foundation
import Imaging
import Synthesis

/// `sigforensics bench synth`: signatures per second (in memory, and with PNG encoding) and pages per second.
struct BenchSynth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Measure synthetic signature and page generation speed (one thread, in memory, per CPU second) and print the figures."
    )

    @Option(help: "Writers to sample.")
    var writers = 20
    @Option(help: "Samples per writer and kind.")
    var samples = 3
    @Option(help: "Pages to compose.")
    var pages = 4
    @Option(help: "Page resolution for the page figure.")
    var pageDpi = 300
    @Option(help: "Crop resolution (default: drawn per crop).")
    var dpi: Double?
    @Option(help: "Seed.")
    var seed: UInt64 = 1

    func run() throws {
        let synth = SignatureSynthesizer(seed: seed)
        let options = CropOptions(dpi: dpi)
        // Process CPU seconds: on a shared machine the wall clock also counts other people's work.
        func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }
        func time(_ body: () throws -> Int) rethrows -> (Int, Double) {
            let start = cpuSeconds()
            let n = try body()
            return (n, cpuSeconds() - start)
        }
        let (g, gs) = time {
            var n = 0
            for w in 0..<writers { for k in 0..<samples { n += synth.writer(w).genuine(k, options: options).gray.count > 0 ? 1 : 0 } }
            return n
        }
        let (f, fs) = time {
            var n = 0
            for w in 0..<writers { for k in 0..<samples { n += synth.writer(w).forgery(k, options: options).gray.count > 0 ? 1 : 0 } }
            return n
        }
        let crops = (0..<writers).map { synth.writer($0).genuine(0, options: options) }
        var levels: [(Int, Double, Int)] = []
        for level in [1, 3, 6] {
            var bytes = 0
            let (_, seconds) = try time {
                for c in crops {
                    var o = PNGEncoder.Options()
                    o.compressionLevel = level
                    bytes += try PNGEncoder.encode(packedRows: c.gray, width: c.width, height: c.height, rowBytes: c.width, options: o).count
                }
                return crops.count
            }
            levels.append((level, seconds, bytes / crops.count))
        }
        let meanPixels = crops.map { $0.width * $0.height }.reduce(0, +) / max(1, crops.count)
        print(String(format: "genuine: %.1f signatures per CPU second (%d in %.2f s)", Double(g) / gs, g, gs))
        print(String(format: "skilled forgeries: %.1f signatures per CPU second (%d in %.2f s)", Double(f) / fs, f, fs))
        for (level, seconds, bytes) in levels {
            print(String(format: "PNG encoding of crops, zlib level %d: %.1f crops per CPU second, %d bytes per crop (mean %d pixels)",
                          level, Double(crops.count) / seconds, bytes, meanPixels))
        }
        let (p, ps) = time {
            var n = 0
            for i in 0..<pages {
                let request = DocumentRequest(paper: .a4, dpi: pageDpi, signatures: [SignatureRequest(claimed: synth.writer(i), kind: .genuine, sample: 0)],
                                              seed: UInt64(i))
                n += DocumentComposer.compose(request).width > 0 ? 1 : 0
            }
            return n
        }
        print(String(format: "pages (A4, %d dpi, composed in memory, not encoded): %.2f pages per CPU second (%d in %.2f s)", pageDpi, Double(p) / ps, p, ps))
    }
}
