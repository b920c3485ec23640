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

    func run() throws {
        let decoder = ImageDecoder(options: DecodeOptions(keepColour: true))
        let parameters = preprocessing.locatorParameters
        var totals: [Double] = []
        for path in files {
            let page = try decoder.open(path: path).page(0)
            let dpi = PageResolution.of(page).dpi
            var binarize: [Double] = [], clean: [Double] = [], locate: [Double] = [], whole: [Double] = []
            var found = 0
            for repetition in 0...repetitions {
                let t0 = ContinuousClock.now
                let b = Binarizer(method: parameters.binarization).binarize(page, dpi: dpi)
                let t1 = ContinuousClock.now
                let c = PageCleaner(parameters: parameters.cleaning).clean(b.mask, page: page, dpi: dpi)
                let t2 = ContinuousClock.now
                let candidates = SignatureLocator(parameters: parameters).candidates(c, dpi: dpi, width: page.width, height: page.height)
                let t3 = ContinuousClock.now
                let all = SignatureLocator(parameters: parameters).locate(page)
                let t4 = ContinuousClock.now
                found = all.signatures.count
                _ = candidates
                guard repetition > 0 else { continue }  // the first pass warms caches
                binarize.append((t1 - t0).milliseconds); clean.append((t2 - t1).milliseconds)
                locate.append((t3 - t2).milliseconds); whole.append((t4 - t3).milliseconds)
            }
            func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
            totals.append(median(whole))
            print(String(format: "%@: %dx%d, binarise %.2f ms, clean %.2f ms, locate %.2f ms; locate() end to end %.2f ms/page, %d signature(s) (median of %d)",
                         path, page.width, page.height, median(binarize), median(clean), median(locate), median(whole), found, repetitions))
        }
        if !totals.isEmpty {
            print(String(format: "mean of medians: %.2f ms/page over %d page(s)", totals.reduce(0, +) / Double(totals.count), totals.count))
        }
    }
}
