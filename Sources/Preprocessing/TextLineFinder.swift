import Imaging

/// Finds lines of machine print among components: runs of character-sized components side by side, whose heights
/// and bottoms agree as closely as a typeface makes them.
struct TextLineFinder {
    /// Typical character height on the page, in pixels (median of character-sized components).
    let textHeight: Double

    /// A box in a strip, with what the sweep compares.
    private struct StripBox {
        var x, maxX, y, maxY, height: Int
        /// Largest gap to a neighbour of this height or smaller.
        var gap: Int
        /// Index in the sweep's order.
        var index: Int
    }

    /// One line of print.
    struct Line {
        var members: [Int]
        var box: PixelBox
    }

    /// Estimates the page's character height from its components, or `fallback` when there are too few.
    static func estimateTextHeight(_ comps: [InkComponent], kept: [Int], dpi: Double, fallback: Double) -> Double {
        var heights: [Int] = []
        let lo = Int(0.03 * dpi), hi = Int(0.35 * dpi)
        for c in kept {
            let b = comps[c].box
            if b.height >= lo && b.height <= hi && b.width <= 4 * b.height && b.width >= 2 { heights.append(b.height) }
        }
        guard heights.count >= 12 else { return fallback }
        heights.sort()
        return Double(heights[heights.count / 2])
    }

    /// The print lines among `kept` components, and a flag per component saying whether it belongs to one.
    ///
    /// Character-sized components (0.3–4 text heights tall, headings included) are chained left to right when
    /// they overlap vertically and the gap is under 1.2 times the taller one's height. A chain of three or more is print when its band is no
    /// taller than 1.6 times its members' upper-quartile height and at least four times as wide as tall, and at least
    /// half its members stand on one straight baseline (`sharesBaseline`): print sits in a band set by its type size
    /// on a baseline, handwriting wanders out of both. A chain of letters half again the type size standing on one of
    /// `signatureLines` is a name written there. Small components whose centres fall inside a
    /// print line (dots, accents, broken strokes) are print too.
    func find(_ comps: [InkComponent], kept: [Int], signatureLines: [PixelBox] = []) -> (lines: [Line], isPrint: [Bool]) {
        var isPrint = [Bool](repeating: false, count: comps.count)
        let minH = Int(0.3 * textHeight), maxH = Int(4 * textHeight + 1)
        let chars = kept.filter {
            let b = comps[$0].box
            return b.height >= minH && b.height <= maxH && b.width <= 3 * b.height + Int(2 * textHeight)
        }
        guard chars.count >= 3 else { return ([], isPrint) }
        // Union–find over the characters in order of their centres (top to bottom, then left to right).
        let order = chars.sorted { (comps[$0].box.y + comps[$0].box.height / 2, comps[$0].box.x) < (comps[$1].box.y + comps[$1].box.height / 2, comps[$1].box.x) }
        let boxes = order.map { comps[$0].box }
        var parent = Array(0..<order.count)
        // Components are bucketed in horizontal strips of the tallest character height by their centres: two that
        // overlap vertically by 40% of the smaller lie in the same or in neighbouring strips. Every such pair that
        // overlaps that much and whose gap is under 1.2 times the taller one's height is linked; each strip is swept
        // by x, and the sweep only skips pairs too far apart for that (the reach bounds every pair's allowed gap).
        let stripHeight = max(1, maxH)
        var buckets: [Int: [Int]] = [:]
        for (i, b) in boxes.enumerated() { buckets[(b.y + b.height / 2) / stripHeight, default: []].append(i) }
        let keys = buckets.keys.sorted()
        let strips = keys.map { key in
            buckets[key]!.sorted { boxes[$0].x < boxes[$1].x }.map { i in
                let b = boxes[i]
                return StripBox(x: b.x, maxX: b.maxX, y: b.y, maxY: b.maxY, height: b.height,
                                gap: Int(1.2 * Double(b.height)), index: i)
            }
        }
        let reach = Int(1.2 * Double(maxH))
        parent.withUnsafeMutableBufferPointer { pb in
            let p = pb.baseAddress!
            func root(_ i: Int) -> Int {
                var i = i
                while p[i] != i { p[i] = p[p[i]]; i = p[i] }
                return i
            }
            func link(_ a: StripBox, _ b: StripBox) {
                let overlap = min(a.maxY, b.maxY) - max(a.y, b.y)
                guard overlap * 5 >= min(a.height, b.height) * 2 else { return }
                // Gaps scale with the type size of the pair (headings are set larger than body text).
                guard max(a.x, b.x) - min(a.maxX, b.maxX) <= max(a.gap, b.gap) else { return }
                let ra = root(a.index), rb = root(b.index)
                if ra != rb { p[max(ra, rb)] = min(ra, rb) }
            }
            for (n, here) in strips.enumerated() {
                // Within the strip, each pair once: from the one further left.
                for u in here.indices {
                    let a = here[u]
                    var v = u + 1
                    while v < here.count && here[v].x <= a.maxX + reach { link(a, here[v]); v += 1 }
                }
                // With the strip below: the boxes starting between the reach left and right of each box.
                guard n + 1 < strips.count, keys[n + 1] == keys[n] + 1 else { continue }
                let below = strips[n + 1]
                var lo = 0
                for a in here {
                    while lo < below.count && below[lo].maxX + reach < a.x { lo += 1 }
                    var k = lo
                    while k < below.count && below[k].x <= a.maxX + reach { link(a, below[k]); k += 1 }
                }
            }
            for i in 0..<order.count { p[i] = root(i) }
        }
        var groupsByRoot: [Int: [Int]] = [:]
        for i in 0..<order.count { groupsByRoot[parent[i], default: []].append(order[i]) }
        let groups = groupsByRoot
        var lines: [Line] = []
        for (_, members) in groups.sorted(by: { $0.key < $1.key }) where members.count >= 3 {
            var box = comps[members[0]].box
            for m in members { box = box.union(comps[m].box) }
            let heights = members.map { comps[$0].box.height }.sorted()
            let upper = Double(heights[heights.count * 3 / 4])
            guard Double(box.height) <= 1.6 * upper, box.width >= 4 * box.height else { continue }
            // Writing well above the page's type size is print only as a long heading; a few large letters in a
            // row are handwriting (a signature's letters, a name written in capitals).
            if Double(heights[heights.count / 2]) > 2 * textHeight {
                guard members.count >= 6 else { continue }
                // A heading's letters keep to a type size (quartiles of height within 1.6x) and stand apart (at
                // most one wider than 1.8 times its height); joined letters of one size are handwriting.
                let quartiles = Double(heights[heights.count * 3 / 4]) / Double(max(1, heights[heights.count / 4]))
                let joined = members.filter { Double(comps[$0].box.width) > 1.8 * Double(comps[$0].box.height) }.count
                if quartiles > 1.6 || joined > 1 { continue }
            }
            // A typeface keeps its letters within about twice the median letter's height (capitals, ascenders,
            // brackets); a chain with a member far taller is handwriting whose small letters line up.
            if Double(heights[heights.count - 1]) > 2.2 * Double(heights[heights.count / 2]) { continue }
            if !sharesBaseline(members.map { comps[$0].box }, letterHeight: Double(heights[heights.count / 2])) { continue }
            // Letters half again the page's type size and of several heights (upper quartile 1.2 times the lower:
            // ascenders among small letters, not a stamp's capitals) standing on a signature line (their bottoms
            // within their median height above it, over it for at least half their width) are a name written there,
            // not print: a form's typed entries on a line are of the body's size, and a heading stands on no line.
            let letter = heights[heights.count / 2]
            let onLine = signatureLines.contains { line in
                let above = line.y - box.maxY
                return above >= -letter / 2 && above <= letter && 2 * (min(line.maxX, box.maxX) - max(line.x, box.x)) >= box.width
            }
            if onLine && Double(letter) > 1.5 * textHeight && 5 * heights[heights.count * 3 / 4] >= 6 * heights[heights.count / 4] {
                continue
            }
            for m in members { isPrint[m] = true }
            lines.append(Line(members: members, box: box))
        }
        guard !lines.isEmpty else { return (lines, isPrint) }
        // Fragments inside a print line's band.
        let sortedLines = lines.map(\.box).sorted { $0.y < $1.y }
        let pad = Int(0.2 * textHeight)
        for c in kept where !isPrint[c] {
            let b = comps[c].box
            guard b.height <= maxH, b.width <= 3 * b.height + Int(2 * textHeight) else { continue }
            let cx = b.x + b.width / 2, cy = b.y + b.height / 2
            for line in sortedLines {
                if line.y - pad > cy { break }
                if cx >= line.x - pad && cx < line.maxX + pad && cy >= line.y - pad && cy < line.maxY + pad {
                    isPrint[c] = true
                    break
                }
            }
        }
        return (lines, isPrint)
    }

