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

    /// Groups `candidates` (component indices) whose boxes come within the gap of each other.
    func group(_ candidates: [Int]) -> [Region] {
        let all = comps.components
        let gapX = Int(0.3 * dpi), gapY = Int(0.12 * dpi)
        let order = candidates.sorted { all[$0].box.x < all[$1].box.x }
        var parent = Array(0..<order.count)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        // Sweep by left edge; a window of boxes still open to the right.
        for i in 0..<order.count {
            let a = all[order[i]].box.expanded(dx: gapX, dy: gapY)
            var j = i + 1
            while j < order.count {
                let b = all[order[j]].box
                if b.x >= a.maxX { break }
                if b.intersectionArea(a) > 0 {
                    let ra = find(i), rb = find(j)
                    if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
                }
                j += 1
            }
        }
        // Boxes that only touch after growing need a second pass: repeat until stable on the merged boxes.
        var regions: [Int: Region] = [:]
        for i in 0..<order.count {
            let r = find(i), c = order[i]
            if var region = regions[r] {
                region.members.append(c)
                region.box = region.box.union(all[c].box)
                regions[r] = region
            } else {
                regions[r] = Region(members: [c], box: all[c].box)
            }
        }
        var list = regions.keys.sorted().compactMap { regions[$0] }
        var merged = true
        while merged {
            merged = false
            outer: for i in 0..<list.count {
                for j in (i + 1)..<list.count where list[i].box.expanded(dx: gapX, dy: gapY).intersectionArea(list[j].box) > 0 {
                    list[i].members += list[j].members
                    list[i].box = list[i].box.union(list[j].box)
                    list.remove(at: j)
                    merged = true
                    break outer
                }
            }
        }
        return list
    }

    /// Measures one region.
    func features(_ region: Region, lines: [RuledLine], printCentres: [(Int, Int)]) -> CandidateFeatures {
        let all = comps.components
        var area = 0, border = 0, tallest = 0
        for m in region.members {
            area += all[m].area
            border += comps.perimeter(of: m, in: mask)
            tallest = max(tallest, all[m].box.height)
        }
        let b = region.box
        let onLine = lines.contains { line in
            guard line.orientation == .horizontal else { return false }
            let overlap = min(line.box.maxX, b.maxX) - max(line.box.x, b.x)
            let below = line.box.y - b.maxY
            return overlap * 3 >= b.width && below <= Int(0.35 * dpi) && line.box.y >= b.y + b.height / 3
        }
        let inside = printCentres.reduce(0) { $0 + ($1.0 >= b.x && $1.0 < b.maxX && $1.1 >= b.y && $1.1 < b.maxY ? 1 : 0) }
        return CandidateFeatures(
            widthInches: Double(b.width) / dpi, heightInches: Double(b.height) / dpi, components: region.members.count,
            tallestToText: Double(tallest) / textHeight, density: Double(area) / Double(max(1, b.area)),
            strokeWidthInches: border > 0 ? 2 * Double(area) / Double(border) / dpi : 0,
            directionVariety: directionVariety(region.members),
            onSignatureLine: onLine, verticalPosition: (Double(b.y) + Double(b.height) / 2) / Double(max(1, pageHeight)),
            printInside: inside)
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
