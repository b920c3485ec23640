import Imaging

/// Groups the components that are not print into candidate regions and measures them.
struct CandidateRegions {
    let comps: ConnectedComponents
    let mask: InkMask
    let dpi: Double
    let textHeight: Double
    let pageWidth: Int, pageHeight: Int

    /// One region: its components and box.
    struct Region {
        var members: [Int]
        var box: PixelBox
    }

    /// Groups `candidates` (component indices) into regions.
    ///
    /// Two groups join when their boxes touch after growing by a small pad (flourishes, dots, crossing strokes),
    /// or when they sit side by side in the same band — vertical overlap of at least a quarter of the lower one —
    /// with a horizontal gap no wider than `sideGapToHeight` times the taller one's height (words of one name are
    /// spaced in proportion to the writing's size, not by a fixed distance), capped at `maxSideGapInches`.
    func group(_ candidates: [Int], signatureLines: [PixelBox] = []) -> [Region] {
        let all = comps.components
        let pad = max(2, Int(padInches * dpi)), maxGap = Int(maxSideGapInches * dpi)
        // The signature line a component belongs to: one line holds one signature, however widely its parts are
        // spaced; parts on two different lines never join. A lone wide, thin stroke just under a line (an underline
        // flourish drawn through the printed name), at least a fifth of an inch long (not a speck a stamp left),
        // belongs to the line above it, and joins nothing else.
        let below = Int(0.25 * dpi)
        var flourish = Set<Int>(), nearOnly = Set<Int>()
        var lineOf: [Int: Int] = [:]
        for c in candidates {
            let b = all[c].box
            if let l = signatureLines.firstIndex(where: { Self.sits(b, on: $0, dpi: dpi) || Self.crosses(b, $0) }) {
                lineOf[c] = l
                // A lone straight upright bar (its ink fills its narrow box: a stamp's side left standing on the
                // line) joins the line's signature only when near it.
                if b.width <= Int(0.08 * dpi), 5 * b.width <= b.height, 10 * all[c].area >= 6 * b.area { nearOnly.insert(c) }
            } else if let l = signatureLines.firstIndex(where: { Self.along(b, $0, dpi: dpi) }) {
                // What line removal left on the line's own rows: a stroke drawn along the line, thicker than it, under
                // the signature or within a quarter of an inch of it (not where a stamp's edge lay on the line).
                lineOf[c] = l
                flourish.insert(c)
                nearOnly.insert(c)
            } else if b.width >= 3 * b.height, b.width >= Int(0.2 * dpi), let l = signatureLines.firstIndex(where: { line in
                b.y >= line.y - below / 2 && b.y <= line.maxY + below && b.maxY > line.maxY && b.x >= line.x - below && b.maxX <= line.maxX + below
            }) {
                lineOf[c] = l
                flourish.insert(c)
            }
        }
        var list = candidates.sorted { all[$0].box.x < all[$1].box.x }.map { Region(members: [$0], box: all[$0].box) }
        var line = list.map { lineOf[$0.members[0]] }
        var isFlourish = list.map { flourish.contains($0.members[0]) }
        var isNearOnly = list.map { nearOnly.contains($0.members[0]) }
        func near(_ a: PixelBox, _ b: PixelBox) -> Bool { max(a.x, b.x) - min(a.maxX, b.maxX) <= below }
        func joins(_ a: PixelBox, _ b: PixelBox) -> Bool {
            if a.expanded(dx: pad, dy: pad).intersectionArea(b) > 0 { return true }
            let overlap = min(a.maxY, b.maxY) - max(a.y, b.y)
            guard overlap * 4 >= min(a.height, b.height) else { return false }
            let gap = max(a.x, b.x) - min(a.maxX, b.maxX)
            return gap <= min(maxGap, Int(sideGapToHeight * Double(max(a.height, b.height))))
        }
        // What lies under a signature line (the printed name, a date) is not part of the signature on it: a group
        // with at least 90% of its ink in parts wholly under the line (a speck left on the line by a date's stroke
        // does not lift the date onto it).
        func under(_ k: Int, _ l: Int) -> Bool {
            let lineBottom = signatureLines[l].maxY
            var below = 0, total = 0
            for c in list[k].members {
                total += all[c].area
                if all[c].box.y > lineBottom { below += all[c].area }
            }
            return below * 10 >= total * 9
        }
        func underOther(_ i: Int, _ j: Int) -> Bool {
            if let l = line[i], line[j] == nil, under(j, l) { return true }
            if let l = line[j], line[i] == nil, under(i, l) { return true }
            return false
        }
        var merged = true
        while merged {
            merged = false
            var i = 0
            while i < list.count {
                var j = i + 1
                while j < list.count {
                    let sameLine = line[i] != nil && line[i] == line[j]
                        && (!(isNearOnly[i] || isNearOnly[j]) || near(list[i].box, list[j].box))
                    let otherLines = line[i] != nil && line[j] != nil && line[i] != line[j]
                    if sameLine || (!otherLines && !isFlourish[i] && !isFlourish[j] && !underOther(i, j)
                                    && joins(list[i].box, list[j].box)) {
                        list[i].members += list[j].members
                        list[i].box = list[i].box.union(list[j].box)
                        line[i] = line[i] ?? line[j]
                        isFlourish[i] = isFlourish[i] && isFlourish[j]
                        isNearOnly[i] = isNearOnly[i] && isNearOnly[j]
                        list.remove(at: j); line.remove(at: j); isFlourish.remove(at: j); isNearOnly.remove(at: j)
                        merged = true
                    } else {
                        j += 1
                    }
                }
                i += 1
            }
        }
        // A region cut between two lines leaves each part on its own line; a part on a line that already holds a
        // region (the rest of that signature, which never joined the cut region: parts on two lines never join) goes
        // with it.
        var regions: [Region] = [], regionLine: [Int?] = [], cut: [Region] = []
        for (k, region) in list.enumerated() {
            let parts = splitAcrossLines(region, signatureLines: signatureLines)
            if parts.count == 1 {
                regions.append(region)
                regionLine.append(line[k])
            } else {
                cut += parts
            }
        }
        for part in cut {
            let l = signatureLines.firstIndex { Self.sits(part.box, on: $0, dpi: dpi) }
            if let l, let j = regionLine.firstIndex(of: l) {
                regions[j].members += part.members.filter { !regions[j].members.contains($0) }
                regions[j].box = regions[j].box.union(part.box)
            } else {
                regions.append(part)
                regionLine.append(l)
            }
        }
        return regions
    }

