import Imaging

/// One horizontal run of ink: row `y`, columns `x0 ..< x1`.
public struct InkRun: Sendable, Equatable {
    /// Row.
    public var y: Int32
    /// First column.
    public var x0: Int32
    /// One past the last column.
    public var x1: Int32
    /// Pixels in the run.
    @inlinable public var length: Int { Int(x1 - x0) }
}

/// One 8-connected component of ink.
public struct InkComponent: Sendable, Equatable {
    /// Tight bounding box.
    public var box: PixelBox
    /// Ink pixels.
    public var area: Int
    /// Horizontal runs that make it up.
    public var runCount: Int
    /// Sum of x and y over its pixels (centre of mass = sum / area).
    public var sumX: Double, sumY: Double
}

/// 8-connected component labelling by runs (union–find over the runs of consecutive rows).
public struct ConnectedComponents: Sendable {
    /// All runs, in row order.
    public private(set) var runs: [InkRun]
    /// Component index of each run.
    public private(set) var runComponent: [Int32]
    /// The components, ordered by their first run.
    public private(set) var components: [InkComponent]
    /// Run indices grouped by component: the runs of component c are `runOrder[runStart[c] ..< runStart[c + 1]]`.
    public private(set) var runOrder: [Int32]
    /// See `runOrder`.
    public private(set) var runStart: [Int32]

