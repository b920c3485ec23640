import Imaging

/// A straight ruled or table line found on the page.
public struct RuledLine: Sendable, Equatable, Codable {
    /// Horizontal (rules, underlines, signature lines) or vertical (table borders).
    public enum Orientation: String, Sendable, Codable { case horizontal, vertical }
    /// Which way it runs.
    public var orientation: Orientation
    /// Its bounding box in page pixels.
    public var box: PixelBox
}

/// Removes long thin straight runs of ink (ruled and table lines) while keeping every column (row) where
/// something else crosses or touches the line.
///
/// A horizontal line is a run of ink at least `minLength` long in one row. Along it, each column's vertical run of
/// ink through the line is measured: when it is no thicker than `maxThickness` the column is only line and is
/// cleared; when it is thicker, a stroke crosses or touches the line there and the column is kept whole. Vertical
/// lines are found the same way on the result, column by column, so table crossings are cleared too.
///
/// A shorter straight run just beside a long line (at least `strokeLineLength`), not touching it (within `strokeGap`
/// pixels above or below it, inside its extent, at most two thirds of its length), is not a printed line but a
/// signature's underline drawn along the printed one: it stays as ink and is reported among the kept strokes.
public struct RuledLineRemover: Sendable {
    /// Shortest horizontal run that counts as a line, in pixels.
    public var minLength: Int
    /// Shortest vertical run that counts as a line, in pixels (longer by default: handwriting has tall straight
    /// down-strokes, tables have long borders).
    public var minVerticalLength: Int
    /// Thickest line removed, in pixels.
    public var maxThickness: Int
    /// Farthest a straight stroke beside a long line lies from it and is kept as ink, in pixels (0: none kept).
    public var strokeGap: Int
    /// Shortest line a stroke beside it can be kept beside, in pixels.
    public var strokeLineLength: Int

    /// A remover with the given limits in pixels.
    public init(minLength: Int, minVerticalLength: Int? = nil, maxThickness: Int, strokeGap: Int = 0, strokeLineLength: Int = 0) {
        self.minLength = max(8, minLength)
        self.minVerticalLength = max(8, minVerticalLength ?? minLength)
        self.maxThickness = max(1, maxThickness)
        self.strokeGap = max(0, strokeGap)
        self.strokeLineLength = strokeLineLength
    }

    /// Removes the lines from `mask` and returns them.
    public func remove(from mask: inout InkMask) -> [RuledLine] {
        var runs = ConnectedComponents.extractRuns(mask)
        return remove(from: &mask, runs: &runs).lines
    }

    /// Removes the lines from `mask` and returns them, with the straight strokes kept beside them. `runs` are the
    /// mask's runs of ink (in row order): horizontal lines are the long ones among them, and they are kept in step
    /// with the mask (the rows that lost pixels are read again), ready for labelling.
    public func remove(from mask: inout InkMask, runs: inout [InkRun]) -> (lines: [RuledLine], strokes: [PixelBox]) {
        var touched = [Bool](repeating: false, count: mask.height)
        let (horizontal, strokes) = removeHorizontal(&mask, lineRuns: runs.filter { $0.length >= minLength }, touched: &touched)
        // Rules a table's short verticals may join: at least as long as a table line (a flourish's flat top and bottom
        // can pass for short lines).
        let rules = horizontal.map(\.box).filter { $0.width >= minVerticalLength }
        let vertical = removeVertical(&mask, between: rules, touched: &touched)
        runs = ConnectedComponents.runs(runs, replacingRows: touched.indices.filter { touched[$0] }, from: mask)
        return (horizontal + vertical, strokes)
    }