    /// A region over two or more signature lines side by side is cut between them. Co-signers' signatures whose
    /// strokes touch make one component that spans both lines, and no grouping rule can part them; the lines still
    /// say where one signature's place ends. A line counts when the region covers at least a third of it and it
    /// runs where a signature sits on it (below the region's upper third, at most 0.35 inch under it). Each cut lies
    /// midway between two consecutive lines that do not overlap; each part's box is the members' ink within its
    /// columns, and its members are the components with ink there (a spanning component belongs to both parts).
    func splitAcrossLines(_ region: Region, signatureLines: [PixelBox]) -> [Region] {
        let b = region.box
        let under = signatureLines.filter { line in
            let overlap = min(line.maxX, b.maxX) - max(line.x, b.x)
            return overlap * 3 >= line.width && line.y >= b.y + b.height / 3 && line.y - b.maxY <= Int(0.35 * dpi)
        }.sorted { $0.x < $1.x }
        guard under.count >= 2 else { return [region] }
        let cuts = zip(under, under.dropFirst()).filter { $0.1.x >= $0.0.maxX }.map { ($0.0.maxX + $0.1.x) / 2 }
        guard !cuts.isEmpty else { return [region] }
        let bounds = [Int.min] + cuts + [Int.max]
        var parts: [Region] = []
        for k in 0..<(bounds.count - 1) {
            let (lo, hi) = (bounds[k], bounds[k + 1])
            var box: PixelBox? = nil
            var members: [Int] = []
            for c in region.members {
                var inside = false
                for r in comps.runIndices(of: c) {
                    let run = comps.runs[Int(r)]
                    let x0 = max(Int(run.x0), lo), x1 = min(Int(run.x1), hi)
                    guard x0 < x1 else { continue }
                    let piece = PixelBox(x: x0, y: Int(run.y), width: x1 - x0, height: 1)
                    box = box.map { $0.union(piece) } ?? piece
                    inside = true
                }
                if inside { members.append(c) }
            }
            if let box { parts.append(Region(members: members, box: box)) }
        }
        return parts
    }

