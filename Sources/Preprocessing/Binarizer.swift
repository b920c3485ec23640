import Imaging

/// How a page is turned into ink and paper.
public enum BinarizationMethod: Sendable, Equatable, Codable {
    /// One global threshold (Otsu).
    case otsu
    /// A local threshold (Sauvola), for uneven illumination, shadows and stained paper.
    case sauvola(SauvolaParameters)
    /// Otsu unless the page's paper is uneven enough that Otsu would call paper ink; then Sauvola.
    case automatic

    /// The name written into reports.
    public var name: String {
        switch self {
        case .otsu: "otsu"
        case .sauvola: "sauvola"
        case .automatic: "automatic"
        }
    }
}

/// The mask and how it was made, for the report.
public struct Binarization: Sendable {
    /// The ink mask.
    public var mask: InkMask
    /// The method actually applied ("otsu" or "sauvola").
    public var applied: String
    /// Otsu's global threshold and class statistics (computed in every case: the normaliser and the checks use it).
    public var otsu: OtsuThreshold.Result
    /// Sauvola window used, when Sauvola was applied.
    public var sauvolaWindow: Int?
    /// Why the automatic choice fell the way it did; empty when the method was fixed.
    public var reason: String
    /// The mask's runs of ink when the threshold pass made them on the way (a global threshold), for cleaning and
    /// labelling to reuse; nil otherwise.
    public var runs: [InkRun]? = nil
}

/// Binarises pages with a fixed or an automatic method.
public struct Binarizer: Sendable {
    /// The method asked for.
    public var method: BinarizationMethod
    /// Sauvola settings used by `.automatic` when it picks Sauvola.
    public var automaticSauvola = SauvolaParameters()

    /// A binariser using `method`.
    public init(method: BinarizationMethod = .automatic) {
        self.method = method
    }

    /// Binarises the grey plane of `page`; `dpi` scales the Sauvola window.
    public func binarize(_ page: PageImage, dpi: Double, histogram: [Int]? = nil) -> Binarization {
        page.gray.withUnsafeBufferPointer {
            binarize($0.baseAddress!, width: page.width, height: page.height, dpi: dpi, histogram: histogram)
        }
    }

    /// Binarises a grey image of `width` x `height`; `histogram`, when given, is its `OtsuThreshold.pageHistogram`.
    public func binarize(_ gray: UnsafePointer<UInt8>, width: Int, height: Int, dpi: Double, histogram: [Int]? = nil) -> Binarization {
        let otsu = OtsuThreshold.threshold(histogram: histogram ?? OtsuThreshold.pageHistogram(gray, width: width, height: height))
        // Every byte is written below: no need to clear the mask first.
        var mask = InkMask(width: width, height: height,
                           bits: [UInt8](unsafeUninitializedCapacity: width * height) { _, n in n = width * height })
        var applied = "otsu", reason = ""
        var sauvola: SauvolaParameters?
        switch method {
        case .otsu: break
        case .sauvola(let p): sauvola = p; applied = "sauvola"
        case .automatic:
            let check = PaperEvenness.measure(gray, width: width, height: height, threshold: otsu.threshold)
            if check.isUneven {
                sauvola = automaticSauvola
                applied = "sauvola"
            }
            reason = check.explanation
        }
        var window: Int?
        var runs: [InkRun]?
        mask.bits.withUnsafeMutableBufferPointer { m in
            if let sauvola {
                let w = sauvola.window(dpi: dpi)
                window = w
                SauvolaBinarizer.apply(gray, width: width, height: height, window: w, k: sauvola.k, r: sauvola.r, into: m.baseAddress!)
            } else if (0..<255).contains(otsu.threshold) {
                // One pass: each row is thresholded and its runs taken while it is in the cache.
                runs = ConnectedComponents.thresholdRuns(gray, threshold: UInt8(otsu.threshold), into: m.baseAddress!,
                                                         width: width, height: height)
            } else {
                OtsuThreshold.apply(gray, count: width * height, threshold: otsu.threshold, into: m.baseAddress!)
            }
        }
        return Binarization(mask: mask, applied: applied, otsu: otsu, sauvolaWindow: window, reason: reason, runs: runs)
    }
}

/// Whether a page's paper is even enough for one global threshold: the paper level of each 64 x 64 block
/// (its 90th percentile grey, sampled on every 8th row and column: 64 samples) compared with Otsu's threshold.
struct PaperEvenness {
    /// Share of blocks whose paper would fall at or below the threshold plus the safety margin.
    var darkPaperShare: Double
    /// Spread of block paper levels (95th minus 5th percentile).
    var spread: Int
    /// Whether Sauvola should be used.
    var isUneven: Bool { darkPaperShare > 0.01 || spread > 60 }
    /// One sentence for the report.
    var explanation: String {
        isUneven
            ? "uneven paper (\(Int((darkPaperShare * 100).rounded()))% of blocks near the global threshold, spread \(spread)): Sauvola"
            : "even paper (spread \(spread)): Otsu"
    }

    static let block = 64, sampleStep = 8, margin = 12

    static func measure(_ gray: UnsafePointer<UInt8>, width: Int, height: Int, threshold: Int) -> PaperEvenness {
        var levels: [Int] = []
        var counts = [Int](repeating: 0, count: 64)  // grey / 4
        var by = 0
        while by < height {
            var bx = 0
            while bx < width {
                for i in 0..<64 { counts[i] = 0 }
                var n = 0
                var y = by
                while y < min(height, by + block) {
                    let row = gray + y * width
                    var x = bx
                    while x < min(width, bx + block) { counts[Int(row[x] >> 2)] += 1; n += 1; x += sampleStep }
                    y += sampleStep
                }
                // 90th percentile: paper even where ink covers most of the block's lower levels.
                var seen = 0, level = 255
                let target = n - n / 10
                for v in 0..<64 {
                    seen += counts[v]
                    if seen >= target { level = 4 * v + 2; break }
                }
                levels.append(level)
                bx += block
            }
            by += block
        }
        guard !levels.isEmpty else { return PaperEvenness(darkPaperShare: 0, spread: 0) }
        let dark = levels.filter { $0 <= threshold + margin }.count
        levels.sort()
        let spread = levels[levels.count * 95 / 100] - levels[levels.count * 5 / 100]
        return PaperEvenness(darkPaperShare: Double(dark) / Double(levels.count), spread: spread)
    }
}