    private func removeHorizontal(_ mask: inout InkMask, lineRuns allRuns: [InkRun],
                                  touched: inout [Bool]) -> (lines: [RuledLine], strokes: [PixelBox]) {
        let w = mask.width, h = mask.height, limit = maxThickness
        guard !allRuns.isEmpty else { return ([], []) }
        let (groups, groupOf) = Self.grouped(allRuns)
        let strokes = Self.strokesBeside(groups, gap: strokeGap, lineLength: strokeLineLength).filter {
            Self.liesFree(groups[$0], awayFrom: groups, gap: strokeGap, margin: max(2, limit / 2), in: mask)
        }
        let lineRuns = strokes.isEmpty ? allRuns : allRuns.indices.filter { !strokes.contains(groupOf[$0]) }.map { allRuns[$0] }
        var clear: [(x: Int32, y0: Int32, y1: Int32)] = []
        mask.bits.withUnsafeBufferPointer { mb in
            let m = mb.baseAddress!
            var spans: [(x: Int32, y0: Int32, y1: Int32)] = []
            for run in lineRuns {
                let y = Int(run.y)
                spans.removeAll(keepingCapacity: true)
                for x in Int(run.x0)..<Int(run.x1) {
                    var top = y, bottom = y
                    while top > 0 && m[(top - 1) * w + x] != 0 && bottom - top <= limit { top -= 1 }
                    while bottom + 1 < h && m[(bottom + 1) * w + x] != 0 && bottom - top <= limit { bottom += 1 }
                    spans.append((Int32(x), Int32(top), Int32(bottom)))
                }
                // Columns no thicker than the line itself (its median thickness, one pixel of edge noise allowed) are
                // only line; thicker ones hold a crossing or touching stroke and are kept whole.
                let keep = Self.lineThickness(spans.map { Int($0.y1 - $0.y0) + 1 }, limit: limit)
                for s in spans where Int(s.y1 - s.y0) + 1 <= keep { clear.append(s) }
            }
        }
        mask.bits.withUnsafeMutableBufferPointer { mb in
            let m = mb.baseAddress!
            for c in clear { for y in Int(c.y0)...Int(c.y1) { m[y * w + Int(c.x)] = 0; touched[y] = true } }
        }
        let lines = groups.indices.filter { !strokes.contains($0) }.map { RuledLine(orientation: .horizontal, box: groups[$0]) }
        return (lines, strokes.sorted().map { groups[$0] })
    }

    /// The groups (indices into `groups`) that are straight strokes beside a line at least `lineLength` long: within
    /// `gap` pixels above or below it without touching it, inside its extent (give or take `gap`), at most two thirds
    /// of its length.
    static func strokesBeside(_ groups: [PixelBox], gap: Int, lineLength: Int) -> Set<Int> {
        guard gap > 0 else { return [] }
        let long = groups.filter { $0.width >= lineLength }
        return Set(groups.indices.filter { i in long.contains { lies(groups[i], beside: $0, gap: gap) } })
    }

    /// Whether the stroke `s` lies free on its side away from the line it lies beside (among `groups`): ink goes on
    /// `margin` pixels past its edge on that side (beyond the stroke's own thickness) in at most a tenth of its
    /// columns. An underline drawn through the printed name under the line runs into the letters there, and kept,
    /// it would join them to the signature.
    static func liesFree(_ s: PixelBox, awayFrom groups: [PixelBox], gap: Int, margin: Int, in mask: InkMask) -> Bool {
        guard let line = groups.first(where: { lies(s, beside: $0, gap: gap) }) else { return false }
        let row = line.y < s.y ? s.maxY - 1 + margin : s.y - margin
        guard row >= 0, row < mask.height else { return true }
        let touching = (s.x..<s.maxX).filter { mask.isInk($0, row) }.count
        return 10 * touching <= s.width
    }

