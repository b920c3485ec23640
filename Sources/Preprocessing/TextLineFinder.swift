import Imaging

/// Finds lines of machine print among components: runs of character-sized components side by side, whose heights
/// and bottoms agree as closely as a typeface makes them.
struct TextLineFinder {
    /// Typical character height on the page, in pixels (median of character-sized components).
    let textHeight: Double

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
    /// taller than 1.6 times its members' upper-quartile height and at least four times as wide as tall: print sits
    /// in a band set by its type size, handwriting wanders out of it. Small components whose centres fall inside a
    /// print line (dots, accents, broken strokes) are print too.
    func find(_ comps: [InkComponent], kept: [Int]) -> (lines: [Line], isPrint: [Bool]) {
        var isPrint = [Bool](repeating: false, count: comps.count)
        let minH = Int(0.3 * textHeight), maxH = Int(4 * textHeight + 1)
        let chars = kept.filter {
            let b = comps[$0].box
            return b.height >= minH && b.height <= maxH && b.width <= 3 * b.height + Int(2 * textHeight)
        }
        guard chars.count >= 3 else { return ([], isPrint) }
        // Components bucketed in horizontal strips of the tallest character height: two components that overlap
        // vertically by 40% of the smaller lie in the same or in neighbouring strips. Each strip is swept by x.
        let order = chars.sorted { (comps[$0].box.y + comps[$0].box.height / 2, comps[$0].box.x) < (comps[$1].box.y + comps[$1].box.height / 2, comps[$1].box.x) }
        let boxes = order.map { comps[$0].box }
        var parent = Array(0..<order.count)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        let stripHeight = max(1, maxH)
        var strips: [Int: [Int]] = [:]
        for (i, b) in boxes.enumerated() { strips[(b.y + b.height / 2) / stripHeight, default: []].append(i) }
        for key in strips.keys { strips[key]!.sort { boxes[$0].x < boxes[$1].x } }
        func link(_ i: Int, _ j: Int) {
            let a = boxes[i], b = boxes[j]
            let overlap = min(a.maxY, b.maxY) - max(a.y, b.y)
            guard overlap * 5 >= min(a.height, b.height) * 2 else { return }
            let gap = max(a.x, b.x) - min(a.maxX, b.maxX)
            // Gaps scale with the type size of the pair (headings are set larger than body text).
            guard gap <= Int(1.2 * Double(max(a.height, b.height))) else { return }
            let ra = find(i), rb = find(j)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        let reach = Int(1.2 * Double(maxH))
        for key in strips.keys.sorted() {
            let here = strips[key]!
            for other in [here, strips[key + 1] ?? []] {
                let sameStrip = other.first == here.first
                // Sweep: for each box in `here`, the boxes of `other` starting before its right edge plus the reach.
                var lo = 0
                for i in here {
                    let a = boxes[i]
                    while lo < other.count && boxes[other[lo]].maxX + reach < a.x { lo += 1 }
                    var k = lo
                    while k < other.count && boxes[other[k]].x <= a.maxX + reach {
                        let j = other[k]
                        if sameStrip ? j > i : true { link(i, j) }
                        k += 1
                    }
                }
            }
        }
        var groupsByRoot: [Int: [Int]] = [:]
        for i in 0..<order.count { groupsByRoot[find(i), default: []].append(order[i]) }
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
            if Double(heights[heights.count / 2]) > 2 * textHeight && members.count < 6 { continue }
            // A typeface keeps its letters within about twice the median letter's height (capitals, ascenders,
            // brackets); a chain with a member far taller is handwriting whose small letters line up.
            if Double(heights[heights.count - 1]) > 2.2 * Double(heights[heights.count / 2]) { continue }
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
}
