import ArgumentParser
import Foundation
import Imaging
import Preprocessing

/// `sigforensics bench preprocess FILE...`: milliseconds per page of binarise + clean + locate.
struct BenchPreprocess: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preprocess",
        abstract: "Binarise, clean and locate each page repeatedly and print milliseconds per page, stage by stage."
    )

    @Argument(help: "Pages to process (decoded once; decoding is not timed).")
    var files: [String]

    @Option(help: "Timed repetitions per file (the median is printed).")
    var repetitions = 7

    @OptionGroup var preprocessing: PreprocessingOptions

    /// CPU time this thread has used, in milliseconds (unaffected by other processes taking the cores).
    static func threadCPUms() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
    }

    func run() throws {
        let decoder = ImageDecoder(options: DecodeOptions(keepColour: true))
        let parameters = preprocessing.locatorParameters
        var totals: [Double] = [], cpuTotals: [Double] = []
        for path in files {
            let page = try decoder.open(path: path).page(0)
            let dpi = PageResolution.of(page).dpi
            var binarize: [Double] = [], clean: [Double] = [], locate: [Double] = [], whole: [Double] = [], cpu: [Double] = []
            var found = 0
            for repetition in 0...repetitions {
                let t0 = ContinuousClock.now
                var b = Binarizer(method: parameters.binarization).binarize(page, dpi: dpi)
                let t1 = ContinuousClock.now
                var mask = InkMask(width: 0, height: 0)
                swap(&mask, &b.mask)  // hand the mask over instead of sharing it (sharing would copy it on write)
                let c = PageCleaner(parameters: parameters.cleaning).clean(mask, runs: b.runs, page: page, dpi: dpi)
                let t2 = ContinuousClock.now
                let candidates = SignatureLocator(parameters: parameters).candidates(c, dpi: dpi, width: page.width, height: page.height)
                let t3 = ContinuousClock.now
                let c0 = Self.threadCPUms()
                let all = SignatureLocator(parameters: parameters).locate(page)
                let t4 = ContinuousClock.now
                let c1 = Self.threadCPUms()
                found = all.signatures.count
                _ = candidates
                guard repetition > 0 else { continue }  // the first pass warms caches
                binarize.append((t1 - t0).milliseconds); clean.append((t2 - t1).milliseconds)
                locate.append((t3 - t2).milliseconds); whole.append((t4 - t3).milliseconds); cpu.append(c1 - c0)
            }
            func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
            totals.append(median(whole))
            cpuTotals.append(median(cpu))
            print(String(format: "%@: %dx%d, binarise %.2f ms, clean %.2f ms, locate %.2f ms; locate() end to end %.2f ms/page wall, %.2f ms/page thread CPU, %d signature(s) (median of %d)",
                         path, page.width, page.height, median(binarize), median(clean), median(locate), median(whole), median(cpu), found, repetitions))
        }
        if !totals.isEmpty {
            print(String(format: "mean of medians: %.2f ms/page wall, %.2f ms/page thread CPU, over %d page(s)",
                         totals.reduce(0, +) / Double(totals.count), cpuTotals.reduce(0, +) / Double(cpuTotals.count), totals.count))
        }
    }
}
