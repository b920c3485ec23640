/// What the locator measured about one candidate region; every value is in physical units or ratios so the
/// figures mean the same at 150 and 300 dpi. Kept with the candidate so a report can say why it was chosen.
public struct CandidateFeatures: Sendable, Equatable, Codable {
    /// Box width in inches.
    public var widthInches: Double
    /// Box height in inches.
    public var heightInches: Double
    /// Number of components grouped.
    public var components: Int
    /// Tallest component divided by the page's character height.
    public var tallestToText: Double
    /// Ink pixels divided by box area.
    public var density: Double
    /// Mean stroke width in inches (2 · area / border).
    public var strokeWidthInches: Double
    /// Normalised entropy (0–1) of the stroke edge directions: handwriting turns, print runs straight.
    public var directionVariety: Double
    /// Whether a removed horizontal line that is not a table rule runs just below or through the bottom of the box
    /// (a signature line).
    public var onSignatureLine: Bool
    /// Vertical position of the box centre, 0 = top of page, 1 = bottom.
    public var verticalPosition: Double
    /// Print-line characters whose centres lie inside the box.
    public var printInside: Int
    /// Separate components at least half as tall as the tallest one: one to four for a signature (its names,
    /// capitals, flourishes), many for hand-printed digits and letters (dates, numbers, block capitals).
    public var glyphs: Int = 0
    /// Box area divided by the largest candidate box on the same page (1 for the largest).
    public var shareOfLargest: Double = 1
    /// The page has a signature line with a signature on it, and this region is on none.
    public var offLineOnLinedPage = false

    /// Column names of `csvRow`.
    public static let csvHeader = "width_in,height_in,components,tallest_to_text,density,stroke_in,direction_variety,on_line,vertical_position,print_inside,glyphs,share_of_largest,off_line_on_lined_page"

    /// The features as one CSV row (for analysis outside the program).
    public var csvRow: String {
        var values: [Double] = [widthInches, heightInches, Double(components), tallestToText, density, strokeWidthInches]
        values += [directionVariety, onSignatureLine ? 1 : 0, verticalPosition, Double(printInside), Double(glyphs), shareOfLargest,
                   offLineOnLinedPage ? 1 : 0]
        return values.map { String(($0 * 10000).rounded() / 10000) }.joined(separator: ",")
    }
}

/// Turns features into a confidence that a region is a signature: a logistic score of hand-set, documented weights
/// (no training data from the case reaches them).
public struct SignatureScorer: Sendable, Equatable, Codable {
    /// Version of the weights below; part of every location result.
    public static let version = "locate-4"

    /// The defaults.
    public init() {}

    /// Log-odds contributions, each with the reason written into reports.
    public func contributions(_ f: CandidateFeatures) -> [(String, Double)] {
        var c: [(String, Double)] = [("prior", -2.5)]
        let h = f.heightInches, w = f.widthInches
        if h < 0.12 { c.append(("too short for handwriting", -4)) }
        else if h < 0.2 { c.append(("short", -1.5)) }
        else if h <= 2.2 { c.append(("signature height", 1.5)) }
        else { c.append(("taller than a signature", -2.5)) }
        if w < 0.35 { c.append(("too narrow", -3)) }
        else if w < 0.7 { c.append(("narrow", -0.5)) }
        else if w <= 5.5 { c.append(("signature width", 1.0)) }
        else { c.append(("wider than a signature", -2.5)) }
        if f.tallestToText >= 2.5 { c.append(("much taller than print", 2.0)) }
        else if f.tallestToText >= 1.7 { c.append(("taller than print", 1.2)) }
        else if f.tallestToText < 1.25 { c.append(("print-sized parts", -1.5)) }
        if f.density > 0.4 { c.append(("solid ink (logo, blot)", -3)) }
        else if f.density > 0.28 { c.append(("dense ink", -1)) }
        else if f.density >= 0.015 { c.append(("handwriting density", 0.5)) }
        else { c.append(("sparse", -0.5)) }
        if f.strokeWidthInches > 0.06 && !f.onSignatureLine { c.append(("bold strokes", -1.5)) }
        if f.directionVariety >= 0.75 { c.append(("varied stroke directions", 1.0)) }
        else if f.directionVariety < 0.55 { c.append(("straight strokes", -1.0)) }
        if f.onSignatureLine { c.append(("on a signature line", 2.5)) }
        if f.offLineOnLinedPage { c.append(("off the page's signature lines", -2.5)) }
        if f.glyphs >= 5 { c.append(("many separate glyphs (hand printing, a date)", -2.0)) }
        else if f.glyphs == 4 { c.append(("several separate glyphs", -0.5)) }
        if f.components >= 8 && h < 0.3 { c.append(("many small parts (a hand-printed date or number)", -1.5)) }
        if f.verticalPosition < 0.12 { c.append(("in the letterhead", -1.5)) }
        else if f.verticalPosition > 0.93 { c.append(("in the bottom margin (initials, footer)", -2.5)) }
        else if f.verticalPosition > 0.45 { c.append(("lower part of page", 0.4)) }
        if f.printInside >= 3 { c.append(("print inside (stamp, table)", -Double(min(f.printInside, 12)) * 0.25)) }
        if w > 0 && h > 0 && w / h < 0.8 { c.append(("upright shape", -1.0)) }
        return c
    }

    /// Confidence in 0–1.
    public func confidence(_ f: CandidateFeatures) -> Double {
        let s = contributions(f).reduce(0) { $0 + $1.1 }
        return 1 / (1 + exp(-s))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
