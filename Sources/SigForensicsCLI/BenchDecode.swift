import ArgumentParser
import Foundation
import Imaging

/// `sigforensics bench decode FILE...`: megapixels per second of the decoders.
struct BenchDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode each file repeatedly and print megapixels per second and milliseconds per page."
    )

    @Argument(help: "Files to decode (read into memory once; decoding alone is timed).")
    var files: [String]

    @Option(help: "Timed repetitions per file (the median is printed).")
    var repetitions = 7

    @Option(help: "Threads one page may use for independent TIFF strips.")
    var threads = 2

    @Flag(help: "Print one JSON object per file per line.")
    var json = false

    func run() throws {
        let decoder = ImageDecoder(options: DecodeOptions(threads: threads))
        for path in files {
            let file = try FileBytes(contentsOf: path, maxBytes: 1 << 31)
            var samples: [Double] = []
            var megapixels = 0.0, pages = 0
            for repetition in 0...repetitions {
                let start = ContinuousClock.now
                let document = try decoder.open(file)
                var pixels = 0
                for index in 0..<document.pageCount { pixels += try document.page(index).pixelCount }
                let seconds = Double((ContinuousClock.now - start).milliseconds) / 1000
                if repetition > 0 { samples.append(seconds) }  // the first pass warms caches
                megapixels = Double(pixels) / 1e6
                pages = document.pageCount
            }
            samples.sort()
            let median = samples[samples.count / 2]
            let mps = megapixels / median, msPerPage = median * 1000 / Double(pages)
            if json {
                JSONLine.print(["file": path, "megapixelsPerSecond": (mps * 10).rounded() / 10,
                                "msPerPage": (msPerPage * 1000).rounded() / 1000, "pages": pages, "repetitions": repetitions])
            } else {
                print(String(format: "%@: %.1f MP/s, %.2f ms/page (%d page(s), median of %d)", path, mps, msPerPage, pages, repetitions))
            }
        }
    }
}
