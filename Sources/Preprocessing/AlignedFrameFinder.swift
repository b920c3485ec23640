import Imaging

/// Finds the frames of stamps pressed nearly straight, which ruled-line removal has already broken up.
///
/// A rectangular stamp turned by less than about 3° has top and bottom edges whose rows hold runs as long as a
/// ruled line's, so `RuledLineRemover` takes them; its side edges are too short for table lines and stay behind as
/// thin upright strokes. The pieces are no longer one component, so `StampFrameRemover` (which looks for two
/// straight edges within one component) cannot see the frame, and the stamp's lettering ends up grouped with the
/// signature it was pressed over. Here a frame is two removed horizontal lines of matching extent (each maybe the
/// steps line removal left of an edge turned a little, joined as `CandidateRegions.joiningSteps` joins a signature
/// line's), one above the other, whose ends are joined on one side or both by an upright straight stroke or a
/// removed vertical line. The components wholly inside it are removed when they read as one line of print (letters
/// of one height along one baseline): a form's signature box has the same shape, and the handwriting in it must
/// stay. Its side strokes are removed with the lettering, or alone when both sides were found (a frame open on one
/// side with no print in it may be two stacked lines and a handwritten down-stroke).
struct AlignedFrameFinder {
    /// Widest and tallest stamp, in pixels.
    var maxWidth: Int, maxHeight: Int
    /// Narrowest gap between the two horizontal edges, in pixels.
    var minHeight: Int
    /// How far the ends of the two edges and the side strokes may disagree, in pixels.
    var slack: Int
    /// Thickest frame line, in pixels.
    var maxThickness: Int
    /// Resolution (pixels per inch), for joining the steps of an edge turned a little.
    var dpi: Double

    init(dpi: Double, minEdge: Int, maxThickness: Int) {
        self.dpi = dpi
        maxWidth = Int(5 * dpi)
        maxHeight = Int(3 * dpi)
        minHeight = max(8, minEdge / 2)
        slack = max(4, Int(0.1 * dpi))
        self.maxThickness = maxThickness
    }

    /// A frame found: its rectangle (the outer extent of its edges), the side strokes among `components`, and
    /// whether both sides were found (a side that touches other ink is not a thin stroke of its own).
    struct Frame {
        var box: PixelBox
        var sides: [Int]
        /// The removed top and bottom edges.
        var top: PixelBox, bottom: PixelBox
        /// Whether the left and the right side were found (as a stroke of their own or a removed vertical line).
        var found: (left: Bool, right: Bool)
        /// Whether both sides were found.
        var closed: Bool { found.left && found.right }
    }

    /// Frames made of the removed `lines` and upright strokes among `kept` components.
    func frames(lines: [RuledLine], components: ConnectedComponents, kept: [Int]) -> [Frame] {
        // The pieces joined as steps of askew lines, and each piece as it is: a stamp's edge lying end to end with a
        // longer line (a signature line the stamp stands on) joins it as a step but is still the frame's edge.
        let pieces = lines.filter { $0.orientation == .horizontal }.map(\.box)
        var horizontal = CandidateRegions.joiningSteps(pieces, dpi: dpi)
        horizontal += pieces.filter { !horizontal.contains($0) }
        horizontal = horizontal.filter { $0.width <= maxWidth }
        let vertical = lines.filter { $0.orientation == .vertical }.map(\.box)
        guard horizontal.count >= 2 else { return [] }
        let comps = components.components
        // Upright straight strokes: thin for their height (a turn of up to ~3.5° leans them by 6% of it), with the
        // stubs of the top and bottom edges that line removal left at the corners (up to the slack).
        let strokes = kept.filter {
            let b = comps[$0].box
            return b.height >= minHeight && b.width <= 2 * maxThickness + b.height * 6 / 100 + slack
        }
        var frames: [Frame] = []
        for top in horizontal {
            for bottom in horizontal where bottom.y > top.maxY {
                let gap = bottom.y - top.maxY
                guard gap >= minHeight, bottom.maxY - top.y <= maxHeight,
                      abs(top.x - bottom.x) <= slack, abs(top.maxX - bottom.maxX) <= slack else { continue }
                let box = top.union(bottom)
                // A side at each end: a stroke or a removed vertical line spanning most of the gap.
                func side(atX x: Int) -> (found: Bool, stroke: Int?) {
                    func spans(_ b: PixelBox) -> Bool {
                        abs(b.x + b.width / 2 - x) <= slack + maxThickness
                            && min(b.maxY, bottom.y + slack) - max(b.y, top.maxY - slack) >= gap * 6 / 10
                    }
                    if vertical.contains(where: spans) { return (true, nil) }
                    if let s = strokes.first(where: { spans(comps[$0].box) }) { return (true, s) }
                    return (false, nil)
                }
                let left = side(atX: box.x + maxThickness / 2), right = side(atX: box.maxX - maxThickness / 2)
                guard left.found || right.found else { continue }
                frames.append(Frame(box: box, sides: [left.stroke, right.stroke].compactMap { $0 }, top: top, bottom: bottom,
                                    found: (left.found, right.found)))
            }
        }
        return frames
    }

