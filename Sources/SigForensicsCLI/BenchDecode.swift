import ArgumentParser
import Foundation
import Imaging

/// `sigforensics bench decode FILE...`: megapixels per second of the decoders, and with `--direct` of the C
/// libraries called on their own, side by side.
struct BenchDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode each file repeatedly and print megapixels per second and milliseconds per page.",
        discussion: """
            Each file is read into memory once; only decoding is timed (one warm-up pass, then the median of the \
            timed passes). With --direct, each of our passes comes with two of the C library alone (libtiff, \
            libjpeg or libpng, same threads), the three taking turns at going first: one into the library's native \
            samples, one that also expands 1-bit pages to 8-bit grey in C, as a C program producing our output \
            must. The Swift layer's overhead is printed against both, as a percentage of the direct time.
            """
    )

    @Argument(help: "Files to decode.")
    var files: [String]

    @Option(help: "Timed repetitions per file (the median is printed).")
    var repetitions = 7

    @Option(help: "Threads one page may use (TIFF strips; a large baseline JPEG page in two parts). 1: one thread.")
    var threads = 2

    @Flag(help: "Keep colour samples (the default decodes straight to grey, as the pipeline does).")
    var colour = false

    @Flag(help: "Also time the C library decoding the same file directly, and print the Swift layer's overhead.")
    var direct = false

    @Flag(help: "Print one JSON object per file per line.")
    var json = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one file to decode.") }
        if repetitions < 1 { throw ValidationError("--repetitions must be at least 1.") }
        if threads < 1 { throw ValidationError("--threads must be at least 1.") }
    }

    func run() throws {
        let decoder = ImageDecoder(options: DecodeOptions(keepColour: colour, threads: threads))
        var total = (megapixels: 0.0, ours: 0.0, native: 0.0, gray: 0.0)
        for path in files {
            let file = try FileBytes(contentsOf: path, maxBytes: 1 << 31)
            var ours: [Double] = [], reference: [Double] = [], referenceGray: [Double] = []
            var pixels = 0, pages = 0
            for repetition in 0...repetitions {
                // With --direct the three decodes take turns at going first: whichever follows another reuses the
                // memory it freed (no page faults) and would otherwise always look a few percent faster.
                for turn in 0..<(direct ? 3 : 1) {
                    let start = ContinuousClock.now
                    switch (turn + repetition) % 3 {
                    case 0:
                        let document = try decoder.open(file)
                        pixels = 0
                        for index in 0..<document.pageCount { pixels += try document.page(index).pixelCount }
                        pages = document.pageCount
                        if repetition > 0 { ours.append((ContinuousClock.now - start).seconds) }  // the first pass warms caches
                    case 1:
                        _ = try DirectDecode.decode(file, threads: threads, colour: colour)
                        if repetition > 0 { reference.append((ContinuousClock.now - start).seconds) }
                    default:
                        _ = try DirectDecode.decode(file, threads: threads, colour: colour, toGray: true)
                        if repetition > 0 { referenceGray.append((ContinuousClock.now - start).seconds) }
                    }
                }
            }
            let megapixels = Double(pixels) / 1e6
            let median = Self.median(ours)
            total.megapixels += megapixels
            total.ours += median
            if direct { total.native += Self.median(reference); total.gray += Self.median(referenceGray) }
            let mps = megapixels / median, msPerPage = median * 1000 / Double(pages)
            if json {
                var object: [String: Any] = ["file": path, "megapixelsPerSecond": Self.round(mps, 1),
                                             "msPerPage": Self.round(msPerPage, 3), "pages": pages,
                                             "repetitions": repetitions, "threads": threads]
                if direct {
                    let native = Self.median(reference), gray = Self.median(referenceGray)
                    object["directMegapixelsPerSecond"] = Self.round(megapixels / native, 1)
                    object["directMsPerPage"] = Self.round(native * 1000 / Double(pages), 3)
                    object["directGrayMegapixelsPerSecond"] = Self.round(megapixels / gray, 1)
                    object["directGrayMsPerPage"] = Self.round(gray * 1000 / Double(pages), 3)
                    object["swiftOverheadPercent"] = Self.round((median / gray - 1) * 100, 1)
                    object["overheadOverNativePercent"] = Self.round((median / native - 1) * 100, 1)
                }
                JSONLine.print(object)
            } else {
                var line = String(format: "%@: %.1f MP/s, %.2f ms/page", path, mps, msPerPage)
                if direct {
                    let native = Self.median(reference), gray = Self.median(referenceGray)
                    line += String(format: "; direct C %.1f MP/s native, %.1f MP/s to 8-bit grey; Swift overhead %+.1f%% (%+.1f%% over native)",
                                   megapixels / native, megapixels / gray, (median / gray - 1) * 100, (median / native - 1) * 100)
                }
                print(line + " (\(pages) page(s), median of \(repetitions), \(threads) thread(s))")
            }
        }
        if files.count > 1 && !json {
            // All files together: total megapixels over the sum of the per-file medians.
            var line = String(format: "all %d files: %.1f MP/s", files.count, total.megapixels / total.ours)
            if direct {
                line += String(format: "; direct C %.1f MP/s native, %.1f MP/s to 8-bit grey; Swift overhead %+.1f%% (%+.1f%% over native)",
                               total.megapixels / total.native, total.megapixels / total.gray,
                               (total.ours / total.gray - 1) * 100, (total.ours / total.native - 1) * 100)
            }
            print(line)
        }
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    private static func round(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