    /// Horizontal lines with the pieces of one faint printed line joined. A thin grey line (a light rule scanned at
    /// 150 dpi) is ink only where the scan made it dark enough: line removal finds it as pieces along one row with
    /// gaps between, too short to be a signature line each, or each its own line, so that a signature's parts on two
    /// pieces never join. Two thin pieces (at most `thin` rows) on meeting rows (within `rows`), end to end at most
    /// `maxGap` apart, are one line when the grey page shows the line going on between them: in at least nine tenths
    /// of the gap's columns the darkest pixel within two rows of the line is `contrast` grey levels darker than the
    /// paper six rows above and below (and, on a colour page, grey, not a coloured stamp's edge). The gap between two
    /// co-signers' lines is paper; on a bilevel page the faint stretch is paper too, and nothing joins there.
    static func joiningFaded(_ lines: [RuledLine], gray: [UInt8], rgb: [UInt8]?, width: Int, height: Int, thin: Int,
                             rows: Int, maxGap: Int, contrast: Int = 16) -> [RuledLine] {
        // On a colour page the faint line is grey; a coloured stamp's edge along the gap is not the line.
        func neutral(_ i: Int) -> Bool {
            guard let rgb else { return true }
            let (r, g, b) = (Int(rgb[3 * i]), Int(rgb[3 * i + 1]), Int(rgb[3 * i + 2]))
            return max(r, g, b) - min(r, g, b) <= 40
        }
        func faint(_ a: PixelBox, _ b: PixelBox) -> Bool {
            let gap = b.x - a.maxX
            let (ya, yb) = (Double(a.y + a.maxY - 1) / 2, Double(b.y + b.maxY - 1) / 2)
            var line = 0
            for x in a.maxX..<b.x {
                let yc = Int((ya + (yb - ya) * Double(x - a.maxX + 1) / Double(gap + 1)).rounded())
                guard yc - 6 >= 0, yc + 6 < height else { return false }
                var darkest = 255, at = 0
                for y in (yc - 2)...(yc + 2) where Int(gray[y * width + x]) < darkest { darkest = Int(gray[y * width + x]); at = y * width + x }
                let paper = max(Int(gray[(yc - 6) * width + x]), Int(gray[(yc + 6) * width + x]))
                if darkest + contrast <= paper && neutral(at) { line += 1 }
            }
            return 10 * line >= 9 * gap
        }
        let horizontal = lines.filter { $0.orientation == .horizontal }.map(\.box)
        let joined = CandidateRegions.chained(horizontal) { p, _, b in
            b.x > p.maxX && b.x - p.maxX <= maxGap && p.height <= thin && b.height <= thin
                && b.y <= p.maxY + rows && p.y <= b.maxY + rows && faint(p, b)
        }
        guard joined.count < horizontal.count else { return lines }
        let others = lines.filter { $0.orientation != .horizontal }.sorted { ($0.box.x, $0.box.y) < ($1.box.x, $1.box.y) }
        return joined.map { RuledLine(orientation: .horizontal, box: $0) } + others
    }

    /// Whether the straight stroke `s` lies beside the line `l`: within `gap` pixels above or below it without
    /// touching it, inside its extent (give or take `gap`), at most two thirds of its length.
    static func lies(_ s: PixelBox, beside l: PixelBox, gap: Int) -> Bool {
        let apart = max(s.y - l.maxY, l.y - s.maxY)
        return 3 * s.width <= 2 * l.width && apart > 0 && apart <= gap && s.x >= l.x - gap && s.maxX <= l.maxX + gap
    }

