import CMaskKernels
import Foundation
import Imaging

/// A stamp's frame found on the page: its straight edges and the turned rectangle they span.
public struct StampFrame: Sendable, Equatable, Codable {
    /// The edges removed.
    public var edges: [FrameEdge]
    /// The rectangle's four corners in page pixels, in order around it.
    public var corners: [Point]
    /// The component (in the labelling the frame was found in) that held the frame and whatever touched it.
    public var component: Int

    /// A point in page pixels.
    public struct Point: Sendable, Equatable, Codable {
        /// Coordinates.
        public var x: Double, y: Double
    }

    /// The rectangle of `edges`: their end points' extent along and across the longest edge.
    init(edges: [FrameEdge], component: Int) {
        self.edges = edges
        self.component = component
        let longest = edges.max { $0.length < $1.length } ?? edges[0]
        let (ux, uy) = ((longest.x1 - longest.x0) / max(longest.length, 1e-9),
                        (longest.y1 - longest.y0) / max(longest.length, 1e-9))
        var (a0, a1, b0, b1) = (Double.infinity, -Double.infinity, Double.infinity, -Double.infinity)
        for e in edges {
            for (x, y) in [(e.x0, e.y0), (e.x1, e.y1)] {
                let a = x * ux + y * uy, b = -x * uy + y * ux
                (a0, a1, b0, b1) = (min(a0, a), max(a1, a), min(b0, b), max(b1, b))
            }
        }
        corners = [(a0, b0), (a1, b0), (a1, b1), (a0, b1)].map { (a, b) in Point(x: a * ux - b * uy, y: a * uy + b * ux) }
    }

    /// The upright rectangle `box` as a frame of four edges `thickness` thick (component -1: found from the
    /// pieces ruled-line removal left, not from one component).
    init(box: PixelBox, thickness: Int) {
        let (x0, y0, x1, y1) = (Double(box.x), Double(box.y), Double(box.maxX), Double(box.maxY))
        self.init(edges: [FrameEdge(x0: x0, y0: y0, x1: x1, y1: y0, thickness: thickness),
                          FrameEdge(x0: x1, y0: y0, x1: x1, y1: y1, thickness: thickness),
                          FrameEdge(x0: x1, y0: y1, x1: x0, y1: y1, thickness: thickness),
                          FrameEdge(x0: x0, y0: y1, x1: x0, y1: y0, thickness: thickness)], component: -1)
    }

    /// The upright box round the rectangle, in whole pixels.
    public var bounds: PixelBox {
        let xs = corners.map(\.x), ys = corners.map(\.y)
        let (x0, y0) = (Int(xs.min()!.rounded(.down)), Int(ys.min()!.rounded(.down)))
        return PixelBox(x: x0, y: y0, width: Int(xs.max()!.rounded(.up)) - x0, height: Int(ys.max()!.rounded(.up)) - y0)
    }

    /// Whether `box` lies inside the rectangle (each of its corners within `margin` pixels of it).
    public func encloses(_ box: PixelBox, margin: Double) -> Bool {
        let (p, q, r) = (corners[0], corners[1], corners[3])
        let (ux, uy, lu) = (q.x - p.x, q.y - p.y, ((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)).squareRoot())
        let (vx, vy, lv) = (r.x - p.x, r.y - p.y, ((r.x - p.x) * (r.x - p.x) + (r.y - p.y) * (r.y - p.y)).squareRoot())
        guard lu > 0, lv > 0 else { return false }
        for (x, y) in [(box.x, box.y), (box.maxX, box.y), (box.x, box.maxY), (box.maxX, box.maxY)] {
            let a = ((Double(x) - p.x) * ux + (Double(y) - p.y) * uy) / lu
            let b = ((Double(x) - p.x) * vx + (Double(y) - p.y) * vy) / lv
            if a < -margin || a > lu + margin || b < -margin || b > lv + margin { return false }
        }
        return true
    }
}

/// One straight edge of a stamp's frame found on the page, at any angle.
public struct FrameEdge: Sendable, Equatable, Codable {
    /// End points in page pixels.
    public var x0: Double, y0: Double, x1: Double, y1: Double
    /// Line thickness in pixels (median ink run across the edge).
    public var thickness: Int
    /// Length in pixels.
    public var length: Double { ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot() }
}