    /// Clears the sides of `frame` that were not found (a side that touched the signature pressed over the stamp
    /// was one component with it, and no side stroke of its own) from `mask`, between the top edge and the bottom
    /// one, along the line from near one edge's end to near the other's where the side's ink is. Row by
    /// row, the run of ink on that line (within half a frame line's width) counts when it is no wider than a frame
    /// line; where a stroke crosses the side the run is wider and stays. Only stretches of such runs at least a tenth
    /// of an inch long, each within two pixels of the last, are cleared: a side, not a stroke that merely crosses its
    /// line. Returns the pixels cleared.
    func clearSides(of frame: Frame, from mask: inout InkMask) -> Int {
        let (top, bottom) = (frame.top, frame.bottom)
        let rows = bottom.y - top.maxY
        guard rows > 0 else { return 0 }
        let minStretch = max(4, Int(0.1 * dpi)), reach = max(1, maxThickness / 2)
        var cleared = 0
        var missing: [(x0: Int, x1: Int)] = []
        if !frame.found.left { missing.append((top.x, bottom.x)) }
        if !frame.found.right { missing.append((top.maxX - 1, bottom.maxX - 1)) }
        for (x0, x1) in missing {
            // The edges' ends may lack the corners line removal left behind, or carry a stroke that ran into them:
            // the side is the line from within the slack of the top edge's end to within the slack of the bottom
            // edge's end that meets ink on the most rows (every second row counted), and on at least half of them.
            let spread = slack + maxThickness
            var best = (hits: -1, top: 0, bottom: 0)
            for u in -spread...spread {
                for v in -spread...spread {
                    let (a, d) = (x0 + u, x1 + v - x0 - u)
                    let hits = stride(from: top.maxY, to: bottom.y, by: 2).filter { y in mask.isInk(a + d * (y - top.maxY) / rows, y) }.count
                    if hits > best.hits { best = (hits, u, v) }
                }
            }
            guard 4 * best.hits >= rows else { continue }
            let (xTop, xBottom) = (x0 + best.top, x1 + best.bottom)
            var stretch: [(y: Int, a: Int, b: Int)] = []
            func flush() {
                if stretch.count >= minStretch {
                    for r in stretch {
                        for c in r.a...r.b { mask.bits[r.y * mask.width + c] = 0 }
                        cleared += r.b - r.a + 1
                    }
                }
                stretch.removeAll()
            }
            for y in top.maxY..<bottom.y {
                let centre = xTop + (xBottom - xTop) * (y - top.maxY) / rows
                guard let x = (0...reach).lazy.flatMap({ [centre - $0, centre + $0] }).first(where: { mask.isInk($0, y) }) else {
                    flush(); continue
                }
                var (a, b) = (x, x)
                while a > 0, mask.isInk(a - 1, y), b - a < maxThickness + 1 { a -= 1 }
                while b + 1 < mask.width, mask.isInk(b + 1, y), b - a < maxThickness + 1 { b += 1 }
                if b - a + 1 > maxThickness { flush(); continue }
                if let last = stretch.last, abs((a + b) - (last.a + last.b)) > 4 { flush() }
                stretch.append((y, a, b))
            }
            flush()
        }
        return cleared
    }

    /// The components wholly inside `frame` (its inner area, sides excluded), when they read as one line of print:
    /// at least two, of which those taller than a third of the median height are within 0.6–1.5 times it, with
    /// their bottoms within half that height of one another (the turn of an aligned stamp moves them by less).
    func lettering(inside frame: Frame, components: ConnectedComponents, kept: [Int]) -> [Int] {
        let comps = components.components
        let inner = PixelBox(x: frame.box.x + maxThickness / 2, y: frame.box.y + maxThickness / 2,
                             width: frame.box.width - maxThickness, height: frame.box.height - maxThickness)
        let inside = kept.filter {
            let b = comps[$0].box
            return !frame.sides.contains($0) && b.x >= inner.x && b.y >= inner.y && b.maxX <= inner.maxX && b.maxY <= inner.maxY
        }
        guard inside.count >= 2 else { return [] }
        let heights = inside.map { comps[$0].box.height }.sorted()
        let median = Double(heights[heights.count / 2])
        let letters = inside.filter { Double(comps[$0].box.height) > median / 3 }
        guard letters.count >= 2,
              letters.allSatisfy({ (0.6 * median...1.5 * median).contains(Double(comps[$0].box.height)) }) else { return [] }
        let bottoms = letters.map { comps[$0].box.maxY }
        guard Double(bottoms.max()! - bottoms.min()!) <= median / 2 else { return [] }
        return inside
    }
}
