import Imaging

/// The resolution used to turn physical sizes into pixels, and whether the file stated it.
public struct PageResolution: Sendable, Equatable, Codable {
    /// Dots per inch used.
    public var dpi: Double
    /// True when the file did not state a usable resolution and `dpi` was inferred.
    public var assumed: Bool

    /// A resolution.
    public init(dpi: Double, assumed: Bool) {
        self.dpi = dpi
        self.assumed = assumed
    }

    /// The page's own resolution when it states one between 50 and 2400 dpi; otherwise inferred from the page
    /// size when it has the proportions of A4 or US Letter (width / 8.3 inches), else 300 dpi.
    public static func of(_ page: PageImage) -> PageResolution {
        if let d = page.dpiX, d >= 50, d <= 2400 { return PageResolution(dpi: d, assumed: false) }
        return infer(width: page.width, height: page.height)
    }

    /// The resolution inferred from a page size alone.
    public static func infer(width: Int, height: Int) -> PageResolution {
        let short = Double(min(width, height)), long = Double(max(width, height))
        if short > 0 {
            let ratio = long / short
            if ratio > 1.25 && ratio < 1.45 && short >= 600 {
                return PageResolution(dpi: (short / 8.3).rounded(), assumed: true)
            }
        }
        return PageResolution(dpi: 300, assumed: true)
    }
}
