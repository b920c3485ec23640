import Imaging

/// Settings of page cleaning, in physical units so they hold at every resolution.
public struct CleaningParameters: Sendable, Equatable, Codable {
    /// Components smaller than this many pixels at 300 dpi are specks (scaled by the square of dpi / 300).
    public var speckAreaAt300dpi = 12
    /// Shortest horizontal straight run removed as a ruled line, in inches.
    public var minLineLengthInches = 0.4
    /// Shortest vertical straight run removed as a table line, in inches.
    public var minVerticalLineLengthInches = 1.0
    /// Thickest line removed, in inches.
    public var maxLineThicknessInches = 0.03
    /// Farthest a shorter straight stroke beside a line (a signature's underline drawn along the printed one) lies
    /// from it and stays as ink, in inches.
    public var strokeBesideLineInches = 0.1
    /// Shortest line such a stroke is kept beside, in inches (signature lines are longer).
    public var strokeLineLengthInches = 1.0
    /// Widest gap, in inches, bridged between two pieces of one faint printed line where the grey page shows the line
    /// going on (`RuledLineRemover.joiningFaded`); 0 joins none.
    public var fadedLineGapInches = 0.6
    /// Whether ruled and table lines are removed.
    public var removeLines = true
    /// Whether the straight frame edges of stamps (at any angle) are removed.
    public var removeStampFrames = true
    /// Shortest straight stretch that can be a stamp's frame edge, in inches.
    public var minFrameEdgeInches = 0.45
    /// Thickest stamp frame line removed, in inches.
    public var maxFrameThicknessInches = 0.04
    /// Which ink colours belong to signatures (others are removed as stamp ink when the page has colour).
    public var signatureInk = SignatureInk.neutralOrBlue

    /// The defaults.
    public init() {}
}

/// A binarised and cleaned page: the mask, its components and what was removed.
public struct CleanPage: Sendable {
    /// Ink after cleaning.
    public var mask: InkMask
    /// Components of the cleaned mask (specks already left out of `kept`).
    public var components: ConnectedComponents
    /// Indices into `components.components` of the components that are not specks.
    public var kept: [Int]
    /// Lines removed.
    public var lines: [RuledLine]
    /// Straight strokes beside a line that were kept as ink (`RuledLineRemover`): flat as line remnants, but writing.
    public var strokesBesideLines: [PixelBox] = []
    /// Stamp frames removed (with the lettering inside them).
    public var stampFrames: [StampFrame]
    /// Specks removed.
    public var specksRemoved: Int
    /// Stamp ink removed.
    public var stamp: StampRemoval
}

/// Removes stamp-coloured ink, ruled and table lines, stamp frames, then specks.
public struct PageCleaner: Sendable {
    /// The settings.
    public var parameters: CleaningParameters

    /// A cleaner with `parameters`.
    public init(parameters: CleaningParameters = CleaningParameters()) {
        self.parameters = parameters
    }

    /// Cleans `mask` (from `page`, whose colour, if any, is read for stamp ink) at `dpi`; `runs`, when given, are
    /// the mask's runs of ink (as `Binarization.runs`), saving a pass over the page.
    public func clean(_ mask: consuming InkMask, runs: [InkRun]? = nil, page: PageImage?, dpi: Double) -> CleanPage {
        var mask = mask
        var runs = runs
        var stamp = StampRemoval(removedPixels: 0, meanHue: nil)
        if let rgb = page?.rgb {
            stamp = StampInkRemover(signatureInk: parameters.signatureInk).remove(from: &mask, rgb: rgb)
            if stamp.removedPixels > 0 { runs = nil }
        }
        var pageRuns = runs ?? ConnectedComponents.extractRuns(mask)
        var lines: [RuledLine] = [], strokes: [PixelBox] = []
        if parameters.removeLines {
            let remover = RuledLineRemover(minLength: Int(parameters.minLineLengthInches * dpi),
                                           minVerticalLength: Int(parameters.minVerticalLineLengthInches * dpi),
                                           maxThickness: max(2, Int((parameters.maxLineThicknessInches * dpi).rounded())),
                                           strokeGap: Int(parameters.strokeBesideLineInches * dpi),
                                           strokeLineLength: Int(parameters.strokeLineLengthInches * dpi))
            (lines, strokes) = remover.remove(from: &mask, runs: &pageRuns)
            if let page, parameters.fadedLineGapInches > 0 {
                lines = RuledLineRemover.joiningFaded(lines, gray: page.gray, rgb: page.rgb, width: page.width, height: page.height,
                                                      thin: remover.maxThickness, rows: max(2, Int(0.01 * dpi)),
                                                      maxGap: Int(parameters.fadedLineGapInches * dpi))
            }
        }
        var components = ConnectedComponents(runs: pageRuns)
        var frames: [StampFrame] = []
        let speck = max(2, Int((Double(parameters.speckAreaAt300dpi) * (dpi / 300) * (dpi / 300)).rounded()))
        if parameters.removeStampFrames {
            let remover = StampFrameRemover(minEdge: Int(parameters.minFrameEdgeInches * dpi),
                                            maxThickness: max(2, Int((parameters.maxFrameThicknessInches * dpi).rounded())))
            frames = remover.remove(from: &mask, components: components)
            if !frames.isEmpty {
                let before = components
                components = ConnectedComponents(mask)
                if remover.removeLettering(inside: frames, from: &mask, components: components, before: before) > 0 {
                    components = ConnectedComponents(mask)
                }
            }
            // Stamps pressed nearly straight: their top and bottom edges went with the ruled lines.
            let finder = AlignedFrameFinder(dpi: dpi, minEdge: remover.minEdge, maxThickness: remover.maxThickness)
            let large = components.components.indices.filter { components.components[$0].area >= speck }
            var removed = Set<Int>(), sidesCleared = 0
            for frame in finder.frames(lines: lines, components: components, kept: large) {
                let lettering = finder.lettering(inside: frame, components: components, kept: large)
                guard frame.closed || !lettering.isEmpty else { continue }
                removed.formUnion(frame.sides)
                removed.formUnion(lettering)
                sidesCleared += finder.clearSides(of: frame, from: &mask)
                frames.append(StampFrame(box: frame.box, thickness: remover.maxThickness / 2))
            }
            if !removed.isEmpty || sidesCleared > 0 {
                clear(removed, of: components, from: &mask)
                components = ConnectedComponents(mask)
            }
        }
        let kept = components.components.indices.filter { components.components[$0].area >= speck }
        let specks = components.components.indices.filter { components.components[$0].area < speck }
        clear(specks, of: components, from: &mask)
        return CleanPage(mask: mask, components: components, kept: kept, lines: lines, strokesBesideLines: strokes,
                         stampFrames: frames, specksRemoved: specks.count, stamp: stamp)
    }

    /// Clears the pixels of `removed` components of `components` (the labelling of `mask`).
    private func clear(_ removed: some Collection<Int>, of components: ConnectedComponents, from mask: inout InkMask) {
        guard !removed.isEmpty else { return }
        mask.bits.withUnsafeMutableBufferPointer { mb in
            let m = mb.baseAddress!, w = mask.width
            for c in removed {
                for r in components.runIndices(of: c) {
                    let run = components.runs[Int(r)]
                    (m + Int(run.y) * w + Int(run.x0)).update(repeating: 0, count: run.length)
                }
            }
        }
    }
}
