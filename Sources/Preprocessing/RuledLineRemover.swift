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
public struct RuledLineRemover: Sendable {
    /// Shortest horizontal run that counts as a line, in pixels.
    public var minLength: Int
    /// Shortest vertical run that counts as a line, in pixels (longer by default: handwriting has tall straight
    /// down-strokes, tables have long borders).
    public var minVerticalLength: Int
    /// Thickest line removed, in pixels.
    public var maxThickness: Int

    /// A remover with the given limits in pixels.
    public init(minLength: Int, minVerticalLength: Int? = nil, maxThickness: Int) {
        self.minLength = max(8, minLength)
        self.minVerticalLength = max(8, minVerticalLength ?? minLength)
        self.maxThickness = max(1, maxThickness)
    }

    /// Removes the lines from `mask` and returns them.
    public func remove(from mask: inout InkMask) -> [RuledLine] {
        let horizontal = removeHorizontal(&mask)
        let vertical = removeVertical(&mask)
        return horizontal + vertical
    }

    private func removeHorizontal(_ mask: inout InkMask) -> [RuledLine] {
        let w = mask.width, h = mask.height, limit = maxThickness, minLength = self.minLength
        var lineRuns: [InkRun] = []
        mask.bits.withUnsafeBufferPointer { mb in
            guard let m = mb.baseAddress else { return }
            for y in 0..<h {
                let row = m + y * w
                var x = 0
                while x < w {
                    if x + 8 <= w && UnsafeRawPointer(row + x).loadUnaligned(as: UInt64.self) == 0 { x += 8; continue }
                    if row[x] == 0 { x += 1; continue }
                    let start = x
                    while x < w && row[x] != 0 { x += 1 }
                    if x - start >= minLength { lineRuns.append(InkRun(y: Int32(y), x0: Int32(start), x1: Int32(x))) }
                }
            }
        }
        guard !lineRuns.isEmpty else { return [] }
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
            for c in clear { for y in Int(c.y0)...Int(c.y1) { m[y * w + Int(c.x)] = 0 } }
        }
        return Self.group(lineRuns, orientation: .horizontal)
    }

    private func removeVertical(_ mask: inout InkMask) -> [RuledLine] {
        let w = mask.width, h = mask.height, limit = maxThickness, minLength = self.minVerticalLength
        guard w > 0, h > 0 else { return [] }
        // Column run lengths, one row at a time (branch-free update, a second look only at rows where a long run ends).
        var counts = [UInt16](repeating: 0, count: w)
        var lineRuns: [InkRun] = []  // transposed: y = column, x0..<x1 = rows
        let cap = UInt16(min(Int(UInt16.max - 1), minLength))
        mask.bits.withUnsafeBufferPointer { mb in
            counts.withUnsafeMutableBufferPointer { cb in
                let m = mb.baseAddress!, c = cb.baseAddress!
                for y in 0...h {
                    var ended: UInt16 = 0
                    if y < h {
                        let row = m + y * w
                        for x in 0..<w {
                            let old = c[x], ink = UInt16(row[x])
                            ended |= (old >= cap ? 1 : 0) & (ink ^ 1)
                            let grown = old &+ (old < UInt16.max - 1 ? 1 : 0)
                            c[x] = ink != 0 ? grown : 0
                        }
                        if ended == 0 { continue }
                    }
                    // Some column's long run ended at row y (or at the bottom edge): record it.
                    // The counters were already updated; recover the ended runs from the row above.
                    for x in 0..<w where y == h || m[y * w + x] == 0 {
                        // Column x's run ended just above row y when the pixel above is ink and the run was long.
                        guard y > 0, m[(y - 1) * w + x] != 0 else { continue }
                        var top = y - 1
                        while top > 0 && m[(top - 1) * w + x] != 0 { top -= 1 }
                        if y - top >= minLength { lineRuns.append(InkRun(y: Int32(x), x0: Int32(top), x1: Int32(y))) }
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
            for c in clear { for x in Int(c.x0)...Int(c.x1) { m[Int(c.y) * w + x] = 0 } }
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
        var boxes: [PixelBox] = []  // in run coordinates: x along the line, y across it
        for run in runs.sorted(by: { ($0.y, $0.x0) < ($1.y, $1.x0) }) {
            let box = PixelBox(x: Int(run.x0), y: Int(run.y), width: run.length, height: 1)
            if let i = boxes.lastIndex(where: { $0.maxY >= box.y && $0.x < box.maxX && box.x < $0.maxX }) {
                boxes[i] = boxes[i].union(box)
            } else {
                boxes.append(box)
            }
        }
        return boxes.map { b in
            orientation == .horizontal
                ? RuledLine(orientation: .horizontal, box: b)
                : RuledLine(orientation: .vertical, box: PixelBox(x: b.y, y: b.x, width: b.height, height: b.width))
        }
    }
}
