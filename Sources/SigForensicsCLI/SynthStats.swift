import ArgumentParser
import Foundation
import Imaging
import Synthesis

/// `sigforensics synth stats`: simple statistics of signature crops, to compare synthetic and real ones.
struct SynthStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print ink density, stroke width, curvature and aspect ratio statistics of signature crops (files or folders)."
    )

    @Argument(help: "Image files, or folders searched recursively for .png, .jpg and .tif files.")
    var paths: [String]
    @Option(help: "A name for this set in the output.")
    var label = "set"
    @Option(help: "Use at most this many files (the first ones in sorted order).")
    var limit = 2000

    func run() throws {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path) does not exist.")
            }
            if isDirectory.boolValue {
                let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                    .filter { ["png", "jpg", "jpeg", "tif", "tiff"].contains(($0 as NSString).pathExtension.lowercased()) }
                files += found.sorted().map { path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        files = Array(files.prefix(limit))
        var stats: [CropStatistics] = []
        var failed = 0
        for file in files {
            do {
                let page = try ImageDecoder().open(path: file).page(0)
                if let s = CropStatistics.measure(gray: page.gray, width: page.width, height: page.height) { stats.append(s) } else { failed += 1 }
            } catch {
                failed += 1
            }
        }
        guard !stats.isEmpty else { throw ValidationError("No crop with ink among \(files.count) file(s).") }
        let widths = stats.map { median($0.strokeWidths) }
        let spreads = stats.map { percentile($0.strokeWidths, 0.75) - percentile($0.strokeWidths, 0.25) }
        let k50 = stats.map { median($0.curvatures) }, k90 = stats.map { percentile($0.curvatures, 0.9) }
        func row(_ name: String, _ values: [Double], _ digits: Int = 3) -> String {
            let f = "%.\(digits)f"
            return name.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: "median \(f)  p10 \(f)  p90 \(f)", median(values), percentile(values, 0.1), percentile(values, 0.9))
        }
        print("\(label): \(stats.count) crops (\(failed) without ink or unreadable); ink box scaled to \(Int(CropStatistics.normalHeight)) px high")
        print(row("ink density (ink / box)", stats.map(\.inkDensity)))
        print(row("aspect ratio (box w / h)", stats.map(\.aspectRatio), 2))
        print(row("stroke width, median (px)", widths, 2))
        print(row("stroke width, IQR within crop (px)", spreads, 2))
        print(row("edge curvature, median (1/px)", k50, 4))
        print(row("edge curvature, p90 (1/px)", k90, 4))
        print(row("paper grey", stats.map(\.paperGray), 1))
        print(row("ink grey", stats.map(\.inkGray), 1))
    }
}