/// Removes the straight frame edges of rubber stamps (a rotated rectangle or its parts) from the ink, keeping every
/// place where a stroke crosses or touches an edge.
///
/// A stamp pressed over a signature joins the signature's strokes to its frame, and the joined component no longer
/// looks like handwriting. Ruled lines are only horizontal and vertical; a stamp is usually turned. Within each
/// large component, straight lines at any angle are found with a Hough transform over the component's pixels; each
/// peak is walked along its line to find the longest straight stretch of ink of a line's thickness. Straight
/// stretches are only removed when they make a frame: two of them, each at least `minEdge` long, parallel or at a
/// right angle to each other. Handwriting rarely has two long, ruler-straight strokes at such angles, so a stroke
/// that is merely straight is kept. Removal clears the pixels across an edge only where the ink run across it is no
/// thicker than the edge's own measured thickness (as `RuledLineRemover` does with its limit), so strokes that cross
/// the frame keep their pixels.
public struct StampFrameRemover: Sendable {
    /// Shortest straight stretch that can be a frame edge, in pixels.
    public var minEdge: Int
    /// Thickest frame line removed, in pixels.
    public var maxThickness: Int
    /// Components wholly inside a frame of two parallel sides without a corner that make it a stamp's (its letters).
    public var minLettering = 2
    /// How far ink may stray from the line's centre and still be on it, in pixels.
    public var tolerance: Int

    /// A remover with limits in pixels.
    public init(minEdge: Int, maxThickness: Int) {
        self.minEdge = max(12, minEdge)
        self.maxThickness = max(2, maxThickness)
        tolerance = max(1, (self.maxThickness + 1) / 2)
    }

    /// Removes frame edges from `mask` within the components of `components` whose box is at least `minEdge` wide
    /// and high; returns the frames removed (one per component that had one).
    public func remove(from mask: inout InkMask, components: ConnectedComponents) -> [StampFrame] {
        var frames: [StampFrame] = []
        for (c, component) in components.components.enumerated()
        where component.box.width >= minEdge && component.box.height >= minEdge {
            let (edges, cornered) = frameEdges(component: c, in: components, mask: mask)
            guard !edges.isEmpty else { continue }
            let frame = StampFrame(edges: edges, component: c)
            // Two parallel stretches alone (no corner) are a stamp's long sides only with its lettering between
            // them; a signature's two long straight down-strokes (an L, a W) enclose none.
            if !cornered {
                let margin = Double(maxThickness)
                let lettering = components.components.indices.lazy.filter {
                    $0 != c && frame.encloses(components.components[$0].box, margin: margin)
                }
                guard lettering.prefix(minLettering).count >= minLettering else { continue }
            }
            for edge in edges { clear(edge, in: &mask) }
            frames.append(frame)
        }
        return frames
    }

    /// Removes the stamp's own lettering: components of `components` (the labelling after the frames were removed)
    /// that lie wholly inside a frame and did not touch it before (in `before`, the labelling the frames were found
    /// in). A stroke that crossed the frame was part of the frame's component and stays, even when removing the
    /// frame cut off its part inside. Returns the pixels removed.
    public func removeLettering(inside frames: [StampFrame], from mask: inout InkMask, components: ConnectedComponents,
                                before: ConnectedComponents) -> Int {
        guard !frames.isEmpty else { return 0 }
        var removed = 0
        let w = mask.width, margin = Double(maxThickness)
        mask.bits.withUnsafeMutableBufferPointer { mb in
            let m = mb.baseAddress!
            for (c, component) in components.components.enumerated() {
                guard let first = components.runIndices(of: c).first else { continue }
                let run = components.runs[Int(first)]
                let earlier = before.component(atX: Int(run.x0), y: Int(run.y))
                guard frames.contains(where: { $0.component != earlier && $0.encloses(component.box, margin: margin) })
                else { continue }
                for r in components.runIndices(of: c) {
                    let run = components.runs[Int(r)]
                    (m + Int(run.y) * w + Int(run.x0)).update(repeating: 0, count: run.length)
                }
                removed += component.area
            }
        }
        return removed
    }

    // MARK: Finding edges

    private static let angles = 180
    private static let cosines = (0..<angles).map { cos(Double($0) * Double.pi / Double(angles)) }
    private static let sines = (0..<angles).map { sin(Double($0) * Double.pi / Double(angles)) }