    /// Whether box `b` sits on the horizontal line `line`: the line runs under at least a third of the box (or the
    /// box lies within the line's extent), no more than 0.35 inch below the box and not above its upper third.
    static func sits(_ b: PixelBox, on line: PixelBox, dpi: Double) -> Bool {
        let overlap = min(line.maxX, b.maxX) - max(line.x, b.x)
        guard overlap * 3 >= b.width || (overlap > 0 && overlap * 3 >= line.width) || (b.x >= line.x && b.maxX <= line.maxX) else { return false }
        return line.y - b.maxY <= Int(0.35 * dpi) && line.y >= b.y + b.height / 3
    }

    /// Whether box `b` lies on the rows of the line `line` (within a hundredth of an inch), inside its extent: ink
    /// line removal left on the line because it was thicker there, a stroke drawn along it.
    static func along(_ b: PixelBox, _ line: PixelBox, dpi: Double) -> Bool {
        let slack = max(1, Int(0.01 * dpi))
        return b.y >= line.y - slack && b.maxY <= line.maxY + slack && b.x >= line.x && b.maxX <= line.maxX
    }

    /// Whether box `b` reaches across the line `line` from above it to below it, with at least half its width over the
    /// line: a loop of the signature drawn down through its line (and through the printed name under it) belongs to
    /// the signature on the line, though most of it lies below.
    static func crosses(_ b: PixelBox, _ line: PixelBox) -> Bool {
        let overlap = min(line.maxX, b.maxX) - max(line.x, b.x)
        return b.y < line.y && b.maxY > line.maxY && overlap * 2 >= b.width
    }

    /// The horizontal lines that can be signature lines: not table rules (no vertical line touches them, no
    /// parallel rule of about the same extent lies within 0.6 inch above or below), at least an inch long, and not
    /// just under a longer one (within 0.4 inch, at least half of it within its extent).
    static func signatureLines(_ lines: [RuledLine], dpi: Double) -> [PixelBox] {
        let horizontal = joiningSteps(lines.filter { $0.orientation == .horizontal }.map(\.box), dpi: dpi)
        let near = Int(0.1 * dpi), stack = Int(0.6 * dpi), touch = max(2, Int(0.04 * dpi))
        // A table's verticals; not the few-pixel joins of a line drawn twice (a signature's underline along it).
        let vertical = lines.filter { $0.orientation == .vertical && $0.box.height >= near }.map(\.box)
        let candidates = horizontal.filter { h in
            guard h.width >= Int(1.0 * dpi) else { return false }
            // A table's verticals meet its rules (crossing them or ending on them); a box drawn beside a line's end
            // a tenth of an inch away does not make the line a rule, nor does a box standing on the line (a stamp
            // pressed on it: its sides end on a line above less than two thirds as long).
            let meeting = vertical.filter { $0.expanded(dx: touch, dy: touch).intersectionArea(h) > 0 }
            if meeting.contains(where: { v in
                let other = horizontal.filter { $0 != h && v.expanded(dx: touch, dy: touch).intersectionArea($0) > 0 }
                return other.isEmpty || other.contains { 3 * $0.width >= 2 * h.width }
            }) { return false }
            return !horizontal.contains { o in
                o != h && abs(o.y - h.y) <= stack && abs(o.y - h.y) > 2 && abs(o.x - h.x) <= near && abs(o.maxX - h.maxX) <= near
            }
        }
        // A shorter line just under a signature line, mostly within its extent, is a signature's straight flourish
        // under its line (or the printed name's underline), not a line of its own: read as one, it would part the
        // signature's strokes above and below it.
        let under = Int(0.4 * dpi)
        return candidates.filter { h in
            !candidates.contains { l in
                l.width > h.width && h.y > l.maxY && h.y - l.maxY <= under
                    && 2 * (min(l.maxX, h.maxX) - max(l.x, h.x)) >= h.width
            }
        }
    }