    /// Labels `mask`.
    public init(_ mask: InkMask) {
        runs = ConnectedComponents.extractRuns(mask)
        var parent = [Int32](repeating: 0, count: runs.count)
        let n = runs.count
        runs.withUnsafeBufferPointer { rb in
            parent.withUnsafeMutableBufferPointer { pb in
                let r = rb.baseAddress!, p = pb.baseAddress!
                for i in 0..<n { p[i] = Int32(i) }
                func find(_ i: Int32) -> Int32 {
                    var i = i
                    while p[Int(i)] != i { p[Int(i)] = p[Int(p[Int(i)])]; i = p[Int(i)] }
                    return i
                }
                var prevStart = 0, prevEnd = 0, curStart = 0
                while curStart < n {
                    let y = r[curStart].y
                    var curEnd = curStart
                    while curEnd < n && r[curEnd].y == y { curEnd += 1 }
                    if prevEnd > prevStart && r[prevStart].y == y - 1 {
                        var j = prevStart
                        for i in curStart..<curEnd {
                            let a = r[i].x0 - 1, b = r[i].x1 + 1  // 8-connectivity: diagonal neighbours touch
                            while j < prevEnd && r[j].x1 <= a { j += 1 }
                            var k = j
                            while k < prevEnd && r[k].x0 < b {
                                let ri = find(Int32(i)), rk = find(Int32(k))
                                if ri != rk { if ri < rk { p[Int(rk)] = ri } else { p[Int(ri)] = rk } }
                                k += 1
                            }
                        }
                    }
                    prevStart = curStart; prevEnd = curEnd; curStart = curEnd
                }
                for i in 0..<n { p[i] = find(Int32(i)) }
            }
        }
        // Compact the roots into component indices and gather statistics.
        var index = [Int32](repeating: -1, count: n)
        var comps: [InkComponent] = []
        var runComponent = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let root = Int(parent[i])
            if index[root] < 0 {
                index[root] = Int32(comps.count)
                let run = runs[i]
                comps.append(InkComponent(box: PixelBox(x: Int(run.x0), y: Int(run.y), width: 0, height: 0), area: 0,
                                          runCount: 0, sumX: 0, sumY: 0))
            }
            runComponent[i] = index[root]
        }
        var minX = [Int32](repeating: Int32.max, count: comps.count), maxX = [Int32](repeating: -1, count: comps.count)
        var minY = [Int32](repeating: Int32.max, count: comps.count), maxY = [Int32](repeating: -1, count: comps.count)
        for i in 0..<n {
            let c = Int(runComponent[i]), run = runs[i]
            minX[c] = min(minX[c], run.x0); maxX[c] = max(maxX[c], run.x1)
            minY[c] = min(minY[c], run.y); maxY[c] = max(maxY[c], run.y)
            let len = run.length
            comps[c].area += len
            comps[c].runCount += 1
            comps[c].sumX += Double(len) * (Double(run.x0) + Double(run.x1 - 1)) / 2
            comps[c].sumY += Double(len) * Double(run.y)
        }
        for c in comps.indices {
            comps[c].box = PixelBox(x: Int(minX[c]), y: Int(minY[c]), width: Int(maxX[c] - minX[c]), height: Int(maxY[c] - minY[c] + 1))
        }
        // Group runs by component (counting sort keeps row order inside each component).
        var start = [Int32](repeating: 0, count: comps.count + 1)
        for i in 0..<n { start[Int(runComponent[i]) + 1] += 1 }
        for c in 0..<comps.count { start[c + 1] += start[c] }
        var fill = start
        var order = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let c = Int(runComponent[i])
            order[Int(fill[c])] = Int32(i)
            fill[c] += 1
        }
        self.runComponent = runComponent
        self.components = comps
        self.runOrder = order
        self.runStart = start
    }

    /// The component holding pixel (x, y), or nil when it is paper (binary search over the runs, which are in row
    /// order and left to right within a row).
    public func component(atX x: Int, y: Int) -> Int? {
        var (lo, hi) = (0, runs.count)
        while lo < hi {
            let mid = (lo + hi) / 2, run = runs[mid]
            if Int(run.y) < y || (Int(run.y) == y && Int(run.x1) <= x) { lo = mid + 1 } else { hi = mid }
        }
        guard lo < runs.count else { return nil }
        let run = runs[lo]
        return Int(run.y) == y && Int(run.x0) <= x && x < Int(run.x1) ? Int(runComponent[lo]) : nil
    }

    /// The run indices of component `c`.
    public func runIndices(of c: Int) -> ArraySlice<Int32> {
        runOrder[Int(runStart[c])..<Int(runStart[c + 1])]
    }

    /// Border pixels of component `c` in `mask` (the mask it was labelled from): pixels of its runs not covered
    /// by ink both above and below, plus the two ends of each run.
    public func perimeter(of c: Int, in mask: InkMask) -> Int {
        let w = mask.width, h = mask.height
        var border = 0
        mask.bits.withUnsafeBufferPointer { mb in
            let m = mb.baseAddress!
            for r in runIndices(of: c) {
                let run = runs[Int(r)]
                let y = Int(run.y), x0 = Int(run.x0), x1 = Int(run.x1)
                border += min(2, x1 - x0)
                guard x1 - x0 > 2 else { continue }
                guard y > 0, y + 1 < h else { border += x1 - x0 - 2; continue }
                let above = m + (y - 1) * w, below = m + (y + 1) * w
                for x in (x0 + 1)..<(x1 - 1) where above[x] == 0 || below[x] == 0 { border += 1 }
            }
        }
        return border
    }

    /// Runs of ink, row by row, eight pixels at a time: the first ink byte of a word and the first paper byte
    /// after it are found from the word's trailing zero bits (mask bytes are 0 or 1, little-endian loads).
    static func extractRuns(_ mask: InkMask) -> [InkRun] {
        var runs: [InkRun] = []
        runs.reserveCapacity(1 << 16)
        let w = mask.width
        let ones: UInt64 = 0x0101_0101_0101_0101
        mask.bits.withUnsafeBufferPointer { mb in
            guard let base = mb.baseAddress else { return }
            for y in 0..<mask.height {
                let row = base + y * w
                let raw = UnsafeRawPointer(row)
                var x = 0
                while x < w {
                    if x + 32 <= w {
                        if raw.loadUnaligned(fromByteOffset: x, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: x + 8, as: UInt64.self)
                            | raw.loadUnaligned(fromByteOffset: x + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: x + 24, as: UInt64.self) == 0 {
                            x += 32; continue
                        }
                    }
                    // Start of the next run.
                    if x + 8 <= w {
                        let word = raw.loadUnaligned(fromByteOffset: x, as: UInt64.self)
                        if word == 0 { x += 8; continue }
                        x += word.trailingZeroBitCount >> 3
                    } else if row[x] == 0 {
                        x += 1; continue
                    }
                    let start = x
                    // Its end: the first paper byte.
                    var found = false
                    while x + 8 <= w {
                        let paper = raw.loadUnaligned(fromByteOffset: x, as: UInt64.self) ^ ones
                        if paper == 0 { x += 8; continue }
                        x += paper.trailingZeroBitCount >> 3
                        found = true
                        break
                    }
                    if !found { while x < w && row[x] != 0 { x += 1 } }
                    runs.append(InkRun(y: Int32(y), x0: Int32(start), x1: Int32(x)))
                }
            }
        }
        return runs
    }
}