    /// The indices of the `count` largest values of `votes` that are at least `floor`, largest first, ties in index
    /// order (what a stable sort of all of them by value would put first). Only the bins at or above the
    /// `count`-th largest value are sorted: a signature's accumulator has thousands of bins over the floor.
    static func strongest(_ votes: [Int32], atLeast floor: Int32, count: Int) -> ArraySlice<Int> {
        var top = Int32(0)
        for v in votes where v > top { top = v }
        guard top >= floor else { return [] }
        // How many bins hold each value from the floor up; the cut is the largest value with `count` bins at or
        // above it.
        var tally = [Int](repeating: 0, count: Int(top - floor) + 1)
        for v in votes where v >= floor { tally[Int(v - floor)] += 1 }
        var cut = floor, above = 0
        for value in stride(from: Int(top - floor), through: 0, by: -1) {
            above += tally[value]
            if above >= count { cut = floor + Int32(value); break }
        }
        var order = votes.indices.filter { votes[$0] >= cut }
        order.sort { votes[$0] > votes[$1] }
        return order.prefix(count)
    }

    /// The frame edges of one component: straight stretches that pair up as parallel or perpendicular, and whether
    /// any two of them meet at a corner.
    func frameEdges(component c: Int, in components: ConnectedComponents, mask: InkMask) -> (edges: [FrameEdge], cornered: Bool) {
        let box = components.components[c].box
        // Packed coordinates below hold x in 15 bits and y in 16; nothing that large is a stamp.
        guard box.width < 1 << 15, box.height < 1 << 16 else { return ([], false) }
        let diagonal = Int((Double(box.width * box.width + box.height * box.height)).squareRoot()) + 2
        let bin = max(2, tolerance)
        let rhoBins = 2 * diagonal / bin + 3
        let n = StampFrameRemover.angles
        var votes = [Int32](repeating: 0, count: n * rhoBins)
        // Every second pixel of every second row votes: a frame line at least 2 pixels thick still votes along
        // its whole length, at a quarter of the cost. Coordinates are box-relative.
        var points: [Int32] = []
        for r in components.runIndices(of: c) {
            let run = components.runs[Int(r)]
            let y = Int(run.y) - box.y
            guard y & 1 == 0 else { continue }
            for x in stride(from: Int(run.x0) - box.x, to: Int(run.x1) - box.x, by: 2) { points.append(Int32(x << 16 | y)) }
        }
        // rho bin = (x·cos + y·sin + diagonal) / bin, in 16-bit fixed point, one angle at a time (its row of the
        // accumulator stays in the cache; `sf_hough_votes`).
        let scale = 65536.0 / Double(bin)
        let offset = Int(Double(diagonal) * scale)
        let cq = StampFrameRemover.cosines.map { Int64($0 * scale) }, sq = StampFrameRemover.sines.map { Int64($0 * scale) }
        var scratch = [Int32](repeating: 0, count: 4 * rhoBins)
        sf_hough_votes(points, points.count, cq, sq, Int32(n), Int64(offset), rhoBins, &votes, &scratch)
        // Peaks: a straight edge of length L and thickness t gets about L·t/4 votes in one bin.
        var found: [(angle: Int, edge: FrameEdge)] = []
        for index in StampFrameRemover.strongest(votes, atLeast: Int32(minEdge / 2), count: 60) {
            let a = index / rhoBins, rhoBin = index % rhoBins
            if found.contains(where: { angleGap($0.angle, a) <= 3 && abs(perpendicularOffset($0.edge, a, rhoBin, bin, diagonal, box)) < Double(2 * maxThickness) }) {
                continue
            }
            let rho = (Double(rhoBin) + 0.5) * Double(bin) - Double(diagonal)
            if let edge = straightStretch(angle: a, rho: rho, box: box, mask: mask) {
                found.append((a, edge))
                if found.count >= 8 { break }
            }
        }
        // A frame: two stretches that meet at a right-angled corner, or two parallel ones facing each other
        // across the stamp (side by side along most of their length, at least half an edge apart).
        var keep = Set<Int>()
        var cornered = false
        for i in found.indices {
            for j in found.indices where j > i {
                let (e, f) = (found[i].edge, found[j].edge)
                let gap = angleGap(found[i].angle, found[j].angle)
                let corner = abs(gap - 90) <= 4 && cornerDistance(e, f) <= Double(2 * maxThickness + tolerance)
                let facing = gap <= 3 && distance(e, f) >= Double(minEdge) / 2 && overlap(e, f) >= 0.5
                if corner || facing { keep.insert(i); keep.insert(j) }
                cornered = cornered || corner
            }
        }
        return (keep.sorted().map { found[$0].edge }, cornered)
    }