    /// The pieces of one printed line joined into one box. A line on a page scanned a little askew leaves line
    /// removal a staircase of pieces, each a run of rows, that overlap a little or nearly meet end to end, each a row
    /// or so lower than the last; read as separate lines, the two halves of one signature line would each hold a
    /// part of the signature, and parts on different lines never join. A piece continues another when it starts
    /// after it and ends after it, within 0.15 inch of its end, sharing at most 80% of the shorter one's extent (two
    /// rules stacked one above the other share all of it), and their rows meet within 0.01 inch. Both must be thin
    /// (at most 0.04 inch of rows): a piece far thicker is a line another one ran into (a stamp's tilted edge), and
    /// joining it to the next line along would make co-signers' lines one.
    static func joiningSteps(_ boxes: [PixelBox], dpi: Double) -> [PixelBox] {
        let reach = Int(0.15 * dpi), rows = max(2, Int(0.01 * dpi)), thin = max(3, Int(0.04 * dpi))
        return chained(boxes) { _, p, b in
            let shared = min(p.maxX, b.maxX) - b.x
            return b.x > p.x && b.maxX > p.maxX && b.x - p.maxX <= reach && p.height <= thin && b.height <= thin
                && shared * 5 <= 4 * min(p.width, b.width)
                && b.y <= p.maxY + rows && p.y <= b.maxY + rows
        }
    }

    /// Boxes taken left to right (then top to bottom), each joined to the first chain it `continues` (given the
    /// chain's box so far, the chain's last box and the new one) or starting a chain of its own; the chains' boxes,
    /// in the order they started. The one mechanism behind the joining of a line's pieces (`joiningSteps`,
    /// `RuledLineRemover.joiningFaded`).
    static func chained(_ boxes: [PixelBox], continues: (_ chain: PixelBox, _ last: PixelBox, _ next: PixelBox) -> Bool) -> [PixelBox] {
        var chains: [(box: PixelBox, last: PixelBox)] = []
        for b in boxes.sorted(by: { ($0.x, $0.y) < ($1.x, $1.y) }) {
            if let k = chains.firstIndex(where: { continues($0.box, $0.last, b) }) {
                chains[k] = (chains[k].box.union(b), b)
            } else {
                chains.append((b, b))
            }
        }
        return chains.map(\.box)
    }

    /// Relative horizontal gap that still joins two parts of one signature.
    var sideGapToHeight: Double { 1.3 }
    /// Largest horizontal gap that joins, in inches.
    var maxSideGapInches: Double { 0.7 }
    /// Pad that joins touching or nearly touching parts, in inches.
    var padInches: Double { 0.06 }

    /// Frames (stamp borders, boxes drawn round text) and what they enclose: a component among `candidates` whose
    /// ring of ink encloses at least three components of `kept` — ink of the frame to the left, right, above and
    /// below each one's centre — and whose sides are straight is a frame; it and the components it encloses are
    /// returned (with whatever touches the frame: a signature that touches a stamp is lost with it, see the report).
    func framesAndContents(_ candidates: [Int], among kept: [Int]) -> Set<Int> {
        let all = comps.components
        let big = candidates.filter { all[$0].box.width >= Int(0.4 * dpi) && all[$0].box.height >= Int(0.15 * dpi) }
        var out = Set<Int>()
        for f in big {
            let fb = all[f].box
            let inside = kept.filter { $0 != f && fb.contains(all[$0].box) }
            guard inside.count >= 3 else { continue }
            let enclosed = inside.filter { encloses(f, point: (all[$0].box.x + all[$0].box.width / 2, all[$0].box.y + all[$0].box.height / 2)) }
            guard enclosed.count >= 3, straightSided(f) else { continue }
            out.insert(f)
            out.formUnion(enclosed)
        }
        return out
    }

    /// Whether the outline of component `c` is made of straight sides (a drawn or stamped frame, upright or
    /// turned), not curves (a signature's loop round the printed name): its leftmost and rightmost ink, sampled
    /// every 0.05 inch down the component, changes at a steady rate (second difference within 2 pixels) on at
    /// least 70% of the samples.
    func straightSided(_ c: Int) -> Bool {
        let box = comps.components[c].box
        var left = [Int](repeating: Int.max, count: box.height), right = [Int](repeating: -1, count: box.height)
        let runs = comps.runs
        for r in comps.runIndices(of: c) {
            let run = runs[Int(r)]
            let y = Int(run.y) - box.y
            left[y] = min(left[y], Int(run.x0))
            right[y] = max(right[y], Int(run.x1))
        }
        let step = max(3, Int(0.05 * dpi))
        var steady = 0, total = 0
        var y = step
        while y + step < box.height {
            for edge in [left, right] where edge[y - step] != Int.max && edge[y] != Int.max && edge[y + step] != Int.max
                && edge[y - step] >= 0 && edge[y] >= 0 && edge[y + step] >= 0 {
                total += 1
                if abs(edge[y - step] - 2 * edge[y] + edge[y + step]) <= 2 { steady += 1 }
            }
            y += step
        }
        return total >= 4 && steady * 10 >= total * 7
    }

