import CMaskKernels

/// Otsu's global threshold (Otsu 1979): the grey level that maximises the between-class variance of the histogram.
///
/// Convention throughout the project: a pixel is ink when `gray <= threshold`.
public enum OtsuThreshold {
    /// Grey-level histogram of `count` samples, reading every `step`-th row and column.
    public static func histogram(_ gray: UnsafePointer<UInt8>, width: Int, height: Int, step: Int = 1) -> [Int] {
        var counts = [Int64](repeating: 0, count: 256)
        sf_gray_histogram(gray, width, height, max(1, step), &counts)
        return counts.map { Int($0) }
    }

    /// The threshold and how well it separates the two classes.
    public struct Result: Sendable, Equatable {
        /// Ink is `gray <= threshold`; -1 when the histogram holds a single level (nothing separates).
        public var threshold: Int
        /// Mean grey of the dark class.
        public var darkMean: Double
        /// Mean grey of the light class.
        public var lightMean: Double
        /// Share of samples in the dark class.
        public var darkShare: Double
    }

    /// Otsu's threshold of a 256-bin histogram.
    public static func threshold(histogram: [Int]) -> Result {
        precondition(histogram.count == 256, "Otsu needs a 256-bin histogram")
        var total = 0.0, weighted = 0.0
        for v in 0..<256 { total += Double(histogram[v]); weighted += Double(v) * Double(histogram[v]) }
        guard total > 0 else { return Result(threshold: -1, darkMean: 0, lightMean: 0, darkShare: 0) }
        // The maximum is often a plateau (an empty gap between ink and paper levels): take its middle, not its
        // first level, so the threshold sits between the two populations.
        var best = -1, bestEnd = -1, bestVariance = -1.0
        var w0 = 0.0, sum0 = 0.0
        for t in 0..<255 {
            w0 += Double(histogram[t])
            sum0 += Double(t) * Double(histogram[t])
            let w1 = total - w0
            guard w0 > 0, w1 > 0 else { continue }
            let m0 = sum0 / w0, m1 = (weighted - sum0) / w1
            let between = w0 * w1 * (m0 - m1) * (m0 - m1)
            if between > bestVariance * (1 + 1e-12) { bestVariance = between; best = t; bestEnd = t }
            else if between >= bestVariance * (1 - 1e-12) && bestEnd == t - 1 { bestEnd = t }
        }
        if best >= 0 { best = (best + bestEnd) / 2 }
        guard best >= 0 else {
            // One grey level only: nothing is darker than the page itself.
            let level = histogram.firstIndex { $0 > 0 } ?? 0
            return Result(threshold: level - 1, darkMean: Double(level), lightMean: Double(level), darkShare: 0)
        }
        var n0 = 0.0, s0 = 0.0
        for v in 0...best { n0 += Double(histogram[v]); s0 += Double(v) * Double(histogram[v]) }
        return Result(threshold: best, darkMean: s0 / n0, lightMean: (weighted - s0) / (total - n0), darkShare: n0 / total)
    }

    /// Otsu's threshold of a grey image (large pages are sampled, see `pageHistogram`).
    public static func threshold(_ gray: UnsafePointer<UInt8>, width: Int, height: Int) -> Result {
        threshold(histogram: pageHistogram(gray, width: width, height: height))
    }

    /// The histogram Otsu's threshold of a page is taken from: every pixel of pages up to one megapixel, every
    /// second row and column up to four, every third above (an A4 page at 300 dpi still gives nearly a million
    /// samples; the threshold moves by at most a grey level or two).
    public static func pageHistogram(_ gray: UnsafePointer<UInt8>, width: Int, height: Int) -> [Int] {
        let pixels = width * height
        return histogram(gray, width: width, height: height, step: pixels > 4_000_000 ? 3 : pixels > 1_000_000 ? 2 : 1)
    }

    /// Otsu's threshold of a grey buffer.
    public static func threshold(_ gray: [UInt8], width: Int, height: Int) -> Result {
        gray.withUnsafeBufferPointer { threshold($0.baseAddress!, width: width, height: height) }
    }

    /// Writes `1` where `gray <= threshold`, `0` elsewhere.
    public static func apply(_ gray: UnsafePointer<UInt8>, count: Int, threshold: Int, into mask: UnsafeMutablePointer<UInt8>) {
        guard threshold >= 0 else { mask.update(repeating: 0, count: count); return }
        guard threshold < 255 else { mask.update(repeating: 1, count: count); return }
        sf_threshold(gray, count, UInt8(threshold), mask)
    }
}