    /// The longest stretch along the line (angle, rho) in `box` where ink lies within `tolerance` of the line,
    /// bridging gaps up to a line's thickness; nil when shorter than `minEdge` or thicker than a frame line.
    private func straightStretch(angle a: Int, rho: Double, box: PixelBox, mask: InkMask) -> FrameEdge? {
        let (cs, sn) = (StampFrameRemover.cosines[a], StampFrameRemover.sines[a])
        // Points p(s) = rho·n + s·d with n = (cos, sin), d = (−sin, cos), box-relative.
        // The range of s over which the line crosses the box (box-relative, one pixel of margin).
        var (lo, hi) = (-Double(box.width + box.height), Double(box.width + box.height))
        for (p0, dp, limit) in [(rho * cs, -sn, Double(box.width)), (rho * sn, cs, Double(box.height))] {
            if abs(dp) < 1e-9 {
                if p0 < -1 || p0 > limit { return nil }
                continue
            }
            let (a, b) = ((-1 - p0) / dp, (limit - p0) / dp)
            lo = max(lo, min(a, b)); hi = min(hi, max(a, b))
        }
        guard hi - lo >= Double(minEdge) else { return nil }
        let offsets = (-tolerance...tolerance).flatMap { [Int32(nearest(Double($0) * cs)), Int32(nearest(Double($0) * sn))] }
        var best = (start: 0.0, end: -1.0)
        mask.bits.withUnsafeBufferPointer { mb in
            sf_line_stretch(mb.baseAddress!, mask.width, mask.height, rho, cs, sn, lo, hi, box.x, box.y, offsets,
                            Int32(offsets.count / 2), Double(maxThickness + 1), &best.start, &best.end)
        }
        let length = best.end - best.start
        guard length >= Double(minEdge) else { return nil }
        // Thickness: the median ink run across the line at points along the stretch.
        var runs: [Int] = []
        var t = best.start
        while t <= best.end {
            let px = rho * cs - t * sn + Double(box.x), py = rho * sn + t * cs + Double(box.y)
            runs.append(acrossRun(px, py, cs, sn, mask, limit: 4 * maxThickness))
            t += 3
        }
        runs.sort()
        let thickness = runs[runs.count / 2]
        guard thickness >= 1, thickness <= maxThickness else { return nil }
        return FrameEdge(x0: rho * cs - best.start * sn + Double(box.x), y0: rho * sn + best.start * cs + Double(box.y),
                         x1: rho * cs - best.end * sn + Double(box.x), y1: rho * sn + best.end * cs + Double(box.y),
                         thickness: thickness)
    }

    // MARK: Removing edges