    /// Whether component `c` has ink left, right, above and below `point` on its row and column.
    func encloses(_ c: Int, point: (Int, Int)) -> Bool {
        let (px, py) = point
        var left = false, right = false, above = false, below = false
        let runs = comps.runs
        for r in comps.runIndices(of: c) {
            let run = runs[Int(r)]
            let y = Int(run.y), x0 = Int(run.x0), x1 = Int(run.x1)
            if y == py {
                if x1 <= px { left = true }
                if x0 > px { right = true }
            }
            if x0 <= px && px < x1 {
                if y < py { above = true }
                if y > py { below = true }
            }
        }
        return left && right && above && below
    }

    /// Measures one region.
    func features(_ region: Region, signatureLines: [PixelBox], printCentres: [(Int, Int)]) -> CandidateFeatures {
        let all = comps.components
        var area = 0, border = 0, tallest = 0
        for m in region.members {
            area += all[m].area
            border += comps.perimeter(of: m, in: mask)
            tallest = max(tallest, all[m].box.height)
        }
        let b = region.box
        let glyphs = region.members.filter { all[$0].box.height * 2 >= tallest }.count
        let onLine = signatureLines.contains { Self.sits(b, on: $0, dpi: dpi) }
        let inside = printCentres.reduce(0) { $0 + ($1.0 >= b.x && $1.0 < b.maxX && $1.1 >= b.y && $1.1 < b.maxY ? 1 : 0) }
        return CandidateFeatures(
            widthInches: Double(b.width) / dpi, heightInches: Double(b.height) / dpi, components: region.members.count,
            tallestToText: Double(tallest) / textHeight, density: Double(area) / Double(max(1, b.area)),
            strokeWidthInches: border > 0 ? 2 * Double(area) / Double(border) / dpi : 0,
            directionVariety: directionVariety(region.members),
            onSignatureLine: onLine, verticalPosition: (Double(b.y) + Double(b.height) / 2) / Double(max(1, pageHeight)),
            printInside: inside, glyphs: glyphs)
    }

    /// Entropy of left-edge and right-edge shifts between consecutive rows of each component, over seven bins
    /// (≤ −3 … ≥ 3 pixels per row), normalised to 0–1. Vertical and horizontal print strokes fill few bins;
    /// curved, slanted handwriting fills many.
    func directionVariety(_ members: [Int]) -> Double {
        var bins = [Int](repeating: 0, count: 7)
        let runs = comps.runs
        for m in members {
            let indices = comps.runIndices(of: m)
            var prevStart = indices.startIndex, prevEnd = indices.startIndex, i = indices.startIndex
            while i < indices.endIndex {
                let y = runs[Int(indices[i])].y
                var end = i
                while end < indices.endIndex && runs[Int(indices[end])].y == y { end += 1 }
                if prevEnd > prevStart && runs[Int(indices[prevStart])].y == y - 1 {
                    var k = prevStart
                    for j in i..<end {
                        let r = runs[Int(indices[j])]
                        while k < prevEnd && runs[Int(indices[k])].x1 <= r.x0 { k += 1 }
                        guard k < prevEnd else { break }
                        let p = runs[Int(indices[k])]
                        guard p.x0 < r.x1 else { continue }
                        bins[max(-3, min(3, Int(r.x0 - p.x0))) + 3] += 1
                        bins[max(-3, min(3, Int(r.x1 - p.x1))) + 3] += 1
                    }
                }
                prevStart = i; prevEnd = end; i = end
            }
        }
        let total = Double(bins.reduce(0, +))
        guard total > 0 else { return 0 }
        var entropy = 0.0
        for n in bins where n > 0 {
            let p = Double(n) / total
            entropy -= p * log(p)
        }
        return entropy / log(7.0)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