    /// Vertical lines: runs of at least `minVerticalLength`, and table rules shorter than that, which join two
    /// removed horizontal lines (`rules`) that lie one above the other along most of their length.
    private func removeVertical(_ mask: inout InkMask, between rules: [PixelBox], touched: inout [Bool]) -> [RuledLine] {
        let w = mask.width, h = mask.height, limit = maxThickness, minLength = self.minVerticalLength
        guard w > 0, h > 0 else { return [] }
        // Sampled rows s apart (s = half the length): a long enough vertical run has ink on two consecutive sampled
        // rows in its column. Rows are compared eight pixels at a time; each run is measured once, from the first
        // sampled row it crosses.
        var lineRuns: [InkRun] = []  // transposed: y = column, x0..<x1 = rows
        let step = max(1, minLength / 2)
        mask.bits.withUnsafeBufferPointer { mb in
            let m = mb.baseAddress!
            var r = 0
            while r + step < h {
                let upper = m + r * w, lower = m + (r + step) * w
                var x = 0
                while x < w {
                    if x + 8 <= w {
                        let a = UnsafeRawPointer(upper + x).loadUnaligned(as: UInt64.self)
                        let b = UnsafeRawPointer(lower + x).loadUnaligned(as: UInt64.self)
                        if a & b == 0 { x += 8; continue }
                    }
                    let end = min(w, x + 8)
                    for c in x..<end where upper[c] != 0 && lower[c] != 0 {
                        var top = r
                        while top > 0 && m[(top - 1) * w + c] != 0 { top -= 1 }
                        guard top > r - step else { continue }  // already measured from an earlier sampled row
                        var bottom = r
                        while bottom + 1 < h && m[(bottom + 1) * w + c] != 0 { bottom += 1 }
                        if bottom - top + 1 >= minLength { lineRuns.append(InkRun(y: Int32(c), x0: Int32(top), x1: Int32(bottom + 1))) }
                    }
                    x = end
                }
                r += step
            }
            // A table's rules: a column of ink from inside an upper line to a lower one (the crossing columns stayed
            // when the lines went), each run once.
            var seen = Set(lineRuns.map { Int($0.y) << 32 | Int($0.x0) })
            for upper in rules {
                for lower in rules where lower.y > upper.maxY {
                    let x0 = max(upper.x, lower.x), x1 = min(upper.maxX, lower.maxX)
                    guard 2 * (x1 - x0) >= min(upper.width, lower.width), upper.maxY < h else { continue }
                    for c in x0..<x1 where m[upper.maxY * w + c] != 0 {
                        var top = upper.maxY, bottom = upper.maxY
                        while top > 0 && m[(top - 1) * w + c] != 0 { top -= 1 }
                        while bottom + 1 < h && m[(bottom + 1) * w + c] != 0 { bottom += 1 }
                        guard top < upper.maxY, bottom >= lower.y, seen.insert(c << 32 | top).inserted else { continue }
                        lineRuns.append(InkRun(y: Int32(c), x0: Int32(top), x1: Int32(bottom + 1)))
                    }
                }
            }
        }
        guard !lineRuns.isEmpty else { return [] }
        var clear: [(y: Int32, x0: Int32, x1: Int32)] = []
        mask.bits.withUnsafeBufferPointer { mb in
            let m = mb.baseAddress!
            var spans: [(y: Int32, x0: Int32, x1: Int32)] = []
            for run in lineRuns {
                let x = Int(run.y)
                spans.removeAll(keepingCapacity: true)
                for y in Int(run.x0)..<Int(run.x1) {
                    let row = m + y * w
                    var left = x, right = x
                    while left > 0 && row[left - 1] != 0 && right - left <= limit { left -= 1 }
                    while right + 1 < w && row[right + 1] != 0 && right - left <= limit { right += 1 }
                    spans.append((Int32(y), Int32(left), Int32(right)))
                }
                let keep = Self.lineThickness(spans.map { Int($0.x1 - $0.x0) + 1 }, limit: limit)
                for s in spans where Int(s.x1 - s.x0) + 1 <= keep { clear.append(s) }
            }
        }
        mask.bits.withUnsafeMutableBufferPointer { mb in
            let m = mb.baseAddress!
            for c in clear {
                for x in Int(c.x0)...Int(c.x1) { m[Int(c.y) * w + x] = 0 }
                touched[Int(c.y)] = true
            }
        }
        return Self.group(lineRuns, orientation: .vertical)
    }

    /// The thickest cross-section still counted as line: the median thickness plus one pixel, never above `limit`.
    static func lineThickness(_ thicknesses: [Int], limit: Int) -> Int {
        guard !thicknesses.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: limit + 3)
        for t in thicknesses { counts[min(t, limit + 2)] += 1 }
        var seen = 0, median = 0
        for (t, n) in counts.enumerated() {
            seen += n
            if seen * 2 >= thicknesses.count { median = t; break }
        }
        return min(limit, median + 1)
    }

    /// Joins runs of neighbouring rows (columns) that overlap into line boxes.
    static func group(_ runs: [InkRun], orientation: RuledLine.Orientation) -> [RuledLine] {
        grouped(runs).boxes.map { b in
            orientation == .horizontal
                ? RuledLine(orientation: .horizontal, box: b)
                : RuledLine(orientation: .vertical, box: PixelBox(x: b.y, y: b.x, width: b.height, height: b.width))
        }
    }

    /// The line boxes of `runs` (in run coordinates: x along the line, y across it) and the box each run went to.
    static func grouped(_ runs: [InkRun]) -> (boxes: [PixelBox], groupOf: [Int]) {
        var boxes: [PixelBox] = []
        var groupOf = [Int](repeating: 0, count: runs.count)
        for r in runs.indices.sorted(by: { (runs[$0].y, runs[$0].x0) < (runs[$1].y, runs[$1].x0) }) {
            let run = runs[r]
            let box = PixelBox(x: Int(run.x0), y: Int(run.y), width: run.length, height: 1)
            // A slightly slanted line steps from row to row: its runs on neighbouring rows touch end to end.
            if let i = boxes.lastIndex(where: { $0.maxY >= box.y && $0.x <= box.maxX + 2 && box.x <= $0.maxX + 2 }) {
                boxes[i] = boxes[i].union(box)
                groupOf[r] = i
            } else {
                groupOf[r] = boxes.count
                boxes.append(box)
            }
        }
        return (boxes, groupOf)
    }
}