    /// Whether at least half of `boxes` stand on one straight baseline, as a typeface's letters do (descenders,
    /// punctuation and dashes are the rest). The fit starts from the bottoms within three tolerances of the median
    /// bottom (a colon's upper dot or a descender cannot pull it), then is refitted by least squares on the bottoms
    /// within the tolerance, max(2 px, 6% of the median letter's height), of the last fit. A name written in separate
    /// letters of about print size keeps to a band, but its letters' bottoms wander by several pixels.
    func sharesBaseline(_ boxes: [PixelBox], letterHeight: Double) -> Bool {
        let points = boxes.map { (x: Double($0.x) + Double($0.width) / 2, y: Double($0.maxY)) }
        let tolerance = max(2, 0.06 * letterHeight)
        let median = points.map(\.y).sorted()[points.count / 2]
        var use = points.filter { abs($0.y - median) <= 3 * tolerance }
        var within = 0
        for _ in 0..<3 where use.count >= 2 {
            let n = Double(use.count)
            let mx = use.reduce(0) { $0 + $1.x } / n, my = use.reduce(0) { $0 + $1.y } / n
            let sxx = use.reduce(0) { $0 + ($1.x - mx) * ($1.x - mx) }
            let slope = sxx > 0 ? use.reduce(0) { $0 + ($1.x - mx) * ($1.y - my) } / sxx : 0
            use = points.filter { abs($0.y - (my + slope * ($0.x - mx))) <= tolerance }
            within = use.count
        }
        return 2 * within >= points.count
    }
}