    /// Clears the edge's pixels, except across a stroke that crosses or touches it.
    ///
    /// Walking along the edge (half-pixel steps), the ink run across the line is measured at each step. A run
    /// longer than the line's own thickness (with a little slack for ragged scans) is a stroke crossing or touching
    /// it and is kept; everything else on the edge is cleared. A stroke crossing at a shallow angle only thickens
    /// the line a little at the flanks of the crossing and loses a few pixels there. Keeping those flanks too was
    /// measured and left more of the frame attached to signatures (synthetic tuning set: recall 0.941 → 0.933).
    private func clear(_ edge: FrameEdge, in mask: inout InkMask) {
        let dx = edge.x1 - edge.x0, dy = edge.y1 - edge.y0
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return }
        let (ux, uy) = (dx / length, dy / length)  // along
        let (nx, ny) = (-uy, ux)                    // across
        let reach = edge.thickness / 2 + 2
        let lineOnly = min(maxThickness, edge.thickness + max(2, edge.thickness / 2))
        var runs: [[Int]] = []
        var crossing: [Bool] = []
        var s = -Double(edge.thickness)
        while s <= length + Double(edge.thickness) {
            let cx = edge.x0 + s * ux, cy = edge.y0 + s * uy
            // The ink run across the line through the point of the band nearest the centre that is ink.
            var start: (Double, Double)? = nil
            for o in 0...reach where start == nil {
                for sign in [1.0, -1.0] where (o > 0 || sign > 0) && start == nil {
                    let px = cx + sign * Double(o) * nx, py = cy + sign * Double(o) * ny
                    if mask.isInk(nearest(px), nearest(py)) { start = (px, py) }
                }
            }
            var pixels: [Int] = []
            if let (px, py) = start {
                let run = acrossRun(px, py, nx, ny, mask, limit: maxThickness + 2, collect: &pixels)
                crossing.append(run > lineOnly)
            } else {
                crossing.append(false)
            }
            runs.append(pixels)
            s += 0.5
        }
        mask.bits.withUnsafeMutableBufferPointer { b in
            for (i, pixels) in runs.enumerated() where !crossing[i] {
                for p in pixels where p >= 0 && p < b.count { b[p] = 0 }
            }
        }
    }

    /// Length of the ink run through (px, py) along direction (nx, ny), both ways, up to `limit` each way.
    private func acrossRun(_ px: Double, _ py: Double, _ nx: Double, _ ny: Double, _ mask: InkMask, limit: Int) -> Int {
        var ignored: [Int] = []
        return acrossRun(px, py, nx, ny, mask, limit: limit, collect: &ignored)
    }

    /// As above, appending the pixel indices of the run to `collect` (exactly `return value` of them).
    private func acrossRun(_ px: Double, _ py: Double, _ nx: Double, _ ny: Double, _ mask: InkMask, limit: Int,
                           collect: inout [Int]) -> Int {
        // Two steps may round to one pixel (diagonals, and the two directions' first steps): count it once. A
        // run is at most 2·limit + 1 pixels, so a linear search beats hashing.
        var pixels: [Int] = []
        pixels.reserveCapacity(2 * limit + 2)
        for sign in [1.0, -1.0] {
            var o = sign > 0 ? 0 : 1
            while o <= limit {
                let x = nearest(px + sign * Double(o) * nx), y = nearest(py + sign * Double(o) * ny)
                guard mask.isInk(x, y) else { break }
                let i = y * mask.width + x
                if !pixels.contains(i) { pixels.append(i) }
                o += 1
            }
        }
        collect += pixels
        return pixels.count
    }

    // MARK: Geometry

    /// The nearest integer, by truncation of a shifted value (no libm call; ties go up, which is as good here).
    @inline(__always)
    private func nearest(_ v: Double) -> Int { Int(v + 0.5 + 65536) - 65536 }

    private func angleGap(_ a: Int, _ b: Int) -> Int {
        let d = abs(a - b) % 180
        return min(d, 180 - d)
    }

    /// Signed distance, across the line of angle `a`, between `edge`'s midpoint and the line (a, rhoBin).
    private func perpendicularOffset(_ edge: FrameEdge, _ a: Int, _ rhoBin: Int, _ bin: Int, _ diagonal: Int,
                                     _ box: PixelBox) -> Double {
        let rho = (Double(rhoBin) + 0.5) * Double(bin) - Double(diagonal)
        let mx = (edge.x0 + edge.x1) / 2 - Double(box.x), my = (edge.y0 + edge.y1) / 2 - Double(box.y)
        return mx * StampFrameRemover.cosines[a] + my * StampFrameRemover.sines[a] - rho
    }

    /// The smallest distance between an end of `e` and an end of `f`.
    private func cornerDistance(_ e: FrameEdge, _ f: FrameEdge) -> Double {
        var best = Double.infinity
        for (ax, ay) in [(e.x0, e.y0), (e.x1, e.y1)] {
            for (bx, by) in [(f.x0, f.y0), (f.x1, f.y1)] {
                best = min(best, ((ax - bx) * (ax - bx) + (ay - by) * (ay - by)).squareRoot())
            }
        }
        return best
    }

    /// How much of the shorter of two roughly parallel edges lies beside the other, projected on the longer
    /// one's direction (0 … 1).
    private func overlap(_ e: FrameEdge, _ f: FrameEdge) -> Double {
        let le = ((e.x1 - e.x0) * (e.x1 - e.x0) + (e.y1 - e.y0) * (e.y1 - e.y0)).squareRoot()
        let lf = ((f.x1 - f.x0) * (f.x1 - f.x0) + (f.y1 - f.y0) * (f.y1 - f.y0)).squareRoot()
        let (long, short) = le >= lf ? (e, f) : (f, e)
        let length = max(le, lf)
        guard length > 0 else { return 0 }
        let (ux, uy) = ((long.x1 - long.x0) / length, (long.y1 - long.y0) / length)
        let a = (short.x0 - long.x0) * ux + (short.y0 - long.y0) * uy
        let b = (short.x1 - long.x0) * ux + (short.y1 - long.y0) * uy
        let (lo, hi) = (max(0, min(a, b)), min(length, max(a, b)))
        return max(0, hi - lo) / max(min(le, lf), 1e-9)
    }

    /// Distance between two roughly parallel edges: from one's midpoint to the other's line.
    private func distance(_ e: FrameEdge, _ f: FrameEdge) -> Double {
        let dx = f.x1 - f.x0, dy = f.y1 - f.y0
        let length = max((dx * dx + dy * dy).squareRoot(), 1e-9)
        let mx = (e.x0 + e.x1) / 2 - f.x0, my = (e.y0 + e.y1) / 2 - f.y0
        return abs(mx * dy - my * dx) / length
    }
}
