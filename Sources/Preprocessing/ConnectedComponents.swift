import CMaskKernels
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
        self.init(runs: ConnectedComponents.extractRuns(mask))
    }

    /// Labels `runs` (in row order, left to right within a row, as `extractRuns` gives them): union–find over the
    /// runs of consecutive rows, then each component's box, area and sums, in C (`sf_label_runs`,
    /// `sf_component_stats`).
    init(runs: [InkRun]) {
        let n = runs.count
        guard n > 0 else {
            (self.runs, runComponent, components, runOrder, runStart) = ([], [], [], [], [0])
            return
        }
        var label = [Int32](repeating: 0, count: n)
        var stats: [sf_component] = []
        var order = [Int32](repeating: 0, count: n), start: [Int32] = []
        InkRun.withCRuns(runs) { r in
            var parent = [Int32](repeating: 0, count: n)
            let count = sf_label_runs(r, n, &parent)
            stats = [sf_component](repeating: sf_component(), count: count)
            start = [Int32](repeating: 0, count: count + 1)
            sf_component_stats(r, n, &parent, count, &label, &stats, &order, &start)
        }
        self.runs = runs
        runComponent = label
        components = stats.map { c in
            InkComponent(box: PixelBox(x: Int(c.x0), y: Int(c.y0), width: Int(c.x1 - c.x0), height: Int(c.y1 - c.y0)),
                         area: Int(c.area), runCount: Int(c.runs), sumX: c.sum_x, sumY: c.sum_y)
        }
        runOrder = order
        runStart = start
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

    /// Runs of ink, row by row (`sf_mask_runs`: 64 columns at a time, their transitions from bit masks);
    /// `portable` forces the plain C path.
    static func extractRuns(_ mask: InkMask, portable: Bool = false) -> [InkRun] {
        mask.bits.withUnsafeBufferPointer { mb in
            InkRun.collect(width: mask.width, height: mask.height) { row, out, capacity in
                sf_mask_runs(mb.baseAddress!, mask.width, mask.height, &row, out, capacity, portable ? 1 : 0)
            }
        }
    }

    /// Thresholds `gray` into `mask` (ink: grey <= `threshold`, as `OtsuThreshold.apply`) and returns the mask's
    /// runs, each row's taken while it is in the cache (`sf_threshold_runs`); `portable` forces the plain C path.
    static func thresholdRuns(_ gray: UnsafePointer<UInt8>, threshold: UInt8, into mask: UnsafeMutablePointer<UInt8>,
                              width: Int, height: Int, portable: Bool = false) -> [InkRun] {
        InkRun.collect(width: width, height: height) { row, out, capacity in
            sf_threshold_runs(gray, width, height, threshold, mask, &row, out, capacity, portable ? 1 : 0)
        }
    }

    /// `runs` (the runs of `mask` before some of its rows changed) with the runs of `rows` (sorted, each once)
    /// taken again from `mask`.
    static func runs(_ runs: [InkRun], replacingRows rows: [Int], from mask: InkMask) -> [InkRun] {
        guard !rows.isEmpty else { return runs }
        var result: [InkRun] = []
        result.reserveCapacity(runs.count)
        var scratch = [InkRun](repeating: InkRun(y: 0, x0: 0, x1: 0), count: (mask.width + 1) / 2)
        var i = 0
        mask.bits.withUnsafeBufferPointer { mb in
            for y in rows {
                while i < runs.count && Int(runs[i].y) < y { result.append(runs[i]); i += 1 }
                while i < runs.count && Int(runs[i].y) == y { i += 1 }
                var row = y
                let n = scratch.withUnsafeMutableBufferPointer { buffer in
                    InkRun.withCRuns(buffer) { sf_mask_runs(mb.baseAddress!, mask.width, y + 1, &row, $0, buffer.count, 0) }
                }
                result += scratch[0..<n]
            }
        }
        result += runs[i...]
        return result
    }
}

extension InkRun {
    /// Runs from a C extractor called block by block: `extract(row, out, capacity)` writes the runs of rows `row`
    /// onwards into `out`, advances `row` past the rows it finished and returns how many it wrote.
    static func collect(width: Int, height: Int,
                        _ extract: (_ row: inout Int, _ out: UnsafeMutablePointer<sf_run>, _ capacity: Int) -> Int) -> [InkRun] {
        var runs: [InkRun] = []
        guard width > 0, height > 0 else { return runs }
        // A first block for a dense page of print; later blocks (rarely needed) double.
        var row = 0, block = max(1 << 16, width * height / 32, (width + 1) / 2)
        while row < height {
            let part = [InkRun](unsafeUninitializedCapacity: block) { buffer, initialized in
                initialized = withCRuns(buffer) { extract(&row, $0, block) }
            }
            if runs.isEmpty { runs = part } else { runs += part }
            block *= 2
        }
        return runs
    }

    /// Hands `runs` to C as `sf_run` (same three Int32 fields in the same order; checked).
    static func withCRuns<R>(_ runs: [InkRun], _ body: (UnsafePointer<sf_run>) -> R) -> R {
        checkLayout()
        return runs.withUnsafeBufferPointer { b in
            UnsafeRawBufferPointer(b).withMemoryRebound(to: sf_run.self) { body($0.baseAddress!) }
        }
    }

    /// Hands an uninitialised buffer of runs to C as `sf_run`.
    static func withCRuns<R>(_ buffer: UnsafeMutableBufferPointer<InkRun>, _ body: (UnsafeMutablePointer<sf_run>) -> R) -> R {
        checkLayout()
        return UnsafeMutableRawBufferPointer(buffer).withMemoryRebound(to: sf_run.self) { body($0.baseAddress!) }
    }

    private static func checkLayout() {
        precondition(MemoryLayout<InkRun>.stride == MemoryLayout<sf_run>.stride
                     && MemoryLayout<InkRun>.offset(of: \.y) == 0 && MemoryLayout<InkRun>.offset(of: \.x0) == 4
                     && MemoryLayout<InkRun>.offset(of: \.x1) == 8, "InkRun no longer matches sf_run")
    }
}
